//! The values a checked value is computed from, for the walks that follow a value down.

use super::{Value, ValueKind};

impl Value {
    /// The values this one is computed from directly: the operand of `days since`, a date
    /// part, a text function, `-`, `abs` and `round`, both sides of arithmetic and `otherwise`,
    /// every value of `least` and `greatest`. None for a column, a literal, a parameter, a
    /// relative date, an aggregate, a model field, a segmentation or a trait: those a walk
    /// treats itself.
    pub fn operands(&self) -> Vec<&Value> {
        match &self.kind {
            ValueKind::DaysSince(x)
            | ValueKind::DaysUntil(x)
            | ValueKind::Age(x)
            | ValueKind::DatePart(_, x)
            | ValueKind::Anniversary(x)
            | ValueKind::Text(_, x)
            | ValueKind::Negate(x)
            | ValueKind::Abs(x)
            | ValueKind::Round(x, _) => vec![x.as_ref()],
            ValueKind::Arith(_, a, b) | ValueKind::Otherwise(a, b) => vec![a.as_ref(), b.as_ref()],
            ValueKind::Least(values) | ValueKind::Greatest(values) => values.iter().collect(),
            ValueKind::Column(_)
            | ValueKind::ParentColumn { .. }
            | ValueKind::LinkedColumn { .. }
            | ValueKind::LookupColumn { .. }
            | ValueKind::Param(_)
            | ValueKind::Literal(_)
            | ValueKind::Ago(..)
            | ValueKind::Aggregate(_)
            | ValueKind::Segmentation(_)
            | ValueKind::Rfm { .. }
            | ValueKind::Clv(_)
            | ValueKind::Trait(_) => Vec::new(),
        }
    }
}
