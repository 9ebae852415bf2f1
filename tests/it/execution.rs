//! Execution tests: the generated SQL runs on an embedded DuckDB and on a real PostgreSQL server
//! started by the test, and both return exactly the members the semantics call for.

use crate::pg_server::PgServer;
use crate::support::*;

const EDGE: &str = include_str!("../fixtures/edge.seg");
const EDGE_DATA: &str = include_str!("../fixtures/edge_data.sql");

/// Hand-derived members of `fixtures/edge.seg` over `fixtures/edge_data.sql` as of 2026-03-31.
fn edge_expected(all_customers: &[&str]) -> Members {
    let with_orders = [
        "c_w30_edge",
        "c_w29",
        "c_asof",
        "c_feb28",
        "c_lapsed90",
        "c_lapsed89",
        "c_sum_exact",
        "c_sum_below",
        "c_avg",
        "c_tie_last",
        "c_first",
    ];
    let no_orders: Vec<&str> = all_customers
        .iter()
        .copied()
        .filter(|c| !with_orders.contains(c))
        .collect();
    let mut m = members(&[
        // as_of - 30 days is outside `last 30 days`; the evaluation day itself is inside;
        // a row dated after the evaluation date is ignored.
        ("recent", &["c_w29", "c_asof"]),
        // `before 90 days ago` includes the day exactly 90 days ago.
        (
            "lapsed",
            &[
                "c_lapsed90",
                "c_sum_exact",
                "c_sum_below",
                "c_avg",
                "c_tie_last",
                "c_first",
            ],
        ),
        // A missing boolean is not true, so `not vip` holds for it.
        ("not_vip", &["c_w29", "c_vip_false", "c_vip_null"]),
        ("not_idf", &["c_region_null", "c_paca"]),
        // A comparison with a missing value is false, even `!=` and `not in`.
        ("region_ne_idf", &["c_paca"]),
        ("region_not_in", &["c_paca"]),
        // 33.37 + 33.37 + 33.36 = 100.10 exactly: decimal, not float.
        ("big_spender", &["c_sum_exact", "c_avg"]),
        // avg(33.37, 33.37, 33.37) = 33.37 exactly; 35 and 37.5 are above.
        ("avg_exact", &["c_avg", "c_tie_last", "c_first"]),
        ("quoted", &["c_obrien"]),
        // `%` and `_` in `contains` / `starts with` are plain characters.
        ("literal_percent", &["c_50pct"]),
        ("literal_underscore", &["c_a_b"]),
        ("backslash", &["c_backslash"]),
        ("like_pattern", &["c_obrien"]),
        ("no_orders", &[]),
        // Whole years: 18 on the birthday itself, 17 the day before; 29 February counts.
        ("adult", &["c_18_today", "c_leap"]),
        ("signed_10_days", &["c_signup10"]),
        ("recent_not_vip", &["c_w29"]),
        // as_of 2026-03-31 minus one month is 2026-02-28 (clamped), excluded.
        ("month_window", &["c_w30_edge", "c_w29", "c_asof"]),
        // Ties on time: `last` takes the largest value, `first` the smallest.
        ("last_amount_high", &["c_tie_last", "c_first"]),
        ("first_amount_low", &["c_tie_last", "c_first"]),
        // An empty string is present.
        ("note_missing", &["c_note_null"]),
        (
            "web_only",
            &[
                "c_w30_edge",
                "c_w29",
                "c_asof",
                "c_feb28",
                "c_lapsed90",
                "c_lapsed89",
                "c_first",
            ],
        ),
    ]);
    m.insert(
        "no_orders".into(),
        no_orders.iter().map(|c| c.to_string()).collect(),
    );
    // Stages: recent buyers first; other buyers next; everyone else (the future-only buyer too).
    let text = |keys: Vec<&str>| keys.into_iter().map(str::to_string).collect();
    m.insert("stage_recent".into(), text(vec!["c_w29", "c_asof"]));
    m.insert(
        "stage_lapsed".into(),
        text(
            with_orders
                .iter()
                .copied()
                .filter(|c| !["c_w29", "c_asof"].contains(c))
                .collect(),
        ),
    );
    m.insert("stage_never".into(), text(no_orders.clone()));
    m
}

fn edge_customers() -> Vec<&'static str> {
    EDGE_DATA
        .lines()
        .filter(|l| l.trim_start().starts_with("('c_"))
        .filter_map(|l| l.trim_start().strip_prefix("('")?.split('\'').next())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

#[test]
fn edge_rows_give_the_specified_members_on_duckdb() {
    let program = program(&[("edge.seg", EDGE)]);
    let actual = run_duckdb(&program, EDGE_DATA, date("2026-03-31"));
    assert_members("DuckDB", &actual, &edge_expected(&edge_customers()));
}

#[test]
fn edge_rows_give_the_specified_members_on_postgres() {
    let server = PgServer::start().expect("a PostgreSQL server can be started for the tests");
    let program = program(&[("edge.seg", EDGE)]);
    let mut client = server.connect();
    let actual = run_postgres(&mut client, &program, EDGE_DATA, date("2026-03-31"));
    assert_members("PostgreSQL", &actual, &edge_expected(&edge_customers()));
}

#[test]
fn edge_rows_give_the_specified_members_on_the_reference_evaluator() {
    let program = program(&[("edge.seg", EDGE)]);
    let actual = run_reference(&program, EDGE_DATA, date("2026-03-31"));
    assert_members(
        "reference evaluator",
        &actual,
        &edge_expected(&edge_customers()),
    );
}
