//! Segment references computed once: a chain, a diamond, a negated reference, a reference to a
//! segment with a channel and one to a segment with a holdout give the same members on the
//! reference evaluator, DuckDB and PostgreSQL, in the membership query and in each segment's own
//! query, and those members are the ones the language defines.

use crate::pg_server::PgServer;
use crate::support::*;
use seglang::check::typed::Program;
use seglang::ir::AsOf;
use seglang::sql::{create_tables, Form, Target};
use seglang::value::Date;
use seglang::{CompileOptions, Statements};
use std::collections::BTreeSet;

const REFERENCES: &str = include_str!("../fixtures/references.seg");
const REFERENCES_DATA: &str = include_str!("../fixtures/references_data.sql");

fn as_of() -> Date {
    date("2026-03-31")
}

/// The members the language defines, but for the holdout's split, which `holdout_is_split`
/// checks.
fn expected(found: &Members) -> Members {
    let mut m = members(&[
        ("big", &["p1", "p6"]),
        ("chain_1", &["p2", "p7"]),
        ("chain_2", &["p3", "p6"]),
        ("chain_3", &["p2", "p4", "p5", "p7", "p8"]),
        ("d0", &["p1", "p2", "p3", "p6", "p7"]),
        ("d1", &["p1", "p4", "p7", "p8"]),
        ("d2", &["p1", "p7"]),
        ("d3", &["p1", "p4", "p7", "p8"]),
        ("d4", &["p4", "p8"]),
        // p6's consent was withdrawn; p4 has no spend; p7 consented to sms only.
        ("mailable", &["p1", "p3"]),
        ("via_channel", &["p1", "p3", "p5"]),
        ("via_holdout", &["p1", "p4", "p7", "p8"]),
        ("not_held", &["p2", "p3", "p5", "p6"]),
    ]);
    for group in ["held", "held:control"] {
        m.insert(group.into(), found.get(group).cloned().unwrap_or_default());
    }
    m
}

/// `in held` covers treatment and control: the two groups split held's members.
fn holdout_is_split(engine: &str, found: &Members) {
    let treatment = found.get("held").cloned().unwrap_or_default();
    let control = found.get("held:control").cloned().unwrap_or_default();
    assert!(treatment.is_disjoint(&control), "{engine}: groups overlap");
    let all: BTreeSet<String> = treatment.union(&control).cloned().collect();
    assert_eq!(Some(&all), found.get("via_holdout"), "{engine}: in held");
}

/// Each segment's own `--segment` query, for `target`: its name and SQL.
fn single_segment_sql(program: &Program, target: Target) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for segment in &program.segments {
        let options = CompileOptions {
            target,
            as_of: AsOf::Fixed(as_of()),
            segments: vec![segment.name.clone()],
            statements: Statements::Members,
        };
        let compiled = seglang::compile(program, &options).expect("each segment compiles");
        for statement in compiled.statements {
            // A segment with a holdout has two rules: its treatment, then its control group.
            let Form::Members(i) = statement.form else {
                panic!("a members statement");
            };
            out.push((compiled.plans[0].segments[i].name(), statement.sql));
        }
    }
    out
}

/// The members each single-segment query returns on DuckDB.
fn single_segment_duckdb(program: &Program) -> Members {
    let conn = duckdb::Connection::open_in_memory().expect("DuckDB opens in memory");
    for ddl in create_tables(&program.schema, Target::DuckDb) {
        conn.execute_batch(&ddl).expect("DDL runs");
    }
    conn.execute_batch(REFERENCES_DATA).expect("data loads");
    let mut found = Members::new();
    for (segment, sql) in single_segment_sql(program, Target::DuckDb) {
        let mut stmt = conn
            .prepare(&sql)
            .unwrap_or_else(|e| panic!("DuckDB rejected the SQL: {e}\n{sql}"));
        let keys = stmt
            .query_map([], |row| row.get::<_, String>(0))
            .expect("the query runs")
            .map(|k| k.expect("keys are text"));
        found.entry(segment).or_default().extend(keys);
    }
    found
}

/// The same on PostgreSQL, whose tables `client` already holds.
fn single_segment_postgres(client: &mut postgres::Client, program: &Program) -> Members {
    let mut found = Members::new();
    for (segment, sql) in single_segment_sql(program, Target::Postgres) {
        let rows = client
            .query(sql.as_str(), &[])
            .unwrap_or_else(|e| panic!("PostgreSQL failed to run the SQL: {e:?}\n{sql}"));
        let keys = rows.iter().map(|row| row.get::<_, String>(0));
        found.entry(segment).or_default().extend(keys);
    }
    found
}

#[test]
fn chains_diamonds_channels_and_holdouts_agree_everywhere() {
    let program = program(&[("references.seg", REFERENCES)]);
    let reference = run_reference(&program, REFERENCES_DATA, as_of());
    holdout_is_split("reference evaluator", &reference);
    assert_members("reference evaluator", &reference, &expected(&reference));
    let duckdb = run_duckdb(&program, REFERENCES_DATA, as_of());
    assert_members("DuckDB", &duckdb, &reference);
    let server = PgServer::start().expect("a PostgreSQL server can be started for the tests");
    let mut client = server.connect();
    let postgres = run_postgres(&mut client, &program, REFERENCES_DATA, as_of());
    assert_members("PostgreSQL", &postgres, &reference);
    assert_members(
        "DuckDB, one segment at a time",
        &single_segment_duckdb(&program),
        &reference,
    );
    assert_members(
        "PostgreSQL, one segment at a time",
        &single_segment_postgres(&mut client, &program),
        &reference,
    );
}
