//! KPI sums on a real engine: the KPI statement of each plan (`sql::Form::Kpis`), every column
//! read back as text and parsed as an exact number.

use super::engine::Engine;
use super::errors::RunError;
use crate::ir::Plan;
use crate::kpis::{KpiSums, RuleSums};
use crate::sql::{emit, kpi_column, Form};
use crate::value::Num;

/// The sums of every rule with members, over the plans that have KPIs.
pub fn kpi_sums(engine: &mut Engine, plans: &[Plan]) -> Result<KpiSums, RunError> {
    let mut sums = KpiSums::new();
    for plan in plans.iter().filter(|p| !p.kpis.is_empty()) {
        let sql = emit(plan, Form::Kpis, engine.target())?;
        let d = engine.target().dialect();
        let mut columns = vec!["segment".to_string(), "members".to_string()];
        for kpi in &plan.kpis {
            columns.extend(kpi.measure.statistics().iter().map(|s| kpi_column(kpi, s)));
        }
        let casts: Vec<String> = columns
            .iter()
            .map(|c| format!("COALESCE(CAST(k.{} AS VARCHAR), '')", d.quote_ident(c)))
            .collect();
        let wrapped = format!(
            "SELECT {} FROM (\n{}\n) AS k",
            casts.join(", "),
            sql.trim_end().trim_end_matches(';')
        );
        let engine_name = engine.name();
        for row in engine.text_rows(&wrapped, columns.len())? {
            let number = |i: usize| -> Result<Option<Num>, RunError> {
                let text = row[i].trim();
                match text.is_empty() {
                    true => Ok(None),
                    false => Num::parse(text).map(Some).ok_or_else(|| RunError::Engine {
                        engine: engine_name,
                        message: format!("`{}` is not an exact number: `{text}`", columns[i]),
                    }),
                }
            };
            let members = number(1)?
                .and_then(|n| n.to_fixed(0)?.parse().ok())
                .unwrap_or(0);
            let mut rule = RuleSums {
                members,
                kpis: Default::default(),
            };
            let mut at = 2;
            for kpi in &plan.kpis {
                let width = kpi.measure.statistics().len();
                let stats = (at..at + width)
                    .map(&number)
                    .collect::<Result<Vec<_>, _>>()?;
                rule.kpis.insert(kpi.name.clone(), stats);
                at += width;
            }
            sums.insert(row[0].clone(), rule);
        }
    }
    Ok(sums)
}
