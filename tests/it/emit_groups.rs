//! A segment's holdout changed (a new salt) on DuckDB and PostgreSQL: members move between the
//! treatment and the control group, each leaving one and entering the other with the reason
//! `definition`, with one current row per member and a stay in each group.

use crate::emit::{
    current, events_on, expected_events, fixture, load_day_1, members_by_query, merge, state, Db,
    Member, DAY_1, DAY_2, FIXTURE,
};
use crate::support::program;
use seglang::check::typed::Program;
use seglang::sql::{Target, Upserts};
use std::collections::BTreeSet;

/// A new holdout salt moves members between groups: each leaves one group and enters the other
/// (reason `definition`), with one row in `seg_membership` per member throughout.
fn a_new_salt_moves_members_between_groups(target: Target, upserts: Upserts) {
    let program = fixture(None);
    let resalted = program_from(&FIXTURE.replace("salt \"emit\"", "salt \"moved\""));
    let mut db = Db::open(target, &program);
    load_day_1(&mut db);
    merge(&mut db, &program, upserts, DAY_1);
    let before = members_by_query(&mut db, &program, DAY_1);
    merge(&mut db, &resalted, upserts, DAY_2);
    let after_state = state(&mut db);
    let after = members_by_query(&mut db, &resalted, DAY_2);
    let group = |set: &BTreeSet<Member>, key: &str| {
        set.iter()
            .find(|m| m.0 == "buyers" && m.1 == key)
            .map(|m| m.2.clone())
    };
    let moved: Vec<String> = before
        .iter()
        .filter(|m| m.0 == "buyers" && group(&after, &m.1).is_some_and(|g| g != m.2))
        .map(|m| m.1.clone())
        .collect();
    assert!(!moved.is_empty(), "the new salt moves someone");
    assert_eq!(
        current(&after_state),
        after,
        "{target}: members after the new salt"
    );
    let keys: BTreeSet<(&String, &String)> = after_state
        .membership
        .iter()
        .map(|r| (&r[0], &r[1]))
        .collect();
    assert_eq!(
        keys.len(),
        after_state.membership.len(),
        "{target}: one row per member"
    );
    let reason = |segment: &str| match segment {
        "buyers" => "definition",
        _ => "data",
    };
    assert_eq!(
        events_on(&after_state, DAY_2),
        expected_events(&before, &after, reason)
    );
    for key in &moved {
        let stays = after_state
            .history
            .iter()
            .filter(|r| r[0] == "buyers" && r[1] == *key)
            .count();
        assert_eq!(
            stays, 2,
            "{target}: {key} has a closed stay in one group, an open one in the other"
        );
    }
}

fn program_from(text: &str) -> Program {
    program(&[("emit.seg", text)])
}

#[test]
fn a_new_salt_moves_members_between_groups_on_duckdb() {
    a_new_salt_moves_members_between_groups(Target::DuckDb, Upserts::UpdateDeleteInsert);
}

#[test]
fn a_new_salt_moves_members_between_groups_on_postgres_with_and_without_merge() {
    a_new_salt_moves_members_between_groups(Target::Postgres, Upserts::UpdateDeleteInsert);
    a_new_salt_moves_members_between_groups(Target::Postgres, Upserts::Merge);
}
