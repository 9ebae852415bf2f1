//! Checked KPI declarations: a measure over the members of segments.

use super::{Cond, EntityId, SegmentId, Value};
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
    /// A spend fixed for the project (literals and parameters), over the members for whom
    /// `per` holds.
    Cost {
        spend: Num,
        /// The spend as written, for explanations.
        spend_text: String,
        per: Cond,
    },
}
