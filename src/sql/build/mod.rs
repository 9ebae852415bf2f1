//! Plan → SQL tree: one CTE for the evaluation date, one aggregate CTE per facts table, the score
//! CTEs of the RFM models a statement reads, then the segments' conditions over the entity joined
//! to those features. One file per noun: the statement (`query`), what it reads (`usage`), the
//! feature tables (`features`), the lookups they join (`lookups`), the scores (`scores`), the
//! helper rules of referenced segments (`references`), the sequences (`sequences`), conditions,
//! values, and days in the project's time zone (`zone`).

mod conditions;
mod exact;
mod features;
mod kpis;
mod lookups;
mod query;
mod references;
mod scores;
mod sequences;
mod spends;
mod usage;
mod values;
mod zone;

use super::dialect::{Dialect, Semantics};
use super::errors::EmitError;
use super::tree::Query;
use crate::ir::{FeatureTable, Plan};
pub use kpis::kpi_column;
use usage::Usage;

/// Name of the one-row CTE holding the evaluation date.
pub const EVALUATION: &str = "evaluation";

/// Name of the CTE listing the segments of a membership query.
const SEGMENT_NAMES: &str = "segment_names";

/// What the statement returns.
#[derive(Debug, Clone, Copy)]
pub enum Form {
    /// The keys of the members of `plan.segments[i]`.
    Members(usize),
    /// The keys of the members of `plan.segments[i]` with the evidence of their consent.
    Export(usize),
    /// `(key, segment)` for every member of every segment of the plan.
    Membership,
    /// The one-row `as_of`: the evaluation date the plan's other statements read, for scripts
    /// that record it beside the members (`seg compile --emit merge`).
    EvaluationDate,
    /// Per rule of the plan: its member count and the sufficient statistics of every KPI
    /// (`ir::KpiValue::statistics`), named by `kpi_column`.
    Kpis,
    /// One row: every sum booked in a costs table that the KPIs' spends read
    /// (`ir::BookedSum::name`). Only for a plan with such a sum.
    Spends,
}

/// Builds the statement for `plan` in `form`; fails on a construct the dialect cannot express.
pub fn build_query(
    plan: &Plan,
    form: Form,
    d: &dyn Semantics,
    header: Vec<String>,
) -> Result<Query, EmitError> {
    let usage = Usage::of(plan, form);
    let offsets = zone::ZoneOffsets::for_plan(plan, d);
    let b = Builder {
        plan,
        d,
        usage: &usage,
        offsets: offsets.as_ref(),
    };
    b.query(form, header)
}

/// The flag column of a segment in the membership CTE.
pub fn flag_column(segment: &str) -> String {
    format!("in_{segment}")
}

/// Everything the builder's methods share: the plan, the dialect and what the statement reads.
struct Builder<'a> {
    plan: &'a Plan,
    d: &'a dyn Semantics,
    usage: &'a Usage,
    /// The zone's offsets, when the dialect needs them written into the statement.
    offsets: Option<&'a zone::ZoneOffsets>,
}

impl Builder<'_> {
    /// The dialect's table of capabilities and spellings.
    fn dialect(&self) -> &'static Dialect {
        self.d.dialect()
    }
}

/// The alias of a declared table: its name, unless that name could be taken for one of the CTEs
/// seglang generates (`evaluation`, `segment_names`, `*_features`, `*_lookup`, `*_segments`,
/// `*_rule`, a sequence's `*_steps`, `*_followers` and `*_sequence`, and `*_spend`).
fn table_alias(name: &str) -> String {
    let generated = name == EVALUATION
        || name == zone::ZONE_OFFSETS
        || name == SEGMENT_NAMES
        || name.ends_with("_features")
        || name.ends_with(lookups::LOOKUP_SUFFIX)
        || name.ends_with("_segments")
        || name.ends_with("_measures")
        || name.ends_with("_scores")
        || name.ends_with("_rule")
        || name.ends_with("_steps")
        || name.ends_with("_followers")
        || name.ends_with("_sequence")
        || name.ends_with(spends::SPEND_SUFFIX);
    if generated {
        format!("{name}_table")
    } else {
        name.to_string()
    }
}

/// The CTE holding the features of a facts table.
fn feature_cte_name(table: &FeatureTable) -> String {
    format!("{}_features", table.name)
}
