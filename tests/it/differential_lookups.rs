//! Random lookups for the differential tests: `lines` of `orders` of `people` (dated by their
//! order) look up `items` by a nullable `item_id`, `orders` look up `shops`, and `marks` of
//! `lines` (two levels below the person) read their line's item. The data's references are often
//! NULL, dangling or to a key found on several rows. Aggregates, quantifiers, windows and
//! sequence steps whose filters read the lookups, under `not` and with `is missing`, must give
//! the same members on the reference evaluator, DuckDB and PostgreSQL.

use crate::differential::window;
use crate::generated::{combined, dataset_of, maybe_int, maybe_word, six_segments};
use proptest::prelude::*;
use seglang::value::{Cell, Dataset, Date, Num};

const SCHEMA: &str = r#"
entity people from "dlk.people" {
  key id: string
}

facts orders of people(person_id) from "dlk.orders" at ordered {
  order_id: int?
  person_id: string?
  ordered: date?
  shop: string? -> shops
}

facts lines of orders(order_id) from "dlk.lines" {
  order_id: int?
  line_id: int?
  amount: decimal(10, 2)?
  item_id: int? -> items
}

facts marks of lines(line_id) from "dlk.marks" {
  line_id: int?
  mark: string?
}

lookup items(item_id) from "dlk.items" {
  item_id: int
  brand: enum("acme", "other")?
  organic: bool?
  weight: int?
}

lookup shops(code) from "dlk.shops" {
  city: string?
}
"#;

fn as_of() -> Date {
    Date::new(2026, 3, 31).expect("valid date")
}

/// Day offsets before the evaluation date, on both sides of the windows' edges.
const OFFSETS: [i64; 10] = [-1, 0, 1, 29, 30, 31, 89, 90, 91, 366];

/// A condition on a line, its item, its order or its order's shop.
fn line_condition() -> BoxedStrategy<String> {
    let leaf = prop_oneof![
        Just("items.brand = \"acme\"".to_string()),
        Just("items.brand != \"other\"".to_string()),
        Just("items.brand is missing".to_string()),
        Just("items.organic".to_string()),
        (0i64..6).prop_map(|n| format!("items.weight > {n}")),
        Just("items.item_id is present".to_string()),
        Just("shops.city = \"lyon\"".to_string()),
        Just("shops.code is missing".to_string()),
        (0i64..40).prop_map(|n| format!("amount > {n}.50")),
        Just("item_id > 2".to_string()),
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
    crate::generated::filter_and_window(filter, 0.8)
}

/// A condition on an order's shop.
fn order_filter_strategy() -> BoxedStrategy<String> {
    prop_oneof![
        Just("shops.city = \"lyon\"".to_string()),
        Just("not (shops.city = \"paris\")".to_string()),
        Just("shops.city is missing".to_string()),
    ]
    .boxed()
}

/// One test over the tables that read lookups.
fn test() -> BoxedStrategy<String> {
    let order_filter = order_filter_strategy();
    let mark_filter = prop_oneof![
        Just("items.brand = \"acme\"".to_string()),
        Just("mark = \"a\" and not (items.organic)".to_string()),
        Just("items.weight >= 3 or shops.city = \"lyon\"".to_string()),
    ]
    .boxed();
    prop_oneof![
        (arguments(line_condition()), 0i64..4)
            .prop_map(|(a, k)| format!("lines.count({}) >= {k}", a.join(", "))),
        (arguments(line_condition()), 0i64..60).prop_map(|(a, k)| {
            let args: Vec<String> = std::iter::once("amount".to_string()).chain(a).collect();
            format!("lines.sum({}) >= {k}.25", args.join(", "))
        }),
        (
            prop::sample::select(vec!["any", "all", "none"]),
            line_condition(),
            prop::option::of(window())
        )
            .prop_map(|(q, c, w)| {
                let w = w.map(|w| format!(", {w}")).unwrap_or_default();
                format!("lines.{q}(where {c}{w})")
            }),
        (arguments(order_filter), 0i64..3)
            .prop_map(|(a, k)| format!("orders.count({}) >= {k}", a.join(", "))),
        arguments(mark_filter).prop_map(|a| format!("marks.any({})", a.join(", "))),
        // Sequences whose steps read lookups: a line's item, an order's shop.
        (
            line_condition(),
            order_filter_strategy(),
            any::<bool>(),
            1i64..40
        )
            .prop_map(|(first, then, followed, n)| {
                let not = if followed { "" } else { "not " };
                format!(
                    "lines.any(where {first}) {not}followed by orders(where {then}) within {n} days"
                )
            }),
    ]
    .boxed()
}

/// Six segments of tests, combined with `and`, `or` and `not`.
fn segments() -> impl Strategy<Value = String> {
    six_segments(combined(test()), "k")
}

fn maybe_day() -> impl Strategy<Value = Cell> {
    prop::option::weighted(0.9, prop::sample::select(OFFSETS.to_vec())).prop_map(|d| {
        d.and_then(|d| as_of().add_days(-d))
            .map_or(Cell::Null, Cell::Date)
    })
}

fn maybe_bool() -> impl Strategy<Value = Cell> {
    prop::option::weighted(0.8, any::<bool>()).prop_map(|b| b.map_or(Cell::Null, Cell::Bool))
}

fn amount() -> impl Strategy<Value = Cell> {
    prop::option::weighted(0.8, prop::sample::select(vec!["10.00", "20.50", "-5.00"]))
        .prop_map(|a| a.and_then(Num::parse).map_or(Cell::Null, Cell::Num))
}

fn dataset() -> impl Strategy<Value = Dataset> {
    (2usize..5).prop_flat_map(|n| {
        let person = prop::option::weighted(0.95, 0..n + 1)
            .prop_map(|p| p.map_or(Cell::Null, |p| Cell::Str(format!("p{p}"))));
        let order = (
            maybe_int(0..6),
            person,
            maybe_day(),
            maybe_word(&["s0", "s1", "s2", "s3"]),
        )
            .prop_map(|(id, p, d, s)| vec![id, p, d, s]);
        // Item ids up to 4 against item keys 0..4: some dangle, many are on two rows.
        let line = (maybe_int(0..6), maybe_int(0..8), amount(), maybe_int(0..5))
            .prop_map(|(o, l, a, i)| vec![o, l, a, i]);
        let mark = (maybe_int(0..8), maybe_word(&["a", "b"])).prop_map(|(l, m)| vec![l, m]);
        // Keys are always present (declared so); a key several rows share looks up no row.
        let item = (
            0i64..4,
            maybe_word(&["acme", "other"]),
            maybe_bool(),
            maybe_int(0..6),
        )
            .prop_map(|(k, b, o, w)| vec![Cell::Num(Num::int(k)), b, o, w]);
        let shop = (
            prop::sample::select(vec!["s0", "s1", "s2"]),
            maybe_word(&["lyon", "paris"]),
        )
            .prop_map(|(code, city)| vec![Cell::Str(code.to_string()), city]);
        (
            Just(n),
            prop::collection::vec(order, 0..8),
            prop::collection::vec(line, 0..14),
            prop::collection::vec(mark, 0..6),
            prop::collection::vec(item, 1..7),
            prop::collection::vec(shop, 0..4),
        )
            .prop_map(|(n, orders, lines, marks, items, shops)| {
                let people = (0..n).map(|i| vec![Cell::Str(format!("p{i}"))]).collect();
                dataset_of([
                    ("people", &["id"], people),
                    (
                        "orders",
                        &["order_id", "person_id", "ordered", "shop"],
                        orders,
                    ),
                    (
                        "lines",
                        &["order_id", "line_id", "amount", "item_id"],
                        lines,
                    ),
                    ("marks", &["line_id", "mark"], marks),
                    ("items", &["item_id", "brand", "organic", "weight"], items),
                    ("shops", &["code", "city"], shops),
                ])
            })
    })
}

#[test]
#[allow(
    clippy::print_stderr,
    reason = "the number of cases run is part of the test's report"
)]
fn random_lookups_agree_on_reference_duckdb_and_postgres() {
    let cases = crate::support::agree_on_random_cases(SCHEMA, (segments(), dataset()), as_of());
    eprintln!(
        "differential lookups: {cases} cases of 6 segments agreed on reference, DuckDB and PostgreSQL"
    );
}
