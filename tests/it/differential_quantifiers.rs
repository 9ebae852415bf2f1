//! Random quantifiers for the differential tests (`differential.rs`): `any`, `all` and `none`
//! over `events`, with and without a window, under `not`, over row conditions that test the
//! nullable columns of NULL-heavy rows (a missing value must fail a test, and `not` of a failed
//! test must hold, in every engine as in the reference evaluator). The main differential test
//! mixes them with every other condition; the test here gives every segment of a case to them.

use crate::differential::{dataset, quoted, run_case, text, window};
use proptest::prelude::*;

/// A condition on one row of `events`, often over a missing value.
fn row_condition() -> BoxedStrategy<String> {
    let leaf = prop_oneof![
        Just("kind = \"x\"".to_string()),
        Just("kind != \"y\"".to_string()),
        Just("kind in [\"x\"]".to_string()),
        (0i64..40).prop_map(|n| format!("amount > {n}.50")),
        Just("amount >= 0".to_string()),
        Just("amount is missing".to_string()),
        text().prop_map(|t| format!("label starts with {}", quoted(&t))),
        text().prop_map(|t| format!("label != {}", quoted(&t))),
        Just("happened is present".to_string()),
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

/// `events.any(…)`, `events.all(…)` or `events.none(…)`, maybe negated; `all` always has its
/// `where`, the others only sometimes.
pub(crate) fn quantifier_test() -> BoxedStrategy<String> {
    (
        prop::sample::select(vec!["any", "all", "none"]),
        prop::option::weighted(0.85, row_condition()),
        prop::option::of(window()),
        prop::bool::weighted(0.3),
    )
        .prop_map(|(func, filter, window, negated)| {
            let filter = match (func, filter) {
                ("all", None) => Some("amount > 0".to_string()),
                (_, filter) => filter,
            };
            let args: Vec<String> = filter
                .map(|f| format!("where {f}"))
                .into_iter()
                .chain(window)
                .collect();
            let quantifier = format!("events.{func}({})", args.join(", "));
            match negated {
                true => format!("not {quantifier}"),
                false => quantifier,
            }
        })
        .boxed()
}

/// Quantifiers combined with `and`, `or` and `not`.
fn quantifier_condition() -> impl Strategy<Value = String> {
    quantifier_test().prop_recursive(2, 8, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} and {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} or {b})")),
            inner.prop_map(|a| format!("not ({a})")),
        ]
    })
}

/// Six segments of quantifiers over `events`.
fn quantifier_segments() -> impl Strategy<Value = String> {
    prop::collection::vec(quantifier_condition(), 6).prop_map(|conditions| {
        conditions
            .iter()
            .enumerate()
            .map(|(i, c)| format!("segment q{i} on people {{ where {c} }}\n"))
            .collect()
    })
}

#[test]
#[allow(
    clippy::print_stderr,
    reason = "the number of cases run is part of the test's report"
)]
fn random_quantifiers_agree_on_reference_duckdb_and_postgres() {
    let schema = crate::differential::compile("").expect("the differential schema checks");
    let cases = crate::support::run_differential(
        &schema,
        (quantifier_segments(), dataset()),
        |pg, (segments, data)| run_case(pg, &segments, &data),
    );
    eprintln!("differential quantifiers: {cases} cases of 6 segments agreed on reference, DuckDB and PostgreSQL");
}
