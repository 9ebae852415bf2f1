//! KPI stage: the sums an engine (or the reference evaluator) computed per rule → each KPI's
//! value per segment, and, for a segment with a holdout, its treatment beside its control group.
//!
//! Every value is computed here, in exact arithmetic, from the exact sums the KPI statement
//! returns (`sql::Form::Kpis`), so the values are the same on every engine; `values.rs` words
//! their rounding.

mod uplift;
mod values;

pub use uplift::Uplift;
pub use values::{kpi_report, spend_amount, GroupValue, KpiReport, KpiRow};

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

/// What the KPI statements and the spends statements return.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KpiSums {
    /// The sums of every rule with members, by rule name; a rule without members has none.
    pub rules: BTreeMap<String, RuleSums>,
    /// Each sum booked in a costs table that a spend reads, by its name
    /// (`ir::BookedSum::name`); 0 over no row.
    pub booked: BTreeMap<String, Num>,
}

impl KpiSums {
    /// Adds the sums of other plans.
    pub fn extend(&mut self, other: KpiSums) {
        self.rules.extend(other.rules);
        self.booked.extend(other.booked);
    }
}
