//! KPIs in the plan: each measure's per-member values and conditions over the entity, computed
//! with the rules' flags in one pass over the entity and summed per rule.

use super::{Column, Cond, Expr};
use crate::check::typed::TablePath;

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
    /// A spend, one amount for every group, over the members where `per` holds.
    Cost { spend: Spend, per: Cond },
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

/// A KPI's spend: exact amounts and the sums booked in costs tables, combined by exact
/// arithmetic once the sums are known (`kpis::spend_amount`).
#[derive(Debug, Clone, PartialEq)]
pub enum Spend {
    /// An exact decimal, as text.
    Amount(String),
    Booked(Box<BookedSum>),
    Add(Box<Spend>, Box<Spend>),
    Sub(Box<Spend>, Box<Spend>),
    Mul(Box<Spend>, Box<Spend>),
    Div(Box<Spend>, Box<Spend>),
    Neg(Box<Spend>),
}

/// The sum of a column over the rows of a costs table that a filter keeps (its `where`, then
/// its window over the table's time column); 0 over no row.
#[derive(Debug, Clone, PartialEq)]
pub struct BookedSum {
    /// Its column in the spends statement (`sql::Form::Spends`): `spend_<kpi>_<n>`.
    pub name: String,
    pub costs: CostsTable,
    pub column: Column,
    pub filter: Option<Cond>,
    /// The sum as written.
    pub comment: String,
}

/// A costs table as the spends statement reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct CostsTable {
    pub name: String,
    pub table: TablePath,
}

impl Spend {
    /// The booked sums the spend adds up, in the order written.
    pub fn booked(&self) -> Vec<&BookedSum> {
        match self {
            Spend::Amount(_) => Vec::new(),
            Spend::Booked(sum) => vec![sum],
            Spend::Add(a, b) | Spend::Sub(a, b) | Spend::Mul(a, b) | Spend::Div(a, b) => {
                let mut out = a.booked();
                out.extend(b.booked());
                out
            }
            Spend::Neg(a) => a.booked(),
        }
    }
}

impl KpiValue {
    /// The sums booked in costs tables that the measure's spend reads.
    pub fn booked(&self) -> Vec<&BookedSum> {
        match self {
            KpiValue::Cost { spend, .. } => spend.booked(),
            _ => Vec::new(),
        }
    }
}
