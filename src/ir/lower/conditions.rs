//! Conditions: the checker's conditions become two-valued plan conditions, with dates compared
//! by calendar day, segment references read from their helper rule, and `avg` and `/ n` comparisons made exact.

use super::values::{date_of, time_unit};
use super::Lowerer;
use crate::check::typed::{self as t, AggFunc, Scope, Type};
use crate::ir::{CompareOp, Cond, DateExpr, Expr, Scalar, TextTest};

impl Lowerer<'_> {
    /// The plan's condition for a checked one whose columns are those of `scope`.
    pub(super) fn cond(&mut self, cond: &t::Cond, scope: Scope) -> Cond {
        match cond {
            t::Cond::And(parts) => Cond::And(parts.iter().map(|p| self.cond(p, scope)).collect()),
            t::Cond::Or(parts) => Cond::Or(parts.iter().map(|p| self.cond(p, scope)).collect()),
            t::Cond::Not(inner) => Cond::Not(Box::new(self.cond(inner, scope))),
            t::Cond::InSegment(id) => Cond::Referenced(self.helper(*id)),
            t::Cond::Sequence(sequence) => self.sequence(sequence),
            t::Cond::Bool(t::Value {
                kind: t::ValueKind::Aggregate(agg),
                ..
            }) if agg.func.is_quantifier() => self.quantifier(agg),
            t::Cond::Bool(v) => Cond::Truthy(self.value(v, scope)),
            t::Cond::Compare { op, left, right } => {
                self.compare(compare_op(*op), left, right, scope)
            }
            t::Cond::InList {
                value,
                items,
                negated,
            } => self.in_list(value, items, *negated, scope),
            t::Cond::Between { value, low, high } => Cond::And(vec![
                self.compare(CompareOp::Ge, value, low, scope),
                self.compare(CompareOp::Le, value, high, scope),
            ]),
            t::Cond::IsMissing(v) => self.missing(v, scope),
            t::Cond::IsPresent(v) => Cond::Not(Box::new(self.missing(v, scope))),
            t::Cond::Text {
                test,
                value,
                pattern,
            } => Cond::Text {
                test: text_test(*test),
                expr: self.value(value, scope),
                pattern: self.value(pattern, scope),
            },
            t::Cond::WithinLast { value, count, unit } => {
                let day = date_of(self.value(value, scope), &value.ty);
                Cond::And(vec![
                    Cond::Compare {
                        op: CompareOp::Gt,
                        left: day.clone(),
                        right: Expr::Date(DateExpr::Ago(*count, time_unit(*unit))),
                    },
                    Cond::Compare {
                        op: CompareOp::Le,
                        left: day,
                        right: Expr::Date(DateExpr::AsOf),
                    },
                ])
            }
            t::Cond::WithinNext { value, count, unit } => {
                let day = date_of(self.value(value, scope), &value.ty);
                let before_end = Cond::Compare {
                    op: CompareOp::Lt,
                    left: day.clone(),
                    right: Expr::Date(DateExpr::Ahead(*count, time_unit(*unit))),
                };
                // An anniversary is never before the evaluation date: only its end is tested.
                if matches!(value.kind, t::ValueKind::Anniversary(_)) {
                    return before_end;
                }
                Cond::And(vec![
                    Cond::Compare {
                        op: CompareOp::Ge,
                        left: day,
                        right: Expr::Date(DateExpr::AsOf),
                    },
                    before_end,
                ])
            }
            t::Cond::Before { value, bound } | t::Cond::After { value, bound } => {
                let op = match cond {
                    t::Cond::Before { .. } => CompareOp::Le,
                    _ => CompareOp::Gt,
                };
                Cond::Compare {
                    op,
                    left: date_of(self.value(value, scope), &value.ty),
                    right: date_of(self.value(bound, scope), &bound.ty),
                }
            }
        }
    }

    /// `value in [items]`, dates by calendar day.
    fn in_list(
        &mut self,
        value: &t::Value,
        items: &[t::Value],
        negated: bool,
        scope: Scope,
    ) -> Cond {
        let temporal = value.ty.is_temporal();
        let wrap = |this: &mut Self, v: &t::Value| {
            let e = this.value(v, scope);
            if temporal {
                date_of(e, &v.ty)
            } else {
                e
            }
        };
        let expr = wrap(self, value);
        if items.is_empty() {
            // `x in []` is never true; `x not in []` holds for every present value.
            return match negated {
                false => Cond::Const(false),
                true => Cond::Not(Box::new(Cond::IsNull(expr))),
            };
        }
        let items = items.iter().map(|i| wrap(self, i)).collect();
        Cond::InList {
            expr,
            items,
            negated,
        }
    }

    fn missing(&mut self, v: &t::Value, scope: Scope) -> Cond {
        // `avg` over no rows is missing: its count is zero.
        if let t::ValueKind::Aggregate(agg) = &v.kind {
            if agg.func == AggFunc::Avg {
                let (_, count) = self.avg_parts(agg);
                return Cond::Compare {
                    op: CompareOp::Eq,
                    left: count,
                    right: Expr::Lit(Scalar::Int(0)),
                };
            }
        }
        Cond::IsNull(self.value(v, scope))
    }

    fn compare(&mut self, op: CompareOp, left: &t::Value, right: &t::Value, scope: Scope) -> Cond {
        // `avg(x) op c` becomes `count > 0 and sum op c * count`: exact on every engine.
        if let Some(cond) = self.exact_avg_compare(op, left, right, scope) {
            return cond;
        }
        if let Some(cond) = self.exact_avg_compare(op.flipped(), right, left, scope) {
            return cond;
        }
        let (mut l, mut r) = (self.value(left, scope), self.value(right, scope));
        // Two timestamp columns compare as instants; a constant (a parameter's value is a date)
        // compares by calendar day, like any timestamp compared with a date.
        let constant =
            |v: &t::Value| matches!(v.kind, t::ValueKind::Literal(_) | t::ValueKind::Param(_));
        let both_timestamps = left.ty == Type::Timestamp
            && right.ty == Type::Timestamp
            && !constant(left)
            && !constant(right);
        if left.ty.is_temporal() && !both_timestamps {
            l = date_of(l, &left.ty);
            r = date_of(r, &right.ty);
        }
        // `a / n op c` with a positive whole `n` becomes `a op c * n`: exact on every engine.
        let divisor = |e: &Expr| match e {
            Expr::Div(a, n) => match n.as_ref() {
                Expr::Lit(Scalar::Int(n)) if *n > 0 => Some((a.as_ref().clone(), *n)),
                _ => None,
            },
            _ => None,
        };
        let times = |e: Expr, n: i64| Expr::Mul(Box::new(e), Box::new(Expr::Lit(Scalar::Int(n))));
        if let Some((a, n)) = divisor(&l) {
            return Cond::Compare {
                op,
                left: a,
                right: times(r, n),
            };
        }
        if let Some((a, n)) = divisor(&r) {
            return Cond::Compare {
                op,
                left: times(l, n),
                right: a,
            };
        }
        Cond::Compare {
            op,
            left: l,
            right: r,
        }
    }

    fn exact_avg_compare(
        &mut self,
        op: CompareOp,
        avg: &t::Value,
        constant: &t::Value,
        scope: Scope,
    ) -> Option<Cond> {
        let t::ValueKind::Aggregate(agg) = &avg.kind else {
            return None;
        };
        let is_constant = matches!(
            constant.kind,
            t::ValueKind::Literal(_) | t::ValueKind::Param(_)
        );
        if agg.func != AggFunc::Avg || !is_constant {
            return None;
        }
        let (sum, count) = self.avg_parts(agg);
        let c = self.value(constant, scope);
        Some(Cond::And(vec![
            Cond::Compare {
                op: CompareOp::Gt,
                left: count.clone(),
                right: Expr::Lit(Scalar::Int(0)),
            },
            Cond::Compare {
                op,
                left: sum,
                right: Expr::Mul(Box::new(c), Box::new(count)),
            },
        ]))
    }
}

/// The plan's comparison for a checked one.
fn compare_op(op: t::CompareOp) -> CompareOp {
    match op {
        t::CompareOp::Eq => CompareOp::Eq,
        t::CompareOp::Ne => CompareOp::Ne,
        t::CompareOp::Lt => CompareOp::Lt,
        t::CompareOp::Le => CompareOp::Le,
        t::CompareOp::Gt => CompareOp::Gt,
        t::CompareOp::Ge => CompareOp::Ge,
    }
}

/// The plan's string test for a checked one.
fn text_test(test: t::TextTest) -> TextTest {
    match test {
        t::TextTest::StartsWith => TextTest::StartsWith,
        t::TextTest::EndsWith => TextTest::EndsWith,
        t::TextTest::Contains => TextTest::Contains,
        t::TextTest::Matches => TextTest::Matches,
    }
}
