//! Sequences on BigQuery: the steps' union, the window sum over a `RANGE` frame ordered by
//! `UNIX_MICROS` or `UNIX_DATE`, and the members' CTE, checked against BigQuery's documented
//! signatures.

use super::fixture::{assert_documented, statements_of};

const SOURCE: &str = include_str!("../../fixtures/sequences.seg");

#[test]
fn sequence_statements_match_documented_bigquery_signatures() {
    let (program, statements) = statements_of(SOURCE);
    for needle in [
        "UNIX_MICROS(events.occurred_at)",
        "RANGE BETWEEN CURRENT ROW AND 172800000000 FOLLOWING",
        "UNIX_DATE(visits.visited_on)",
        "RANGE BETWEEN CURRENT ROW AND 1 FOLLOWING",
    ] {
        assert!(
            statements.iter().any(|(_, sql)| sql.contains(needle)),
            "some statement has {needle}"
        );
    }
    assert_documented(&program, &statements);
}
