//! Lookup edge rows (`fixtures/lookups.seg`) on DuckDB, PostgreSQL and the reference evaluator:
//! a line without a product, one whose product nobody lists (dangling), and one whose product
//! is listed twice (a duplicated key) are each read once and look up no row, so their brand is
//! missing (a test on it false, `not` of it true); a line whose order is after the evaluation date is not read; a parent's lookup (the store of
//! a line's order) and a lookup two levels down (the product of an event's line); sequences
//! whose steps read lookups, on two tables and on one.

use crate::support::*;

const LOOKUPS: &str = include_str!("../fixtures/lookups.seg");
const LOOKUPS_DATA: &str = include_str!("../fixtures/lookups_data.sql");

fn expected() -> Members {
    members(&[
        // a_dup's product is listed twice, a_future's order is after the evaluation date,
        // a_old's is on 2025-12-31 (outside the window).
        ("acme_90", &["a_acme", "a_mixed", "a_seq"]),
        // A missing brand is not Acme: `not (brand = "Acme")` is true on it.
        (
            "not_acme",
            &[
                "a_other",
                "a_missing",
                "a_dangling",
                "a_dup",
                "a_null_brand",
                "a_mixed",
                "a_seq",
            ],
        ),
        // a_future reads no line and a_none has none: `all` over no rows is true.
        ("all_acme", &["a_acme", "a_old", "a_future", "a_none"]),
        // Lines that look up nothing are still counted, and a duplicated key counts its line
        // once; a_mixed has two lines.
        (
            "one_line",
            &[
                "a_acme",
                "a_other",
                "a_missing",
                "a_dangling",
                "a_dup",
                "a_null_brand",
                "a_old",
            ],
        ),
        // a_dup's 5 organic items look up no product (read twice they would count 10).
        ("organic_quantity", &["a_other", "a_null_brand"]),
        (
            "known_product",
            &[
                "a_acme",
                "a_other",
                "a_null_brand",
                "a_mixed",
                "a_old",
                "a_seq",
            ],
        ),
        // s_dup is listed twice, s_ghost not at all; a_future's order is not read.
        ("lyon_lines", &["a_acme", "a_null_brand", "a_old"]),
        ("lyon_orders", &["a_acme", "a_null_brand", "a_old"]),
        ("acme_events", &["a_acme"]),
        ("not_acme_events", &["a_other", "a_dup"]),
        // a_mixed's and a_seq's Acme lines are on a Paris order (the same instant counts);
        // a_dup's product is listed twice, a_future's order is after the evaluation date.
        ("acme_then_paris", &["a_mixed", "a_seq"]),
        ("acme_not_then_paris", &["a_acme", "a_old"]),
        // a_seq's organic line is on the Acme line's order: another row at the same instant.
        ("acme_then_organic", &["a_seq"]),
    ])
}

#[test]
fn lookup_edge_rows_on_duckdb_postgres_and_the_reference() {
    let program = program(&[("lookups.seg", LOOKUPS)]);
    assert_everywhere(&program, LOOKUPS_DATA, date("2026-03-31"), &expected());
}
