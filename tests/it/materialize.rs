//! `seg materialize`, the binary, on a DuckDB file and a throw-away PostgreSQL server, over
//! `tests/fixtures/emit.seg` (a segment with a holdout, one without, a segmentation): the first
//! run fills the tables with what the membership queries say, the same date again leaves them
//! byte for byte as they were, a later date records the moves and closes and opens stays, a
//! changed definition is the reason `definition`, an earlier date is refused (E0615) unless
//! `--rebuild`, which gives back exactly what the first run of that date wrote; a backfill equals
//! its dates run in turn; a renamed segment closes its stays; a second run while one is inside
//! its transaction is refused and changes nothing; a run killed with SIGKILL at each step of its
//! transaction, or whose PostgreSQL connection is ended, leaves the previous state, the next run
//! succeeding; missing data tables are named before anything is created; `--schema`/`--prefix`
//! place the tables, and the engine's current date is the default.

use crate::emit::{
    current, events_on, expected_events, load_day_1, load_day_2, Db, Member, DAY_1, DAY_2, DAY_3,
    FIXTURE,
};
use crate::materialize_support::{ok, paused_at, project, run, stays, stderr, Paused, Warehouse};
use crate::support::program;
use seglang::sql::Target;
use std::collections::BTreeSet;
use std::io::Write;
use std::process::Command;

fn a_run_a_day(target: Target) {
    let program = program(&[("emit.seg", FIXTURE)]);
    let changed = crate::emit::fixture(Some("40"));
    let dir = project(FIXTURE);
    let mut warehouse = Warehouse::new(target, &program);
    warehouse.with(load_day_1);

    // Day 1 fills the tables; every entry is the definition's doing.
    let output = ok(dir.path(), &warehouse, &["--as-of", DAY_1]);
    assert!(
        stderr(&output).contains(&format!("{DAY_1}: ")),
        "{}",
        stderr(&output)
    );
    let day_1 = warehouse.state();
    let members_1 = warehouse.members(&program, DAY_1);
    assert!(members_1.iter().any(|m| m.2 == "control"));
    assert_eq!(current(&day_1.tables), members_1, "{target}: day 1");
    assert_eq!(
        events_on(&day_1.tables, DAY_1),
        expected_events(&BTreeSet::new(), &members_1, |_| "definition"),
        "{target}: day 1 events"
    );
    assert_eq!(day_1.runs.len(), day_1.tables.segments.len());

    // The same date again: every table byte for byte as it was.
    let again = ok(dir.path(), &warehouse, &["--as-of", DAY_1]);
    assert_eq!(warehouse.state(), day_1, "{target}: {DAY_1} twice");
    assert!(
        stderr(&again).contains(&format!(
            "{DAY_1}: {} current members, 0 entered, 0 exited",
            members_1.len()
        )),
        "{}",
        stderr(&again)
    );

    // Day 2: changed data moves people; their stays close and open.
    warehouse.with(load_day_2);
    ok(dir.path(), &warehouse, &["--as-of", DAY_2]);
    let day_2 = warehouse.state();
    let members_2 = warehouse.members(&program, DAY_2);
    assert_ne!(members_1, members_2);
    assert_eq!(current(&day_2.tables), members_2, "{target}: day 2");
    assert_eq!(
        events_on(&day_2.tables, DAY_2),
        expected_events(&members_1, &members_2, |_| "data"),
        "{target}: day 2 events"
    );
    for left in members_1.difference(&members_2) {
        assert_eq!(stays(&day_2, left), [(DAY_1, DAY_2)], "{target}: {left:?}");
    }
    for entered in members_2.difference(&members_1) {
        assert_eq!(
            stays(&day_2, entered),
            [(DAY_2, "open")],
            "{target}: {entered:?}"
        );
    }
    for stayed in members_1.intersection(&members_2) {
        assert_eq!(
            stays(&day_2, stayed),
            [(DAY_1, "open")],
            "{target}: {stayed:?}"
        );
    }
    // The holdout keeps its members: held out both days, in one stay of the control group.
    let held = |set: &BTreeSet<Member>| -> BTreeSet<String> {
        set.iter()
            .filter(|m| m.2 == "control")
            .map(|m| m.1.clone())
            .collect()
    };
    let held_both: Vec<String> = held(&members_1)
        .intersection(&held(&members_2))
        .cloned()
        .collect();
    assert!(!held_both.is_empty());
    for key in &held_both {
        let member = ("buyers".to_string(), key.clone(), "control".to_string());
        assert_eq!(stays(&day_2, &member), [(DAY_1, "open")], "{target}: {key}");
        let treated = ("buyers".to_string(), key.clone(), "treatment".to_string());
        assert!(!members_2.contains(&treated) && !members_1.contains(&treated));
    }

    // Day 3: a new threshold; its segments' moves are the definition's, the others' the data's.
    ok(
        dir.path(),
        &warehouse,
        &["--as-of", DAY_3, "--param", "threshold=40"],
    );
    let day_3 = warehouse.state();
    let members_3 = warehouse.members(&changed, DAY_3);
    assert_eq!(current(&day_3.tables), members_3, "{target}: day 3");
    let moved = expected_events(&members_2, &members_3, |segment| match segment {
        "big_spenders" | "tier:high" | "tier:low" => "definition",
        _ => "data",
    });
    assert!(moved.iter().any(|(_, _, reason)| reason == "definition"));
    assert_eq!(
        events_on(&day_3.tables, DAY_3),
        moved,
        "{target}: day 3 events"
    );

    // An earlier date is refused, with its code, and nothing is written.
    let refused = run(dir.path(), &warehouse, &["--as-of", DAY_2]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("E0615"), "{}", stderr(&refused));
    assert!(stderr(&refused).contains(DAY_3), "{}", stderr(&refused));
    assert_eq!(warehouse.state(), day_3, "{target}: the refused run wrote");

    // Rebuilding from day 2 on the same data gives back exactly what day 2 wrote.
    ok(dir.path(), &warehouse, &["--as-of", DAY_2, "--rebuild"]);
    assert_eq!(warehouse.state(), day_2, "{target}: rebuilt from {DAY_2}");
}

#[test]
fn materialize_a_run_a_day_on_duckdb() {
    a_run_a_day(Target::DuckDb);
}

#[test]
fn materialize_a_run_a_day_on_postgres() {
    a_run_a_day(Target::Postgres);
}

/// A weekly backfill over three dates writes what three runs, one per date, write.
fn a_backfill_is_its_dates_in_turn(target: Target) {
    let program = program(&[("emit.seg", FIXTURE)]);
    let dir = project(FIXTURE);
    let mut backfilled = Warehouse::new(target, &program);
    let mut in_turn = Warehouse::new(target, &program);
    for warehouse in [&mut backfilled, &mut in_turn] {
        warehouse.with(|db| {
            load_day_1(db);
            load_day_2(db);
        });
    }
    let output = ok(
        dir.path(),
        &backfilled,
        &["--from", DAY_1, "--to", DAY_3, "--every", "week"],
    );
    for day in [DAY_1, DAY_2, DAY_3] {
        assert!(
            stderr(&output).contains(&format!("{day}: ")),
            "{}",
            stderr(&output)
        );
        ok(dir.path(), &in_turn, &["--as-of", day]);
    }
    let state = backfilled.state();
    assert_eq!(
        state,
        in_turn.state(),
        "{target}: backfill and runs in turn"
    );
    assert!(
        !events_on(&state.tables, DAY_2).is_empty(),
        "people move on {DAY_2}"
    );
    assert_eq!(state.runs.len(), 3 * state.tables.segments.len());
    // Each date's events are the difference of the membership queries of the dates around it.
    let days = [DAY_1, DAY_2, DAY_3];
    let members: Vec<BTreeSet<Member>> = days
        .iter()
        .map(|day| backfilled.members(&program, day))
        .collect();
    assert_eq!(
        current(&state.tables),
        members[2],
        "{target}: after the backfill"
    );
    for i in 1..3 {
        assert_eq!(
            events_on(&state.tables, days[i]),
            expected_events(&members[i - 1], &members[i], |_| "data"),
            "{target}: the events of {}",
            days[i]
        );
    }
}

#[test]
fn materialize_a_backfill_is_its_dates_in_turn_on_duckdb() {
    a_backfill_is_its_dates_in_turn(Target::DuckDb);
}

#[test]
fn materialize_a_backfill_is_its_dates_in_turn_on_postgres() {
    a_backfill_is_its_dates_in_turn(Target::Postgres);
}

/// `buyers` renamed `recent_buyers`: every stay of `buyers` closes with an exit whose reason is
/// the definition, and `recent_buyers` opens with the same people entering.
fn a_renamed_segment_closes_its_stays(target: Target) {
    let program = program(&[("emit.seg", FIXTURE)]);
    let renamed = FIXTURE.replace("segment buyers on", "segment recent_buyers on");
    assert_ne!(renamed, FIXTURE);
    let mut warehouse = Warehouse::new(target, &program);
    warehouse.with(load_day_1);
    ok(project(FIXTURE).path(), &warehouse, &["--as-of", DAY_1]);
    let before = warehouse.state();
    let buyers: BTreeSet<Member> = current(&before.tables)
        .into_iter()
        .filter(|m| m.0 == "buyers")
        .collect();
    assert!(!buyers.is_empty());

    let renamed_dir = project(&renamed);
    ok(renamed_dir.path(), &warehouse, &["--as-of", DAY_2]);
    let after = warehouse.state();
    for m in &buyers {
        assert_eq!(stays(&after, m), [(DAY_1, DAY_2)], "{target}: {m:?}");
        let renamed_member = ("recent_buyers".to_string(), m.1.clone(), m.2.clone());
        assert_eq!(
            stays(&after, &renamed_member),
            [(DAY_2, "open")],
            "{target}: {m:?}"
        );
    }
    let events = events_on(&after.tables, DAY_2);
    let exits: BTreeSet<_> = events
        .iter()
        .filter(|e| e.0 .0 == "buyers")
        .cloned()
        .collect();
    let expected: BTreeSet<_> = buyers
        .iter()
        .map(|m| (m.clone(), "exited".to_string(), "definition".to_string()))
        .collect();
    assert_eq!(exits, expected, "{target}: exits of the old name");
    assert!(events
        .iter()
        .filter(|e| e.0 .0 == "recent_buyers")
        .all(|e| e.1 == "entered" && e.2 == "definition"));
    assert!(after.tables.segments.iter().all(|r| r[0] != "buyers"));
    assert!(after.tables.membership.iter().all(|r| r[0] != "buyers"));
    let renamed_program = crate::support::program(&[("emit.seg", renamed.as_str())]);
    assert_eq!(
        current(&after.tables),
        warehouse.members(&renamed_program, DAY_2),
        "{target}: the renamed project's members"
    );
    // And the next run changes nothing more for the old name.
    ok(renamed_dir.path(), &warehouse, &["--as-of", DAY_2]);
    assert_eq!(warehouse.state(), after, "{target}: the rename twice");
}

#[test]
fn materialize_a_renamed_segment_closes_its_stays_on_duckdb() {
    a_renamed_segment_closes_its_stays(Target::DuckDb);
}

#[test]
fn materialize_a_renamed_segment_closes_its_stays_on_postgres() {
    a_renamed_segment_closes_its_stays(Target::Postgres);
}

/// A second run while a first is inside its transaction is refused with its code, and writes
/// nothing; the first then commits, and a run after it finds nothing to change.
fn concurrent_runs_never_interleave(target: Target, code: &str) {
    let program = program(&[("emit.seg", FIXTURE)]);
    let dir = project(FIXTURE);
    let mut warehouse = Warehouse::new(target, &program);
    warehouse.with(load_day_1);
    let Paused {
        child: mut first, ..
    } = paused_at(dir.path(), &warehouse, &["--as-of", DAY_1], "staged");
    let second = run(dir.path(), &warehouse, &["--as-of", DAY_1]);
    assert_eq!(second.status.code(), Some(1), "{}", stderr(&second));
    assert!(
        stderr(&second).contains(code),
        "{target}: {}",
        stderr(&second)
    );
    first
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(b"\n")
        .expect("the first run is let go");
    assert!(first.wait().expect("the first run ends").success());
    let after = warehouse.state();
    assert_eq!(current(&after.tables), warehouse.members(&program, DAY_1));
    ok(dir.path(), &warehouse, &["--as-of", DAY_1]);
    assert_eq!(
        warehouse.state(),
        after,
        "{target}: the run after the first"
    );
}

#[test]
fn materialize_concurrent_runs_never_interleave_on_duckdb() {
    concurrent_runs_never_interleave(Target::DuckDb, "E0617");
}

#[test]
fn materialize_concurrent_runs_never_interleave_on_postgres() {
    concurrent_runs_never_interleave(Target::Postgres, "E0616");
}

/// SIGKILL at each step inside the transaction (of a plain run, a backfill and a rebuild)
/// leaves the state of the last committed run; the next run succeeds.
fn a_killed_run_leaves_the_previous_state(target: Target) {
    let program = program(&[("emit.seg", FIXTURE)]);
    let dir = project(FIXTURE);
    let mut warehouse = Warehouse::new(target, &program);
    warehouse.with(load_day_1);
    ok(dir.path(), &warehouse, &["--as-of", DAY_1]);
    let day_1 = warehouse.state();
    warehouse.with(load_day_2);
    let runs: [&[&str]; 3] = [
        &["--as-of", DAY_2],
        &["--from", DAY_2, "--to", DAY_3, "--every", "week"],
        &["--as-of", DAY_1, "--rebuild"],
    ];
    for extra in runs {
        for step in ["begun", "staged", "merged", "committing"] {
            let Paused { mut child, .. } = paused_at(dir.path(), &warehouse, extra, step);
            child.kill().expect("SIGKILL");
            child.wait().expect("the killed run is reaped");
            warehouse.wait_for_unlock();
            assert_eq!(
                warehouse.state(),
                day_1,
                "{target}: killed at {step} of {extra:?}"
            );
        }
    }
    ok(dir.path(), &warehouse, &["--as-of", DAY_2]);
    let day_2 = warehouse.state();
    assert_eq!(current(&day_2.tables), warehouse.members(&program, DAY_2));
    assert_ne!(day_2, day_1);
}

#[test]
fn materialize_killed_at_each_step_leaves_the_previous_state_on_duckdb() {
    a_killed_run_leaves_the_previous_state(Target::DuckDb);
}

#[test]
fn materialize_killed_at_each_step_leaves_the_previous_state_on_postgres() {
    a_killed_run_leaves_the_previous_state(Target::Postgres);
}

/// A project whose tables are not in the database is refused before anything begins: E0606
/// naming the table, and no membership table is created.
#[test]
fn materialize_names_a_missing_table_and_creates_nothing_on_duckdb() {
    let dir = project(FIXTURE);
    let tmp = tempfile::tempdir().expect("a temp dir");
    let file = tmp.path().join("empty.duckdb");
    drop(duckdb::Connection::open(&file).expect("an empty DuckDB file"));
    let output = Command::new(env!("CARGO_BIN_EXE_seg"))
        .arg("materialize")
        .arg(dir.path())
        .arg("--duckdb")
        .arg(&file)
        .args(["--as-of", DAY_1])
        .env("NO_COLOR", "1")
        .output()
        .expect("the seg binary runs");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("E0606"), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("shop.customers"),
        "{}",
        stderr(&output)
    );
    let mut db = Db::DuckDb(duckdb::Connection::open(&file).expect("the file opens"));
    let tables = db.rows(
        "SELECT CAST(COUNT(*) AS VARCHAR) FROM information_schema.tables",
        1,
    );
    assert_eq!(tables, [["0"]]);
}

/// `--schema` and `--prefix` place the tables; without `--as-of` the date is the engine's
/// current date (UTC here), read once for the run.
#[test]
fn materialize_places_its_tables_and_defaults_to_the_current_date_on_duckdb() {
    let program = program(&[("emit.seg", FIXTURE)]);
    let dir = project(FIXTURE);
    let mut warehouse = Warehouse::new(Target::DuckDb, &program);
    warehouse.with(load_day_1);
    let today = || {
        let since = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("after 1970");
        let days = i64::try_from(since.as_secs() / 86_400).expect("a day count");
        seglang::value::Date::from_days(days)
            .expect("a date")
            .to_string()
    };
    let before = today();
    ok(
        dir.path(),
        &warehouse,
        &["--schema", "marketing", "--prefix", "x_"],
    );
    let after = today();
    let dates = warehouse.with(|db| {
        db.rows(
            "SELECT DISTINCT CAST(as_of AS VARCHAR) FROM marketing.x_segments",
            1,
        )
    });
    assert!(
        dates == [[before.clone()]] || dates == [[after.clone()]],
        "{dates:?}"
    );
    let day = dates[0][0].clone();
    let expected = warehouse.members(&program, &day);
    let stored = warehouse.with(|db| {
        let rows = db.rows(
            "SELECT segment, member_key, member_group FROM marketing.x_membership",
            3,
        );
        rows.into_iter()
            .map(|r| (r[0].clone(), r[1].clone(), r[2].clone()))
            .collect::<BTreeSet<Member>>()
    });
    assert_eq!(stored, expected);
    let unplaced = warehouse.with(|db| {
        db.rows(
            "SELECT CAST(COUNT(*) AS VARCHAR) FROM information_schema.tables \
             WHERE table_name LIKE 'seg_%'",
            1,
        )
    });
    assert_eq!(unplaced, [["0"]]);
}

/// The server ends the run's connection while it is inside its transaction: the run fails with
/// the engine's message (exit 2), the tables are as the last committed run left them, and the
/// next run succeeds.
#[test]
fn materialize_a_connection_lost_mid_run_leaves_the_previous_state_on_postgres() {
    let program = program(&[("emit.seg", FIXTURE)]);
    let dir = project(FIXTURE);
    let mut warehouse = Warehouse::new(Target::Postgres, &program);
    warehouse.with(load_day_1);
    ok(dir.path(), &warehouse, &["--as-of", DAY_1]);
    let day_1 = warehouse.state();
    warehouse.with(load_day_2);
    let Paused { mut child, rest } =
        paused_at(dir.path(), &warehouse, &["--as-of", DAY_2], "merged");
    let ended = warehouse.with(|db| {
        db.rows(
            "SELECT CAST(pg_terminate_backend(pid) AS TEXT) FROM pg_stat_activity \
             WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'",
            1,
        )
    });
    assert_eq!(ended, [["true"]], "the run's one connection is ended");
    let mut stdin = child.stdin.take().expect("piped stdin");
    stdin.write_all(b"\n").expect("the run is let go");
    drop(stdin);
    let status = child.wait().expect("the run ends");
    let message = rest.join().expect("stderr is read");
    assert_eq!(status.code(), Some(2), "{message}");
    assert!(
        message.contains("E0607") && message.contains("PostgreSQL failed"),
        "{message}"
    );
    assert_eq!(warehouse.state(), day_1, "the lost run wrote");
    ok(dir.path(), &warehouse, &["--as-of", DAY_2]);
    assert_eq!(
        current(&warehouse.state().tables),
        warehouse.members(&program, DAY_2)
    );
}
