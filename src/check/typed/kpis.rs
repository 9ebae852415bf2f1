//! Checked KPI declarations: a measure over the members of segments.

use super::{Cond, CostsId, EntityId, NumOp, SegmentId, Value, Window};
use crate::source::Span;
use crate::value::Num;

/// `kpi NAME on ENTITY (for S, ...)? = MEASURE`, checked.
#[derive(Debug, Clone)]
pub struct Kpi {
    pub name: String,
    pub docs: Option<String>,
    pub entity: EntityId,
    /// The segments it is computed for; empty for every segment of the entity (and every stage
    /// of its segmentations).
    pub segments: Vec<SegmentId>,
    pub measure: KpiMeasure,
    /// The whole declaration, from its first doc line.
    pub decl_span: Span,
    /// The KPI's name.
    pub span: Span,
}

/// What a KPI measures over a group of members.
#[derive(Debug, Clone)]
pub enum KpiMeasure {
    /// The average of a number over the members where it is present.
    Mean(Value),
    /// The sum of a number over the members (0 where none is present).
    Total(Value),
    /// The sum of the members' numerators over the sum of their denominators, over the
    /// members where both are present.
    Ratio(Value, Value),
    /// Of the members for whom `among` holds (all without it), the share for whom `holds` does.
    Share { holds: Cond, among: Option<Cond> },
    /// A spend (one amount for every group: fixed, or booked in costs tables) over the members
    /// for whom `per` holds.
    Cost {
        spend: Spend,
        /// The spend as written, for explanations.
        spend_text: String,
        per: Cond,
    },
}

/// A KPI's spend: one amount for every group of members, never a value per member.
#[derive(Debug, Clone)]
pub enum Spend {
    /// Literals and parameters, folded to their exact amount (at least 0).
    Amount(Num),
    /// `marketing_costs.sum(amount, where channel = "search", last 30 days)`.
    Booked(Box<CostSum>),
    /// `a + b`, `a - b`, `a * b`, `a / b` with a booked amount on a side.
    Arith(NumOp, Box<Spend>, Box<Spend>),
    Negate(Box<Spend>),
}

/// The sum of a number column over the rows of a costs table that a `where` and a window keep;
/// 0 when no row is kept.
#[derive(Debug, Clone)]
pub struct CostSum {
    pub costs: CostsId,
    pub column: usize,
    pub filter: Option<Cond>,
    pub window: Option<Window>,
    /// The sum as written.
    pub source: String,
}

impl Spend {
    /// The booked sums the spend adds up, in the order written.
    pub fn sums(&self) -> Vec<&CostSum> {
        match self {
            Spend::Amount(_) => Vec::new(),
            Spend::Booked(sum) => vec![sum],
            Spend::Arith(_, a, b) => {
                let mut out = a.sums();
                out.extend(b.sums());
                out
            }
            Spend::Negate(a) => a.sums(),
        }
    }
}
