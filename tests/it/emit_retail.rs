//! The retail example's merge script on its sample data (`examples/retail/data`): on DuckDB and
//! PostgreSQL the membership tables hold what the membership queries return, with consent
//! rules, RFM scores, a time zone, holdouts and segmentations, and a second run for the same
//! date changes nothing. Each run's time is printed (`--nocapture`), never asserted.

use crate::emit::{current, members_by_query, state, Db};
use crate::run::{copy_into_postgres, example};
use seglang::ir::AsOf;
use seglang::sql::{Placement, Target};
use seglang::value::Date;
use seglang::{CompileOptions, Statements};
use std::path::Path;
use std::time::Instant;

const AS_OF: &str = "2026-11-22";

#[allow(
    clippy::print_stderr,
    reason = "the time of each run is part of the test's report, never asserted"
)]
fn retail_merge_twice(target: Target) {
    let program = example("retail");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/retail/data");
    let mut db = Db::empty(target);
    match &mut db {
        Db::DuckDb(conn) => {
            seglang::run::load::load_directory(conn, &program.schema, &dir).expect("loads");
        }
        Db::Postgres { client, .. } => copy_into_postgres(client, &program, &dir),
    }
    let options = CompileOptions {
        target,
        as_of: AsOf::Fixed(Date::parse(AS_OF).expect("a date")),
        segments: Vec::new(),
        statements: Statements::Membership,
    };
    let statements =
        seglang::merge(&program, &options, &Placement::default(), true).expect("compiles");
    let script = seglang::script_text(&statements);
    let run = |db: &mut Db, what: &str| {
        let start = Instant::now();
        db.exec(&script)
            .unwrap_or_else(|e| panic!("{target}: the retail merge failed: {e}"));
        eprintln!("{target}: retail merge, {what}: {:?}", start.elapsed());
    };
    run(&mut db, "first run");
    let first = state(&mut db);
    run(&mut db, "second run, same date");
    assert_eq!(
        state(&mut db),
        first,
        "{target}: a second run changed the tables"
    );
    let start = Instant::now();
    let expected = members_by_query(&mut db, &program, AS_OF);
    eprintln!(
        "{target}: retail membership queries alone: {:?} ({} members)",
        start.elapsed(),
        expected.len()
    );
    assert!(expected.len() > 1000, "the sample data has members");
    assert_eq!(current(&first), expected, "{target}: the retail membership");
    assert_eq!(first.events.len(), expected.len(), "one entry per member");
}

#[test]
fn the_retail_merge_holds_its_members_and_reruns_as_a_no_op_on_duckdb() {
    retail_merge_twice(Target::DuckDb);
}

#[test]
fn the_retail_merge_holds_its_members_and_reruns_as_a_no_op_on_postgres() {
    retail_merge_twice(Target::Postgres);
}
