//! KPI sums on the reference evaluator: per rule, its member count and each KPI's statistics,
//! added up exactly over the members' values, the way `sql::Form::Kpis` adds them in SQL.

use super::{column_index, each_entity, table, ReferenceError, Scope};
use crate::ir::{AsOf, BookedSum, KpiValue, Plan, SegmentRule};
use crate::kpis::{KpiSums, RuleSums};
use crate::value::{Cell, Dataset, Date, Num};

/// The sums of every rule of `plan` with members; `today` as in [`super::evaluate`].
pub fn evaluate_kpis(plan: &Plan, data: &Dataset, today: Date) -> Result<KpiSums, ReferenceError> {
    let names: Vec<String> = plan.segments.iter().map(SegmentRule::name).collect();
    let mut sums = KpiSums::default();
    for sum in plan.kpis.iter().flat_map(|k| k.measure.booked()) {
        let as_of = match plan.as_of {
            AsOf::Fixed(d) => d,
            AsOf::Today => today,
        };
        let amount = booked_sum(plan, sum, data, as_of)?;
        sums.booked.insert(sum.name.clone(), amount);
    }
    each_entity(plan, data, today, &mut |scope, _, flags| {
        let values = member_values(plan, scope)?;
        for (name, _) in names.iter().zip(flags).filter(|(_, f)| **f) {
            let rule = sums.rules.entry(name.clone()).or_insert_with(|| RuleSums {
                members: 0,
                kpis: (plan.kpis.iter())
                    .map(|k| (k.name.clone(), start(&k.measure)))
                    .collect(),
            });
            rule.members += 1;
            for (kpi, value) in plan.kpis.iter().zip(&values) {
                if let Some(stats) = rule.kpis.get_mut(&kpi.name) {
                    add(stats, value).ok_or_else(|| ReferenceError::Overflow(kpi.name.clone()))?;
                }
            }
        }
        Ok(())
    })?;
    Ok(sums)
}

/// A sum booked in a costs table: its column over the rows its filter keeps, missing values
/// left out; 0 over no row.
fn booked_sum(
    plan: &Plan,
    sum: &BookedSum,
    data: &Dataset,
    as_of: Date,
) -> Result<Num, ReferenceError> {
    let rows = table(data, &sum.costs.name)?;
    let at = column_index(rows, &sum.costs.name, &sum.column.name)?;
    let mut total = Num::int(0);
    for row in &rows.rows {
        let scope = Scope::of_facts_row(rows, row, as_of);
        let kept = match &sum.filter {
            Some(f) => scope.holds(plan, f)?,
            None => true,
        };
        if let (true, Cell::Num(amount)) = (kept, &row[at]) {
            total = (total.checked_add(*amount))
                .ok_or_else(|| ReferenceError::Overflow(sum.name.clone()))?;
        }
    }
    Ok(total)
}

/// One member's contribution to a KPI.
enum Contribution {
    /// A value (or the pair of a ratio) where present: added to `n`, the sum(s) and products.
    Values(Vec<Num>),
    Missing,
    /// A share: whether the member is among those counted, and whether the condition holds.
    Share {
        among: bool,
        holds: bool,
    },
    /// A cost: whether the member counts.
    Counted(bool),
}

/// Each KPI's contribution from the member in `scope`.
fn member_values(plan: &Plan, scope: &Scope<'_>) -> Result<Vec<Contribution>, ReferenceError> {
    let number = |c: Cell| match c {
        Cell::Num(n) => Some(n),
        _ => None,
    };
    let mut out = Vec::with_capacity(plan.kpis.len());
    for kpi in &plan.kpis {
        out.push(match &kpi.measure {
            KpiValue::Mean(x) | KpiValue::Total(x) => match number(scope.value(plan, x)?) {
                Some(v) => Contribution::Values(vec![v]),
                None => Contribution::Missing,
            },
            KpiValue::Ratio(x, y) => {
                match (number(scope.value(plan, x)?), number(scope.value(plan, y)?)) {
                    (Some(a), Some(b)) => Contribution::Values(vec![a, b]),
                    _ => Contribution::Missing,
                }
            }
            KpiValue::Share { holds, among } => {
                let among = scope.holds(plan, among)?;
                Contribution::Share {
                    among,
                    holds: among && scope.holds(plan, holds)?,
                }
            }
            KpiValue::Cost { per, .. } => Contribution::Counted(scope.holds(plan, per)?),
        });
    }
    Ok(out)
}

/// The statistics of a rule with no member yet: counts at 0, sums missing until a value comes.
fn start(measure: &KpiValue) -> Vec<Option<Num>> {
    let counts = match measure {
        KpiValue::Share { .. } => 2,
        _ => 1,
    };
    (0..measure.statistics().len())
        .map(|i| (i < counts).then_some(Num::int(0)))
        .collect()
}

/// Adds one contribution; `None` on overflow.
fn add(stats: &mut [Option<Num>], c: &Contribution) -> Option<()> {
    let plus = |slot: &mut Option<Num>, v: Num| -> Option<()> {
        *slot = Some(slot.unwrap_or(Num::int(0)).checked_add(v)?);
        Some(())
    };
    let one = Num::int(1);
    match c {
        Contribution::Missing | Contribution::Counted(false) => {}
        Contribution::Counted(true) => plus(&mut stats[0], one)?,
        Contribution::Share { among, holds } => {
            if *among {
                plus(&mut stats[0], one)?;
            }
            if *holds {
                plus(&mut stats[1], one)?;
            }
        }
        Contribution::Values(v) => match v.as_slice() {
            [x] => {
                plus(&mut stats[0], one)?;
                plus(&mut stats[1], *x)?;
                if stats.len() > 2 {
                    plus(&mut stats[2], x.checked_mul(*x)?)?;
                }
            }
            [x, y] => {
                plus(&mut stats[0], one)?;
                plus(&mut stats[1], *x)?;
                plus(&mut stats[2], *y)?;
                plus(&mut stats[3], x.checked_mul(*x)?)?;
                plus(&mut stats[4], y.checked_mul(*y)?)?;
                plus(&mut stats[5], x.checked_mul(*y)?)?;
            }
            _ => {}
        },
    }
    Some(())
}
