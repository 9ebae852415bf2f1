//! Lookups on BigQuery: the lookup CTE's `COUNT(key) OVER (PARTITION BY key)`, the left joins
//! on the reference and on that count inside the feature CTEs (a table's own lookup, a parent's,
//! one two levels down), and lookup columns in filters, under `not` and with `is present`, all
//! checked against BigQuery's documented signatures.

use super::fixture::{assert_documented, statements_of};

const SOURCE: &str = include_str!("../../fixtures/lookups.seg");

#[test]
fn lookup_statements_match_documented_bigquery_signatures() {
    let (program, statements) = statements_of(SOURCE);
    assert!(
        statements
            .iter()
            .any(|(_, sql)| sql.contains("LEFT JOIN products_lookup AS products")),
        "the statements join lines to their products"
    );
    assert_documented(&program, &statements);
}
