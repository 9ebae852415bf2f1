//! The facade from a checked program to SQL: [`compile`] lowers the selected segments as of one
//! evaluation date and emits the requested statements for one target. The CLI, the tests, the
//! benchmarks and `seg run` all go through it (or its lowering half, [`plan`]).

mod dbt;
mod dbt_unit_tests;
mod definitions;
mod scripts;

pub use dbt::{dbt_project, DbtFile, DbtOptions, AS_OF_VAR};

pub use definitions::{definition_hashes, definitions};
pub use scripts::{materialize_passes, merge, objects, script_text, Emit, ObjectScript};

use crate::check::typed::{Program, SegmentId};
use crate::ir::{lower, AsOf, LowerOptions, Plan};
use crate::sql::{emit, EmitError, Form, Target};
use crate::suggest::closest;
use miette::Diagnostic;
use thiserror::Error;

/// What to compile: for which engine, as of when, which segments and which statements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileOptions {
    pub target: Target,
    /// The evaluation date written into the SQL, or the engine's current date.
    pub as_of: AsOf,
    /// Segment names, in output order; empty means every segment of the program. Segments a
    /// chosen segment refers to are planned as helper rules (computed once), not added.
    pub segments: Vec<String>,
    pub statements: Statements,
}

/// Which statements [`compile`] emits for each plan (one plan per entity).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Statements {
    /// One membership query per entity, returning `(key, segment)` for every member.
    Membership,
    /// One query per segment, returning its members' keys.
    Members,
    /// Per entity, its membership query followed by each of its segments' member queries.
    All,
    /// Per entity with KPIs, the statement of its segments' KPI sums (`Form::Kpis`), then,
    /// where spends read costs tables, the statement of those sums (`Form::Spends`).
    Kpis,
}

/// The statements of a compilation and the plans they were emitted from.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// One plan per entity, in the order the entities' first segments were selected.
    pub plans: Vec<Plan>,
    /// In plan order; within a plan, the membership query first, then the segments in order.
    pub statements: Vec<Statement>,
}

/// One SQL statement and what it returns.
#[derive(Debug, Clone)]
pub struct Statement {
    /// The entity whose keys the statement returns.
    pub entity: String,
    /// The segment whose members a [`Form::Members`] statement returns; `None` for membership.
    pub segment: Option<String>,
    /// The statement's form; a `Members(i)` index counts in its plan's segments.
    pub form: Form,
    pub sql: String,
}

/// Why a selection cannot be compiled.
#[derive(Debug, Clone, PartialEq, Eq, Error, Diagnostic)]
pub enum CompileError {
    /// A selected segment name that no segment of the program has.
    #[error("no segment named `{name}`")]
    #[diagnostic(code(E0501))]
    UnknownSegment {
        name: String,
        /// `did you mean `…`?` naming the closest segment, if one is close.
        #[help]
        help: Option<String>,
    },
    /// `seg compile --emit view|table` would create two objects with one name, or one named like
    /// a membership table.
    #[error("two objects would be named `{name}`: {first} and {second}")]
    #[diagnostic(
        code(E0509),
        help("rename one of the segments, or choose the segments to emit with --segment")
    )]
    ObjectNameTaken {
        name: String,
        first: String,
        second: String,
    },
    /// `seg dbt` would write two models with one name: a segment named like an entity's
    /// membership model, or like another segment's control group (`x:control` is `x_control`).
    #[error("two dbt models would be named `{name}`: {first} and {second}")]
    #[diagnostic(
        code(E0540),
        help("rename one of the segments, or choose the segments to export with --segment")
    )]
    DbtModelNameTaken {
        name: String,
        first: String,
        second: String,
    },
    /// The target's dialect cannot express a construct of a selected segment.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Emit(#[from] EmitError),
}

/// Lowers the segments named in `options` and emits the statements it asks for.
pub fn compile(program: &Program, options: &CompileOptions) -> Result<Compiled, CompileError> {
    let plans = plan(program, options.as_of, &options.segments)?;
    let mut statements = Vec::new();
    for plan in &plans {
        let (membership, members) = match options.statements {
            Statements::Kpis => {
                if !plan.kpis.is_empty() {
                    statements.push(statement(plan, Form::Kpis, None, options.target)?);
                }
                if plan.kpis.iter().any(|k| !k.measure.booked().is_empty()) {
                    statements.push(statement(plan, Form::Spends, None, options.target)?);
                }
                continue;
            }
            Statements::Membership => (true, false),
            Statements::Members => (false, true),
            Statements::All => (true, true),
        };
        if membership {
            statements.push(statement(plan, Form::Membership, None, options.target)?);
        }
        if members {
            for (i, rule) in plan.segments.iter().enumerate() {
                let segment = Some(rule.name());
                statements.push(statement(plan, Form::Members(i), segment, options.target)?);
            }
        }
    }
    Ok(Compiled { plans, statements })
}

/// The lowering half of [`compile`]: the plans of the named segments (all when `segments` is
/// empty) as of `as_of`, for callers that execute or evaluate plans rather than print SQL.
pub fn plan(
    program: &Program,
    as_of: AsOf,
    segments: &[String],
) -> Result<Vec<Plan>, CompileError> {
    let segments = segment_ids(program, segments)?;
    Ok(lower(program, &LowerOptions { as_of, segments }))
}

/// The ids of the segments named `names`, in order; an unknown name is an error that suggests
/// the closest segment name.
pub fn segment_ids(program: &Program, names: &[String]) -> Result<Vec<SegmentId>, CompileError> {
    names
        .iter()
        .map(|name| {
            program
                .segment(name)
                .ok_or_else(|| CompileError::UnknownSegment {
                    name: name.clone(),
                    help: closest(name, program.segments.iter().map(|s| s.name.as_str()))
                        .map(|c| format!("did you mean `{c}`?")),
                })
        })
        .collect()
}

fn statement(
    plan: &Plan,
    form: Form,
    segment: Option<String>,
    target: Target,
) -> Result<Statement, EmitError> {
    Ok(Statement {
        entity: plan.entity.name.clone(),
        segment,
        form,
        sql: emit(plan, form, target)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::CheckOptions;

    const PROJECT: &str = r#"
entity customers from "customers" {
  key id: string
}

entity stores from "stores" {
  key store_id: string
}

segment everyone on customers {
  where id starts with "c"
}

segment flagships on stores {
  where store_id starts with "f"
}

segment everyone_else on customers {
  where id starts with "e"
}
"#;

    fn program() -> Program {
        let analysis = crate::analyze_sources(&[("p.seg", PROJECT)], &CheckOptions::default());
        let errors: Vec<String> = analysis.diagnostics.iter().map(|d| d.message()).collect();
        analysis
            .program
            .unwrap_or_else(|| panic!("the test project checks: {errors:?}"))
    }

    fn options(segments: &[&str], statements: Statements) -> CompileOptions {
        CompileOptions {
            target: Target::DuckDb,
            as_of: AsOf::Today,
            segments: segments.iter().map(|s| s.to_string()).collect(),
            statements,
        }
    }

    fn kinds(compiled: &Compiled) -> Vec<(String, Option<String>)> {
        compiled
            .statements
            .iter()
            .map(|s| (s.entity.clone(), s.segment.clone()))
            .collect()
    }

    #[test]
    fn all_gives_each_entity_its_membership_query_then_its_segments() {
        let compiled = compile(&program(), &options(&[], Statements::All)).expect("compiles");
        let row =
            |entity: &str, segment: Option<&str>| (entity.to_string(), segment.map(str::to_string));
        assert_eq!(
            kinds(&compiled),
            [
                row("customers", None),
                row("customers", Some("everyone")),
                row("customers", Some("everyone_else")),
                row("stores", None),
                row("stores", Some("flagships")),
            ]
        );
        assert_eq!(compiled.plans.len(), 2);
        assert!(compiled.statements[0].sql.contains("'everyone' AS segment"));
    }

    #[test]
    fn members_follow_the_selection_order() {
        let selection = options(&["everyone_else", "everyone"], Statements::Members);
        let compiled = compile(&program(), &selection).expect("compiles");
        let segments: Vec<_> = compiled
            .statements
            .iter()
            .map(|s| s.segment.clone())
            .collect();
        assert_eq!(
            segments,
            [
                Some("everyone_else".to_string()),
                Some("everyone".to_string())
            ]
        );
    }

    #[test]
    fn membership_is_one_statement_per_entity() {
        let compiled =
            compile(&program(), &options(&[], Statements::Membership)).expect("compiles");
        let entities: Vec<_> = compiled
            .statements
            .iter()
            .map(|s| s.entity.as_str())
            .collect();
        assert_eq!(entities, ["customers", "stores"]);
        assert!(compiled.statements.iter().all(|s| s.segment.is_none()));
    }

    #[test]
    fn an_unknown_segment_is_an_error_suggesting_the_closest_name() {
        let error = compile(&program(), &options(&["everyon"], Statements::All)).err();
        assert_eq!(
            error,
            Some(CompileError::UnknownSegment {
                name: "everyon".to_string(),
                help: Some("did you mean `everyone`?".to_string()),
            })
        );
    }
}
