//! Feature tables: one `GROUP BY` pass over each facts table, computing every aggregate the
//! statement reads, after dropping rows dated after the evaluation date.

use super::{feature_cte_name, table_alias, Builder, EVALUATION};
use crate::ir::{Agg, Column, Feature, FeatureTable, ScalarType};
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
        let link = SqlExpr::col(&alias, &table.link);
        let mut items = vec![SelectItem {
            expr: link.clone(),
            alias: Some(table.link.clone()),
            comment: None,
        }];
        for (fi, f) in table.features.iter().enumerate() {
            if !self.is_feature_used(index, fi) {
                continue;
            }
            items.push(SelectItem {
                expr: self.aggregate(f, &alias)?,
                alias: Some(f.name.clone()),
                comment: Some(f.comment.clone()),
            });
        }
        let filter = table.time.as_ref().map(|time| {
            let day = self.day_of(SqlExpr::col(&alias, &time.name), time.ty);
            SqlExpr::binary("<=", day, self.as_of())
        });
        Ok(Cte {
            name: feature_cte_name(table),
            comments: vec![format!(
                "one pass over {} for all segments{}",
                table.name,
                if table.time.is_some() {
                    "; rows after the evaluation date are ignored"
                } else {
                    ""
                }
            )],
            body: vec![Select {
                items,
                from: Some((table.table.0.clone(), alias)),
                joins: vec![Join {
                    kind: JoinKind::Cross,
                    table: vec![EVALUATION.into()],
                    alias: EVALUATION.into(),
                    on: None,
                }],
                filter,
                group_by: vec![link],
                ..Select::default()
            }],
            materialized: true,
        })
    }

    /// One feature's aggregate over the rows its filter keeps.
    fn aggregate(&self, f: &Feature, alias: &str) -> Result<SqlExpr, EmitError> {
        let filter = f.filter.as_ref().map(|c| self.cond(c, alias));
        let col = |c: &Column| SqlExpr::col(alias, &c.name);
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
