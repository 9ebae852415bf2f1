//! Sequences without an engine: the retail example's sequence tests pass on the reference
//! evaluator; identical sequences are planned once and `followed by` and `not followed by` as
//! two; a sequence is a condition, not a value, and only at the entity's level; its count may
//! name a parameter.

use crate::sql_snapshots::example_projects;
use crate::support::program;
use seglang::check::CheckOptions;
use seglang::ir::{AsOf, Cond};
use seglang::run::testing::run_test_on_reference;

const SCHEMA: &str = r#"
entity customers {
  key customer_id: string
}

facts events of customers(customer_id) at occurred_at {
  occurred_at: timestamp
  kind: enum("cart_add", "search")
  category: string?
}

facts orders of customers(customer_id) at ordered_at {
  ordered_at: timestamp
  category: string?
}

param bound: int = 3
"#;

#[test]
fn the_retail_sequence_tests_pass_on_the_reference_evaluator() {
    let retail = example_projects()
        .into_iter()
        .find(|p| p.name == "retail")
        .expect("the retail example");
    let tests: Vec<_> = retail
        .program
        .tests
        .iter()
        .filter(|t| {
            let segment = &retail.program.segments[t.segment.0].name;
            ["abandoned_carts", "quick_repeat_buyers"].contains(&segment.as_str())
        })
        .collect();
    assert_eq!(tests.len(), 2, "the two sequence tests of examples/retail");
    for test in tests {
        let report = run_test_on_reference(&retail.program, test).expect("the test runs");
        assert!(report.passed(), "{}: {:?}", test.name, report.problems);
    }
}

/// The sequences of the plan of `conditions`, one segment each, and each segment's condition.
fn plan(conditions: &[&str]) -> (usize, Vec<Cond>) {
    let text: String = conditions
        .iter()
        .enumerate()
        .map(|(i, c)| format!("segment s{i} on customers {{ where {c} }}\n"))
        .collect();
    let program = program(&[("s.seg", &text), ("schema.seg", SCHEMA)]);
    let plans = seglang::plan(&program, AsOf::Today, &[]).expect("the segments plan");
    let conds = plans[0].segments.iter().map(|s| s.cond.clone()).collect();
    (plans[0].sequences.len(), conds)
}

#[test]
fn identical_sequences_are_planned_once_and_each_direction_apart() {
    let abandoned =
        "events.any(where kind = \"cart_add\", last 7 days) not followed by orders within 2 days";
    let converted =
        "events.any(where kind = \"cart_add\", last 7 days) followed by orders within 2 days";
    let (count, conds) = plan(&[
        abandoned,
        abandoned,
        converted,
        &format!("not ({converted})"),
    ]);
    assert_eq!(count, 2, "one sequence per direction");
    assert_eq!(conds[0], conds[1]);
    assert_ne!(conds[0], conds[2]);
    assert_eq!(conds[3], Cond::Not(Box::new(conds[2].clone())));
    let (count, _) = plan(&[
        "orders.any() followed by orders within 2 days",
        "orders.any() followed by orders within 3 days",
        "orders.any() followed by orders(same category) within 2 days",
        "orders.any() followed by orders within bound days",
    ]);
    assert_eq!(
        count, 3,
        "the bound and `same` tell sequences apart; `bound` is 3"
    );
}

/// The codes of the errors of one segment whose condition is `condition` (not the warning of
/// an unused parameter).
fn codes(condition: &str) -> Vec<String> {
    let text = format!("segment s on customers {{\n  where {condition}\n}}\n");
    let analysis = seglang::analyze_sources(
        &[("s.seg", &text), ("schema.seg", SCHEMA)],
        &CheckOptions::default(),
    );
    analysis
        .diagnostics
        .iter()
        .map(|d| d.code())
        .filter(|c| c.starts_with('E'))
        .collect()
}

#[test]
fn a_sequence_is_a_condition_of_the_entity() {
    assert_eq!(
        codes("orders.any() followed by orders within bound days"),
        Vec::<String>::new()
    );
    assert_eq!(
        codes("(orders.any() followed by orders within 2 days) and events.any()"),
        Vec::<String>::new()
    );
    // Not inside a row filter: an aggregate there is nested (E0211).
    assert_eq!(
        codes("orders.count(where orders.any() followed by events within 2 days) > 0"),
        ["E0211"]
    );
    // `none`, a count or a column do not start a sequence.
    assert_eq!(
        codes("orders.none() followed by orders within 2 days"),
        ["E0250"]
    );
    assert_eq!(
        codes("orders.count() followed by orders within 2 days"),
        ["E0250"]
    );
    // A bound of zero days is an empty window (E0214); an unknown table or column keeps its code.
    assert_eq!(
        codes("orders.any() followed by orders within 0 days"),
        ["E0214"]
    );
    assert_eq!(
        codes("orders.any() followed by order within 2 days"),
        ["E0102"]
    );
    assert_eq!(
        codes("orders.any() followed by orders(same categry) within 2 days"),
        ["E0101"]
    );
    // Both steps are checked, the bound too: every error is reported at once.
    assert_eq!(
        codes(
            "orders.any(where amount > 1) followed by events(where knd = \"x\", same kind) within 2 months"
        ),
        ["E0104", "E0104", "E0101", "E0253"]
    );
}
