//! Linked entities' edge rows (`fixtures/linked_entities.seg`) on DuckDB, PostgreSQL and the
//! reference evaluator: a contact without an account, one whose account is not there (dangling:
//! its account's columns are missing and its account's invoices are not read, even those whose
//! `account_id` names the missing account), an account without contacts (`all` over no rows is
//! true), invoices and activities on the windows' edges and after the evaluation date, a
//! sequence across two contacts of one account and one within a contact, and consent per contact.

use crate::support::*;

const LINKED: &str = include_str!("../fixtures/linked_entities.seg");
const LINKED_DATA: &str = include_str!("../fixtures/linked_entities_data.sql");

fn expected() -> Members {
    let without_account: &[&str] = &["c4", "c_orphan", "c_dangling", "c_ghost_user"];
    members(&[
        ("it_contacts", &["c1", "c2", "c5", "c6", "c7"]),
        // A missing sector is not "it": `not` of the test is true on it.
        (
            "not_it_contacts",
            &["c3", "c4", "c_orphan", "c_dangling", "c_ghost_user"],
        ),
        ("no_sector", without_account),
        // a_it: 150.00 on 2026-03-01 (its 2025-12-31 invoice is outside the window); a_big:
        // 100.00 + 0.01 from 2026-01-01 on. a_ghost's 999.00 reaches no contact.
        ("billed_contacts", &["c1", "c2", "c5", "c6", "c7"]),
        // a_retail's only invoice is after the evaluation date.
        (
            "unbilled_contacts",
            &["c3", "c4", "c_orphan", "c_dangling", "c_ghost_user"],
        ),
        // Lines dated by their invoice: a_retail's is after the evaluation date, a_ghost's is
        // read by nobody.
        ("pro_contacts", &["c5", "c6", "c7"]),
        // a_big has three contacts; the two contacts of a_ghost have no account row.
        ("committee", &["c5", "c6", "c7"]),
        ("dm_colleague", &["c2", "c7"]),
        // c2's consent is withdrawn, c5's granted after the evaluation date; c3's account is
        // too small and c_orphan has none.
        ("email_ok", &["c1", "c4", "c6"]),
        // c_orphan's activity is exactly 30 days ago; c7's is after the evaluation date.
        ("active_contacts", &["c1", "c2", "c4", "c5"]),
        ("with_dm", &["a_it", "a_retail", "a_big"]),
        // a_empty has no contacts; a_null's only contact has no role.
        ("all_dm", &["a_retail", "a_empty"]),
        ("two_contacts", &["a_it"]),
        // a_retail's meeting is on 2025-12-31, outside the window; the meetings of c_orphan and
        // c_dangling reach no account.
        ("dm_met", &["a_it", "a_big"]),
        ("busy_accounts", &["a_it", "a_null", "a_big"]),
        ("dm_not_reached", &["a_retail"]),
        // a_it: c2's open, then c1's meeting exactly 7 days later; a_big: c5's open and meeting.
        ("open_then_meeting", &["a_it", "a_big"]),
        ("open_then_own_meeting", &["a_big"]),
    ])
}

#[test]
fn linked_entity_edge_rows_on_duckdb_postgres_and_the_reference() {
    let program = program(&[("linked_entities.seg", LINKED)]);
    assert_everywhere(&program, LINKED_DATA, date("2026-03-31"), &expected());
}
