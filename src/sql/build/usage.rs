//! What a statement reads: the features, the tables joined to the entity and the score sets, so
//! a statement scans only what its conditions need.

use super::Form;
use crate::ir::{Cond, Expr, Plan};
use std::collections::BTreeSet;

/// The features and score sets a statement reads.
#[derive(Default)]
pub(super) struct Usage {
    /// `(table, feature)` pairs.
    pub(super) features: BTreeSet<(usize, usize)>,
    /// Tables the statement joins to the entity: those its conditions read directly, not only
    /// through a score set (whose measures CTE joins its own).
    pub(super) joined: BTreeSet<usize>,
    pub(super) sets: BTreeSet<usize>,
}

impl Usage {
    /// What the statement for `plan` in `form` reads.
    pub(super) fn of(plan: &Plan, form: Form) -> Usage {
        let mut u = Usage::default();
        match form {
            Form::Membership => {
                for (t, table) in plan.feature_tables.iter().enumerate() {
                    u.features.extend((0..table.features.len()).map(|f| (t, f)));
                    if !table.features.is_empty() {
                        u.joined.insert(t);
                    }
                }
                u.sets.extend(0..plan.score_sets.len());
            }
            Form::Members(s) => u.cond(plan, &plan.segments[s].cond),
            Form::Export(s) => {
                let rule = &plan.segments[s];
                u.cond(plan, &rule.cond);
                for (_, e) in &rule.evidence {
                    u.expr(plan, e);
                }
            }
        }
        u
    }

    /// Whether any feature of table `t` is read.
    pub(super) fn table_used(&self, t: usize) -> bool {
        self.features.range((t, 0)..(t + 1, 0)).next().is_some()
    }

    /// Records what condition `c` reads.
    pub(super) fn cond(&mut self, plan: &Plan, c: &Cond) {
        match c {
            Cond::Const(_) => {}
            Cond::And(parts) | Cond::Or(parts) => parts.iter().for_each(|p| self.cond(plan, p)),
            Cond::Not(inner) => self.cond(plan, inner),
            Cond::Compare { left, right, .. } => {
                self.expr(plan, left);
                self.expr(plan, right);
            }
            Cond::InList { expr, items, .. } => {
                self.expr(plan, expr);
                items.iter().for_each(|i| self.expr(plan, i));
            }
            Cond::IsNull(e) | Cond::Truthy(e) | Cond::HashBelow { expr: e, .. } => {
                self.expr(plan, e)
            }
            Cond::Text { expr, pattern, .. } => {
                self.expr(plan, expr);
                self.expr(plan, pattern);
            }
        }
    }

    /// Records what value `e` reads.
    pub(super) fn expr(&mut self, plan: &Plan, e: &Expr) {
        match e {
            Expr::Feature { table, feature } => {
                self.features.insert((*table, *feature));
                self.joined.insert(*table);
            }
            Expr::Column(_) | Expr::Lit(_) | Expr::Date(_) => {}
            Expr::DateOf(x) | Expr::DaysSince(x) | Expr::AgeYears(x) => self.expr(plan, x),
            Expr::Mul(a, b) | Expr::Div(a, b) | Expr::IntDiv(a, b) => {
                self.expr(plan, a);
                self.expr(plan, b);
            }
            Expr::Case { whens, otherwise } => {
                self.expr(plan, otherwise);
                for (c, e) in whens {
                    self.cond(plan, c);
                    self.expr(plan, e);
                }
            }
            Expr::Score { set, .. } => {
                if self.sets.insert(set.0) {
                    let scores = plan.score_set(*set);
                    let mut own = Usage::default();
                    own.cond(plan, &scores.population);
                    for m in &scores.measures {
                        own.expr(plan, &m.value);
                    }
                    self.features.extend(own.features);
                    self.sets.extend(own.sets);
                }
            }
        }
    }
}
