//! KPIs: each measure's values and conditions lowered over the entity, their aggregates joining
//! the plan's feature tables (so a KPI adds columns to a scan, never a scan).

use super::values::{column, date_of};
use super::Lowerer;
use crate::check::typed::{self as t, Scope};
use crate::ir::kpis::{BookedSum, CostsTable, KpiPlan, KpiValue, Spend, KPI_QUOTIENT_DIGITS};
use crate::ir::{CompareOp, Cond, DateExpr, Expr};

impl Lowerer<'_> {
    /// The KPIs of the plan's entity; `stages` for a plan of a segmentation's stages, which only
    /// KPIs without `for` are computed for.
    pub(super) fn kpis(&mut self, stages: bool) {
        let program = self.program;
        for kpi in &program.kpis {
            if program.schema.entity(kpi.entity).name != self.plan.entity.name
                || (stages && !kpi.segments.is_empty())
            {
                continue;
            }
            let scope = Scope::Entity(kpi.entity);
            let measure = match &kpi.measure {
                t::KpiMeasure::Mean(v) => KpiValue::Mean(self.kpi_number(v, scope)),
                t::KpiMeasure::Total(v) => KpiValue::Total(self.kpi_number(v, scope)),
                t::KpiMeasure::Ratio(x, y) => {
                    KpiValue::Ratio(self.kpi_number(x, scope), self.kpi_number(y, scope))
                }
                t::KpiMeasure::Share { holds, among } => {
                    let among = match among {
                        Some(a) => self.cond(a, scope),
                        None => Cond::Const(true),
                    };
                    KpiValue::Share {
                        holds: self.cond(holds, scope),
                        among,
                    }
                }
                t::KpiMeasure::Cost { spend, per, .. } => KpiValue::Cost {
                    spend: self.spend(&kpi.name, spend, &mut 0),
                    per: self.cond(per, scope),
                },
            };
            self.plan.kpis.push(KpiPlan {
                name: kpi.name.clone(),
                docs: kpi.docs.clone(),
                location: program.sources.location(kpi.decl_span),
                segments: (kpi.segments.iter())
                    .map(|s| program.segments[s.0].name.clone())
                    .collect(),
                measure,
            });
        }
    }

    /// A spend of KPI `kpi`, its booked sums named in order (`seen` of them so far).
    fn spend(&mut self, kpi: &str, spend: &t::Spend, seen: &mut usize) -> Spend {
        let mut two = |this: &mut Self, a: &t::Spend, b: &t::Spend| {
            let a = this.spend(kpi, a, seen);
            (Box::new(a), Box::new(this.spend(kpi, b, seen)))
        };
        match spend {
            t::Spend::Amount(n) => Spend::Amount(n.to_string()),
            t::Spend::Booked(sum) => {
                *seen += 1;
                Spend::Booked(Box::new(
                    self.booked_sum(format!("spend_{kpi}_{seen}"), sum),
                ))
            }
            t::Spend::Arith(op, a, b) => {
                let (a, b) = two(self, a, b);
                match op {
                    t::NumOp::Add => Spend::Add(a, b),
                    t::NumOp::Sub => Spend::Sub(a, b),
                    t::NumOp::Mul => Spend::Mul(a, b),
                    t::NumOp::Div => Spend::Div(a, b),
                }
            }
            t::Spend::Negate(a) => Spend::Neg(Box::new(self.spend(kpi, a, seen))),
        }
    }

    /// A sum over a costs table: its column, and the rows its `where` and window keep.
    fn booked_sum(&mut self, name: String, sum: &t::CostSum) -> BookedSum {
        let costs = self.program.schema.costs(sum.costs);
        let time = column(&costs.columns[costs.time_column]);
        let scope = Scope::Costs(sum.costs);
        let mut filter =
            self.rows_kept(sum.filter.as_ref(), sum.window.as_ref(), scope, Some(&time));
        // As for every table, rows after the evaluation date count only in a `next` window.
        if !matches!(sum.window, Some(t::Window::Next(..))) {
            let ty = &costs.columns[costs.time_column].ty;
            let day = date_of(Expr::Column(time.clone()), ty);
            let past = Cond::Compare {
                op: CompareOp::Le,
                left: day,
                right: Expr::Date(DateExpr::AsOf),
            };
            filter = Some(match filter {
                None => past,
                Some(Cond::And(mut parts)) => {
                    parts.insert(0, past);
                    Cond::And(parts)
                }
                Some(other) => Cond::And(vec![past, other]),
            });
        }
        BookedSum {
            name,
            costs: CostsTable {
                name: costs.name.clone(),
                table: costs.table.clone(),
            },
            column: column(&costs.columns[sum.column]),
            filter,
            comment: sum.source.clone(),
        }
    }

    /// A per-member number, a quotient rounded to the digits every engine sums.
    fn kpi_number(&mut self, v: &t::Value, scope: Scope) -> Expr {
        let value = self.value(v, scope);
        match value.has_quotient() {
            true => Expr::Round(Box::new(value), KPI_QUOTIENT_DIGITS),
            false => value,
        }
    }
}
