//! Arithmetic edge rows (`fixtures/arithmetic.seg`) on DuckDB, PostgreSQL and the reference
//! evaluator: quotients compared exactly (a tie is a tie, a third is above 0.33333333333333333,
//! which a double rounds onto), divisors of either sign and zero, defaults, rounding halves away
//! from zero, 64-bit products and decimals with 9 digits after the point.

use crate::support::*;

const ARITHMETIC: &str = include_str!("../fixtures/arithmetic.seg");
const ARITHMETIC_DATA: &str = include_str!("../fixtures/arithmetic_data.sql");

fn expected() -> Members {
    members(&[
        // 2 of 4, 3 of 3, 1 of 2 and 1 of 2: a half ties with 0.5.
        ("discount_half", &["a_half", "a_ten", "a_fifty", "a_zero"]),
        ("discount_over_half", &["a_ten"]),
        // 10.00 / 3 * 3 is 10 exactly; a rounded quotient gives 9.99…
        ("thirds_times_three", &["a_ten"]),
        // 1.00 / 3 is above 0.33333333333333333; as doubles they are equal.
        (
            "above_a_third",
            &[
                "a_half",
                "a_third",
                "a_ten",
                "a_fifty",
                "a_over",
                "a_round",
                "a_round_low",
            ],
        ),
        // 50 is not above 50; 250.01 / 2 is.
        ("basket_over_50", &["a_over"]),
        // Without orders the quotient is missing, the test false, its negation true.
        (
            "not_basket_over_50",
            &[
                "a_half",
                "a_third",
                "a_ten",
                "a_fifty",
                "a_return1",
                "a_return2",
                "a_zero",
                "a_none",
                "a_round",
                "a_round_neg",
                "a_round_low",
            ],
        ),
        ("quotient_in", &["a_fifty", "a_round"]),
        (
            "quotient_not_in",
            &[
                "a_half",
                "a_third",
                "a_ten",
                "a_over",
                "a_return1",
                "a_return2",
                "a_zero",
                "a_round_neg",
                "a_round_low",
            ],
        ),
        ("quotient_missing", &["a_none"]),
        // -4 / -3 is above 1: two negative divisors keep the direction.
        ("nested", &["a_half", "a_fifty", "a_return1"]),
        // Returns make recent spend negative, below half of nothing.
        (
            "spend_halved",
            &["a_over", "a_return1", "a_return2", "a_round_neg"],
        ),
        ("older_spend", &["a_over"]),
        // 2 / -1.50 is below -0.5; 1 / -4.00 is not (multiplying by -4 reverses the test).
        ("negative_divisor", &["a_return2"]),
        (
            "avg_otherwise_nonnegative",
            &[
                "a_half",
                "a_third",
                "a_ten",
                "a_fifty",
                "a_over",
                "a_zero",
                "a_none",
                "a_round",
                "a_round_low",
            ],
        ),
        // A missing credit or no orders: the default, 0.
        (
            "quotient_otherwise",
            &[
                "a_fifty",
                "a_over",
                "a_return2",
                "a_none",
                "a_round",
                "a_round_neg",
                "a_round_low",
            ],
        ),
        // 12.45 rounds to 12.5, -12.45 to -12.5, 12.445 to 12.4 (and to 12.45 with 2 digits),
        // 125.005 to 125.01.
        ("round_one_up", &["a_round"]),
        ("round_one_down", &["a_round_neg"]),
        ("round_two", &["a_over"]),
        ("round_two_b", &["a_round", "a_round_low"]),
        ("round_whole", &["a_half", "a_third"]),
        ("round_whole_negative", &["a_ten", "a_return1"]),
        // 5,000,000,000² = 2.5 × 10^19, past the 64-bit range.
        ("big_product", &["a_half"]),
        ("big_quotient", &["a_third"]),
        ("rate_nine", &["a_half"]),
        ("int_halves", &["a_half"]),
        // -3 / 4 is -0.75, not the -0 of an integer division.
        ("int_quarters", &["a_fifty"]),
        ("negated", &["a_ten", "a_return1"]),
        ("abs_between", &["a_half", "a_ten", "a_return1"]),
        // A missing value makes the choice missing (PostgreSQL's LEAST alone would skip it).
        ("least_negative", &["a_ten", "a_fifty"]),
        ("greatest_quotient", &["a_half", "a_fifty"]),
        // The same as discount_half, through a trait; no orders is the default -1.
        (
            "trait_share_half",
            &["a_half", "a_ten", "a_fifty", "a_zero"],
        ),
        ("trait_share_default", &["a_none"]),
        // Every account with orders: 24.90 / 2 is 12.45 on both sides (a whole-number cast of
        // the chosen 24.90 would give 12).
        (
            "default_vs_avg",
            &[
                "a_half",
                "a_third",
                "a_ten",
                "a_fifty",
                "a_over",
                "a_return1",
                "a_return2",
                "a_zero",
                "a_round",
                "a_round_neg",
                "a_round_low",
            ],
        ),
    ])
}

#[test]
fn arithmetic_edge_rows_on_duckdb_postgres_and_the_reference() {
    let program = program(&[("arithmetic.seg", ARITHMETIC)]);
    let as_of = date("2026-03-31");
    assert_everywhere(&program, ARITHMETIC_DATA, as_of, &expected());
}
