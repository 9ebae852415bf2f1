//! Facts of facts edge rows (`fixtures/facts_of_facts.seg`) on DuckDB, PostgreSQL and the
//! reference evaluator: a line whose order is missing (a dangling link) or whose link is NULL
//! reaches nobody, a NULL order id matches no NULL line link, lines are dated by their order
//! (after the evaluation date, without a date, on both edges of a window), a table with its own
//! `at` is dated by it whatever its order's date, a filter on the parent's and the
//! grandparent's columns, `all` over no lines, and `last` ordered by the inherited time.

use crate::support::*;

const FACTS_OF_FACTS: &str = include_str!("../fixtures/facts_of_facts.seg");
const FACTS_OF_FACTS_DATA: &str = include_str!("../fixtures/facts_of_facts_data.sql");

fn expected() -> Members {
    members(&[
        // a_future's order is after the evaluation date, a_no_time's has no date, a_boundary's
        // organic line is on an order of 2025-12-31 (outside); the dangling line, the line with
        // a NULL link, and the lines of an order without account or of an unknown account reach
        // nobody.
        ("any_organic_90", &["a_plain", "a_web", "a_store"]),
        (
            "count_lines",
            &["a_plain", "a_boundary", "a_web", "a_old_return", "a_store"],
        ),
        // 2 + 1 on a web order; the 10 of the store order does not count.
        ("web_quantity", &["a_web"]),
        (
            "all_organic",
            &[
                "a_plain",
                "a_dangling",
                "a_null_link",
                "a_future",
                "a_old_return",
                "a_no_time",
                "a_store",
                "a_none",
            ],
        ),
        // The events of a_web's organic line and of a_plain's; a_store's order is in store;
        // a_future's order is after the evaluation date.
        ("events_any", &["a_plain", "a_web"]),
        // Own dates: a_future's return is in the window though its order is not; a_plain's
        // return is after the evaluation date, a_boundary's on 2025-12-31.
        ("returns_90", &["a_future", "a_old_return"]),
        // a_web's latest order (2026-03-02) has shoes; a_boundary's (2026-01-01) toys.
        ("last_toys", &["a_boundary", "a_old_return"]),
    ])
}

#[test]
fn facts_of_facts_edge_rows_on_duckdb_postgres_and_the_reference() {
    let program = program(&[("facts_of_facts.seg", FACTS_OF_FACTS)]);
    let as_of = date("2026-03-31");
    assert_everywhere(&program, FACTS_OF_FACTS_DATA, as_of, &expected());
}
