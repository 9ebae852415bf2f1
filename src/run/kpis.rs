//! KPI sums on a real engine: the KPI statement of each plan (`sql::Form::Kpis`) and, where
//! its spends read costs tables, its spends statement (`sql::Form::Spends`); every column read
//! back as text and parsed as an exact number.

use super::engine::{Engine, Outcome};
use super::errors::RunError;
use crate::ir::Plan;
use crate::kpis::{KpiSums, RuleSums};
use crate::sql::{emit, kpi_column, Form};
use crate::value::Num;

/// The sums of every rule with members, over the plans that have KPIs, and the sums their
/// spends read in costs tables.
pub fn kpi_sums(engine: &mut Engine, plans: &[Plan]) -> Result<KpiSums, RunError> {
    rule_sums(engine, plans.iter().filter(|p| !p.kpis.is_empty()))
}

/// Every segment's size, counted by the engine (no key leaves it), with the KPIs' sums: the
/// KPI statement of every plan, which for a plan without KPIs is its sizes.
pub fn counted(engine: &mut Engine, plans: &[Plan]) -> Result<(Outcome, KpiSums), RunError> {
    let sums = rule_sums(engine, plans)?;
    let mut outcome = Outcome::default();
    for plan in plans {
        let rows = engine.count_rows(&plan.entity.table, &plan.entity.name)?;
        outcome.entity_rows.insert(plan.entity.name.clone(), rows);
        for rule in &plan.segments {
            let name = rule.name();
            let size = sums.rules.get(&name).map_or(0, |r| r.members);
            outcome.sizes.insert(name.clone(), size);
            outcome
                .segment_entity
                .insert(name, plan.entity.name.clone());
        }
    }
    Ok((outcome, sums))
}

/// The KPI statement of every plan (and its spends statement), whatever its KPIs.
fn rule_sums<'p>(
    engine: &mut Engine,
    plans: impl IntoIterator<Item = &'p Plan>,
) -> Result<KpiSums, RunError> {
    let mut sums = KpiSums::default();
    for plan in plans {
        let mut columns = vec!["segment".to_string(), "members".to_string()];
        for kpi in &plan.kpis {
            columns.extend(kpi.measure.statistics().iter().map(|s| kpi_column(kpi, s)));
        }
        for row in text_rows(engine, plan, Form::Kpis, &columns)? {
            let number = |i: usize| exact(engine, &columns[i], &row[i]);
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
            sums.rules.insert(row[0].clone(), rule);
        }
        // A KPI of several plans (the segments' and a segmentation's stages) reads the same
        // sums: they are read once.
        let booked: Vec<String> = (plan.kpis.iter())
            .flat_map(|k| k.measure.booked())
            .map(|s| s.name.clone())
            .filter(|name| !sums.booked.contains_key(name))
            .collect();
        if booked.is_empty() {
            continue;
        }
        for row in text_rows(engine, plan, Form::Spends, &booked)? {
            for (name, text) in booked.iter().zip(&row) {
                let amount = exact(engine, name, text)?.unwrap_or(Num::int(0));
                sums.booked.insert(name.clone(), amount);
            }
        }
    }
    Ok(sums)
}

/// The rows of `plan`'s statement in `form`, its `columns` read as text ('' where missing).
fn text_rows(
    engine: &mut Engine,
    plan: &Plan,
    form: Form,
    columns: &[String],
) -> Result<Vec<Vec<String>>, RunError> {
    let sql = emit(plan, form, engine.target())?;
    let d = engine.target().dialect();
    let casts: Vec<String> = columns
        .iter()
        .map(|c| format!("COALESCE(CAST(k.{} AS VARCHAR), '')", d.quote_ident(c)))
        .collect();
    let wrapped = format!(
        "SELECT {} FROM (\n{}\n) AS k",
        casts.join(", "),
        sql.trim_end().trim_end_matches(';')
    );
    engine.text_rows(&wrapped, columns.len())
}

/// A column's text as an exact number; `None` where it is missing.
fn exact(engine: &Engine, column: &str, text: &str) -> Result<Option<Num>, RunError> {
    let text = text.trim();
    match text.is_empty() {
        true => Ok(None),
        false => Num::parse(text).map(Some).ok_or_else(|| RunError::Engine {
            engine: engine.name(),
            message: format!("`{column}` is not an exact number: `{text}`"),
        }),
    }
}
