//! Traits inside models (`fixtures/traits.seg`) on DuckDB, PostgreSQL and the reference
//! evaluator: a CLV model whose margin is a share of orders (a quotient, so a lifetime value of
//! exactly 100 from 150.00 × 1/3 × 2), one whose lifespan is a trait with a default, a trait
//! reading a model whose lifespan is a trait, all declared before what they read. Windows end on
//! the evaluation date and drop later rows; a missing share or rate makes the value missing.

use crate::support::*;

const TRAITS: &str = include_str!("../fixtures/traits.seg");
const TRAITS_DATA: &str = include_str!("../fixtures/traits_data.sql");

fn expected() -> Members {
    members(&[
        // sum of the last year × share × 2: 100 × 1 × 2, 100 × 1/2 × 2 (a tie), 150 × 1/3 × 2
        // (exactly 100; a rounded third gives 99.99…). a_norate and a_edge have a share of 0,
        // a_future 10.00 (its order after the evaluation date does not count).
        ("share_value_at_least_100", &["a_all", "a_half", "a_third"]),
        // No order in the last year: the share, so the value, is missing.
        ("share_value_missing", &["a_none", "a_old"]),
        // A share of at least a half: 1, 1/2 (a tie), 1; a third is not.
        ("doubled_share_at_least_1", &["a_all", "a_half", "a_future"]),
        // Two years of orders × rate × (years otherwise 1) / 2: 200 × 0.50 × 3 / 2 = 150 and
        // 150 × 1.00 × 2 / 2 = 150.
        ("tenure_at_least_150", &["a_all", "a_third"]),
        // Against the last year's spend: 150 ≥ 100, 150 = 150, 0 = 0 without orders in either
        // window; a missing rate is the default 0, below 500. a_edge: 100 × 1.00 × 1 / 2 = 50
        // against 60 (its order of 2025-03-31 is in the two years, not the last one).
        (
            "tenure_covers_spend",
            &["a_all", "a_third", "a_none", "a_old"],
        ),
        ("tenure_equals_spend", &["a_third", "a_none", "a_old"]),
    ])
}

#[test]
fn models_reading_traits_on_duckdb_postgres_and_the_reference() {
    let program = program(&[("traits.seg", TRAITS)]);
    let as_of = date("2026-03-31");
    assert_everywhere(&program, TRAITS_DATA, as_of, &expected());
}
