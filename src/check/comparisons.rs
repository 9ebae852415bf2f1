//! Which values can be compared: numbers with numbers, dates with timestamps, an enum with its
//! declared values; and which have an order.

use super::errors::{a, did_you_mean, CheckError, ConditionError};
use super::exprs::ExprChecker;
use super::typed::*;
use crate::source::Span;
use crate::suggest::closest;
use crate::syntax::ast::CompareOp;

impl ExprChecker<'_> {
    /// Whether two values can be compared with `op`; records the error when not.
    pub(super) fn comparable(
        &mut self,
        left: &Value,
        right: &Value,
        op: CompareOp,
        op_span: Span,
    ) -> Option<()> {
        let ordering = !matches!(op, CompareOp::Eq | CompareOp::Ne);
        let ok = match (&left.ty, &right.ty) {
            (a, b) if a.is_numeric() && b.is_numeric() => true,
            (a, b) if a.is_temporal() && b.is_temporal() => true,
            (Type::String, Type::String) | (Type::Bool, Type::Bool) => true,
            (Type::Enum(a), Type::Enum(b)) => a == b,
            (Type::Enum(values), Type::String) => {
                return self.enum_literal(values, right, ordering, op, op_span)
            }
            (Type::String, Type::Enum(values)) => {
                return self.enum_literal(values, left, ordering, op, op_span)
            }
            _ => false,
        };
        if !ok {
            let help = match (&left.ty, &right.ty) {
                (a, Type::String) if a.is_temporal() => Some(
                    "write dates without quotes: 2026-01-31, or relative: `30 days ago`"
                        .to_string(),
                ),
                (a, b) if a.is_numeric() && *b == Type::String => {
                    Some("write numbers without quotes".to_string())
                }
                (Type::Bool, _) => Some(
                    "compare booleans with `true` or `false`, or use the column alone".to_string(),
                ),
                _ => None,
            };
            self.errors.push(CheckError::new(
                left.span,
                ConditionError::TypeMismatch {
                    right_span: right.span,
                    left: describe_value(left),
                    right: describe_value(right),
                    help,
                },
            ));
            return None;
        }
        if left.ty.is_numeric() && right.ty.is_numeric() {
            self.exact_fits(left, right, op_span)?;
        }
        if ordering && matches!(left.ty, Type::Bool | Type::Enum(_)) {
            self.errors.push(CheckError::new(
                op_span,
                ConditionError::NotOrdered {
                    op: op.symbol(),
                    ty: a(&left.ty.describe()),
                },
            ));
            return None;
        }
        Some(())
    }

    /// An enum compared with a string: the string must be a literal naming a declared value.
    fn enum_literal(
        &mut self,
        values: &[String],
        other: &Value,
        ordering: bool,
        op: CompareOp,
        op_span: Span,
    ) -> Option<()> {
        if ordering {
            self.errors.push(CheckError::new(
                op_span,
                ConditionError::NotOrdered {
                    op: op.symbol(),
                    ty: "an enum".into(),
                },
            ));
            return None;
        }
        let text = match &other.kind {
            ValueKind::Literal(Lit::String(s)) => s.clone(),
            ValueKind::Param(p) => match &self.params[p.0].value {
                Lit::String(s) => s.clone(),
                _ => return None,
            },
            _ => {
                self.errors.push(CheckError::new(
                    other.span,
                    ConditionError::TypeMismatch {
                        right_span: other.span,
                        left: "an enum".into(),
                        right: describe_value(other),
                        help: Some(
                            "compare an enum with one of its values in double quotes".into(),
                        ),
                    },
                ));
                return None;
            }
        };
        if values.contains(&text) {
            return Some(());
        }
        let declared: Vec<String> = values.iter().take(6).map(|v| format!("\"{v}\"")).collect();
        let more = if values.len() > 6 { ", ..." } else { "" };
        self.errors.push(CheckError::new(
            other.span,
            ConditionError::UnknownEnumValue {
                value: text.clone(),
                declared: format!("{}{more}", declared.join(", ")),
                help: did_you_mean(
                    closest(&text, values.iter().map(String::as_str)).map(|c| format!("\"{c}\"")),
                )
                .map(|h| h.replace('`', "")),
            },
        ));
        None
    }
}

/// True when literal `a` is above literal `b` (numbers and dates; other literals never are).
pub(super) fn literal_greater(a: &Lit, b: &Lit) -> bool {
    let num = |l: &Lit| match l {
        Lit::Int(i) => Some(*i as f64),
        Lit::Decimal(d) => d.parse::<f64>().ok(),
        _ => None,
    };
    match (a, b) {
        (Lit::Date(x), Lit::Date(y)) => x > y,
        _ => matches!((num(a), num(b)), (Some(x), Some(y)) if x > y),
    }
}

fn describe_value(v: &Value) -> String {
    match &v.kind {
        ValueKind::Literal(Lit::String(_)) => "a string".into(),
        ValueKind::Literal(_) => a(&format!("{} literal", v.ty.describe())),
        _ => a(&v.ty.describe()),
    }
}
