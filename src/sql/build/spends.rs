//! The spends statement: one row with every sum booked in a costs table that the plan's KPI
//! spends read, each costs table read once (one CTE per table, its sums side by side), the CTEs
//! cross-joined. Costs are not per member, so this row is the same for every group.

use super::features::column;
use super::{table_alias, Builder, EVALUATION};
use crate::ir::BookedSum;
use crate::sql::tree::{AggCall, Cte, Join, JoinKind, Select, SelectItem, SqlExpr};

/// The suffix of the CTE holding the sums of one costs table.
pub const SPEND_SUFFIX: &str = "_spend";

impl Builder<'_> {
    /// The one-row body; the per-table CTEs go to `ctes`.
    pub(super) fn spends(&self, ctes: &mut Vec<Cte>) -> Vec<Select> {
        // Grouped by table in the order first read; each sum's name is its KPI's and its rank
        // in the spend, so none is twice in a plan.
        let sums: Vec<&BookedSum> = (self.plan.kpis.iter())
            .flat_map(|k| k.measure.booked())
            .collect();
        let mut tables: Vec<&str> = Vec::new();
        for sum in &sums {
            if !tables.contains(&sum.costs.name.as_str()) {
                tables.push(&sum.costs.name);
            }
        }
        let mut body = Select {
            comments: vec!["the spends of the kpis: one amount each, for every segment".into()],
            ..Select::default()
        };
        for (i, name) in tables.iter().enumerate() {
            let cte = format!("{name}{SPEND_SUFFIX}");
            let of_table: Vec<&&BookedSum> =
                sums.iter().filter(|s| s.costs.name == *name).collect();
            let alias = table_alias(name);
            let items = (of_table.iter())
                .map(|sum| SelectItem {
                    expr: self.d.filtered(
                        AggCall::new("SUM", vec![column(&sum.column, &alias)]),
                        sum.filter.as_ref().map(|c| self.cond(c, &alias)),
                    ),
                    alias: Some(sum.name.clone()),
                    comment: Some(sum.comment.clone()),
                })
                .collect();
            ctes.push(Cte {
                name: cte.clone(),
                comments: vec![format!("the sums booked in costs table {name}")],
                body: vec![Select {
                    items,
                    from: Some((of_table[0].costs.table.0.clone(), alias)),
                    joins: vec![Join {
                        kind: JoinKind::Cross,
                        table: vec![EVALUATION.into()],
                        alias: EVALUATION.into(),
                        on: None,
                    }],
                    ..Select::default()
                }],
                materialized: false,
            });
            body.items.extend(of_table.iter().map(|sum| SelectItem {
                expr: SqlExpr::col(&cte, &sum.name),
                alias: Some(sum.name.clone()),
                comment: None,
            }));
            match i {
                0 => body.from = Some((vec![cte.clone()], cte)),
                _ => body.joins.push(Join {
                    kind: JoinKind::Cross,
                    table: vec![cte.clone()],
                    alias: cte,
                    on: None,
                }),
            }
        }
        vec![body]
    }
}
