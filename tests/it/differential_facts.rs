//! Random facts of facts for the differential tests: `lines` of `orders` of `people` (dated by
//! their order), `notes` of `lines` (dated by themselves) and `marks` of `lines` (three levels,
//! dated by the order), over data whose link values are often NULL, dangling or shared by
//! several parent rows. Aggregates, quantifiers and windows over them, with filters on the
//! parents' columns, must give the same members on the reference evaluator, DuckDB and
//! PostgreSQL.

use crate::differential::window;
use crate::generated::{combined, dataset_of, maybe_int, maybe_word, six_segments};
use proptest::prelude::*;
use seglang::value::{Cell, Dataset, Date, Num};

const SCHEMA: &str = r#"
entity people from "dof.people" {
  key id: string
}

facts orders of people(person_id) from "dof.orders" at ordered {
  order_id: int?
  person_id: string?
  ordered: date?
  channel: enum("web", "store")?
}

facts lines of orders(order_id) from "dof.lines" {
  order_id: int?
  line_id: int?
  amount: decimal(10, 2)?
  kind: enum("x", "y")?
}

facts notes of lines(line_id) from "dof.notes" at noted {
  line_id: int?
  noted: date?
  label: string?
}

facts marks of lines(line_id) from "dof.marks" {
  line_id: int?
  mark: string?
}
"#;

fn as_of() -> Date {
    Date::new(2026, 3, 31).expect("valid date")
}

/// Day offsets before the evaluation date, on both sides of the windows' edges.
const OFFSETS: [i64; 12] = [-2, -1, 0, 1, 29, 30, 31, 89, 90, 91, 365, 366];

/// A condition on a line, its order or both.
fn line_condition() -> BoxedStrategy<String> {
    let leaf = prop_oneof![
        Just("kind = \"x\"".to_string()),
        Just("kind != \"y\"".to_string()),
        (0i64..40).prop_map(|n| format!("amount > {n}.50")),
        Just("amount is missing".to_string()),
        Just("orders.channel = \"web\"".to_string()),
        Just("orders.channel is missing".to_string()),
        (0i64..100).prop_map(|n| format!("orders.ordered before {n} days ago")),
        (0i64..12).prop_map(|n| format!("orders.order_id > {n}")),
    ];
    leaf.prop_recursive(2, 6, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|a| format!("not ({a})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} or {b})")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("({a} and {b})")),
        ]
    })
    .boxed()
}

/// `where …` and a window, each maybe.
fn arguments(filter: BoxedStrategy<String>) -> impl Strategy<Value = Vec<String>> {
    crate::generated::filter_and_window(filter, 0.7)
}

fn with(first: &str, args: &[String]) -> String {
    std::iter::once(first.to_string())
        .chain(args.iter().cloned())
        .collect::<Vec<_>>()
        .join(", ")
}

/// One test over the facts of facts.
fn test() -> BoxedStrategy<String> {
    let note_filter = prop_oneof![
        Just("label = \"a\"".to_string()),
        Just("lines.kind = \"x\"".to_string()),
        Just("orders.channel = \"web\" and lines.amount > 10".to_string()),
        Just("not (lines.kind = \"y\")".to_string()),
    ]
    .boxed();
    let mark_filter = prop_oneof![
        Just("mark = \"a\"".to_string()),
        Just("lines.kind = \"x\" and orders.channel = \"store\"".to_string()),
        Just("orders.ordered is missing".to_string()),
    ]
    .boxed();
    prop_oneof![
        (arguments(line_condition()), 0i64..4)
            .prop_map(|(a, k)| format!("lines.count({}) >= {k}", a.join(", "))),
        (arguments(line_condition()), 0i64..60)
            .prop_map(|(a, k)| format!("lines.sum({}) >= {k}.25", with("amount", &a))),
        (arguments(line_condition()), 0i64..60)
            .prop_map(|(a, k)| format!("lines.max({}) > {k}", with("amount", &a))),
        arguments(line_condition())
            .prop_map(|a| format!("lines.last({}) = \"x\"", with("kind", &a))),
        arguments(line_condition())
            .prop_map(|a| format!("lines.first({}) >= 20", with("amount", &a))),
        (
            prop::sample::select(vec!["any", "all", "none"]),
            line_condition(),
            prop::option::of(window())
        )
            .prop_map(|(q, c, w)| {
                let w = w.map(|w| format!(", {w}")).unwrap_or_default();
                format!("lines.{q}(where {c}{w})")
            }),
        (arguments(note_filter), 0i64..3)
            .prop_map(|(a, k)| format!("notes.count({}) >= {k}", a.join(", "))),
        arguments(mark_filter).prop_map(|a| format!("marks.any({})", a.join(", "))),
    ]
    .boxed()
}

/// Six segments of tests, combined with `and`, `or` and `not`.
fn segments() -> impl Strategy<Value = String> {
    six_segments(combined(test()), "f")
}

fn maybe_day() -> impl Strategy<Value = Cell> {
    prop::option::weighted(0.85, prop::sample::select(OFFSETS.to_vec())).prop_map(|d| {
        d.and_then(|d| as_of().add_days(-d))
            .map_or(Cell::Null, Cell::Date)
    })
}

fn amount() -> impl Strategy<Value = Cell> {
    prop::option::weighted(
        0.8,
        prop::sample::select(vec!["10.00", "20.50", "30.00", "-5.00"]),
    )
    .prop_map(|a| a.and_then(Num::parse).map_or(Cell::Null, Cell::Num))
}

fn dataset() -> impl Strategy<Value = Dataset> {
    (2usize..6).prop_flat_map(|n| {
        // Person ids up to n + 1: some orders belong to no declared person.
        let person = prop::option::weighted(0.9, 0..n + 2)
            .prop_map(|p| p.map_or(Cell::Null, |p| Cell::Str(format!("p{p}"))));
        let order = (
            maybe_int(0..8),
            person,
            maybe_day(),
            maybe_word(&["web", "store"]),
        )
            .prop_map(|(id, p, d, c)| vec![id, p, d, c]);
        // Order ids up to 10 and line ids up to 12: some links dangle, some are shared.
        let line = (
            maybe_int(0..10),
            maybe_int(0..10),
            amount(),
            maybe_word(&["x", "y"]),
        )
            .prop_map(|(o, l, a, k)| vec![o, l, a, k]);
        let note = (maybe_int(0..12), maybe_day(), maybe_word(&["a", "b"]))
            .prop_map(|(l, d, t)| vec![l, d, t]);
        let mark = (maybe_int(0..12), maybe_word(&["a", "b"])).prop_map(|(l, t)| vec![l, t]);
        (
            Just(n),
            prop::collection::vec(order, 0..10),
            prop::collection::vec(line, 0..16),
            prop::collection::vec(note, 0..10),
            prop::collection::vec(mark, 0..8),
        )
            .prop_map(|(n, orders, lines, notes, marks)| {
                let people = (0..n).map(|i| vec![Cell::Str(format!("p{i}"))]).collect();
                dataset_of([
                    ("people", &["id"], people),
                    (
                        "orders",
                        &["order_id", "person_id", "ordered", "channel"],
                        orders,
                    ),
                    ("lines", &["order_id", "line_id", "amount", "kind"], lines),
                    ("notes", &["line_id", "noted", "label"], notes),
                    ("marks", &["line_id", "mark"], marks),
                ])
            })
    })
}

#[test]
#[allow(
    clippy::print_stderr,
    reason = "the number of cases run is part of the test's report"
)]
fn random_facts_of_facts_agree_on_reference_duckdb_and_postgres() {
    let cases = crate::support::agree_on_random_cases(SCHEMA, (segments(), dataset()), as_of());
    eprintln!("differential facts of facts: {cases} cases of 6 segments agreed on reference, DuckDB and PostgreSQL");
}
