//! Emit stage: [`Plan`] → SQL text for one dialect. `emit` is the stage boundary.
//!
//! The plan becomes a small SQL tree (`build`, `tree`), printed once (`print`). Everything that
//! differs between engines lives in one file per engine: a [`Dialect`] table of capabilities and
//! spellings, and the few build-time hooks that need code (`dialect::Semantics`). A construct a
//! dialect cannot express is an [`EmitError`] naming the dialect.

mod bigquery;
mod build;
mod ddl;
mod dialect;
mod duckdb;
mod errors;
mod insert;
mod keywords;
mod materialize;
mod membership_tables;
mod merge;
mod objects;
mod postgres;
mod print;
mod scripts;
mod tree;

#[cfg(test)]
mod adding_a_dialect;

pub use build::{flag_column, kpi_column, Form, EVALUATION};
pub use ddl::{create_tables, type_name};
pub use dialect::{
    DecimalLiterals, DecimalTypes, Dialect, Escapes, Identifiers, IntegerDivision, Intervals, Md5,
    NullOrdering, Scripts, StagingTables, TypeNames, UnquotedCase, Upserts,
};
pub use errors::{Construct, EmitError};
pub use insert::insert_statements;
pub use materialize::{
    close_removed_segments, create_materialized_tables, dates_query, pass_counts_query, record_run,
    restore_before_staged_date,
};
pub use membership_tables::{
    create_membership_table, create_membership_tables, history_counts, recorded_as, LayoutColumn,
    MembershipTable, Placement, CONTROL, DATA, DEFAULT_PREFIX, DEFINITION, ENTERED, EXITED,
    TREATMENT,
};
pub use merge::{
    merge_parts, merge_statements, merge_statements_using, staged_segments, MergeParts,
};
pub use objects::{create_object, ObjectKind};
pub use print::{Naming, TableNames};

use dialect::Semantics;

use crate::ir::{AsOf, Plan};
use std::fmt;

/// The SQL engines seglang targets. Its command-line names are the dialects' names (`postgres`,
/// `bigquery`, `duckdb`, and `postgresql` for PostgreSQL too); [`Target::name`] prints them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Target {
    #[value(name = "postgres", alias = "postgresql")]
    Postgres,
    #[value(name = "bigquery")]
    BigQuery,
    #[value(name = "duckdb")]
    DuckDb,
}

impl Target {
    /// Every target, in documentation order.
    pub const ALL: [Target; 3] = [Target::Postgres, Target::BigQuery, Target::DuckDb];

    /// The dialect's table of capabilities and spellings.
    pub fn dialect(self) -> &'static Dialect {
        self.semantics().dialect()
    }

    /// The registry: each target's build-time hooks, which also hold its table.
    fn semantics(self) -> &'static dyn Semantics {
        match self {
            Target::Postgres => &postgres::Postgres,
            Target::BigQuery => &bigquery::BigQuery,
            Target::DuckDb => &duckdb::DuckDb,
        }
    }

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        self.dialect().name
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Renders one statement for `plan` on `target`, or names the construct the target cannot
/// express.
pub fn emit(plan: &Plan, form: Form, target: Target) -> Result<String, EmitError> {
    emit_with(plan, form, target.semantics(), &Naming::PLAIN)
}

/// [`emit`], with each table the statement reads written as `naming` names it (a dbt
/// `{{ source(…) }}` call, say) where it gives a name, its quoted path where it gives `None`;
/// and the evaluation date as `naming` writes it (a dbt variable), where it says.
pub fn emit_naming(
    plan: &Plan,
    form: Form,
    target: Target,
    naming: &Naming<'_>,
) -> Result<String, EmitError> {
    emit_with(plan, form, target.semantics(), naming)
}

/// Renders one statement for `plan` through the hooks and table of `d`.
fn emit_with(
    plan: &Plan,
    form: Form,
    d: &dyn Semantics,
    naming: &Naming<'_>,
) -> Result<String, EmitError> {
    let what = match form {
        Form::Members(i) => format!("members of segment {}", plan.segments[i].name()),
        Form::Export(i) => format!(
            "members of segment {} with their consent evidence",
            plan.segments[i].name()
        ),
        Form::Membership => format!(
            "membership (key, segment) of {} segment{} on {}",
            plan.segments.len(),
            if plan.segments.len() == 1 { "" } else { "s" },
            plan.entity.name
        ),
        Form::EvaluationDate => "the evaluation date".to_string(),
        Form::Kpis => format!(
            "{} kpi{} of the segments on {}",
            plan.kpis.len(),
            if plan.kpis.len() == 1 { "" } else { "s" },
            plan.entity.name
        ),
        Form::Spends => format!(
            "the spends booked in costs tables that the kpis on {} read",
            plan.entity.name
        ),
    };
    let as_of = match plan.as_of {
        AsOf::Fixed(d) => d.to_string(),
        AsOf::Today => "the engine's current date".to_string(),
    };
    let header = vec![
        format!(
            "Generated by seg {} for {}: do not edit, edit the .seg source.",
            env!("CARGO_PKG_VERSION"),
            d.dialect().name
        ),
        format!("{what}, as of {as_of}."),
    ];
    let query = build::build_query(plan, form, d, header)?;
    Ok(print::print_query(&query, d.dialect(), naming))
}
