//! What a statement reads: the features, the tables joined to the entity, the score sets and the
//! helper rules, so a statement scans only what its conditions need. A helper rule read in two
//! places or more gets a CTE of its own; one read once is written where it is read (no copy
//! either way, and a lone `in x` reads as before).

use super::Form;
use crate::ir::{Cond, Expr, Plan};
use std::collections::BTreeSet;
use std::rc::Rc;

/// The features and score sets a statement reads.
#[derive(Default)]
pub(super) struct Usage {
    /// `(table, feature)` pairs.
    pub(super) features: BTreeSet<(usize, usize)>,
    /// Tables the statement joins to the entity: those its conditions read directly, not only
    /// through a score set (whose measures CTE joins its own).
    pub(super) joined: BTreeSet<usize>,
    pub(super) sets: BTreeSet<usize>,
    /// Sequences this select's conditions read: their CTEs are joined.
    pub(super) sequences: BTreeSet<usize>,
    /// Sequences the statement computes: those of the select and of its helpers' CTEs.
    pub(super) computed_sequences: BTreeSet<usize>,
    /// Whether this select's conditions read a column of the entity's owner (`accounts.region`
    /// on contacts): the owner's row is then joined.
    pub(super) owner_columns: bool,
    /// Helper rules with a CTE that this select's conditions read: their CTEs are joined.
    pub(super) joined_rules: BTreeSet<usize>,
    /// Helper rules the statement computes in a CTE of their own: those read more than once.
    /// Shared with the usage of each helper's CTE.
    pub(super) rules: Rc<BTreeSet<usize>>,
}

impl Usage {
    /// What the statement for `plan` in `form` reads.
    pub(super) fn of(plan: &Plan, form: Form) -> Usage {
        let roots: Vec<&Cond> = match form {
            Form::Membership => plan.segments.iter().map(|rule| &rule.cond).collect(),
            Form::Kpis => (plan.segments.iter().map(|rule| &rule.cond))
                .chain(plan.kpis.iter().flat_map(|k| k.measure.conds()))
                .collect(),
            Form::Members(s) | Form::Export(s) => vec![&plan.segments[s].cond],
            Form::EvaluationDate | Form::Spends => Vec::new(),
        };
        let mut u = Usage {
            rules: Rc::new(shared_rules(plan, &roots)),
            ..Usage::default()
        };
        match form {
            // What the rules read (and, for the KPIs, what their measures read): a feature
            // only a trait or a KPI reads is never computed for the membership.
            Form::Membership | Form::Kpis => {
                plan.segments
                    .iter()
                    .for_each(|rule| u.cond(plan, &rule.cond));
                if matches!(form, Form::Kpis) {
                    for kpi in &plan.kpis {
                        kpi.measure.conds().for_each(|c| u.cond(plan, c));
                        kpi.measure.values().for_each(|e| u.expr(plan, e));
                    }
                }
            }
            Form::Members(s) => u.cond(plan, &plan.segments[s].cond),
            Form::Export(s) => {
                let rule = &plan.segments[s];
                u.cond(plan, &rule.cond);
                for (_, e) in &rule.evidence {
                    u.expr(plan, e);
                }
            }
            Form::EvaluationDate | Form::Spends => {}
        }
        // Each helper with a CTE reads its own features and scores, walked once each.
        for &i in Rc::clone(&u.rules).iter() {
            let own = u.of_rule(plan, i);
            u.features.extend(own.features);
            u.sets.extend(own.sets);
            u.computed_sequences.extend(own.sequences);
        }
        u.computed_sequences.extend(u.sequences.iter().copied());
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
            Cond::Sequence(id) => {
                self.sequences.insert(id.0);
            }
            // A helper with a CTE is joined; what it reads is recorded once, by `of`.
            Cond::Referenced(id) => match self.rules.contains(&id.0) {
                true => {
                    self.joined_rules.insert(id.0);
                }
                false => self.cond(plan, &plan.referenced(*id).cond),
            },
        }
    }

    /// What the CTE of helper rule `i` reads itself (the helpers it joins are not followed), in a
    /// statement whose helpers with a CTE are `self.rules`.
    pub(super) fn of_rule(&self, plan: &Plan, i: usize) -> Usage {
        let mut own = Usage {
            rules: Rc::clone(&self.rules),
            ..Usage::default()
        };
        own.cond(plan, &plan.referenced[i].cond);
        own
    }

    /// Records what value `e` reads.
    pub(super) fn expr(&mut self, plan: &Plan, e: &Expr) {
        match e {
            Expr::Feature { table, feature } => {
                self.features.insert((*table, *feature));
                self.joined.insert(*table);
            }
            // In the entity's scope, only the owner's columns name a table.
            Expr::Column(c) => self.owner_columns |= c.parent.is_some(),
            Expr::Lit(_) | Expr::Date(_) => {}
            Expr::DateOf(x)
            | Expr::DaysSince(x)
            | Expr::AgeYears(x)
            | Expr::DaysUntil(x)
            | Expr::DatePart(_, x)
            | Expr::Anniversary(x)
            | Expr::Text(_, x) => self.expr(plan, x),
            Expr::Add(a, b)
            | Expr::Sub(a, b)
            | Expr::Mul(a, b)
            | Expr::Div(a, b)
            | Expr::IntDiv(a, b)
            | Expr::Otherwise(a, b) => {
                self.expr(plan, a);
                self.expr(plan, b);
            }
            Expr::Neg(x) | Expr::Abs(x) | Expr::Sign(x) | Expr::Round(x, _) => self.expr(plan, x),
            Expr::Least(values) | Expr::Greatest(values) => {
                for v in values {
                    self.expr(plan, v);
                }
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

/// The helper rules that `roots` read, directly or through other helpers, that get a CTE of
/// their own: those read in two places or more, and those that read another helper. A helper
/// written in place therefore never holds another one written in place, so a chain of thousands
/// of references nests one level deep, not thousands. Each helper's condition is walked once,
/// however often it is read.
fn shared_rules(plan: &Plan, roots: &[&Cond]) -> BTreeSet<usize> {
    let mut reads = vec![0usize; plan.referenced.len()];
    let mut reads_a_helper = vec![false; plan.referenced.len()];
    // Each condition with the helper whose condition it is part of, if any.
    let mut pending: Vec<(Option<usize>, &Cond)> = roots.iter().map(|c| (None, *c)).collect();
    while let Some((owner, c)) = pending.pop() {
        match c {
            Cond::Referenced(id) => {
                if let Some(owner) = owner {
                    reads_a_helper[owner] = true;
                }
                reads[id.0] += 1;
                if reads[id.0] == 1 {
                    pending.push((Some(id.0), &plan.referenced(*id).cond));
                }
            }
            Cond::And(parts) | Cond::Or(parts) => pending.extend(parts.iter().map(|p| (owner, p))),
            Cond::Not(inner) => pending.push((owner, inner)),
            Cond::Const(_)
            | Cond::Compare { .. }
            | Cond::InList { .. }
            | Cond::IsNull(_)
            | Cond::Text { .. }
            | Cond::Truthy(_)
            | Cond::HashBelow { .. }
            | Cond::Sequence(_) => {}
        }
    }
    (0..reads.len())
        .filter(|&i| reads[i] > 1 || (reads[i] == 1 && reads_a_helper[i]))
        .collect()
}
