//! Quantifier edge rows (`fixtures/quantifiers.seg`) on DuckDB, PostgreSQL and the reference
//! evaluator: `all` over no rows is true, a row whose tested value is missing does not satisfy
//! the test (so `all` is false, `any` and `none` ignore it), rows before the window, on its first
//! and last day and after the evaluation date, and `none` as `not any`.

use crate::support::*;

const QUANTIFIERS: &str = include_str!("../fixtures/quantifiers.seg");
const QUANTIFIERS_DATA: &str = include_str!("../fixtures/quantifiers_data.sql");

/// The accounts with no order in the last 90 days (none, only an old one, only a future one).
const NO_ROWS_90: [&str; 3] = ["q_none", "q_old", "q_future"];

fn with_no_rows(more: &[&'static str]) -> Vec<&'static str> {
    NO_ROWS_90
        .iter()
        .copied()
        .chain(more.iter().copied())
        .collect()
}

fn expected() -> Members {
    let none_organic = with_no_rows(&["q_missing_only", "q_boundary", "q_future_bad"]);
    let all_positive = with_no_rows(&["q_good", "q_boundary", "q_future_bad"]);
    let all_not_returned = with_no_rows(&["q_good", "q_missing", "q_missing_only", "q_future_bad"]);
    let all_returned_false = with_no_rows(&["q_good", "q_future_bad"]);
    let all_nonzero = with_no_rows(&["q_good", "q_mixed", "q_boundary", "q_future_bad"]);
    let all_positive_or_missing = with_no_rows(&[
        "q_good",
        "q_missing",
        "q_missing_only",
        "q_boundary",
        "q_future_bad",
    ]);
    let all_not_organic = with_no_rows(&["q_missing_only", "q_boundary", "q_future_bad"]);
    let all_other_than_organic = with_no_rows(&["q_boundary", "q_future_bad"]);
    let all_category_present = with_no_rows(&["q_good", "q_mixed", "q_boundary", "q_future_bad"]);
    let all_between = with_no_rows(&["q_good", "q_boundary"]);
    let all_positive_before = with_no_rows(&[
        "q_good",
        "q_mixed",
        "q_missing",
        "q_missing_only",
        "q_future_bad",
    ]);
    let none_returned_90 = with_no_rows(&[
        "q_good",
        "q_missing",
        "q_missing_only",
        "q_boundary",
        "q_future_bad",
    ]);
    let shared = with_no_rows(&["q_missing_only", "q_boundary", "q_future_bad", "q_good"]);
    members(&[
        // A missing category is not "organic"; the future order of q_future_bad is ignored.
        ("any_organic_90", &["q_good", "q_mixed", "q_missing"]),
        ("none_organic_90", &none_organic),
        ("not_any_organic_90", &none_organic),
        // Over no rows `all` is true: q_none, q_old and q_future are in; the -1.00 of q_boundary
        // is on 2025-12-31, outside the window; the -10.00 of q_future_bad after the date.
        ("all_positive_90", &all_positive),
        (
            "not_all_positive_90",
            &["q_mixed", "q_missing", "q_missing_only"],
        ),
        (
            "has_and_all_positive_90",
            &["q_good", "q_boundary", "q_future_bad"],
        ),
        // `not returned` is true where `returned` is missing; `returned = false` is not.
        ("all_not_returned", &all_not_returned),
        ("all_returned_false", &all_returned_false),
        // `amount != 0` is false where the amount is missing.
        ("all_amount_nonzero_90", &all_nonzero),
        ("all_positive_or_missing_90", &all_positive_or_missing),
        // `not (category = "organic")` holds on a missing category, `!=` does not.
        ("all_not_organic_90", &all_not_organic),
        ("all_other_than_organic_90", &all_other_than_organic),
        ("all_category_present_after", &all_category_present),
        // Rows up to the evaluation date: q_future's only order is after it.
        (
            "any_ever",
            &[
                "q_old",
                "q_good",
                "q_mixed",
                "q_missing",
                "q_missing_only",
                "q_boundary",
                "q_future_bad",
            ],
        ),
        ("none_ever", &["q_none", "q_future"]),
        ("all_between", &all_between),
        ("all_positive_before", &all_positive_before),
        // The returns of q_future and q_future_bad are after the evaluation date.
        ("any_returned", &["q_mixed", "q_boundary"]),
        ("not_none_returned", &["q_mixed", "q_boundary"]),
        ("none_returned_90", &none_returned_90),
        ("shared_organic", &shared),
    ])
}

#[test]
fn quantifier_edge_rows_on_duckdb_postgres_and_the_reference() {
    let program = program(&[("quantifiers.seg", QUANTIFIERS)]);
    let as_of = date("2026-03-31");
    assert_everywhere(&program, QUANTIFIERS_DATA, as_of, &expected());
}
