//! Random sequences for the differential tests: first and second steps over `events`, `orders`
//! and `lines` (timestamps; lines dated by their order) and `visits` (dates), within one table
//! or between two, with filters over NULL-heavy columns, windows, `same category`, bounds of 1
//! to 30 days, `followed by` and `not followed by`, under `not`, `and` and `or`. The times are
//! drawn from a few instants a whole number of days apart, so that rows at the same instant,
//! exactly at the bound and one second past it are frequent. The reference evaluator, DuckDB
//! and PostgreSQL must give the same members.

use crate::differential::window;
use crate::generated::{dataset_of, maybe_word, six_segments};
use proptest::prelude::*;
use seglang::value::{Cell, Dataset, Date, Num, Timestamp};

const SCHEMA: &str = r#"
entity people from "dseq.people" {
  key id: string
}

facts events of people(person_id) from "dseq.events" at happened {
  person_id: string?
  happened: timestamp?
  kind: enum("view", "cart")?
  category: string?
}

facts orders of people(person_id) from "dseq.orders" at ordered {
  order_id: int?
  person_id: string?
  ordered: timestamp?
  amount: decimal(10, 2)?
  category: string?
}

facts lines of orders(order_id) from "dseq.lines" {
  order_id: int?
  category: string?
}

facts visits of people(person_id) from "dseq.visits" at day {
  person_id: string?
  day: date?
  category: string?
}
"#;

fn as_of() -> Date {
    Date::new(2026, 3, 31).expect("valid date")
}

/// Days before the evaluation date (negative: after it).
const DAYS: [i64; 8] = [-1, 0, 1, 2, 3, 7, 30, 31];
/// Seconds after midnight: 10:00 most often (whole days apart), a second before and after it.
const SECONDS: [u32; 5] = [36_000, 36_000, 36_000, 35_999, 36_001];
/// The bounds, in days.
const BOUNDS: [&str; 5] = ["1 days", "2 days", "3 days", "1 weeks", "30 days"];

/// A row filter of a timestamped table (`events` has `kind`, the others `amount`).
fn filter(table: &'static str) -> BoxedStrategy<Option<String>> {
    let leaf = match table {
        "events" => prop_oneof![
            Just("kind = \"view\""),
            Just("kind = \"cart\""),
            Just("kind != \"view\""),
            Just("category = \"a\""),
            Just("not (category = \"b\")"),
        ]
        .boxed(),
        "orders" => prop_oneof![
            Just("amount > 10"),
            Just("amount is missing"),
            Just("category = \"a\""),
        ]
        .boxed(),
        "lines" => prop_oneof![
            Just("category = \"a\""),
            Just("orders.amount > 10"),
            Just("category is missing"),
        ]
        .boxed(),
        _ => prop_oneof![Just("category = \"a\""), Just("category != \"b\"")].boxed(),
    };
    prop::option::weighted(0.4, leaf.prop_map(str::to_string)).boxed()
}

/// `where …` and a window, each maybe, as a step's arguments.
fn arguments(table: &'static str) -> impl Strategy<Value = Vec<String>> {
    (filter(table), prop::option::weighted(0.25, window())).prop_map(|(f, w)| {
        f.map(|f| format!("where {f}"))
            .into_iter()
            .chain(w)
            .collect()
    })
}

/// One sequence: both steps over timestamped tables, or both over `visits`.
fn sequence() -> BoxedStrategy<String> {
    let timed = prop::sample::select(vec!["events", "orders", "lines"]);
    let tables = prop_oneof![
        3 => (timed.clone(), timed),
        1 => Just(("visits", "visits")),
    ];
    tables
        .prop_flat_map(|(first, then)| {
            (
                Just(first),
                Just(then),
                arguments(first),
                arguments(then),
                prop::bool::weighted(0.35),
                prop::sample::select(BOUNDS.to_vec()),
                any::<bool>(),
                prop::bool::weighted(0.2),
            )
        })
        .prop_map(
            |(first, then, first_args, mut then_args, same, bound, followed, negated)| {
                if same {
                    then_args.push("same category".into());
                }
                let step = match then_args.is_empty() {
                    true => then.to_string(),
                    false => format!("{then}({})", then_args.join(", ")),
                };
                let words = if followed {
                    "followed by"
                } else {
                    "not followed by"
                };
                let s = format!(
                    "{first}.any({}) {words} {step} within {bound}",
                    first_args.join(", ")
                );
                match negated {
                    true => format!("not ({s})"),
                    false => s,
                }
            },
        )
        .boxed()
}

/// Six segments of sequences, combined with `and` and `or` (one level: each is three CTEs).
fn segments() -> impl Strategy<Value = String> {
    let condition = sequence().prop_recursive(1, 3, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} and {b})")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("({a} or {b})")),
        ]
    });
    six_segments(condition.boxed(), "q")
}

fn maybe<T: Clone + std::fmt::Debug + 'static>(
    weight: f64,
    s: impl Strategy<Value = T> + 'static,
) -> impl Strategy<Value = Option<T>> {
    prop::option::weighted(weight, s)
}

fn instant() -> impl Strategy<Value = Cell> {
    maybe(
        0.9,
        (
            prop::sample::select(DAYS.to_vec()),
            prop::sample::select(SECONDS.to_vec()),
        ),
    )
    .prop_map(|t| {
        t.and_then(|(days, seconds)| {
            as_of()
                .add_days(-days)
                .map(|date| Cell::Timestamp(Timestamp { date, seconds }))
        })
        .unwrap_or(Cell::Null)
    })
}

fn day() -> impl Strategy<Value = Cell> {
    maybe(0.9, prop::sample::select(DAYS.to_vec())).prop_map(|d| {
        d.and_then(|d| as_of().add_days(-d))
            .map_or(Cell::Null, Cell::Date)
    })
}

fn dataset() -> impl Strategy<Value = Dataset> {
    (2usize..4).prop_flat_map(|n| {
        let person = maybe(0.95, 0..n + 1)
            .prop_map(|p| p.map_or(Cell::Null, |p| Cell::Str(format!("p{p}"))))
            .boxed();
        let event = (
            person.clone(),
            instant(),
            maybe_word(&["view", "cart"]),
            maybe_word(&["a", "b"]),
        )
            .prop_map(|(p, t, k, c)| vec![p, t, k, c]);
        let amount = maybe(0.8, prop::sample::select(vec!["5.00", "20.00"]))
            .prop_map(|a| a.and_then(Num::parse).map_or(Cell::Null, Cell::Num));
        let order = (
            maybe(0.9, 0i64..6).prop_map(|o| o.map_or(Cell::Null, |o| Cell::Num(Num::int(o)))),
            person.clone(),
            instant(),
            amount,
            maybe_word(&["a", "b"]),
        )
            .prop_map(|(o, p, t, a, c)| vec![o, p, t, a, c]);
        let line = (
            maybe(0.9, 0i64..7).prop_map(|o| o.map_or(Cell::Null, |o| Cell::Num(Num::int(o)))),
            maybe_word(&["a", "b"]),
        )
            .prop_map(|(o, c)| vec![o, c]);
        let visit = (person, day(), maybe_word(&["a", "b"])).prop_map(|(p, d, c)| vec![p, d, c]);
        (
            Just(n),
            prop::collection::vec(event, 0..14),
            prop::collection::vec(order, 0..8),
            prop::collection::vec(line, 0..8),
            prop::collection::vec(visit, 0..10),
        )
            .prop_map(|(n, events, orders, lines, visits)| {
                let people = (0..n).map(|i| vec![Cell::Str(format!("p{i}"))]).collect();
                dataset_of([
                    ("people", &["id"], people),
                    (
                        "events",
                        &["person_id", "happened", "kind", "category"],
                        events,
                    ),
                    (
                        "orders",
                        &["order_id", "person_id", "ordered", "amount", "category"],
                        orders,
                    ),
                    ("lines", &["order_id", "category"], lines),
                    ("visits", &["person_id", "day", "category"], visits),
                ])
            })
    })
}

#[test]
#[allow(
    clippy::print_stderr,
    reason = "the number of cases run is part of the test's report"
)]
fn random_sequences_agree_on_reference_duckdb_and_postgres() {
    let cases = crate::support::agree_on_random_cases(SCHEMA, (segments(), dataset()), as_of());
    eprintln!("differential sequences: {cases} cases of 6 segments agreed on reference, DuckDB and PostgreSQL");
}
