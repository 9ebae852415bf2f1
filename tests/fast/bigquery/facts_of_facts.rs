//! Facts of facts on BigQuery: the inner joins of a table to its parents and its parents'
//! columns in filters, windows on an inherited and on an own time, `first`/`last` ordered by an
//! inherited time, and quantifiers, all checked against BigQuery's documented signatures.

use super::fixture::{assert_documented, statements_of};

const SOURCE: &str = include_str!("../../fixtures/facts_of_facts.seg");

#[test]
fn facts_of_facts_statements_match_documented_bigquery_signatures() {
    let (program, statements) = statements_of(SOURCE);
    assert!(
        statements
            .iter()
            .any(|(_, sql)| sql.contains("JOIN qa.orders AS orders")),
        "the statements join lines to their orders"
    );
    assert_documented(&program, &statements);
}
