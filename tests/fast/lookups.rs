//! Lookups without an engine: the edge fixture's statements re-parse in every dialect; a
//! statement computes each lookup it reads once and left-joins it once inside each feature CTE
//! that reads it, however many criteria read it, and not at all when its features read none;
//! the plan lists only the lookups features read; hostile names stay quoted; the checker finds a
//! lookup declared after the tables that reference it; the retail example's test block passes on
//! the reference evaluator; `seg explain` and `seg graph` name the lookup.

use crate::compile::compile_all;
use crate::reparse::assert_parses;
use crate::support::{date, membership_sql, program};
use seglang::ir::{lower, AsOf, LowerOptions};
use seglang::sql::Target;
use seglang::Statements;

const FIXTURE: &str = include_str!("../fixtures/lookups.seg");

fn codes(source: &str) -> Vec<String> {
    let analysis = seglang::analyze_sources(
        &[("p.seg", source)],
        &seglang::check::CheckOptions::default(),
    );
    analysis.diagnostics.iter().map(|d| d.code()).collect()
}

/// The fixture's schema, without its segments.
fn schema() -> &'static str {
    FIXTURE
        .split("// A line without a product")
        .next()
        .expect("the fixture starts with its schema")
}

#[test]
fn lookup_statements_parse_in_every_dialect() {
    let program = program(&[("lookups.seg", FIXTURE)]);
    for target in Target::ALL {
        let all = compile_all(
            &program,
            AsOf::Fixed(date("2026-03-31")),
            target,
            Statements::All,
        );
        for statement in all.statements {
            assert_parses(&statement.sql, target);
        }
    }
}

#[test]
fn a_lookup_is_computed_once_and_joined_once_per_table_whatever_the_number_of_criteria() {
    let criteria: String = (0..12)
        .map(|i| {
            format!(
                "segment s{i} on accounts {{ where lines.count(where products.brand = \"b{i}\", last {} days) >= 1 and line_events.any(where products.organic and stores.city = \"c{i}\") }}\n",
                i + 1
            )
        })
        .collect();
    let program = program(&[("schema.seg", schema()), ("criteria.seg", &criteria)]);
    for target in Target::ALL {
        let sql = membership_sql(&program, date("2026-03-31"), target).join("\n");
        assert_eq!(sql.matches("products_lookup AS (").count(), 1, "{sql}");
        assert_eq!(sql.matches("FROM qa.products AS products").count(), 1);
        // Once inside the lines CTE, once inside the line events CTE.
        assert_eq!(
            sql.matches("LEFT JOIN products_lookup AS products").count(),
            2,
            "{target:?}\n{sql}"
        );
        // Only line events read stores, through their lines' orders.
        assert_eq!(sql.matches("LEFT JOIN stores_lookup AS stores").count(), 1);
        assert!(sql.contains("ON stores.store_id = orders.store_id AND stores.rows_with_key = 1"));
        assert!(sql.contains("ON products.sku = lines.product_id AND products.rows_with_key = 1"));
    }
}

#[test]
fn a_statement_whose_features_read_no_lookup_joins_none() {
    let program = program(&[("lookups.seg", FIXTURE)]);
    let plans = lower(
        &program,
        &LowerOptions {
            as_of: AsOf::Fixed(date("2026-03-31")),
            segments: Vec::new(),
        },
    );
    let lookups_of = |table: &str| -> Vec<(String, Option<String>, String)> {
        let t = plans[0].feature_tables.iter().find(|t| t.name == table);
        let lookups = t.expect(table).lookups.iter();
        lookups
            .map(|l| (l.name.clone(), l.holder.clone(), l.column.clone()))
            .collect()
    };
    assert_eq!(
        lookups_of("lines"),
        [
            ("products".into(), None, "product_id".into()),
            ("stores".into(), Some("orders".into()), "store_id".into()),
        ]
    );
    assert_eq!(
        lookups_of("line_events"),
        [("products".into(), Some("lines".into()), "product_id".into())]
    );
    let members = compile_all(
        &program,
        AsOf::Fixed(date("2026-03-31")),
        Target::Postgres,
        Statements::Members,
    );
    let sql_of = |segment: &str| {
        let found = members
            .statements
            .iter()
            .find(|s| s.segment.as_deref() == Some(segment));
        found.expect(segment).sql.clone()
    };
    // `one_line` counts lines: the lines CTE it reads joins no lookup.
    assert!(
        !sql_of("one_line").contains("_lookup"),
        "{}",
        sql_of("one_line")
    );
    let lyon = sql_of("lyon_orders");
    assert!(lyon.contains("LEFT JOIN stores_lookup AS stores"), "{lyon}");
    assert!(!lyon.contains("products_lookup"), "{lyon}");
}

#[test]
fn lookup_names_and_tables_stay_quoted_identifiers() {
    let source = r#"
entity customers { key customer_id: string }
facts orders of customers(customer_id) {
  "group": string
}
"#;
    // A column name is an identifier: quotes are a syntax error, not SQL.
    assert_eq!(codes(source), ["E0001"]);
    let source = r#"
entity customers { key customer_id: string }
facts orders of customers(customer_id) {
  select_id: string? -> order
}
lookup order(select_id) from "my-project.Sales.order" {
  group: string
  union: bool
}
segment s on customers { where orders.any(where order.group = "x'; DROP TABLE customers; --" and order.union) }
"#;
    let program = program(&[("p.seg", source)]);
    for target in Target::ALL {
        for sql in membership_sql(&program, date("2026-03-31"), target) {
            // One statement: the text is one string literal, its quote doubled or escaped.
            assert_eq!(assert_parses(&sql, target), 1);
            let literal = match target {
                Target::BigQuery => r"'x\'; DROP TABLE customers; --'",
                _ => "'x''; DROP TABLE customers; --'",
            };
            assert!(
                sql.contains(&format!("\"group\" = {literal}"))
                    || sql.contains(&format!("`group` = {literal}")),
                "{sql}"
            );
            match target {
                Target::BigQuery => assert!(
                    sql.contains("FROM `my-project`.Sales.`order` AS `order`"),
                    "{sql}"
                ),
                _ => assert!(
                    sql.contains(r#"FROM "my-project"."Sales"."order" AS "order""#),
                    "{sql}"
                ),
            }
        }
    }
    let hostile = r#"
entity customers { key customer_id: string }
lookup products(product_id) from "crm.products; DROP TABLE customers" { brand: string }
"#;
    assert_eq!(codes(hostile), ["E0109"]);
}

#[test]
fn a_lookup_may_be_declared_after_the_tables_that_reference_it_and_named_once() {
    let source = r#"
entity customers { key customer_id: string }
facts orders of customers(customer_id) {
  shop: int? -> shops
}
segment s on customers { where orders.any(where shops.city = "Lyon") }
lookup shops(shop_id) {
  shop_id: int
  city: string
}
"#;
    assert_eq!(codes(source), Vec::<String>::new());
    let twice = r#"
entity customers { key customer_id: string }
facts orders of customers(customer_id) { x: string }
lookup orders(order_id) { brand: string }
lookup shops(shop_id) { shop_id: string  shop_id: string }
"#;
    assert_eq!(codes(twice), ["E0105", "E0106"]);
}

#[test]
fn the_retail_lookup_test_passes_on_the_reference_evaluator() {
    let p = program(&[
        (
            "schema.seg",
            include_str!("../../examples/retail/schema.seg"),
        ),
        (
            "segments.seg",
            include_str!("../../examples/retail/segments.seg"),
        ),
        ("tests.seg", include_str!("../../examples/retail/tests.seg")),
    ]);
    let test = p
        .tests
        .iter()
        .find(|t| t.name.starts_with("verdure buyers"));
    let test = test.expect("the retail example tests verdure_buyers");
    let report = seglang::run::testing::run_test_on_reference(&p, test).expect("it runs");
    assert_eq!(report.problems, Vec::<String>::new());
    // The same test, expecting the member whose product is listed twice, fails.
    let mut wrong = test.clone();
    wrong.expect.insert("listed_twice".into());
    let report = seglang::run::testing::run_test_on_reference(&p, &wrong).expect("it runs");
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
}

#[test]
fn explain_and_graph_name_the_lookup_and_the_reference() {
    let p = program(&[("lookups.seg", FIXTURE)]);
    let id = p.segment("lyon_lines").expect("the fixture's segment");
    let text = seglang::explain::explain_segment(&p, id);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("`city` of the `stores` row its `orders` row's `store_id` names (missing when it names no single row) is \"Lyon\""),
        "{text}"
    );
    let graph = seglang::graph::Graph::of(&p);
    let readers = |column: &str| -> Vec<String> {
        let found = seglang::graph::uses(&p, &graph, column).expect("a column");
        found.into_iter().map(|u| u.name).collect()
    };
    assert!(readers("stores.city").contains(&"lyon_lines".to_string()));
    assert!(readers("orders.store_id").contains(&"lyon_lines".to_string()));
    assert!(!readers("stores.city").contains(&"acme_90".to_string()));
    assert!(readers("products.brand").contains(&"acme_events".to_string()));
}
