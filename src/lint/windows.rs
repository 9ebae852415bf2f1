//! W0007: a window that reaches further back than the data the project keeps (`seg.toml`'s
//! `[data] history`), so that its aggregate silently counts fewer rows than it says.

use crate::check::typed::{Aggregate, Cond, Program, TimeUnit, Value, ValueKind, Window};

/// A length of time in whole units, compared in days (a month as 30, a year as 365).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duration {
    pub count: i64,
    pub unit: TimeUnit,
}

impl Duration {
    /// `3 years`, `18 months`, `90 days`, `2 weeks` (singular units too).
    pub fn parse(text: &str) -> Option<Duration> {
        let (count, unit) = text.trim().split_once(' ')?;
        let count: i64 = count.parse().ok().filter(|n| *n > 0)?;
        let unit = match unit.trim().trim_end_matches('s') {
            "day" => TimeUnit::Days,
            "week" => TimeUnit::Weeks,
            "month" => TimeUnit::Months,
            "year" => TimeUnit::Years,
            _ => return None,
        };
        Some(Duration { count, unit })
    }

    /// Its length in days, months as 30 and years as 365.
    pub fn days(self) -> i64 {
        let per = match self.unit {
            TimeUnit::Days => 1,
            TimeUnit::Weeks => 7,
            TimeUnit::Months => 30,
            TimeUnit::Years => 365,
        };
        self.count.saturating_mul(per)
    }
}

/// The windows (`last N unit`, `within last N unit`) a condition reads directly, in the order
/// written. A segment it refers to with `in` is linted on its own; windows inside traits and
/// models are not looked at.
pub(super) fn windows(cond: &Cond, out: &mut Vec<Duration>) {
    match cond {
        Cond::And(parts) | Cond::Or(parts) => parts.iter().for_each(|p| windows(p, out)),
        Cond::Not(inner) => windows(inner, out),
        Cond::InSegment(_) => {}
        Cond::Sequence(sequence) => {
            aggregate(&sequence.first, out);
            aggregate(&sequence.then, out);
        }
        Cond::Bool(v) | Cond::IsMissing(v) | Cond::IsPresent(v) => value(v, out),
        Cond::WithinLast {
            value: v,
            count,
            unit,
        } => {
            value(v, out);
            out.push(Duration {
                count: *count,
                unit: *unit,
            });
        }
        Cond::WithinNext { value: v, .. } => value(v, out),
        Cond::Compare { left, right, .. } => {
            value(left, out);
            value(right, out);
        }
        Cond::InList {
            value: v, items, ..
        } => {
            value(v, out);
            items.iter().for_each(|i| value(i, out));
        }
        Cond::Between {
            value: v,
            low,
            high,
        } => {
            value(v, out);
            value(low, out);
            value(high, out);
        }
        Cond::Text {
            value: v, pattern, ..
        } => {
            value(v, out);
            value(pattern, out);
        }
        Cond::Before { value: v, bound } | Cond::After { value: v, bound } => {
            value(v, out);
            value(bound, out);
        }
    }
}

fn value(v: &Value, out: &mut Vec<Duration>) {
    match &v.kind {
        ValueKind::Aggregate(a) => aggregate(a, out),
        // Every other value: its windows are in the values it is computed from.
        _ => v.operands().into_iter().for_each(|o| value(o, out)),
    }
}

fn aggregate(a: &Aggregate, out: &mut Vec<Duration>) {
    if let Some(filter) = &a.filter {
        windows(filter, out);
    }
    match &a.window {
        Some(Window::Last(count, unit)) => out.push(Duration {
            count: *count,
            unit: *unit,
        }),
        Some(Window::Next(..) | Window::Before(_) | Window::After(_) | Window::Between(..))
        | None => {}
    }
}

/// The longest window of each segment that is longer than `history`, by segment index.
pub(super) fn too_long(program: &Program, history: Duration) -> Vec<(usize, Duration)> {
    program
        .segments
        .iter()
        .enumerate()
        .filter_map(|(i, segment)| {
            let mut found = Vec::new();
            if let Some(criteria) = &segment.criteria {
                windows(criteria, &mut found);
            }
            found
                .into_iter()
                .filter(|w| w.days() > history.days())
                .max_by_key(|w| w.days())
                .map(|w| (i, w))
        })
        .collect()
}
