//! KPIs in the plan: each measure's per-member values and conditions over the entity, computed
//! with the rules' flags in one pass over the entity and summed per rule.

use super::{Cond, Expr};

/// A KPI of the plan's entity.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiPlan {
    pub name: String,
    pub docs: Option<String>,
    /// `file:line` of the declaration.
    pub location: String,
    /// The segments it is computed for, by name; empty for every rule of the plan. A segment
    /// with a holdout stands for its treatment and its control group.
    pub segments: Vec<String>,
    pub measure: KpiValue,
}

/// A KPI's measure over the entity's rows. Values with a quotient are already rounded (to 9
/// digits), so that the engines sum the same exact numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum KpiValue {
    /// The average of the present values.
    Mean(Expr),
    /// The sum of the present values.
    Total(Expr),
    /// Σ numerator ÷ Σ denominator, over the members where both are present.
    Ratio(Expr, Expr),
    /// Of the members where `among` holds, the share where `holds` does too.
    Share { holds: Cond, among: Cond },
    /// A fixed spend (exact decimal text) over the members where `per` holds.
    Cost { spend: String, per: Cond },
}

/// The digits a KPI keeps of a per-member quotient: every engine and the reference evaluator
/// sum the values rounded half away from zero to this many digits.
pub const KPI_QUOTIENT_DIGITS: u32 = 9;

impl KpiValue {
    /// The measure's word, as written: `mean`, `total`, `ratio`, `share`, `cost`.
    pub fn word(&self) -> &'static str {
        match self {
            KpiValue::Mean(_) => "mean",
            KpiValue::Total(_) => "total",
            KpiValue::Ratio(..) => "ratio",
            KpiValue::Share { .. } => "share",
            KpiValue::Cost { .. } => "cost",
        }
    }

    /// The measure's conditions.
    pub fn conds(&self) -> impl Iterator<Item = &Cond> {
        let conds: Vec<&Cond> = match self {
            KpiValue::Share { holds, among } => vec![holds, among],
            KpiValue::Cost { per, .. } => vec![per],
            KpiValue::Mean(_) | KpiValue::Total(_) | KpiValue::Ratio(..) => Vec::new(),
        };
        conds.into_iter()
    }

    /// The measure's per-member values.
    pub fn values(&self) -> impl Iterator<Item = &Expr> {
        let values: Vec<&Expr> = match self {
            KpiValue::Mean(x) | KpiValue::Total(x) => vec![x],
            KpiValue::Ratio(x, y) => vec![x, y],
            KpiValue::Share { .. } | KpiValue::Cost { .. } => Vec::new(),
        };
        values.into_iter()
    }

    /// The sufficient statistics the KPI statement returns for the measure, in order: `n` is
    /// the count the measure is over (members with a value, the `among` members, the `per`
    /// members), `sum` and `sum_sq` the sums of the values and of their squares, `k` the members
    /// for whom a share holds; a ratio has the sums of `x`, `y`, `x²`, `y²` and `x·y`.
    pub fn statistics(&self) -> &'static [&'static str] {
        match self {
            KpiValue::Mean(_) => &["n", "sum", "sum_sq"],
            KpiValue::Total(_) => &["n", "sum"],
            KpiValue::Ratio(..) => &["n", "sum_x", "sum_y", "sum_xx", "sum_yy", "sum_xy"],
            KpiValue::Share { .. } => &["n", "k"],
            KpiValue::Cost { .. } => &["n"],
        }
    }
}

impl KpiPlan {
    /// Whether the KPI is computed for rule `rule` (`x`, `x:control`, `lifecycle:new`).
    pub fn covers(&self, rule: &str) -> bool {
        self.segments.is_empty()
            || self
                .segments
                .iter()
                .any(|s| rule == s || rule.strip_suffix(":control").is_some_and(|base| base == s))
    }
}
