//! The random data of the differential tests: people with NULL-heavy columns, events at
//! instants around midnight and the DST switches of the evaluation date's weeks, amounts from
//! small domains so that sums and averages tie (or, in a quarter of the datasets, refunds).

use crate::differential::{as_of, text, OFFSETS};
use proptest::prelude::*;
use seglang::value::{Cell, Dataset, Num, Table, Timestamp};

/// Event amounts most cases draw from: few values, so that sums and averages tie.
pub(crate) const AMOUNTS: [&str; 7] = ["0", "0.01", "5", "10.50", "20", "33.33", "-5.25"];
/// The amounts of a quarter of the datasets: mostly refunds, so that averages are negative, where
/// truncating to cents and flooring differ (-0.01 and 0 average -0.005: 0.00, not -0.01).
pub(crate) const REFUNDS: [&str; 5] = ["0", "-0.01", "-5.25", "0.01", "-10.50"];

pub(crate) fn maybe<T: std::fmt::Debug + Clone + 'static>(
    s: impl Strategy<Value = T> + 'static,
) -> impl Strategy<Value = Option<T>> {
    prop::option::weighted(0.7, s)
}

pub(crate) fn timestamp_near() -> impl Strategy<Value = Cell> {
    (
        prop::sample::select(OFFSETS.to_vec()),
        // Midnight, the DST switches of Paris (01:00 UTC) and New York (07:00 UTC), noon, and
        // the hours around midnight in zones east of UTC.
        prop::sample::select(vec![
            0u32, 1, 3_599, 3_600, 25_199, 25_200, 43_200, 79_200, 82_799, 82_800, 84_600, 86_399,
        ]),
    )
        .prop_map(|(days, seconds)| match as_of().add_days(-days) {
            Some(date) => Cell::Timestamp(Timestamp { date, seconds }),
            None => Cell::Null,
        })
}

pub(crate) fn cell<T: std::fmt::Debug + Clone + 'static>(
    s: impl Strategy<Value = T> + 'static,
    f: fn(T) -> Cell,
) -> impl Strategy<Value = Cell> {
    maybe(s).prop_map(move |v| v.map(f).unwrap_or(Cell::Null))
}

fn person() -> impl Strategy<Value = Vec<Cell>> {
    (
        cell(0i64..90, |n| Cell::Num(Num::int(n))),
        cell(
            (0i64..10_000).prop_map(|c| Num::int(c).checked_div(Num::int(100))),
            |n| n.map(Cell::Num).unwrap_or(Cell::Null),
        ),
        cell(text(), Cell::Str),
        cell(any::<bool>(), Cell::Bool),
        cell(prop::sample::select(vec!["a", "b", "c"]), |t| {
            Cell::Str(t.to_string())
        }),
        cell(0i64..30_000, |d| {
            as_of().add_days(-d).map(Cell::Date).unwrap_or(Cell::Null)
        }),
        maybe(timestamp_near()).prop_map(|t| t.unwrap_or(Cell::Null)),
    )
        .prop_map(|(age, score, name, active, tier, born, joined)| {
            vec![age, score, name, active, tier, born, joined]
        })
}

fn event(people: usize, amounts: &'static [&'static str]) -> impl Strategy<Value = Vec<Cell>> {
    (
        0..people,
        maybe(timestamp_near()).prop_map(|t| t.unwrap_or(Cell::Null)),
        cell(
            prop_oneof![
                3 => prop::sample::select(amounts).prop_map(Num::parse),
                1 => (0i64..8_000).prop_map(|c| Num::int(c).checked_div(Num::int(100))),
            ],
            |n| n.map(Cell::Num).unwrap_or(Cell::Null),
        ),
        cell(prop::sample::select(vec!["x", "y"]), |k| {
            Cell::Str(k.to_string())
        }),
        cell(text(), Cell::Str),
    )
        .prop_map(|(p, happened, amount, kind, label)| {
            vec![Cell::Str(format!("p{p}")), happened, amount, kind, label]
        })
}

pub(crate) fn dataset() -> impl Strategy<Value = Dataset> {
    (2usize..12, prop::bool::weighted(0.25)).prop_flat_map(|(n, refunds)| {
        let amounts: &'static [&'static str] = if refunds { &REFUNDS } else { &AMOUNTS };
        (
            prop::collection::vec(person(), n),
            prop::collection::vec(event(n, amounts), 0..40),
        )
            .prop_map(|(people, events)| {
                let mut data = Dataset::new();
                let rows = people
                    .into_iter()
                    .enumerate()
                    .map(|(i, mut row)| {
                        row.insert(0, Cell::Str(format!("p{i}")));
                        row
                    })
                    .collect();
                let columns = |names: &[&str]| names.iter().map(|c| c.to_string()).collect();
                data.insert(
                    "people".into(),
                    Table {
                        columns: columns(&[
                            "id", "age", "score", "name", "active", "tier", "born", "joined",
                        ]),
                        rows,
                    },
                );
                data.insert(
                    "events".into(),
                    Table {
                        columns: columns(&["id", "happened", "amount", "kind", "label"]),
                        rows: events,
                    },
                );
                data
            })
    })
}
