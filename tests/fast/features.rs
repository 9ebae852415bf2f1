//! Aggregates become shared, uniquely named features however many a project has: a segment of
//! a thousand distinct aggregates, each written twice, plans each aggregate once, names the
//! features of one base `orders_count_where`, `orders_count_where_2` … in order, and compiles on
//! every dialect. (Lowering once scanned every feature per aggregate and per candidate name.)

use crate::compile::{compile_all, program};
use seglang::ir::AsOf;
use seglang::sql::Target;
use seglang::Statements;

const SCHEMA: &str = "entity customers {
  key customer_id: string
}

facts orders of customers(customer_id) at ordered_at {
  ordered_at: timestamp
  amount: int
}
";

/// `orders.count(where amount > i) >= 1 and orders.count(where amount > i) <= i + 1000` for
/// each `i` below `distinct`: two terms per distinct aggregate.
fn segment(distinct: usize) -> String {
    let terms: Vec<String> = (0..distinct)
        .flat_map(|i| {
            [
                format!("orders.count(where amount > {i}) >= 1"),
                format!("orders.count(where amount > {i}) <= {}", i + 1000),
            ]
        })
        .collect();
    format!(
        "segment many on customers {{\n  where {}\n}}\n",
        terms.join("\n    and ")
    )
}

#[test]
fn a_thousand_distinct_aggregates_are_each_one_feature_with_its_own_name() {
    let distinct = 1_000;
    let text = segment(distinct);
    let program = program(&[("many.seg", &text), ("schema.seg", SCHEMA)]);
    let plans = seglang::plan(&program, AsOf::Today, &[]).expect("the segment plans");
    let features = &plans[0].feature_tables[0].features;
    let names: Vec<&str> = features.iter().map(|f| f.name.as_str()).collect();
    let expected: Vec<String> = (1..=distinct)
        .map(|n| match n {
            1 => "orders_count_where".to_string(),
            n => format!("orders_count_where_{n}"),
        })
        .collect();
    assert_eq!(names, expected);
    for target in Target::ALL {
        let compiled = compile_all(&program, AsOf::Today, target, Statements::Membership);
        let sql = &compiled.statements[0].sql;
        assert!(
            sql.contains(&format!("orders_count_where_{distinct}")),
            "{target}"
        );
    }
}
