//! Sequences, sort-based: one CTE of the rows of both steps (`_steps`), each with its member,
//! its time as a whole number (a day number for dates, microseconds since 1970 for timestamps),
//! whether it starts the sequence and whether it can follow; one CTE counting, for each row,
//! the rows that can follow it within the bound (`_followers`: a window sum over the member's
//! rows ordered by time, `RANGE BETWEEN CURRENT ROW AND k FOLLOWING`, partitioned by the `same`
//! values, minus the row itself); and one CTE of the members with a first row followed, or not
//! followed (`_sequence`). Each engine sorts each member's rows once: no join of rows to rows.

use super::features::{column, parent_joins};
use super::{table_alias, Builder, EVALUATION};
use crate::ir::{Column, Cond, LookupTable, ScalarType, Sequence, SequenceStep};
use crate::sql::tree::{Cte, Join, JoinKind, Select, SelectItem, SqlExpr};
use std::collections::BTreeSet;

/// Microseconds in a day: the bound of a sequence over timestamps, per day.
const MICROS_PER_DAY: i64 = 86_400_000_000;

/// The CTE of the members a sequence holds for; joined to the entity on its key.
pub(super) fn sequence_cte_name(s: &Sequence) -> String {
    format!("{}_sequence", s.name)
}

impl Builder<'_> {
    /// Joins the CTEs of sequences `sequences` to `select`'s entity, by key.
    pub(super) fn join_sequences(&self, select: &mut Select, sequences: &BTreeSet<usize>) {
        for &i in sequences {
            let cte = sequence_cte_name(&self.plan.sequences[i]);
            select.joins.push(self.key_join(cte));
        }
    }

    /// The three CTEs of sequence `s`.
    pub(super) fn sequence_ctes(&self, s: &Sequence) -> Vec<Cte> {
        let key = self.plan.entity.key.clone();
        let steps = format!("{}_steps", s.name);
        let followers = format!("{}_followers", s.name);
        let item = |expr, alias: &str| SelectItem {
            expr,
            alias: Some(alias.to_string()),
            comment: None,
        };
        // A table in both steps is read once, each row with both roles: a row never follows
        // itself. `same` then pairs a column with itself (the checker's E0257).
        let body = if s.first.rows.name == s.then.rows.name {
            vec![self.step_select(s, &s.first, Role::Both)]
        } else {
            vec![
                self.step_select(s, &s.first, Role::First),
                self.step_select(s, &s.then, Role::Then),
            ]
        };
        let col = |name: &str| SqlExpr::col(&steps, name);
        let mut partition = vec![col(&key)];
        partition.extend((0..s.same.len()).map(|i| col(&same_column(i))));
        let bound = match s.first.rows.time.ty {
            ScalarType::Timestamp => s.within_days.saturating_mul(MICROS_PER_DAY),
            _ => s.within_days,
        };
        let following = SqlExpr::Window {
            name: "SUM",
            args: vec![col("seq_then")],
            partition_by: partition,
            order_by: vec![(col("seq_time"), false)],
            range_following: Some(bound),
        };
        let counted = Select {
            items: vec![
                item(col(&key), &key),
                item(col("seq_first"), "seq_first"),
                item(
                    SqlExpr::binary("-", following, col("seq_then")),
                    "seq_followers",
                ),
            ],
            from: Some((vec![steps.clone()], steps.clone())),
            ..Select::default()
        };
        let fcol = |name: &str| SqlExpr::col(&followers, name);
        let answered = SqlExpr::binary(
            if s.followed { ">" } else { "=" },
            fcol("seq_followers"),
            SqlExpr::Int(0),
        );
        let members = Select {
            items: vec![item(fcol(&key), &key)],
            from: Some((vec![followers.clone()], followers.clone())),
            filter: Some(SqlExpr::And(vec![
                SqlExpr::binary("=", fcol("seq_first"), SqlExpr::Int(1)),
                answered,
            ])),
            group_by: vec![fcol(&key)],
            ..Select::default()
        };
        let what = if s.followed {
            "followed"
        } else {
            "not followed"
        };
        vec![
            Cte {
                name: steps,
                comments: vec![
                    format!("sequence: {}", s.comment),
                    "the rows of both steps up to the evaluation date, each with its time as a number".into(),
                ],
                body,
                materialized: false,
            },
            Cte {
                name: followers,
                comments: vec![format!(
                    "for each row, the rows that can follow it within {} days, itself left out",
                    s.within_days
                )],
                body: vec![counted],
                materialized: false,
            },
            Cte {
                name: sequence_cte_name(s),
                comments: vec![format!("members with a first row {what} within the bound")],
                body: vec![members],
                materialized: true,
            },
        ]
    }

    /// The rows of one step (or, for `Role::Both`, of the one table of both steps), with their
    /// member, time, roles and `same` values.
    fn step_select(&self, s: &Sequence, step: &SequenceStep, role: Role) -> Select {
        let rows = &step.rows;
        let alias = table_alias(&rows.name);
        let (mut joins, below) = parent_joins(&alias, &rows.parents);
        // Each row once, with the lookup rows its steps' filters read (or none).
        let mut lookups: Vec<&LookupTable> = rows.lookups.iter().collect();
        if let Role::Both = role {
            let more = s.then.rows.lookups.iter();
            lookups.extend(more.filter(|l| !rows.lookups.contains(l)));
        }
        joins.extend(
            lookups
                .into_iter()
                .map(|l| super::lookups::lookup_join(&alias, l)),
        );
        joins.push(Join {
            kind: JoinKind::Cross,
            table: vec![EVALUATION.into()],
            alias: EVALUATION.into(),
            on: None,
        });
        let time = column(&rows.time, &alias);
        let flag = |cond: Option<&Cond>, extra: Vec<SqlExpr>| {
            let mut parts: Vec<SqlExpr> = cond.map(|c| self.cond(c, &alias)).into_iter().collect();
            parts.extend(extra);
            match parts.len() {
                0 => None,
                1 => parts.pop(),
                _ => Some(SqlExpr::And(parts)),
            }
        };
        // A row can follow only with every `same` value present: a missing value equals nothing.
        let present: Vec<SqlExpr> = s
            .same
            .iter()
            .map(|(_, then)| SqlExpr::IsNull {
                expr: Box::new(column(then, &alias)),
                negated: true,
            })
            .collect();
        let as_number = |cond: Option<SqlExpr>| match cond {
            None => SqlExpr::Int(1),
            Some(c) => SqlExpr::Case {
                whens: vec![(c, SqlExpr::Int(1))],
                otherwise: Some(Box::new(SqlExpr::Int(0))),
            },
        };
        let first = flag(s.first.filter.as_ref(), Vec::new());
        let then = flag(s.then.filter.as_ref(), present);
        let (first_flag, then_flag, keep) = match role {
            Role::First => (SqlExpr::Int(1), SqlExpr::Int(0), first),
            Role::Then => (SqlExpr::Int(0), SqlExpr::Int(1), then),
            Role::Both => {
                let keep = match (&first, &then) {
                    (Some(a), Some(b)) => Some(SqlExpr::Or(vec![a.clone(), b.clone()])),
                    _ => None,
                };
                (as_number(first), as_number(then), keep)
            }
        };
        let dated = SqlExpr::binary("<=", self.day_of(time.clone(), rows.time.ty), self.as_of());
        let filter = match keep {
            Some(k) => SqlExpr::And(vec![dated, k]),
            None => dated,
        };
        let item = |expr, alias: String| SelectItem {
            expr,
            alias: Some(alias),
            comment: None,
        };
        let mut items = vec![
            item(
                SqlExpr::col(&below, &rows.link),
                self.plan.entity.key.clone(),
            ),
            item(self.time_number(time, rows.time.ty), "seq_time".into()),
            item(first_flag, "seq_first".into()),
            item(then_flag, "seq_then".into()),
        ];
        for (i, (first_column, then_column)) in s.same.iter().enumerate() {
            let own: &Column = match role {
                Role::First | Role::Both => first_column,
                Role::Then => then_column,
            };
            items.push(item(column(own, &alias), same_column(i)));
        }
        Select {
            items,
            from: Some((rows.table.0.clone(), alias)),
            joins,
            filter: Some(filter),
            ..Select::default()
        }
    }

    /// A time as a whole number that orders like it: a date's day number since 1970-01-01, or a
    /// timestamp's microseconds since 1970-01-01 00:00 UTC.
    fn time_number(&self, time: SqlExpr, ty: ScalarType) -> SqlExpr {
        match ty {
            ScalarType::Timestamp => self.d.epoch_micros(time),
            _ => self.d.day_number(time),
        }
    }
}

/// Which roles the rows of one select of a sequence's steps play.
#[derive(Clone, Copy)]
enum Role {
    First,
    Then,
    Both,
}

/// The column of the `i`-th `same` value in the steps CTE.
fn same_column(i: usize) -> String {
    format!("seq_same_{}", i + 1)
}
