//! `seg compile --emit view|table|merge`: the statements `compile` chooses, kept in the
//! warehouse as views or tables, or the evaluation merged into the membership tables.

use super::definitions::definition_hashes;
use super::{compile, plan, CompileError, CompileOptions, Statement};
use crate::check::typed::Program;
use crate::ir::lower_stages;
use crate::ir::AsOf;
use crate::sql::{
    create_membership_tables, create_object, merge_parts, merge_statements, MembershipTable,
    MergeParts, ObjectKind, Placement, Target,
};

/// What `seg compile` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Emit {
    /// The queries themselves.
    Select,
    /// `CREATE OR REPLACE VIEW` per query.
    View,
    /// A table per query, created from it (replacing the previous one).
    Table,
    /// DML merging the evaluation into the membership tables.
    Merge,
}

/// One object created from a statement: its name before the prefix, and the SQL.
#[derive(Debug, Clone)]
pub struct ObjectScript {
    /// `customers_membership` for a membership query, the segment's name for its members
    /// (`x_control` for the control group `x:control`).
    pub name: String,
    /// The statement the object is created from.
    pub statement: Statement,
    /// The statements creating it, without trailing `;`.
    pub sql: Vec<String>,
}

/// The statements `options` chooses, each as a view or a table placed by `placement`. Two
/// objects with one name, or an object named like a membership table, are refused (E0509).
pub fn objects(
    program: &Program,
    options: &CompileOptions,
    kind: ObjectKind,
    placement: &Placement,
) -> Result<Vec<ObjectScript>, CompileError> {
    let compiled = compile(program, options)?;
    let mut out: Vec<ObjectScript> = Vec::new();
    for statement in compiled.statements {
        let name = match &statement.segment {
            Some(rule) => rule.replace(':', "_"),
            None => format!("{}_membership", statement.entity),
        };
        let what = |s: &Statement| match &s.segment {
            Some(rule) => format!("the members of {rule}"),
            None => format!("the membership of {}", s.entity),
        };
        // The run log of `seg materialize` is taken too, though the merge does not create it.
        let tables = MembershipTable::ALL.iter().chain([&MembershipTable::Runs]);
        if let Some(table) = tables.into_iter().find(|t| t.name() == name) {
            return Err(CompileError::ObjectNameTaken {
                name: format!("{}{name}", placement.prefix),
                first: format!("the membership table `{}`", table.name()),
                second: what(&statement),
            });
        }
        if let Some(other) = out.iter().find(|o| o.name == name) {
            return Err(CompileError::ObjectNameTaken {
                name: format!("{}{name}", placement.prefix),
                first: what(&other.statement),
                second: what(&statement),
            });
        }
        let qualified = placement.qualified(&name, options.target);
        let sql = create_object(kind, &qualified, &statement.sql, options.target);
        out.push(ObjectScript {
            name,
            statement,
            sql,
        });
    }
    Ok(out)
}

/// The statements merging the evaluation of the chosen segments (every segment and every
/// segmentation's stages when none is chosen) into the membership tables placed by `placement`,
/// preceded by their `CREATE TABLE IF NOT EXISTS` when `create_tables` is set. `options`'
/// `statements` is not read: a merge reads the membership of each entity.
pub fn merge(
    program: &Program,
    options: &CompileOptions,
    placement: &Placement,
    create_tables: bool,
) -> Result<Vec<String>, CompileError> {
    let mut plans = plan(program, options.as_of, &options.segments)?;
    if options.segments.is_empty() {
        plans.extend(
            (0..program.segmentations.len()).map(|i| lower_stages(program, options.as_of, i)),
        );
    }
    let hashes = definition_hashes(program, &options.segments, options.target)?;
    let mut out = match create_tables {
        true => create_membership_tables(placement, options.target),
        false => Vec::new(),
    };
    out.extend(merge_statements(
        &plans,
        &hashes,
        placement,
        options.target,
    )?);
    Ok(out)
}

/// `seg materialize`: the merge of every segment and every segmentation's stages, once per
/// date of `dates` in order, each without its transaction (the caller runs them all in one).
/// Empty when the program has no segment.
pub fn materialize_passes(
    program: &Program,
    dates: &[AsOf],
    placement: &Placement,
    target: Target,
) -> Result<Vec<MergeParts>, CompileError> {
    let hashes = definition_hashes(program, &[], target)?;
    let upserts = target.dialect().scripts.upserts;
    let mut out = Vec::new();
    for as_of in dates {
        let mut plans = plan(program, *as_of, &[])?;
        plans.extend((0..program.segmentations.len()).map(|i| lower_stages(program, *as_of, i)));
        if let Some(parts) = merge_parts(&plans, &hashes, placement, target, upserts)? {
            out.push(parts);
        }
    }
    Ok(out)
}

/// The statements of a script as one text: each ends with `;`, a blank line between two.
pub fn script_text(statements: &[String]) -> String {
    let mut text = statements.join(";\n\n");
    if !text.is_empty() {
        text.push_str(";\n");
    }
    text
}
