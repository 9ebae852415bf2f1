//! KPI stage: the sums an engine (or the reference evaluator) computed per rule → each KPI's
//! value per segment, and, for a segment with a holdout, its treatment beside its control group.
//!
//! Every value is computed here, in exact arithmetic, from the exact sums the KPI statement
//! returns (`sql::Form::Kpis`), so the values are the same on every engine; `values.rs` words
//! their rounding.

mod uplift;
mod values;

pub use uplift::Uplift;
pub use values::{kpi_report, GroupValue, KpiReport, KpiRow};

use crate::value::Num;
use std::collections::BTreeMap;

/// What the KPI statement returns for one rule (a segment, a control group, a stage): its member
/// count and, per KPI by name, its statistics in the order of `ir::KpiValue::statistics` (a sum
/// over no value is missing).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleSums {
    pub members: u64,
    pub kpis: BTreeMap<String, Vec<Option<Num>>>,
}

/// The sums of every rule with members, by rule name; a rule without members has none.
pub type KpiSums = BTreeMap<String, RuleSums>;
