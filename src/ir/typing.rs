//! What the plan's values are: whether they can be missing, their types, and whether an engine
//! would round them.

use super::{Expr, Plan, Scalar, ScalarType, ScoreField, TextFunc};

impl Expr {
    /// Whether the value holds a division outside `round` (whose result is exact on its own):
    /// a value an engine would round.
    pub fn has_quotient(&self) -> bool {
        match self {
            Expr::Div(..) => true,
            Expr::Add(a, b) | Expr::Sub(a, b) | Expr::Mul(a, b) | Expr::Otherwise(a, b) => {
                a.has_quotient() || b.has_quotient()
            }
            Expr::Neg(x) | Expr::Abs(x) => x.has_quotient(),
            Expr::Least(values) | Expr::Greatest(values) => values.iter().any(Expr::has_quotient),
            _ => false,
        }
    }
}

impl Plan {
    /// Whether an expression can be missing.
    pub fn nullable(&self, expr: &Expr) -> bool {
        match expr {
            Expr::Column(c) => c.nullable,
            Expr::Feature { table, feature } => self.feature(*table, *feature).empty.is_none(),
            Expr::Lit(_) | Expr::Date(_) => false,
            Expr::DateOf(e)
            | Expr::DaysSince(e)
            | Expr::AgeYears(e)
            | Expr::DaysUntil(e)
            | Expr::DatePart(_, e)
            | Expr::Anniversary(e)
            | Expr::Text(_, e) => self.nullable(e),
            Expr::Add(a, b) | Expr::Sub(a, b) | Expr::Mul(a, b) => {
                self.nullable(a) || self.nullable(b)
            }
            Expr::Neg(e) | Expr::Abs(e) | Expr::Sign(e) | Expr::Round(e, _) => self.nullable(e),
            Expr::Otherwise(a, b) => self.nullable(a) && self.nullable(b),
            Expr::Least(values) | Expr::Greatest(values) => values.iter().any(|v| self.nullable(v)),
            Expr::Div(..) | Expr::IntDiv(..) => true,
            Expr::Score { field, .. } => *field != ScoreField::Scored,
            Expr::Case { whens, otherwise } => {
                self.nullable(otherwise) || whens.iter().any(|(_, e)| self.nullable(e))
            }
        }
    }

    /// The type of an expression.
    pub fn type_of(&self, expr: &Expr) -> ScalarType {
        match expr {
            Expr::Column(c) => c.ty,
            Expr::Feature { table, feature } => self.feature(*table, *feature).ty,
            Expr::Lit(s) => match s {
                Scalar::Int(_) => ScalarType::Int,
                Scalar::Decimal(d) => ScalarType::Decimal {
                    precision: 38,
                    scale: d.split_once('.').map_or(0, |(_, f)| f.len() as u32),
                },
                Scalar::String(_) => ScalarType::String,
                Scalar::Bool(_) => ScalarType::Bool,
                Scalar::Date(_) => ScalarType::Date,
            },
            Expr::Date(_) | Expr::DateOf(_) | Expr::Anniversary(_) => ScalarType::Date,
            Expr::DaysSince(_)
            | Expr::AgeYears(_)
            | Expr::DaysUntil(_)
            | Expr::DatePart(..)
            | Expr::Sign(_)
            | Expr::Text(TextFunc::Length, _) => ScalarType::Int,
            Expr::Text(..) => ScalarType::String,
            Expr::Mul(a, b) => match (self.type_of(a), self.type_of(b)) {
                (ScalarType::Int, ScalarType::Int) => ScalarType::Int,
                (x, y) => ScalarType::Decimal {
                    precision: 38,
                    scale: (scale_of(x) + scale_of(y)).min(38),
                },
            },
            Expr::Add(a, b) | Expr::Sub(a, b) => match (self.type_of(a), self.type_of(b)) {
                (ScalarType::Int, ScalarType::Int) => ScalarType::Int,
                (x, y) => ScalarType::Decimal {
                    precision: 38,
                    scale: scale_of(x).max(scale_of(y)),
                },
            },
            Expr::Neg(e) | Expr::Abs(e) => self.type_of(e),
            Expr::Round(e, digits) => match self.type_of(e) {
                ScalarType::Int => ScalarType::Int,
                _ => ScalarType::Decimal {
                    precision: 38,
                    scale: *digits,
                },
            },
            Expr::Otherwise(a, b) => match (self.type_of(a), self.type_of(b)) {
                (ScalarType::Int, ScalarType::Int) => ScalarType::Int,
                (x @ ScalarType::Decimal { .. }, y) | (y, x @ ScalarType::Decimal { .. }) => {
                    ScalarType::Decimal {
                        precision: 38,
                        scale: scale_of(x).max(scale_of(y)),
                    }
                }
                (x, _) => x,
            },
            Expr::Least(values) | Expr::Greatest(values) => {
                let types: Vec<ScalarType> = values.iter().map(|v| self.type_of(v)).collect();
                match types
                    .iter()
                    .find(|t| matches!(t, ScalarType::Decimal { .. }))
                {
                    Some(_) => ScalarType::Decimal {
                        precision: 38,
                        scale: types.iter().map(|t| scale_of(*t)).max().unwrap_or(0),
                    },
                    None => types.first().copied().unwrap_or(ScalarType::Int),
                }
            }
            Expr::Div(..) => ScalarType::Decimal {
                precision: 38,
                scale: 9,
            },
            // A number if any branch is a decimal: arithmetic must not cast it to a whole type.
            Expr::Case { whens, otherwise } => {
                let types: Vec<ScalarType> = whens
                    .iter()
                    .map(|(_, e)| e)
                    .chain(std::iter::once(otherwise.as_ref()))
                    .map(|e| self.type_of(e))
                    .collect();
                match types
                    .iter()
                    .any(|t| matches!(t, ScalarType::Decimal { .. }))
                {
                    true => ScalarType::Decimal {
                        precision: 38,
                        scale: types.iter().map(|t| scale_of(*t)).max().unwrap_or(0),
                    },
                    false => self.type_of(otherwise),
                }
            }
            Expr::IntDiv(..) => ScalarType::Int,
            Expr::Score { set, field } => match field {
                ScoreField::Score(_) => ScalarType::Int,
                ScoreField::Measure(i) => self.type_of(&self.score_set(*set).measures[*i].value),
                ScoreField::Code => ScalarType::String,
                ScoreField::Scored => ScalarType::Bool,
            },
        }
    }
}

/// Digits after the point of a number type: 0 for an int.
pub fn scale_of(ty: ScalarType) -> u32 {
    match ty {
        ScalarType::Decimal { scale, .. } => scale,
        _ => 0,
    }
}
