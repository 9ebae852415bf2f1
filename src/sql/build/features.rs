//! Feature tables: one `GROUP BY` pass over each facts table, computing every aggregate the
//! statement reads, after dropping rows dated after the evaluation date.

use super::{feature_cte_name, table_alias, Builder, EVALUATION};
use crate::ir::{Agg, Column, DateExpr, Expr, Feature, FeatureTable, ParentTable, ScalarType};
use crate::sql::errors::EmitError;
use crate::sql::tree::{AggCall, Cte, Join, JoinKind, Select, SelectItem, SqlExpr};

impl Builder<'_> {
    /// Whether the statement reads features of table `i`.
    pub(super) fn is_used(&self, i: usize) -> bool {
        self.usage.table_used(i)
    }

    /// Whether the statement reads feature `f` of table `t`.
    fn is_feature_used(&self, t: usize, f: usize) -> bool {
        self.usage.features.contains(&(t, f))
    }

    /// The aggregate CTE of feature table `index`.
    pub(super) fn feature_cte(&self, index: usize, table: &FeatureTable) -> Result<Cte, EmitError> {
        let alias = table_alias(&table.name);
        let (mut joins, below) = parent_joins(&alias, &table.parents);
        // Each row once, with the lookup rows its read features need (or none).
        joins.extend(self.lookup_joins(index, table));
        joins.push(Join {
            kind: JoinKind::Cross,
            table: vec![EVALUATION.into()],
            alias: EVALUATION.into(),
            on: None,
        });
        let link = SqlExpr::col(&below, &table.link);
        let mut items = vec![SelectItem {
            expr: link.clone(),
            alias: Some(table.link.clone()),
            comment: None,
        }];
        // A KPI's `next N days` reads rows after the evaluation date: the pass keeps them up
        // to the furthest horizon, and every other feature drops them itself.
        let used = |fi: &usize| self.is_feature_used(index, *fi);
        let mut horizons: Vec<DateExpr> = Vec::new();
        for fi in (0..table.features.len()).filter(used) {
            if let Some(h) = table.features[fi].horizon {
                if !horizons.contains(&h) {
                    horizons.push(h);
                }
            }
        }
        let up_to = |this: &Self, date: SqlExpr| {
            table.time.as_ref().map(|time| {
                let day = this.day_of(column(time, &alias), time.ty);
                SqlExpr::binary("<=", day, date)
            })
        };
        let up_to_as_of = up_to(self, self.as_of()).filter(|_| !horizons.is_empty());
        for (fi, f) in table.features.iter().enumerate() {
            if !used(&fi) {
                continue;
            }
            let past = up_to_as_of.clone().filter(|_| f.horizon.is_none());
            items.push(SelectItem {
                expr: self.aggregate(f, &alias, past)?,
                alias: Some(f.name.clone()),
                comment: Some(f.comment.clone()),
            });
        }
        // Every horizon is on or after the evaluation date, so the rows up to the horizons
        // include the rows up to it.
        let mut bounds: Vec<SqlExpr> = match horizons.is_empty() {
            true => up_to(self, self.as_of()).into_iter().collect(),
            false => (horizons.iter())
                .filter_map(|h| up_to(self, self.expr(&Expr::Date(*h), &alias)))
                .collect(),
        };
        let filter = match bounds.len() {
            0 => None,
            1 => bounds.pop(),
            _ => Some(SqlExpr::Or(bounds)),
        };
        Ok(Cte {
            name: feature_cte_name(table),
            comments: vec![format!(
                "one pass over {}{} for all segments{}",
                table.name,
                parents_words(table),
                match (table.time.is_some(), horizons.is_empty()) {
                    (false, _) => "",
                    (true, true) => "; rows after the evaluation date are ignored",
                    (true, false) => {
                        "; rows after the evaluation date count only for a kpi's `next` window"
                    }
                }
            )],
            body: vec![Select {
                items,
                from: Some((table.table.0.clone(), alias)),
                joins,
                filter,
                group_by: vec![link],
                ..Select::default()
            }],
            materialized: true,
        })
    }

    /// One feature's aggregate over the rows its filter keeps, and `past` (rows up to the
    /// evaluation date) where the pass keeps later rows for a KPI.
    fn aggregate(
        &self,
        f: &Feature,
        alias: &str,
        past: Option<SqlExpr>,
    ) -> Result<SqlExpr, EmitError> {
        let own = f.filter.as_ref().map(|c| self.cond(c, alias));
        let filter = match (past, own) {
            (Some(p), Some(o)) => Some(SqlExpr::And(vec![p, o])),
            (p, o) => p.or(o),
        };
        let col = |c: &Column| column(c, alias);
        // Ordering strings is byte-wise on every engine: say so where the engine needs it.
        let ordered = |c: &Column| match (c.ty, self.dialect().bytewise_collation) {
            (ScalarType::String, Some(collation)) => SqlExpr::Collate {
                expr: Box::new(col(c)),
                collation,
            },
            _ => col(c),
        };
        let call = |name, args| AggCall::new(name, args);
        let built = match &f.agg {
            Agg::CountRows => self.d.filtered(call("COUNT", vec![]), filter),
            Agg::CountValues(c) => self.d.filtered(call("COUNT", vec![col(c)]), filter),
            Agg::CountDistinct(c) => {
                let mut a = call("COUNT", vec![col(c)]);
                a.distinct = true;
                self.d.filtered(a, filter)
            }
            Agg::Sum(c) => self.d.filtered(call("SUM", vec![col(c)]), filter),
            Agg::Min(c) => self.d.filtered(call("MIN", vec![ordered(c)]), filter),
            Agg::Max(c) => self.d.filtered(call("MAX", vec![ordered(c)]), filter),
            Agg::First { value, time } | Agg::Last { value, time } => {
                let desc = matches!(f.agg, Agg::Last { .. });
                let order = vec![(col(time), desc), (ordered(value), desc)];
                return self.d.first_by(col(value), order, filter);
            }
        };
        Ok(built)
    }
}

/// A table of facts tables reads each row with its parent rows, joined once (inner joins on the
/// link columns): the joins, and the alias of the last parent, which holds the entity's key
/// (`alias` itself without parents).
pub(super) fn parent_joins(alias: &str, parents: &[ParentTable]) -> (Vec<Join>, String) {
    let mut joins = Vec::new();
    let mut below = alias.to_string();
    for parent in parents {
        let parent_alias = table_alias(&parent.name);
        joins.push(Join {
            kind: JoinKind::Inner,
            table: parent.table.0.clone(),
            alias: parent_alias.clone(),
            on: Some(SqlExpr::binary(
                "=",
                SqlExpr::col(&below, &parent.child_column),
                SqlExpr::col(&parent_alias, &parent.column),
            )),
        });
        below = parent_alias;
    }
    (joins, below)
}

/// A column of a feature's rows: of the facts table (`alias`), or of the parent row it names.
pub(super) fn column(c: &Column, alias: &str) -> SqlExpr {
    match &c.parent {
        Some(parent) => SqlExpr::col(&table_alias(parent), &c.name),
        None => SqlExpr::col(alias, &c.name),
    }
}

/// `" with its orders"`, `" with its orders and their customers"`: the parents a table of
/// facts tables is read with, for the CTE's comment.
fn parents_words(table: &FeatureTable) -> String {
    match table.parents.as_slice() {
        [] => String::new(),
        parents => format!(
            " with its {}",
            parents
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join(" and their ")
        ),
    }
}
