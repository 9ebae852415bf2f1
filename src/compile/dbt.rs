//! `seg dbt`: a dbt project fragment from a checked program. The models are the statements
//! [`compile`](super::compile) emits, each table they read written as a `{{ source(…) }}` call by
//! the SQL printer (`sql::emit_naming`), with `sources.yml` declaring those sources and
//! `schema.yml` the models' tests, and the project's `test` blocks as dbt unit tests
//! (`unit_tests.yml`, from `dbt_unit_tests`). Each model reads its evaluation date from the dbt
//! variable [`AS_OF_VAR`], which defaults to the date the compiled statement would use. Plain
//! files: dbt orders the work itself.

use super::dbt_unit_tests::{unit_tests_text, ModelInput, ModelInputs};
use super::{plan, CompileError};
use crate::check::typed::{Program, TablePath};
use crate::ir::{lower_stages, AsOf, Plan, ScalarType};
use crate::sql::{emit_naming, type_name, Form, Naming, Target};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// The dbt variable the models read their evaluation date from (`YYYY-MM-DD`): `dbt build
/// --vars '{seg_as_of: 2026-11-22}'`, or a unit test's `overrides`. Unset, a model evaluates as
/// of the date `seg dbt --as-of` gave, else the warehouse's current date in the project's zone.
pub const AS_OF_VAR: &str = "seg_as_of";

/// What to export: for which engine, as of when, and which segments (all when empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbtOptions {
    pub target: Target,
    pub as_of: AsOf,
    pub segments: Vec<String>,
}

/// One file of the fragment: its name inside the output directory and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbtFile {
    pub name: String,
    pub text: String,
}

/// The dbt source a declared table is read from: `crm.orders` is table `orders` of source
/// `crm`; a one-part name is a table of source `seg`, in the dbt target's own schema; a
/// three-part `db.schema.table` is source `db_schema` with its database and schema.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Source {
    name: String,
    database: Option<String>,
    schema: Option<String>,
}

/// The source of a table path and the table's name in it.
fn source_of(path: &TablePath) -> (Source, String) {
    match path.0.as_slice() {
        [database, schema, table] => (
            Source {
                name: format!("{database}_{schema}"),
                database: Some(database.clone()),
                schema: Some(schema.clone()),
            },
            table.clone(),
        ),
        [schema, table] => (
            Source {
                name: schema.clone(),
                database: None,
                schema: None,
            },
            table.clone(),
        ),
        parts => (
            Source {
                name: "seg".to_string(),
                database: None,
                schema: Some("{{ target.schema }}".to_string()),
            },
            parts.join("."),
        ),
    }
}

/// The fragment's files: `sources.yml`, `schema.yml`, then one model per entity's membership
/// and one per segment, control group and stage, in plan order.
pub fn dbt_project(program: &Program, options: &DbtOptions) -> Result<Vec<DbtFile>, CompileError> {
    let plans = plan(program, options.as_of, &options.segments)?;
    let mut sources: BTreeMap<Source, Vec<(String, Vec<String>)>> = BTreeMap::new();
    let mut names: BTreeMap<Vec<String>, String> = BTreeMap::new();
    for entity in &program.schema.entities {
        add_source(
            &mut sources,
            &mut names,
            &entity.table,
            &[entity.key_column().name.clone()],
        );
    }
    for (_, table, _) in program.schema.declared_tables() {
        add_source(&mut sources, &mut names, table, &[]);
    }
    // The tables each statement reads, as the printer names them: a unit test gives them all.
    let read: RefCell<BTreeSet<Vec<String>>> = RefCell::new(BTreeSet::new());
    let tables = |parts: &[String]| {
        read.borrow_mut().insert(parts.to_vec());
        names.get(parts).map(|call| format!("{{{{ {call} }}}}"))
    };
    let naming = Naming {
        tables: &tables,
        as_of: Some(&as_of_from_var),
    };
    let mut inputs = ModelInputs::new();
    let mut models: Vec<(String, String)> = Vec::new();
    let mut owners: BTreeMap<String, String> = BTreeMap::new();
    let mut schema = String::from("version: 2\n\nmodels:\n");
    for plan in &plans {
        let membership = format!("{}_membership", plan.entity.name);
        claim(
            &mut owners,
            &membership,
            format!("the membership of {}", plan.entity.name),
        )?;
        let sql = emit_naming(plan, Form::Membership, options.target, &naming)?;
        models.push((membership.clone(), model_text("table", &sql)));
        let description = format!("One row per member of {} and segment.", plan.entity.name);
        membership_tests(
            &mut schema,
            plan,
            &membership,
            &description,
            Some(options.target),
        );
        for (i, rule) in plan.segments.iter().enumerate() {
            let name = rule.name().replace(':', "_");
            claim(&mut owners, &name, format!("segment `{}`", rule.name()))?;
            read.borrow_mut().clear();
            let sql = emit_naming(plan, Form::Members(i), options.target, &naming)?;
            let input = ModelInput {
                model: name.clone(),
                key: plan.entity.key.clone(),
                tables: read.take(),
            };
            inputs.insert(rule.name(), input);
            models.push((name.clone(), model_text("view", &sql)));
            let _ = write!(
                schema,
                "  - name: {}\n    description: {}\n    columns:\n      - name: {}\n        data_tests:\n          - unique\n          - not_null\n",
                quoted(&name),
                quoted(&format!("The members of {} on {}.", rule.name(), plan.entity.name)),
                quoted(&plan.entity.key),
            );
        }
    }
    if options.segments.is_empty() {
        for (i, segmentation) in program.segmentations.iter().enumerate() {
            let plan = lower_stages(program, options.as_of, i);
            let name = &segmentation.name;
            claim(&mut owners, name, format!("segmentation `{name}`"))?;
            let sql = emit_naming(&plan, Form::Membership, options.target, &naming)?;
            models.push((name.clone(), model_text("table", &sql)));
            let description = format!(
                "The stage of each {} in segmentation {name}: at most one row per key.",
                plan.entity.name
            );
            membership_tests(&mut schema, &plan, name, &description, None);
        }
    }
    let mut files = vec![
        DbtFile {
            name: "sources.yml".to_string(),
            text: sources_text(&sources),
        },
        DbtFile {
            name: "schema.yml".to_string(),
            text: schema,
        },
    ];
    if let Some(text) = unit_tests_text(program, &inputs, &names) {
        files.push(DbtFile {
            name: "unit_tests.yml".to_string(),
            text,
        });
    }
    files.extend(models.into_iter().map(|(name, text)| DbtFile {
        name: format!("{name}.sql"),
        text,
    }));
    Ok(files)
}

/// The evaluation date of a model: the variable [`AS_OF_VAR`] as a date when it is set, else
/// `default`, the dialect's text for the compiled date.
fn as_of_from_var(default: &str) -> String {
    format!(
        "{{% if var('{AS_OF_VAR}', none) is none %}}{default}{{% else %}}CAST('{{{{ var('{AS_OF_VAR}') }}}}' AS DATE){{% endif %}}"
    )
}

/// Records the table at `path` in its source (once), with the columns whose values are unique
/// and present, and the `source(…)` call that reads it (inside `{{ }}` in a model).
fn add_source(
    sources: &mut BTreeMap<Source, Vec<(String, Vec<String>)>>,
    names: &mut BTreeMap<Vec<String>, String>,
    path: &TablePath,
    keys: &[String],
) {
    if names.contains_key(&path.0) {
        return;
    }
    let (source, table) = source_of(path);
    names.insert(
        path.0.clone(),
        format!("source({}, {})", quoted(&source.name), quoted(&table)),
    );
    sources
        .entry(source)
        .or_default()
        .push((table, keys.to_vec()));
}

/// Names a model, or says which two things would share the name.
fn claim(
    owners: &mut BTreeMap<String, String>,
    name: &str,
    what: String,
) -> Result<(), CompileError> {
    match owners.get(name) {
        Some(first) => Err(CompileError::DbtModelNameTaken {
            name: name.to_string(),
            first: first.clone(),
            second: what,
        }),
        None => {
            owners.insert(name.to_string(), what);
            Ok(())
        }
    }
}

/// A model file: its config header, a word on its evaluation date (the statement's comments give
/// the default), then the statement without its terminator (dbt wraps the query in its own
/// `CREATE`).
fn model_text(materialized: &str, sql: &str) -> String {
    let query = sql.trim_end().trim_end_matches(';');
    format!(
        "{{{{ config(materialized='{materialized}') }}}}\n\n-- The evaluation date is the dbt variable {AS_OF_VAR} (YYYY-MM-DD) when it is set.\n{query}\n"
    )
}

/// The tests of a model of `(key, segment)` rows: both are present and the segment is one of
/// the plan's rules (segments and control groups, or a segmentation's stages). With a target,
/// the pair is unique (a membership); without, the key alone (a segmentation's one stage).
fn membership_tests(
    out: &mut String,
    plan: &Plan,
    model: &str,
    description: &str,
    pair_on: Option<Target>,
) {
    let key = &plan.entity.key;
    let _ = writeln!(
        out,
        "  - name: {}\n    description: {}",
        quoted(model),
        quoted(description)
    );
    if let Some(target) = pair_on {
        let text = type_name(ScalarType::String, target);
        let _ = writeln!(
            out,
            "    data_tests:\n      - unique:\n          arguments:\n            column_name: {}",
            quoted(&format!("concat(cast({key} as {text}), '|', segment)"))
        );
    }
    let unique = match pair_on {
        Some(_) => "",
        None => "\n          - unique",
    };
    let _ = write!(
        out,
        "    columns:\n      - name: {}\n        data_tests:\n          - not_null{unique}\n      - name: segment\n        data_tests:\n          - not_null\n          - accepted_values:\n              arguments:\n                values:\n",
        quoted(key),
    );
    for rule in &plan.segments {
        let _ = writeln!(out, "                  - {}", quoted(&rule.name()));
    }
}

/// `sources.yml`: each source with its tables, the entities' keys tested unique and present.
fn sources_text(sources: &BTreeMap<Source, Vec<(String, Vec<String>)>>) -> String {
    let mut out = String::from("version: 2\n\nsources:\n");
    for (source, tables) in sources {
        let _ = writeln!(out, "  - name: {}", quoted(&source.name));
        if let Some(database) = &source.database {
            let _ = writeln!(out, "    database: {}", quoted(database));
        }
        if let Some(schema) = &source.schema {
            let _ = writeln!(out, "    schema: {}", quoted(schema));
        }
        out.push_str("    tables:\n");
        for (table, keys) in tables {
            let _ = writeln!(out, "      - name: {}", quoted(table));
            if keys.is_empty() {
                continue;
            }
            out.push_str("        columns:\n");
            for key in keys {
                let _ = writeln!(
                    out,
                    "          - name: {}\n            data_tests:\n              - unique\n              - not_null",
                    quoted(key)
                );
            }
        }
    }
    out
}

/// A YAML single-quoted scalar: no escapes but the doubled quote.
pub(super) fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}
