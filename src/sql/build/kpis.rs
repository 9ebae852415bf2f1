//! The KPI statement: the entity's rows with every rule's flag and every KPI's per-member
//! values (one pass, reading the same feature CTEs as the membership), then, per rule, the
//! member count and each KPI's sufficient statistics: counts, sums, sums of squares and of
//! products, all exact, so that every engine returns the same numbers.

use super::query::{flags_cte_name, member_pairs, segment_names_cte};
use super::{flag_column, table_alias, Builder, SEGMENT_NAMES};
use crate::ir::{Cond, KpiPlan, KpiValue};
use crate::sql::tree::{AggCall, Cte, Select, SelectItem, SqlExpr};

/// The name of the column holding statistic `stat` of KPI `kpi` in the KPI statement's result.
pub fn kpi_column(kpi: &KpiPlan, stat: &str) -> String {
    format!("kpi_{}_{stat}", kpi.name)
}

impl Builder<'_> {
    /// Per rule: `segment`, `members`, then each KPI's statistics (`KpiValue::statistics`).
    pub(super) fn kpis(&self, ctes: &mut Vec<Cte>) -> Vec<Select> {
        let plan = self.plan;
        let entity = &plan.entity;
        let alias = table_alias(&entity.name);
        let flags_name = flags_cte_name(&entity.name);
        let mut flags = self.entity_select();
        let item = |expr, alias: String| SelectItem {
            expr,
            alias: Some(alias),
            comment: None,
        };
        flags
            .items
            .push(item(SqlExpr::col(&alias, &entity.key), entity.key.clone()));
        for rule in &plan.segments {
            flags.items.push(item(
                self.cond(&rule.cond, &alias),
                flag_column(&rule.name()),
            ));
        }
        let mut stats = vec![
            item(SqlExpr::col(SEGMENT_NAMES, "segment"), "segment".into()),
            item(
                SqlExpr::Agg(Box::new(AggCall::new("COUNT", Vec::new()))),
                "members".into(),
            ),
        ];
        let read = |kpi: &KpiPlan, part: &str| SqlExpr::col(&flags_name, &kpi_column(kpi, part));
        for kpi in &plan.kpis {
            let mut part = |name: &str, expr: SqlExpr| {
                let mut i = item(expr, kpi_column(kpi, name));
                i.comment = Some(format!("kpi {} ({})", kpi.name, kpi.location));
                flags.items.push(i);
            };
            match &kpi.measure {
                KpiValue::Mean(x) | KpiValue::Total(x) => part("x", self.expr(x, &alias)),
                KpiValue::Ratio(x, y) => {
                    // Each side only where the other is present.
                    let (x, y) = (self.expr(x, &alias), self.expr(y, &alias));
                    part("x", when_present(&y, x.clone()));
                    part("y", when_present(&x, y));
                }
                KpiValue::Share { holds, among } => {
                    let holds = self.cond(holds, &alias);
                    match among {
                        Cond::Const(true) => {
                            part("among", SqlExpr::Bool(true));
                            part("holds", holds);
                        }
                        _ => {
                            let among = self.cond(among, &alias);
                            part("among", among.clone());
                            part("holds", SqlExpr::And(vec![among, holds]));
                        }
                    }
                }
                KpiValue::Cost { per, .. } => part("per", self.cond(per, &alias)),
            }
            let sum = |e: SqlExpr| SqlExpr::Agg(Box::new(AggCall::new("SUM", vec![e])));
            let count = |e: SqlExpr| SqlExpr::Agg(Box::new(AggCall::new("COUNT", vec![e])));
            let product = |a: SqlExpr, b: SqlExpr| SqlExpr::binary("*", a, b);
            let columns: Vec<SqlExpr> = match &kpi.measure {
                KpiValue::Mean(_) => {
                    let x = read(kpi, "x");
                    vec![count(x.clone()), sum(x.clone()), sum(product(x.clone(), x))]
                }
                KpiValue::Total(_) => {
                    let x = read(kpi, "x");
                    vec![count(x.clone()), sum(x)]
                }
                KpiValue::Ratio(..) => {
                    let (x, y) = (read(kpi, "x"), read(kpi, "y"));
                    vec![
                        count(x.clone()),
                        sum(x.clone()),
                        sum(y.clone()),
                        sum(product(x.clone(), x.clone())),
                        sum(product(y.clone(), y.clone())),
                        sum(product(x, y)),
                    ]
                }
                KpiValue::Share { .. } => {
                    vec![count_if(read(kpi, "among")), count_if(read(kpi, "holds"))]
                }
                KpiValue::Cost { .. } => vec![count_if(read(kpi, "per"))],
            };
            for (stat, expr) in kpi.measure.statistics().iter().zip(columns) {
                stats.push(item(expr, kpi_column(kpi, stat)));
            }
        }
        ctes.push(Cte {
            name: flags_name.clone(),
            comments: vec![format!(
                "one row per {}, one flag per segment and the values of each kpi",
                entity.name
            )],
            body: vec![flags],
            materialized: true,
        });
        ctes.push(segment_names_cte(plan));
        let mut select = member_pairs(plan, &flags_name, stats);
        select.comments =
            vec!["per segment: its members and the sums each kpi is computed from".into()];
        select.group_by = vec![SqlExpr::col(SEGMENT_NAMES, "segment")];
        vec![select]
    }
}

/// `SUM(CASE WHEN c THEN 1 ELSE 0 END)`: how many rows `c` holds on.
fn count_if(c: SqlExpr) -> SqlExpr {
    SqlExpr::Agg(Box::new(AggCall::new(
        "SUM",
        vec![SqlExpr::Case {
            whens: vec![(c, SqlExpr::Int(1))],
            otherwise: Some(Box::new(SqlExpr::Int(0))),
        }],
    )))
}

/// `CASE WHEN other IS NOT NULL THEN value END`.
fn when_present(other: &SqlExpr, value: SqlExpr) -> SqlExpr {
    SqlExpr::Case {
        whens: vec![(
            SqlExpr::IsNull {
                expr: Box::new(other.clone()),
                negated: true,
            },
            value,
        )],
        otherwise: None,
    }
}
