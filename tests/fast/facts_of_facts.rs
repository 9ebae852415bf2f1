//! Facts of facts without an engine: every statement of the edge fixture re-parses in its
//! dialect; the plan has one feature table per facts table, each listing its parents once; and
//! the SQL joins a table to each parent once, inside its feature CTE, however many criteria
//! read it.

use crate::reparse::assert_parses;
use crate::support::{date, membership_sql, program};
use seglang::ir::{lower, AsOf, LowerOptions};
use seglang::sql::Target;

const FIXTURE: &str = include_str!("../fixtures/facts_of_facts.seg");

#[test]
fn facts_of_facts_statements_parse_in_every_dialect() {
    let program = program(&[("facts_of_facts.seg", FIXTURE)]);
    for target in Target::ALL {
        for sql in membership_sql(&program, date("2026-03-31"), target) {
            assert_parses(&sql, target);
        }
    }
}

#[test]
fn each_table_of_facts_tables_lists_its_parents_and_inherits_the_nearest_time() {
    let program = program(&[("facts_of_facts.seg", FIXTURE)]);
    let plans = lower(
        &program,
        &LowerOptions {
            as_of: AsOf::Fixed(date("2026-03-31")),
            segments: Vec::new(),
        },
    );
    let tables = &plans[0].feature_tables;
    let find = |name: &str| tables.iter().find(|t| t.name == name).expect(name);
    let parents =
        |name: &str| -> Vec<String> { find(name).parents.iter().map(|p| p.name.clone()).collect() };
    assert_eq!(parents("lines"), ["orders"]);
    assert_eq!(parents("line_events"), ["lines", "orders"]);
    assert_eq!(parents("returns"), ["lines", "orders"]);
    // The key is on the top parent; lines and line events are dated by the order, returns by
    // themselves.
    assert_eq!(find("line_events").link, "account_id");
    let time = |name: &str| find(name).time.clone().map(|c| (c.parent, c.name));
    assert_eq!(
        time("lines"),
        Some((Some("orders".into()), "ordered_at".into()))
    );
    assert_eq!(
        time("line_events"),
        Some((Some("orders".into()), "ordered_at".into()))
    );
    assert_eq!(time("returns"), Some((None, "returned_at".into())));
}

#[test]
fn a_table_is_joined_to_its_parents_once_whatever_the_number_of_criteria() {
    let criteria: String = (0..12)
        .map(|i| {
            format!(
                "segment s{i} on accounts {{ where lines.count(where orders.channel = \"c{i}\", last {} days) >= 1 and line_events.any(where orders.channel = \"c{i}\") }}\n",
                i + 1
            )
        })
        .collect();
    let schema = FIXTURE
        .split("// Dated by the order")
        .next()
        .expect("the fixture starts with its schema");
    let program = program(&[("schema.seg", schema), ("criteria.seg", &criteria)]);
    for target in Target::ALL {
        let sql = membership_sql(&program, date("2026-03-31"), target).join("\n");
        // Once for lines, once for line events (whose parents are lines, then orders).
        assert_eq!(
            sql.matches("JOIN qa.orders AS orders").count(),
            2,
            "{target:?}\n{sql}"
        );
        assert_eq!(
            sql.matches("JOIN qa.lines AS lines").count(),
            1,
            "{target:?}\n{sql}"
        );
        assert_eq!(
            sql.matches("FROM qa.lines AS lines").count(),
            1,
            "{target:?}\n{sql}"
        );
    }
}

/// The codes of the diagnostics of a project.
fn codes(source: &str) -> Vec<String> {
    let analysis = seglang::analyze_sources(
        &[("p.seg", source)],
        &seglang::check::CheckOptions::default(),
    );
    analysis.diagnostics.iter().map(|d| d.code()).collect()
}

const ENTITY: &str = "entity customers {\n  key customer_id: string\n}\n";

#[test]
fn a_child_may_be_declared_before_its_parent() {
    let source = format!(
        "{ENTITY}facts lines of orders(order_id) {{\n  quantity: int\n}}\n\
         facts orders of customers(customer_id) at ordered_at {{\n  order_id: string\n  ordered_at: date\n}}\n\
         segment s on customers {{ where lines.sum(quantity, last 30 days) > 2 }}\n"
    );
    assert_eq!(codes(&source), Vec::<String>::new());
}

#[test]
fn a_cycle_of_three_is_reported_once_and_a_table_below_it_not_at_all() {
    let source = format!(
        "{ENTITY}facts a of c(x) {{\n  x: int\n}}\nfacts b of a(x) {{\n  x: int\n}}\n\
         facts c of b(x) {{\n  x: int\n}}\nfacts d of c(x) {{\n  x: int\n}}\n"
    );
    assert_eq!(codes(&source), ["E0235"]);
}

#[test]
fn windows_need_a_time_somewhere_along_the_chain() {
    let source = format!(
        "{ENTITY}facts orders of customers(customer_id) {{\n  order_id: string\n}}\n\
         facts lines of orders(order_id) {{\n  quantity: int\n}}\n\
         segment s on customers {{ where lines.count(last 30 days) > 2 }}\n"
    );
    assert_eq!(codes(&source), ["E0203"]);
}

#[test]
fn a_child_with_one_date_column_and_no_at_is_dated_by_its_parent() {
    let source = format!(
        "{ENTITY}facts orders of customers(customer_id) at ordered_at {{\n  order_id: string\n  ordered_at: date\n}}\n\
         facts lines of orders(order_id) {{\n  shipped_on: date\n}}\n\
         segment s on customers {{ where lines.count(last 30 days) > 2 }}\n"
    );
    let program = program(&[("p.seg", &source)]);
    let lines = program.schema.facts.iter().position(|f| f.name == "lines");
    let time = lines.and_then(|i| program.schema.time_of(seglang::check::typed::FactsId(i)));
    let orders = program.schema.facts.iter().position(|f| f.name == "orders");
    assert_eq!(time.map(|(f, _)| f.0), orders);
}
