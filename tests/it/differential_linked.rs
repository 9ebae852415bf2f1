//! Random linked entities for the differential tests: `people` of `firms` (by a nullable
//! `firm_id`, often dangling), `deals` of firms with `deal_lines` of deals, `touches` of people.
//! Segments on people read their firm's columns and aggregate over their firm's tables and
//! their firm's people; segments on firms aggregate over their people and their people's
//! touches (reading the person's columns), with quantifiers, windows and sequences, under
//! `not` and with `is missing`. The reference evaluator, DuckDB and PostgreSQL must agree.

use crate::differential::window;
use crate::generated::{combined, dataset_of, maybe_int, maybe_word, segments_on};
use proptest::prelude::*;
use seglang::value::{Cell, Dataset, Date, Num};

const SCHEMA: &str = r#"
entity firms from "dle.firms" {
  key id: string
  sector: enum("it", "retail")?
  size: int?
}

entity people of firms(firm_id) from "dle.people" {
  key id: string
  firm_id: string?
  role: enum("dm", "user")?
  level: int?
}

facts deals of firms(firm_id) from "dle.deals" at signed {
  deal_id: int?
  firm_id: string?
  signed: date?
  amount: decimal(10, 2)?
}

facts deal_lines of deals(deal_id) from "dle.deal_lines" {
  deal_id: int?
  product: enum("a", "b")?
}

facts touches of people(person_id) from "dle.touches" at touched {
  person_id: string?
  touched: date?
  kind: enum("call", "mail")?
}
"#;

fn as_of() -> Date {
    Date::new(2026, 3, 31).expect("valid date")
}

/// Day offsets before the evaluation date, on both sides of the windows' edges.
const OFFSETS: [i64; 9] = [-1, 0, 1, 6, 7, 30, 31, 90, 91];

/// `where …` and a window, each maybe.
fn arguments(filter: BoxedStrategy<String>) -> impl Strategy<Value = Vec<String>> {
    crate::generated::filter_and_window(filter, 0.7)
}

fn person_filter() -> BoxedStrategy<String> {
    prop_oneof![
        Just("role = \"dm\"".to_string()),
        Just("not (role = \"user\")".to_string()),
        Just("role is missing".to_string()),
        (0i64..4).prop_map(|n| format!("level >= {n}")),
        Just("firm_id is present".to_string()),
    ]
    .boxed()
}

fn touch_filter() -> BoxedStrategy<String> {
    prop_oneof![
        Just("kind = \"call\"".to_string()),
        Just("kind != \"mail\"".to_string()),
        Just("people.role = \"dm\"".to_string()),
        Just("kind = \"mail\" and people.level > 1".to_string()),
        Just("people.role is missing".to_string()),
    ]
    .boxed()
}

/// A test of a person: its own columns and touches, its firm's columns and tables.
fn person_test() -> BoxedStrategy<String> {
    let deal_filter = prop_oneof![
        Just("amount > 10".to_string()),
        Just("amount is missing".to_string()),
    ]
    .boxed();
    let own_touch = prop_oneof![
        Just("kind = \"call\"".to_string()),
        Just("kind is missing".to_string()),
    ]
    .boxed();
    prop_oneof![
        Just("firms.sector = \"it\"".to_string()),
        Just("not (firms.sector = \"retail\")".to_string()),
        Just("firms.sector is missing".to_string()),
        (0i64..40).prop_map(|n| format!("firms.size > {n}")),
        Just("role = \"dm\"".to_string()),
        (arguments(deal_filter.clone()), 0i64..3)
            .prop_map(|(a, k)| format!("deals.count({}) >= {k}", a.join(", "))),
        (arguments(deal_filter), 0i64..40).prop_map(|(a, k)| {
            let args: Vec<String> = std::iter::once("amount".to_string()).chain(a).collect();
            format!("deals.sum({}) >= {k}.50", args.join(", "))
        }),
        prop::option::of(window()).prop_map(|w| {
            let w = w.map(|w| format!(", {w}")).unwrap_or_default();
            format!("deal_lines.any(where product = \"a\"{w})")
        }),
        (person_filter(), 0i64..4)
            .prop_map(|(f, k)| format!("people.count(where {f}) >= {k}")),
        (prop::sample::select(vec!["any", "all", "none"]), person_filter())
            .prop_map(|(q, f)| format!("people.{q}(where {f})")),
        (arguments(own_touch), 0i64..3)
            .prop_map(|(a, k)| format!("touches.count({}) >= {k}", a.join(", "))),
        (1i64..10).prop_map(|n| format!(
            "touches.any(where kind = \"mail\") followed by touches(where kind = \"call\") within {n} days"
        )),
    ]
    .boxed()
}

/// A test of a firm: its own columns and deals, its people and their touches.
fn firm_test() -> BoxedStrategy<String> {
    prop_oneof![
        Just("sector = \"it\"".to_string()),
        (person_filter(), 0i64..4)
            .prop_map(|(f, k)| format!("people.count(where {f}) >= {k}")),
        (prop::sample::select(vec!["any", "all", "none"]), person_filter())
            .prop_map(|(q, f)| format!("people.{q}(where {f})")),
        (arguments(touch_filter()), 0i64..4)
            .prop_map(|(a, k)| format!("touches.count({}) >= {k}", a.join(", "))),
        (prop::sample::select(vec!["any", "all", "none"]), touch_filter(), prop::option::of(window()))
            .prop_map(|(q, f, w)| {
                let w = w.map(|w| format!(", {w}")).unwrap_or_default();
                format!("touches.{q}(where {f}{w})")
            }),
        (0i64..3).prop_map(|k| format!("deals.count(last 90 days) >= {k}")),
        (1i64..10, any::<bool>()).prop_map(|(n, same)| {
            let same = if same { ", same person_id" } else { "" };
            format!(
                "touches.any(where kind = \"mail\") followed by touches(where kind = \"call\"{same}) within {n} days"
            )
        }),
    ]
    .boxed()
}

/// Three segments of people, three of firms.
fn segments() -> impl Strategy<Value = String> {
    (
        segments_on(combined(person_test()), "p", "people", 3),
        segments_on(combined(firm_test()), "f", "firms", 3),
    )
        .prop_map(|(people, firms)| format!("{people}{firms}"))
}

fn maybe_day() -> impl Strategy<Value = Cell> {
    prop::option::weighted(0.9, prop::sample::select(OFFSETS.to_vec())).prop_map(|d| {
        d.and_then(|d| as_of().add_days(-d))
            .map_or(Cell::Null, Cell::Date)
    })
}

/// `{prefix}0` … `{prefix}{n}`: one past the keys that exist (a dangling link), or missing.
fn link(prefix: &'static str, n: usize) -> impl Strategy<Value = Cell> {
    prop::option::weighted(0.9, 0..n + 1)
        .prop_map(move |i| i.map_or(Cell::Null, |i| Cell::Str(format!("{prefix}{i}"))))
}

fn amount() -> impl Strategy<Value = Cell> {
    prop::option::weighted(0.8, prop::sample::select(vec!["10.00", "20.50", "-5.00"]))
        .prop_map(|a| a.and_then(Num::parse).map_or(Cell::Null, Cell::Num))
}

fn dataset() -> impl Strategy<Value = Dataset> {
    (1usize..4, 1usize..7).prop_flat_map(|(firms, people)| {
        let firm = (maybe_word(&["it", "retail"]), maybe_int(0..50))
            .prop_map(|(sector, size)| vec![sector, size]);
        let person = (
            link("f", firms),
            maybe_word(&["dm", "user"]),
            maybe_int(0..4),
        )
            .prop_map(|(f, r, l)| vec![f, r, l]);
        let deal = (maybe_int(0..5), link("f", firms), maybe_day(), amount())
            .prop_map(|(id, f, d, a)| vec![id, f, d, a]);
        let line = (maybe_int(0..6), maybe_word(&["a", "b"])).prop_map(|(d, p)| vec![d, p]);
        let touch = (
            link("p", people),
            maybe_day(),
            maybe_word(&["call", "mail"]),
        )
            .prop_map(|(p, d, k)| vec![p, d, k]);
        (
            prop::collection::vec(firm, firms),
            prop::collection::vec(person, people),
            prop::collection::vec(deal, 0..6),
            prop::collection::vec(line, 0..6),
            prop::collection::vec(touch, 0..10),
        )
            .prop_map(|(firms, people, deals, lines, touches)| {
                let keyed = |prefix: &str, rows: Vec<Vec<Cell>>| -> Vec<Vec<Cell>> {
                    (rows.into_iter().enumerate())
                        .map(|(i, row)| {
                            std::iter::once(Cell::Str(format!("{prefix}{i}")))
                                .chain(row)
                                .collect()
                        })
                        .collect()
                };
                dataset_of([
                    ("firms", &["id", "sector", "size"], keyed("f", firms)),
                    (
                        "people",
                        &["id", "firm_id", "role", "level"],
                        keyed("p", people),
                    ),
                    ("deals", &["deal_id", "firm_id", "signed", "amount"], deals),
                    ("deal_lines", &["deal_id", "product"], lines),
                    ("touches", &["person_id", "touched", "kind"], touches),
                ])
            })
    })
}

#[test]
#[allow(
    clippy::print_stderr,
    reason = "the number of cases run is part of the test's report"
)]
fn random_linked_entities_agree_on_reference_duckdb_and_postgres() {
    let cases = crate::support::agree_on_random_cases(SCHEMA, (segments(), dataset()), as_of());
    eprintln!(
        "differential linked entities: {cases} cases of 6 segments agreed on reference, DuckDB and PostgreSQL"
    );
}
