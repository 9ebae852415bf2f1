//! KPIs: each measure's values and conditions lowered over the entity, their aggregates joining
//! the plan's feature tables (so a KPI adds columns to a scan, never a scan).

use super::Lowerer;
use crate::check::typed::{self as t, Scope};
use crate::ir::kpis::{KpiPlan, KpiValue, KPI_QUOTIENT_DIGITS};
use crate::ir::{Cond, Expr};

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
                    spend: spend.to_string(),
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

    /// A per-member number, a quotient rounded to the digits every engine sums.
    fn kpi_number(&mut self, v: &t::Value, scope: Scope) -> Expr {
        let value = self.value(v, scope);
        match value.has_quotient() {
            true => Expr::Round(Box::new(value), KPI_QUOTIENT_DIGITS),
            false => value,
        }
    }
}
