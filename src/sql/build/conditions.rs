//! Conditions: every plan `Cond` becomes a two-valued SQL test. A test wraps in
//! `COALESCE(…, FALSE)` exactly when an operand can be missing; text orderings name the
//! dialect's byte-wise collation where it needs one.

use super::references::rule_cte_name;
use super::sequences::sequence_cte_name;
use super::{flag_column, Builder};
use crate::ir::{CompareOp, Cond, Expr, ScalarType, TextTest};
use crate::sql::tree::SqlExpr;

impl Builder<'_> {
    /// A two-valued condition; `alias` qualifies columns of the table in scope.
    pub(super) fn cond(&self, c: &Cond, alias: &str) -> SqlExpr {
        match c {
            Cond::Const(b) => SqlExpr::Bool(*b),
            Cond::And(parts) => flatten(parts.iter().map(|p| self.cond(p, alias)).collect(), true),
            Cond::Or(parts) => flatten(parts.iter().map(|p| self.cond(p, alias)).collect(), false),
            Cond::Not(inner) => match inner.as_ref() {
                Cond::IsNull(e) if !e.has_quotient() => SqlExpr::IsNull {
                    expr: Box::new(self.expr(e, alias)),
                    negated: true,
                },
                other => SqlExpr::Not(Box::new(self.cond(other, alias))),
            },
            Cond::Compare { op, left, right } if left.has_quotient() || right.has_quotient() => {
                self.cond(&self.exact_compare(*op, left, right), alias)
            }
            Cond::Compare { op, left, right } => self.compare(*op, left, right, alias),
            // With a quotient, `x in [a, b]` is `x = a or x = b`, each decided exactly;
            // `not in` is `x != a and x != b`, false too where `x` is missing.
            Cond::InList {
                expr,
                items,
                negated,
            } if expr.has_quotient() || items.iter().any(Expr::has_quotient) => {
                let op = if *negated {
                    CompareOp::Ne
                } else {
                    CompareOp::Eq
                };
                let parts = items
                    .iter()
                    .map(|i| self.cond(&self.exact_compare(op, expr, i), alias))
                    .collect();
                flatten(parts, *negated)
            }
            Cond::InList {
                expr,
                items,
                negated,
            } => {
                let base = SqlExpr::InList {
                    expr: Box::new(self.expr(expr, alias)),
                    items: items.iter().map(|i| self.expr(i, alias)).collect(),
                    negated: *negated,
                };
                let mut all: Vec<&Expr> = vec![expr];
                all.extend(items.iter());
                self.two_valued(base, &all)
            }
            Cond::IsNull(e) if e.has_quotient() => self.cond(&self.exact_missing(e), alias),
            Cond::IsNull(e) => SqlExpr::IsNull {
                expr: Box::new(self.expr(e, alias)),
                negated: false,
            },
            Cond::Text {
                test,
                expr,
                pattern,
            } => {
                let (v, p) = (self.expr(expr, alias), self.expr(pattern, alias));
                let base = match test {
                    TextTest::StartsWith => self.d.starts_with(v, p),
                    TextTest::EndsWith => self.d.ends_with(v, p),
                    TextTest::Contains => self.d.contains(v, p),
                    TextTest::Matches => self.d.like(v, p),
                };
                self.two_valued(base, &[expr, pattern])
            }
            Cond::Truthy(e) => self.two_valued(self.expr(e, alias), &[e]),
            // The helper's CTE has one row per entity (keys are unique and never missing), so its
            // flag is never missing; a helper read only here is written in place.
            Cond::Referenced(id) => {
                let rule = self.plan.referenced(*id);
                match self.usage.rules.contains(&id.0) {
                    true => SqlExpr::col(&rule_cte_name(rule), &flag_column(&rule.segment)),
                    false => self.cond(&rule.cond, alias),
                }
            }
            Cond::HashBelow {
                expr,
                salt,
                threshold,
            } => self.hash_below(expr, salt, threshold, alias),
            // The sequence's CTE has one row per member it holds for, joined by key.
            Cond::Sequence(id) => SqlExpr::IsNull {
                expr: Box::new(SqlExpr::col(
                    &sequence_cte_name(self.plan.sequence(*id)),
                    &self.plan.entity.key,
                )),
                negated: true,
            },
        }
    }

    /// `left op right`; orderings of text compare byte by byte.
    fn compare(&self, op: CompareOp, left: &Expr, right: &Expr, alias: &str) -> SqlExpr {
        let strings = self.plan.type_of(left) == ScalarType::String;
        let ordering = !matches!(op, CompareOp::Eq | CompareOp::Ne);
        let mut r = self.expr(right, alias);
        if let (true, true, Some(collation)) =
            (strings, ordering, self.dialect().bytewise_collation)
        {
            r = SqlExpr::Collate {
                expr: Box::new(r),
                collation,
            };
        }
        let op = match op {
            CompareOp::Ne => "<>",
            other => other.symbol(),
        };
        let base = SqlExpr::binary(op, self.expr(left, alias), r);
        self.two_valued(base, &[left, right])
    }

    /// The holdout test: the hash of `salt:value` falls below `threshold` (both hex text).
    fn hash_below(&self, expr: &Expr, salt: &str, threshold: &str, alias: &str) -> SqlExpr {
        let text = SqlExpr::func(
            "CONCAT",
            vec![
                SqlExpr::Str(format!("{salt}:")),
                SqlExpr::cast(
                    self.expr(expr, alias),
                    self.dialect().type_name(ScalarType::String),
                ),
            ],
        );
        let mut bound = SqlExpr::Str(threshold.to_string());
        if let Some(collation) = self.dialect().bytewise_collation {
            bound = SqlExpr::Collate {
                expr: Box::new(bound),
                collation,
            };
        }
        SqlExpr::binary("<", self.d.hash_prefix(text), bound)
    }

    /// `COALESCE(base, FALSE)` when any operand can be missing: a missing value makes a test false.
    fn two_valued(&self, base: SqlExpr, operands: &[&Expr]) -> SqlExpr {
        if operands.iter().any(|e| self.plan.nullable(e)) {
            SqlExpr::func("COALESCE", vec![base, SqlExpr::Bool(false)])
        } else {
            base
        }
    }
}

/// `AND` (or `OR`) of `parts`, nested conjunctions flattened; none is the neutral constant.
fn flatten(parts: Vec<SqlExpr>, and: bool) -> SqlExpr {
    let mut out = Vec::new();
    for p in parts {
        match (p, and) {
            (SqlExpr::And(inner), true) | (SqlExpr::Or(inner), false) => out.extend(inner),
            (p, _) => out.push(p),
        }
    }
    match (out.len(), and) {
        (0, and) => SqlExpr::Bool(and),
        (1, _) => out.remove(0),
        (_, true) => SqlExpr::And(out),
        (_, false) => SqlExpr::Or(out),
    }
}
