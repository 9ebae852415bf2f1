//! Each KPI's value per rule, from the rule's sums: exact quotients, shown rounded half away
//! from zero (6 digits in `value`, 2 in `shown`, shares in percent with 1), missing wherever a
//! count or a sum it divides by is 0 — never a division error.

use super::uplift::{uplift, Uplift};
use super::{KpiSums, RuleSums};
use crate::ir::{KpiPlan, KpiValue, Plan, RuleId, Spend};
use crate::value::Num;
use serde::Serialize;
use std::collections::BTreeMap;

/// The digits of a KPI's `value` in reports and JSON.
pub const VALUE_DIGITS: u32 = 6;

/// Every KPI of the plans, for every rule it covers.
#[derive(Debug, Clone, Serialize)]
pub struct KpiReport {
    pub kpis: Vec<KpiRow>,
}

/// One KPI on one rule (a segment's treatment or control group, a segment, a stage).
#[derive(Debug, Clone, Serialize)]
pub struct KpiRow {
    pub kpi: String,
    /// `mean`, `total`, `ratio`, `share` or `cost`.
    pub measure: &'static str,
    pub entity: String,
    /// The rule: `x`, `x:control`, `lifecycle:new`.
    pub segment: String,
    #[serde(flatten)]
    pub group: GroupValue,
    /// Beside a segment's treatment group, the same KPI on its control group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uplift: Option<Uplift>,
}

/// A KPI's value on one group of members.
#[derive(Debug, Clone, Serialize)]
pub struct GroupValue {
    pub members: u64,
    /// What the value is over: the members with a value (mean, total, ratio), the `among`
    /// members (share), the `per` members (cost).
    pub n: u64,
    /// Exact, rounded half away from zero to 6 digits; `None` where it is missing.
    pub value: Option<String>,
    /// The value as shown to people.
    pub shown: String,
    /// The exact value, for comparisons and statistics.
    #[serde(skip)]
    pub exact: Option<Num>,
}

/// The KPIs of every plan (segment plans and stage plans) from the sums of their rules.
pub fn kpi_report(plans: &[Plan], sums: &KpiSums) -> KpiReport {
    let empty = RuleSums::default();
    let mut kpis = Vec::new();
    for plan in plans {
        for kpi in &plan.kpis {
            for rule in plan.segments.iter().filter(|r| kpi.covers(&r.name())) {
                let name = rule.name();
                let sums_of = |n: &str| sums.rules.get(n).unwrap_or(&empty);
                let group = group_value(kpi, sums_of(&name), &sums.booked);
                let uplift = match &rule.id {
                    RuleId::Segment(segment) => {
                        let control = RuleId::Control(segment.clone()).to_string();
                        (plan.segments.iter().any(|r| r.name() == control))
                            .then(|| uplift(kpi, sums_of(&name), sums_of(&control), &sums.booked))
                    }
                    RuleId::Control(_) | RuleId::Stage { .. } | RuleId::Tally { .. } => None,
                };
                kpis.push(KpiRow {
                    kpi: kpi.name.clone(),
                    measure: kpi.measure.word(),
                    entity: plan.entity.name.clone(),
                    segment: name,
                    group,
                    uplift,
                });
            }
        }
    }
    KpiReport { kpis }
}

/// The KPI's value over one rule's sums (and the sums booked in costs tables).
pub(super) fn group_value(
    kpi: &KpiPlan,
    sums: &RuleSums,
    booked: &BTreeMap<String, Num>,
) -> GroupValue {
    let stats = sums.kpis.get(&kpi.name).map(Vec::as_slice).unwrap_or(&[]);
    let stat = |i: usize| stats.get(i).copied().flatten();
    let count = |i: usize| stat(i).and_then(whole).unwrap_or(0);
    let n = count(0);
    let quotient = |a: Option<Num>, b: Option<Num>| match (a, b) {
        (Some(a), Some(b)) if !b.is_zero() => a.checked_div(b),
        _ => None,
    };
    let exact = match &kpi.measure {
        KpiValue::Mean(_) => quotient(stat(1), stat(0)),
        KpiValue::Total(_) => (sums.members > 0).then(|| stat(1).unwrap_or(Num::int(0))),
        KpiValue::Ratio(..) => quotient(stat(1), stat(2)),
        KpiValue::Share { .. } => quotient(stat(1), stat(0)),
        KpiValue::Cost { spend, .. } => quotient(spend_amount(spend, booked), stat(0)),
    };
    let share = matches!(kpi.measure, KpiValue::Share { .. });
    GroupValue {
        members: sums.members,
        n,
        value: exact.and_then(|v| fixed(v, VALUE_DIGITS)),
        shown: shown(exact, share),
        exact,
    }
}

/// A spend's exact amount from the sums booked in costs tables (0 for a sum not there); `None`
/// when it is below 0 (refunds booked as negative amounts), divides by 0 or overflows.
pub fn spend_amount(spend: &Spend, booked: &BTreeMap<String, Num>) -> Option<Num> {
    let amount = exact_spend(spend, booked)?;
    (amount >= Num::int(0)).then_some(amount)
}

/// A spend's exact amount, whatever its sign.
fn exact_spend(spend: &Spend, booked: &BTreeMap<String, Num>) -> Option<Num> {
    let two = |a: &Spend, b: &Spend| Some((exact_spend(a, booked)?, exact_spend(b, booked)?));
    match spend {
        Spend::Amount(text) => Num::parse(text),
        Spend::Booked(sum) => Some(booked.get(&sum.name).copied().unwrap_or(Num::int(0))),
        Spend::Add(a, b) => two(a, b).and_then(|(a, b)| a.checked_add(b)),
        Spend::Sub(a, b) => two(a, b).and_then(|(a, b)| a.checked_sub(b)),
        Spend::Mul(a, b) => two(a, b).and_then(|(a, b)| a.checked_mul(b)),
        Spend::Div(a, b) => two(a, b).and_then(|(a, b)| a.checked_div(b)),
        Spend::Neg(a) => exact_spend(a, booked)?.checked_neg(),
    }
}

/// A count as a whole number.
fn whole(n: Num) -> Option<u64> {
    n.to_fixed(0).and_then(|t| t.parse().ok())
}

/// `v` rounded half away from zero to `digits` places, with exactly that many digits.
pub(super) fn fixed(v: Num, digits: u32) -> Option<String> {
    v.checked_round(digits).and_then(|r| r.to_fixed(digits))
}

/// A value as people read it: a share in percent with one digit, anything else with two; `–`
/// where it is missing.
pub(super) fn shown(v: Option<Num>, share: bool) -> String {
    let Some(v) = v else {
        return "–".to_string();
    };
    let text = match share {
        true => v
            .checked_mul(Num::int(100))
            .and_then(|p| fixed(p, 1))
            .map(|p| format!("{p}%")),
        false => fixed(v, 2),
    };
    text.unwrap_or_else(|| format!("{:.2}", v.to_f64()))
}
