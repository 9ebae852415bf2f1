//! A segment's treatment group beside its control group on one KPI: the two values, their
//! difference, and whether it is more than noise (`crate::stats`), from the exact sums.

use super::values::{fixed, group_value, shown, GroupValue, VALUE_DIGITS};
use super::RuleSums;
use crate::ir::{KpiPlan, KpiValue};
use crate::stats::{
    compare_means, compare_proportions, compare_ratios, Comparison, NotComparable, Proportion,
    RatioSample, Sample,
};
use crate::value::Num;
use serde::Serialize;
use std::collections::BTreeMap;

/// The control group's value beside the treatment's, and the test of their difference.
#[derive(Debug, Clone, Serialize)]
pub struct Uplift {
    pub control: GroupValue,
    /// Treatment − control, exact, rounded to 6 digits; `None` where either is missing.
    pub difference: Option<String>,
    /// The difference as shown to people.
    pub difference_shown: String,
    /// The test, its statistic, p-value and interval, when the groups can be compared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test: Option<Comparison>,
    /// Why there is no test: the measure has none (`total`, `cost`), or the groups cannot be
    /// compared (an empty control group, no variation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_test: Option<String>,
}

/// The uplift of `kpi` from the treatment's sums and the control's.
pub(super) fn uplift(
    kpi: &KpiPlan,
    treatment: &RuleSums,
    control: &RuleSums,
    booked: &BTreeMap<String, Num>,
) -> Uplift {
    let t = group_value(kpi, treatment, booked);
    let c = group_value(kpi, control, booked);
    let share = matches!(kpi.measure, KpiValue::Share { .. });
    let difference = match (t.exact, c.exact) {
        (Some(a), Some(b)) => a.checked_sub(b),
        _ => None,
    };
    let test = test(kpi, treatment, control);
    let (test, no_test) = match test {
        Ok(c) => (Some(c), None),
        Err(why) => (None, Some(why)),
    };
    Uplift {
        control: c,
        difference: difference.and_then(|d| fixed(d, VALUE_DIGITS)),
        difference_shown: match (share, difference) {
            // A difference of shares is in percentage points.
            (true, Some(d)) => shown(Some(d), true).replace('%', " pt"),
            _ => shown(difference, false),
        },
        test,
        no_test,
    }
}

/// The test the measure calls for.
fn test(kpi: &KpiPlan, treatment: &RuleSums, control: &RuleSums) -> Result<Comparison, String> {
    let stats =
        |s: &RuleSums| -> Vec<Option<Num>> { s.kpis.get(&kpi.name).cloned().unwrap_or_default() };
    let (ts, cs) = (stats(treatment), stats(control));
    // What the measure is over: the members, or those of `among` and `per`.
    for (group, s) in [("treatment", &ts), ("control", &cs)] {
        if count(s, 0) == 0 && !matches!(kpi.measure, KpiValue::Total(_) | KpiValue::Cost { .. }) {
            return Err(format!("the {group} group has no member to measure over"));
        }
    }
    let why = |e: NotComparable| e.to_string();
    match &kpi.measure {
        KpiValue::Share { .. } => {
            compare_proportions(proportion(&ts), proportion(&cs)).map_err(why)
        }
        KpiValue::Mean(_) => compare_means(sample(&ts), sample(&cs)).map_err(why),
        KpiValue::Ratio(..) => compare_ratios(ratio_sample(&ts), ratio_sample(&cs)).map_err(why),
        KpiValue::Total(_) => Err("a total grows with the group's size: compare `mean`s".into()),
        KpiValue::Cost { .. } => Err("a cost is one spend over a count: there is no sample".into()),
    }
}

/// Statistic `i`, 0 where it is missing.
fn at(stats: &[Option<Num>], i: usize) -> Num {
    stats.get(i).copied().flatten().unwrap_or(Num::int(0))
}

/// A count statistic as a whole number.
fn count(stats: &[Option<Num>], i: usize) -> u64 {
    at(stats, i).to_f64().max(0.0) as u64
}

/// `k` of `n`.
fn proportion(stats: &[Option<Num>]) -> Proportion {
    Proportion {
        n: count(stats, 0),
        successes: count(stats, 1),
    }
}

/// The mean and unbiased variance from `n`, `Σx`, `Σx²`: exact where the sums allow, then one
/// rounding to `f64`.
fn sample(stats: &[Option<Num>]) -> Sample {
    let n = count(stats, 0);
    let (sum, squares) = (at(stats, 1), at(stats, 2));
    let mean = sum.checked_div(Num::int(n.max(1) as i64));
    let variance = central(n, sum, sum, squares);
    match (mean, variance) {
        (Some(m), Some(v)) => Sample {
            n,
            mean: m.to_f64(),
            variance: v.to_f64(),
        },
        // Sums too large for exact arithmetic: the same formulas in floating point.
        _ => Sample::from_sums(n, sum.to_f64(), squares.to_f64()),
    }
}

/// `(Σab − Σa·Σb / n) / (n − 1)`, exactly; `None` on overflow or for fewer than 2 members.
fn central(n: u64, sum_a: Num, sum_b: Num, products: Num) -> Option<Num> {
    if n < 2 {
        return Some(Num::int(0));
    }
    let count = Num::int(i64::try_from(n).ok()?);
    let correction = sum_a.checked_mul(sum_b)?.checked_div(count)?;
    products
        .checked_sub(correction)?
        .checked_div(count.checked_sub(Num::int(1))?)
}

/// A ratio's means, variances and covariance from `n`, `Σx`, `Σy`, `Σx²`, `Σy²`, `Σxy`.
fn ratio_sample(stats: &[Option<Num>]) -> RatioSample {
    let n = count(stats, 0);
    let (x, y, xx, yy, xy) = (
        at(stats, 1),
        at(stats, 2),
        at(stats, 3),
        at(stats, 4),
        at(stats, 5),
    );
    let mean = |s: Num| {
        s.checked_div(Num::int(n.max(1) as i64))
            .map_or(0.0, Num::to_f64)
    };
    let var = |a: Num, b: Num, p: Num| {
        central(n, a, b, p).map_or_else(
            || (p.to_f64() - a.to_f64() * b.to_f64() / n.max(1) as f64) / (n.max(2) - 1) as f64,
            Num::to_f64,
        )
    };
    RatioSample {
        n,
        mean_x: mean(x),
        mean_y: mean(y),
        var_x: var(x, x, xx),
        var_y: var(y, y, yy),
        cov_xy: var(x, y, xy),
    }
}
