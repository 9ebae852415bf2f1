//! Quantifiers (`orders.any/all/none(…)`) without an engine: each misuse has its code, at the
//! span of what is wrong; a quantifier is a count of the facts table's one pass compared with
//! zero, shared with the same count written out; and `none` plans exactly as `not any`.

use crate::compile::program;
use seglang::check::CheckOptions;
use seglang::ir::{AsOf, CompareOp, Cond, Expr, Scalar};

const SCHEMA: &str = r#"
entity customers {
  key customer_id: string
}

facts orders of customers(customer_id) at ordered_at {
  ordered_at: timestamp
  amount: decimal(12, 2)?
  category: string?
  discount_used: bool
}
"#;

/// The code and the text under the primary span of each diagnostic of `condition`.
fn diagnostics(extra: &str, condition: &str) -> Vec<(String, String)> {
    let text = format!("{extra}\nsegment s on customers {{\n  where {condition}\n}}\n");
    let analysis = seglang::analyze_sources(
        &[("s.seg", &text), ("schema.seg", SCHEMA)],
        &CheckOptions::default(),
    );
    analysis
        .diagnostics
        .iter()
        .map(|d| {
            let labels: Vec<_> = d
                .inner()
                .labels()
                .map(Iterator::collect)
                .unwrap_or_default();
            let span = labels.iter().find(|l| l.primary()).or(labels.first());
            let under = span
                .map(|l| text[l.offset()..l.offset() + l.len()].to_string())
                .unwrap_or_default();
            (d.code(), under)
        })
        .collect()
}

fn assert_reports(condition: &str, code: &str, under: &str) {
    let found = diagnostics("", condition);
    assert_eq!(
        found,
        [(code.to_string(), under.to_string())],
        "for {condition}"
    );
}

#[test]
fn a_quantifier_used_as_a_value_is_e0228() {
    let any = "orders.any(where amount > 1)";
    assert_reports(&format!("{any} = 1"), "E0232", any);
    assert_reports(&format!("{any} = true"), "E0232", any);
    assert_reports(&format!("{any} in [true]"), "E0232", any);
    assert_reports("orders.none() + 1 > 0", "E0232", "orders.none()");
    let found = diagnostics("trait t on customers = orders.any()", "t");
    assert!(found.iter().any(|(code, _)| code == "E0232"), "{found:?}");
}

#[test]
fn a_column_or_a_missing_where_of_all_is_e0229() {
    assert_reports("orders.all(amount)", "E0233", "amount");
    assert_reports(
        "orders.any(discount_used, last 30 days)",
        "E0233",
        "discount_used",
    );
    assert_reports(
        "orders.none(distinct category)",
        "E0233",
        "distinct category",
    );
    assert_reports("orders.all(last 30 days)", "E0233", "all");
    assert_reports("orders.all()", "E0233", "all");
}

#[test]
fn other_misuses_keep_the_codes_of_aggregates() {
    // Not a facts table of the entity.
    assert_reports("customers.any(where amount > 1)", "E0102", "customers");
    // A quantifier inside a row filter is a nested aggregate.
    assert_reports(
        "orders.count(where orders.any()) > 1",
        "E0211",
        "orders.any()",
    );
    assert_reports(
        "orders.any(where amount > 1, where amount < 5)",
        "E0212",
        "where amount < 5",
    );
    assert_reports("orders.any(where amonut > 1)", "E0104", "amonut");
}

#[test]
fn quantifiers_without_a_where_check_and_the_others_stand_anywhere_a_condition_does() {
    for condition in [
        "orders.any()",
        "orders.none(last 30 days)",
        "not orders.all(where discount_used)",
        "orders.any(last 90 days) and orders.all(where amount > 0, last 90 days)",
        "not (orders.none(where category = \"toys\") or orders.any(where discount_used))",
    ] {
        assert_eq!(diagnostics("", condition), [], "{condition}");
    }
}

/// The plan of one segment: its condition, and the features of its one feature table.
fn plan(condition: &str) -> (Cond, Vec<String>) {
    let text = format!("segment s on customers {{\n  where {condition}\n}}\n");
    let program = program(&[("s.seg", &text), ("schema.seg", SCHEMA)]);
    let plans = seglang::plan(&program, AsOf::Today, &[]).expect("the segment plans");
    let plan = &plans[0];
    assert_eq!(plan.feature_tables.len(), 1, "one pass over orders");
    let features = plan.feature_tables[0]
        .features
        .iter()
        .map(|f| f.name.clone())
        .collect();
    (plan.segments[0].cond.clone(), features)
}

#[test]
fn a_quantifier_is_a_count_compared_with_zero_shared_with_the_same_count() {
    let (_, features) = plan(
        "orders.any(where category = \"toys\", last 90 days) \
         and orders.count(where category = \"toys\", last 90 days) >= 2 \
         and orders.none(where category = \"toys\", last 90 days) \
         and orders.all(where discount_used) and orders.count(where not discount_used) = 0 \
         and orders.any() and orders.none() and orders.count() < 10",
    );
    assert_eq!(
        features,
        [
            "orders_count_where_last_90_days",
            "orders_count_where",
            "orders_count"
        ]
    );
}

#[test]
fn none_plans_as_not_any_and_all_counts_the_rows_that_fail() {
    let (none, _) = plan("orders.none(where amount > 5)");
    let (not_any, _) = plan("not orders.any(where amount > 5)");
    let count = |op| Cond::Compare {
        op,
        left: Expr::Feature {
            table: 0,
            feature: 0,
        },
        right: Expr::Lit(Scalar::Int(0)),
    };
    assert_eq!(none, count(CompareOp::Eq));
    assert_eq!(not_any, Cond::Not(Box::new(count(CompareOp::Gt))));
    let text = "segment s on customers {\n  where orders.all(where amount > 5)\n}\n";
    let program = program(&[("s.seg", text), ("schema.seg", SCHEMA)]);
    let plans = seglang::plan(&program, AsOf::Today, &[]).expect("the segment plans");
    let feature = &plans[0].feature_tables[0].features[0];
    assert!(
        matches!(feature.filter, Some(Cond::Not(_))),
        "all counts the rows where its test is not true: {feature:?}"
    );
    assert_eq!(plans[0].segments[0].cond, count(CompareOp::Eq));
}
