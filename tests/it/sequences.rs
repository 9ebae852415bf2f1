//! Sequence edge rows (`fixtures/sequences.seg`) on DuckDB, PostgreSQL and the reference
//! evaluator: the second row exactly at the bound and one second past it, at the same instant as
//! the first and just before it; several first rows of which only the last is unanswered; a row
//! after the evaluation date; a row that is in both steps and never follows itself; `same` over
//! missing values, dangling lines and lines of future orders; the day bound of dates.

use crate::support::*;

const SEQUENCES: &str = include_str!("../fixtures/sequences.seg");
const SEQUENCES_DATA: &str = include_str!("../fixtures/sequences_data.sql");

const ACCOUNTS: [&str; 26] = [
    "s_exact",
    "s_late",
    "s_same_instant",
    "s_before",
    "s_last_unanswered",
    "s_recent",
    "s_future_order",
    "s_none",
    "s_old",
    "p_one",
    "p_two_same_instant",
    "p_gap",
    "p_ok",
    "b_bought",
    "b_other",
    "b_missing",
    "b_dangling",
    "b_future",
    "v_next_day",
    "v_two_days",
    "v_same_day",
    "v_before",
    "v_single",
    "v_two_pricing",
    "w_week",
    "w_past_week",
];

fn expected() -> Members {
    let converted = ["s_exact", "s_same_instant", "s_last_unanswered"];
    let never_converted: Vec<&str> = ACCOUNTS
        .iter()
        .copied()
        .filter(|a| !converted.contains(a))
        .collect();
    members(&[
        // s_exact is answered exactly 2 days later, s_late one second too late; s_before's order
        // is a second before its cart addition; s_recent's bound runs past the evaluation date
        // and s_future_order's order is after it; s_old's addition is before the window.
        (
            "abandoned",
            &[
                "s_late",
                "s_before",
                "s_last_unanswered",
                "s_recent",
                "s_future_order",
            ],
        ),
        ("converted", &converted),
        ("never_converted", &never_converted),
        // One order never follows itself; two at one instant follow each other; 32 days is too
        // far.
        ("second_purchase", &["p_two_same_instant", "p_ok"]),
        // p_ok's second order has a missing amount.
        ("big_second_purchase", &["p_two_same_instant"]),
        // A missing category matches nothing; a dangling line and a line of a future order are
        // not read.
        (
            "browse_abandoned",
            &["b_other", "b_missing", "b_dangling", "b_future"],
        ),
        // Dates: the same day counts (dates have no order within a day), two days is too far.
        ("signed_up_after_pricing", &["v_next_day", "v_same_day"]),
        (
            "visited_again",
            &["v_next_day", "v_same_day", "v_two_pricing"],
        ),
        // `1 weeks` is 7 days to the second.
        ("bought_within_a_week_of_an_email", &["w_week"]),
    ])
}

#[test]
fn sequence_edge_rows_on_duckdb_postgres_and_the_reference() {
    let program = program(&[("sequences.seg", SEQUENCES)]);
    assert_everywhere(&program, SEQUENCES_DATA, date("2026-03-31"), &expected());
}
