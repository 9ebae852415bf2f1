//! The report's KPI section: the KPI statement of every plan (segments' and stages'), through
//! `run::kpis` and `kpis::kpi_report`, as the page's numbers.

use super::super::engine::Engine;
use super::super::errors::RunError;
use super::super::kpis::kpi_sums;
use crate::dashboard::{KpiGroup, KpiUplift, KpiValues, Kpis};
use crate::ir::{Plan, RuleId};
use crate::kpis::{kpi_report, KpiRow};

/// Every KPI on every group of `plans`, and every holdout's uplift.
pub(super) fn kpis(engine: &mut Engine, plans: &[Plan]) -> Result<Kpis, RunError> {
    if plans.iter().all(|p| p.kpis.is_empty()) {
        return Ok(Kpis {
            kpis: Vec::new(),
            uplifts: Vec::new(),
        });
    }
    let report = kpi_report(plans, &kpi_sums(engine, plans)?);
    let group_of = |segment: &str| -> String {
        let id = plans
            .iter()
            .flat_map(|p| p.segments.iter())
            .find(|r| r.name() == segment)
            .map(|r| &r.id);
        match id {
            Some(RuleId::Control(_)) => "control",
            Some(RuleId::Stage { .. } | RuleId::Tally { .. }) => "stage",
            Some(RuleId::Segment(_)) | None => "segment",
        }
        .to_string()
    };
    let mut kpis: Vec<KpiValues> = Vec::new();
    let mut uplifts = Vec::new();
    for row in &report.kpis {
        let group = KpiGroup {
            segment: row.segment.clone(),
            group: group_of(&row.segment),
            members: row.group.members,
            n: row.group.n,
            value: number(row.group.value.as_deref()),
            shown: row.group.shown.clone(),
        };
        match kpis.iter_mut().find(|k| k.kpi == row.kpi) {
            Some(k) => k.groups.push(group),
            None => kpis.push(KpiValues {
                kpi: row.kpi.clone(),
                docs: plans
                    .iter()
                    .flat_map(|p| p.kpis.iter())
                    .find(|k| k.name == row.kpi)
                    .and_then(|k| k.docs.as_deref())
                    .map(super::first_paragraph),
                measure: row.measure.to_string(),
                groups: vec![group],
            }),
        }
        if let Some(u) = uplift(row) {
            uplifts.push(u);
        }
    }
    // A segment's KPIs together, segments in the order of the plans.
    let order: Vec<String> = plans
        .iter()
        .flat_map(|p| p.segments.iter())
        .map(|r| r.name())
        .collect();
    uplifts.sort_by_key(|u: &KpiUplift| order.iter().position(|s| *s == u.segment));
    Ok(Kpis { kpis, uplifts })
}

/// A value rounded to 6 digits, as a number.
fn number(text: Option<&str>) -> Option<f64> {
    text.and_then(|t| t.parse().ok())
}

/// The row's uplift, when its segment has a holdout.
fn uplift(row: &KpiRow) -> Option<KpiUplift> {
    let u = row.uplift.as_ref()?;
    let test = u.test.as_ref();
    Some(KpiUplift {
        kpi: row.kpi.clone(),
        measure: row.measure.to_string(),
        segment: row.segment.clone(),
        treatment: number(row.group.value.as_deref()),
        control: number(u.control.value.as_deref()),
        treatment_shown: row.group.shown.clone(),
        control_shown: u.control.shown.clone(),
        difference: number(u.difference.as_deref()),
        difference_shown: u.difference_shown.clone(),
        relative: test.and_then(|t| t.relative),
        interval: test.map(|t| t.interval),
        p_value: test.map(|t| t.p_value),
        method: test.map(|t| t.method.name().to_string()),
        caution: test.is_some_and(|t| !t.cautions.is_empty()),
        no_test: u.no_test.clone(),
    })
}
