//! Random spends read from costs tables: sums over a table dated by a timestamp (its day in a
//! random time zone, instants around midnight and the DST switches, some missing) and over one
//! dated by a date, with random `where`s and windows of the past and of the days after the
//! evaluation date, combined by arithmetic; missing and negative amounts. The reference
//! evaluator, DuckDB and PostgreSQL must give every sum identically, and so every cost.

use crate::differential::{
    as_of, cell, maybe, timestamp_near, zone_declaration, AMOUNTS, OFFSETS, REFUNDS,
};
use crate::differential_kpis::sums_agree;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use seglang::check::typed::Program;
use seglang::ir::AsOf;
use seglang::run::engine::Engine;
use seglang::value::{Cell, Dataset, Num, Table};

const SCHEMA: &str = r#"
entity people from "diff_costs.people" {
  key id: string
  joined: date?
}

costs spend from "diff_costs.spend" at booked {
  booked: timestamp?
  channel: enum("a", "b")?
  campaign: string?
  amount: decimal(10, 2)?
  units: int
}

costs fees from "diff_costs.fees" at day {
  day: date
  fee: int?
}

segment all on people {
  owner "qa"
}

segment joined_lately on people {
  where joined within last 30 days
}
"#;

/// A filter over the rows of `spend`.
fn spend_filter() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "channel = \"a\"",
        "channel is missing",
        "not (channel = \"b\")",
        "campaign starts with \"w\"",
        "campaign in [\"win\", \"x\"]",
        "amount > 0",
        "units >= 2 and channel = \"a\"",
        "amount is present or units = 0",
    ])
    .prop_map(str::to_string)
}

/// A window of the past, of the days after the evaluation date, or none.
fn window() -> impl Strategy<Value = Option<String>> {
    prop::option::weighted(
        0.8,
        prop::sample::select(vec![
            "last 1 days",
            "last 2 days",
            "last 30 days",
            "next 1 days",
            "next 2 days",
            "between 30 days ago and 1 days ago",
            "before 2 days ago",
            "after 30 days ago",
        ]),
    )
    .prop_map(|w| w.map(str::to_string))
}

/// One sum over a costs table.
fn booked() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["spend.sum(amount", "spend.sum(units", "fees.sum(fee"]),
        maybe(spend_filter()),
        window(),
    )
        .prop_map(|(sum, filter, window)| {
            let mut out = sum.to_string();
            // `fees` has no channel: only its window.
            if let (Some(f), false) = (filter, sum.starts_with("fees")) {
                out.push_str(&format!(", where {f}"));
            }
            if let Some(w) = window {
                out.push_str(&format!(", {w}"));
            }
            out + ")"
        })
}

/// A spend: one sum, or sums and numbers combined.
fn spend() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => booked(),
        1 => (booked(), booked()).prop_map(|(a, b)| format!("{a} + {b}")),
        1 => booked().prop_map(|a| format!("{a} * 2 - 10")),
        1 => booked().prop_map(|a| format!("-{a}")),
        1 => (booked(), booked()).prop_map(|(a, b)| format!("({a} + 5) / {b}")),
    ]
}

/// Three KPIs and, in half the cases, a time zone.
fn kpis() -> impl Strategy<Value = String> {
    (zone_declaration(), spend(), spend(), spend()).prop_map(|(zone, a, b, c)| {
        format!(
            "{zone}kpi c0 on people = cost({a} per joined is present)\n\
             kpi c1 on people = cost({b} per joined within last 30 days)\n\
             kpi c2 on people for joined_lately = cost({c} per joined is present)\n"
        )
    })
}

fn columns(names: &[&str]) -> Vec<String> {
    names.iter().map(|c| c.to_string()).collect()
}

/// People, and rows of both costs tables around the evaluation date.
fn dataset() -> impl Strategy<Value = Dataset> {
    let day = |offset: i64| as_of().add_days(-offset).map_or(Cell::Null, Cell::Date);
    let person =
        maybe(prop::sample::select(OFFSETS.to_vec())).prop_map(move |d| d.map_or(Cell::Null, day));
    let amounts: Vec<&'static str> = AMOUNTS.iter().chain(&REFUNDS).copied().collect();
    let spend = (
        prop_oneof![4 => timestamp_near(), 1 => Just(Cell::Null)],
        cell(prop::sample::select(vec!["a", "b"]), |c| {
            Cell::Str(c.into())
        }),
        cell(prop::sample::select(vec!["win", "wow", "x", ""]), |c| {
            Cell::Str(c.into())
        }),
        cell(prop::sample::select(amounts), |a| {
            Num::parse(a).map_or(Cell::Null, Cell::Num)
        }),
        0i64..4,
    )
        .prop_map(|(booked, channel, campaign, amount, units)| {
            vec![
                booked,
                channel,
                campaign,
                amount,
                Cell::Num(Num::int(units)),
            ]
        });
    let fee = (
        prop::sample::select(OFFSETS.to_vec()),
        cell(-3i64..50, |n| Cell::Num(Num::int(n))),
    )
        .prop_map(move |(d, fee)| vec![day(d), fee]);
    (
        prop::collection::vec(person, 1..6),
        prop::collection::vec(spend, 0..30),
        prop::collection::vec(fee, 0..12),
    )
        .prop_map(|(people, spend, fees)| {
            let mut data = Dataset::new();
            let rows = (people.into_iter().enumerate())
                .map(|(i, joined)| vec![Cell::Str(format!("p{i}")), joined])
                .collect();
            data.insert(
                "people".into(),
                Table {
                    columns: columns(&["id", "joined"]),
                    rows,
                },
            );
            data.insert(
                "spend".into(),
                Table {
                    columns: columns(&["booked", "channel", "campaign", "amount", "units"]),
                    rows: spend,
                },
            );
            data.insert(
                "fees".into(),
                Table {
                    columns: columns(&["day", "fee"]),
                    rows: fees,
                },
            );
            data
        })
}

fn compile(kpis: &str) -> Result<Program, TestCaseError> {
    crate::support::compile_generated(SCHEMA, kpis)
}

fn agree(pg: &mut Engine, source: &str, data: &Dataset) -> Result<(), TestCaseError> {
    let program = compile(source)?;
    let plans = seglang::plan(&program, AsOf::Fixed(as_of()), &[]).expect("plans");
    let reference = sums_agree(pg, &program, &plans, data, source)?;
    prop_assert!(!reference.booked.is_empty(), "the spends read costs tables");
    Ok(())
}

#[test]
#[allow(
    clippy::print_stderr,
    reason = "the number of cases run is part of the test's report"
)]
fn random_spends_agree_on_reference_duckdb_and_postgres() {
    let schema = compile("").expect("the costs schema checks");
    let cases = (kpis(), dataset());
    let ran = crate::support::run_differential(&schema, cases, |pg, (kpis, data)| {
        agree(pg, &kpis, &data)
    });
    eprintln!("differential spends: {ran} cases agreed on reference, DuckDB and PostgreSQL");
}
