//! Random quantifiers for the differential tests (`differential.rs`): `any`, `all` and `none`
//! over `events`, with and without a window, under `not`, over row conditions that test the
//! nullable columns of NULL-heavy rows (a missing value must fail a test, and `not` of a failed
//! test must hold, in every engine as in the reference evaluator).

use crate::differential::{quoted, text, window};
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
