//! Linked entities on BigQuery: the owner's row left-joined to each contact, the contacts' rows
//! as a table of the account, and a contact's facts read with their contact row, checked
//! against BigQuery's documented signatures.

use super::fixture::{assert_documented, statements_of};

const SOURCE: &str = include_str!("../../fixtures/linked_entities.seg");

#[test]
fn linked_entity_statements_match_documented_bigquery_signatures() {
    let (program, statements) = statements_of(SOURCE);
    for needle in [
        "LEFT JOIN qa.accounts AS accounts",
        "ON accounts.id = contacts.account_id",
        "ON invoices_features.account_id = accounts.id",
        "JOIN qa.contacts AS contacts",
    ] {
        assert!(
            statements.iter().any(|(_, sql)| sql.contains(needle)),
            "some statement has {needle}"
        );
    }
    assert_documented(&program, &statements);
}
