//! Shared helpers: running compiled projects on real engines and comparing their members.

pub use crate::compile::{date, membership_sql, program};

use crate::pg_server::PgServer;
use seglang::check::typed::Program;
use seglang::ir::AsOf;
use seglang::sql::{create_tables, Target};
use seglang::value::Date;
use std::collections::{BTreeMap, BTreeSet};

/// Members per segment.
pub type Members = BTreeMap<String, BTreeSet<String>>;

/// Every segment name with no member, so that empty segments are compared too.
fn empty_members(program: &Program) -> Members {
    program
        .segments
        .iter()
        .map(|s| (s.name.clone(), BTreeSet::new()))
        .collect()
}

/// Creates the schema's tables in an embedded DuckDB, runs `data`, then every segment.
pub fn run_duckdb(program: &Program, data: &str, as_of: Date) -> Members {
    let conn = duckdb::Connection::open_in_memory().expect("DuckDB opens in memory");
    for ddl in create_tables(&program.schema, Target::DuckDb) {
        conn.execute_batch(&ddl)
            .unwrap_or_else(|e| panic!("DDL failed: {e}\n{ddl}"));
    }
    conn.execute_batch(data)
        .unwrap_or_else(|e| panic!("fixture data failed on DuckDB: {e}"));
    let mut members = empty_members(program);
    for sql in membership_sql(program, as_of, Target::DuckDb) {
        let mut stmt = conn
            .prepare(&sql)
            .unwrap_or_else(|e| panic!("DuckDB rejected the SQL: {e}\n{sql}"));
        let rows = stmt
            .query_map([], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
            })
            .unwrap_or_else(|e| panic!("DuckDB failed to run the SQL: {e}\n{sql}"));
        for row in rows {
            let (key, segment) = row.expect("rows decode as (text, text)");
            members.entry(segment).or_default().insert(key);
        }
    }
    members
}

/// Same as [`run_duckdb`] on a PostgreSQL database (fresh, created by the caller).
pub fn run_postgres(
    client: &mut postgres::Client,
    program: &Program,
    data: &str,
    as_of: Date,
) -> Members {
    load_postgres(client, program, data);
    query_postgres(client, program, as_of)
}

/// Creates the schema's tables in a fresh PostgreSQL database and runs `data`.
pub fn load_postgres(client: &mut postgres::Client, program: &Program, data: &str) {
    for ddl in create_tables(&program.schema, Target::Postgres) {
        client
            .batch_execute(&ddl)
            .unwrap_or_else(|e| panic!("DDL failed: {e}\n{ddl}"));
    }
    client
        .batch_execute(data)
        .unwrap_or_else(|e| panic!("fixture data failed on PostgreSQL: {e}"));
}

/// Every segment's members on PostgreSQL, whose tables are loaded.
pub fn query_postgres(client: &mut postgres::Client, program: &Program, as_of: Date) -> Members {
    let mut members = empty_members(program);
    for sql in membership_sql(program, as_of, Target::Postgres) {
        let rows = client
            .query(sql.as_str(), &[])
            .unwrap_or_else(|e| panic!("PostgreSQL failed to run the SQL: {e:?}\n{sql}"));
        for row in rows {
            let key: String = row.get(0);
            let segment: String = row.get(1);
            members.entry(segment).or_default().insert(key);
        }
    }
    members
}

/// Compares members per segment and explains every difference.
/// `expected` on the reference evaluator, an embedded DuckDB and a throw-away PostgreSQL server,
/// each given the schema's tables and `data`: the edge-row tests' one assertion.
pub fn assert_everywhere(program: &Program, data: &str, as_of: Date, expected: &Members) {
    let reference = run_reference(program, data, as_of);
    assert_members("reference evaluator", &reference, expected);
    assert_members("DuckDB", &run_duckdb(program, data, as_of), expected);
    let server = PgServer::start().expect("a PostgreSQL server can be started for the tests");
    let mut client = server.connect();
    let postgres = run_postgres(&mut client, program, data, as_of);
    assert_members("PostgreSQL", &postgres, expected);
}

pub fn assert_members(engine: &str, actual: &Members, expected: &Members) {
    let mut problems = Vec::new();
    for (segment, want) in expected {
        let got = actual.get(segment).cloned().unwrap_or_default();
        let missing: Vec<&String> = want.difference(&got).collect();
        let unexpected: Vec<&String> = got.difference(want).collect();
        if !missing.is_empty() || !unexpected.is_empty() {
            problems.push(format!(
                "  {segment}: missing {missing:?}, unexpected {unexpected:?}"
            ));
        }
    }
    for segment in actual.keys().filter(|s| !expected.contains_key(*s)) {
        problems.push(format!("  {segment}: not expected at all"));
    }
    assert!(
        problems.is_empty(),
        "{engine} members differ:\n{}",
        problems.join("\n")
    );
}

/// Builds expected members from `(segment, [keys])` pairs.
pub fn members(pairs: &[(&str, &[&str])]) -> Members {
    pairs
        .iter()
        .map(|(s, keys)| (s.to_string(), keys.iter().map(|k| k.to_string()).collect()))
        .collect()
}

/// Reads every declared table back from DuckDB as typed rows, for the reference evaluator.
pub fn dataset_from_duckdb(
    conn: &duckdb::Connection,
    program: &Program,
) -> seglang::value::Dataset {
    let d = Target::DuckDb.dialect();
    let mut data = seglang::value::Dataset::new();
    for (name, path, columns) in program.schema.declared_tables() {
        let casts: Vec<String> = columns
            .iter()
            .map(|c| format!("CAST({} AS VARCHAR)", d.quote_ident(&c.name)))
            .collect();
        let table: Vec<String> = path.0.iter().map(|p| d.quote_ident(p)).collect();
        let sql = format!("SELECT {} FROM {}", casts.join(", "), table.join("."));
        let mut stmt = conn.prepare(&sql).expect("table exists");
        let rows: Vec<Vec<seglang::value::Cell>> = stmt
            .query_map([], |r| {
                (0..columns.len())
                    .map(|i| r.get::<_, Option<String>>(i))
                    .collect::<Result<Vec<_>, _>>()
            })
            .expect("rows")
            .map(|r| {
                r.expect("row")
                    .into_iter()
                    .zip(columns)
                    .map(|(v, c)| match v {
                        None => seglang::value::Cell::Null,
                        Some(v) => c.ty.parse_cell(&v).unwrap_or_else(|| {
                            panic!("{v:?} read back from DuckDB is not a {:?}", c.ty)
                        }),
                    })
                    .collect()
            })
            .collect();
        data.insert(
            name.to_string(),
            seglang::value::Table {
                columns: columns.iter().map(|c| c.name.clone()).collect(),
                rows,
            },
        );
    }
    data
}

/// Loads `data` into a fresh DuckDB and evaluates every segment with the reference evaluator.
pub fn run_reference(program: &Program, data: &str, as_of: Date) -> Members {
    let conn = duckdb::Connection::open_in_memory().expect("DuckDB opens in memory");
    for ddl in create_tables(&program.schema, Target::DuckDb) {
        conn.execute_batch(&ddl)
            .unwrap_or_else(|e| panic!("DDL failed: {e}\n{ddl}"));
    }
    conn.execute_batch(data).expect("fixture data loads");
    let dataset = dataset_from_duckdb(&conn, program);
    let plans = seglang::plan(program, AsOf::Fixed(as_of), &[]).expect("every segment plans");
    let mut members = empty_members(program);
    for plan in &plans {
        let found =
            seglang::run::reference::evaluate(plan, &dataset, as_of).expect("reference evaluates");
        members.extend(found);
    }
    members
}

/// Members of the same plans on the three executors.
pub struct Everywhere {
    pub reference: Members,
    pub duckdb: Members,
    pub postgres: Members,
}

/// Evaluates `plans` over `data` on the reference evaluator, a fresh embedded DuckDB, and `pg`,
/// whose tables already exist and are emptied first. For property tests: errors are text.
pub fn run_everywhere(
    program: &Program,
    plans: &[seglang::ir::Plan],
    data: &seglang::value::Dataset,
    as_of: Date,
    pg: &mut seglang::run::engine::Engine,
) -> Result<Everywhere, String> {
    use seglang::run::engine::Engine;
    use seglang::sql::insert_statements;
    let mut reference = Members::new();
    for plan in plans {
        let found = seglang::run::reference::evaluate(plan, data, as_of)
            .map_err(|e| format!("reference: {e}"))?;
        reference.extend(found);
    }
    let duck_error = |e: String| format!("DuckDB: {e}");
    let conn = duckdb::Connection::open_in_memory().map_err(|e| duck_error(e.to_string()))?;
    seglang::run::load::create_empty_tables(&conn, &program.schema)
        .map_err(|e| duck_error(e.to_string()))?;
    let mut duck = Engine::DuckDb(conn);
    for insert in insert_statements(&program.schema, data, Target::DuckDb) {
        duck.batch(&insert).map_err(|e| duck_error(e.to_string()))?;
    }
    let duckdb = duck
        .run(plans)
        .map_err(|e| duck_error(e.to_string()))?
        .members;
    let pg_error = |e: String| format!("PostgreSQL: {e}");
    let tables: Vec<String> = program
        .schema
        .declared_tables()
        .into_iter()
        .map(|(_, path, _)| path.0.join("."))
        .collect();
    pg.batch(&format!("TRUNCATE {}", tables.join(", ")))
        .map_err(|e| pg_error(e.to_string()))?;
    for insert in insert_statements(&program.schema, data, Target::Postgres) {
        pg.batch(&insert).map_err(|e| pg_error(e.to_string()))?;
    }
    let postgres = pg.run(plans).map_err(|e| pg_error(e.to_string()))?.members;
    Ok(Everywhere {
        reference,
        duckdb,
        postgres,
    })
}

/// Lowers `program` and asserts that DuckDB and PostgreSQL give the reference evaluator's
/// members over `data`: one case of a differential test (`segments` is its source, for the
/// failure message).
pub fn agree_everywhere(
    program: &Program,
    segments: &str,
    data: &seglang::value::Dataset,
    as_of: Date,
    pg: &mut seglang::run::engine::Engine,
) -> Result<(), proptest::test_runner::TestCaseError> {
    use proptest::test_runner::TestCaseError;
    use seglang::ir::{lower, LowerOptions};
    let plans = lower(
        program,
        &LowerOptions {
            as_of: AsOf::Fixed(as_of),
            segments: Vec::new(),
        },
    );
    let Everywhere {
        reference,
        duckdb,
        postgres,
    } = run_everywhere(program, &plans, data, as_of, pg)
        .map_err(|e| TestCaseError::fail(format!("{e}\n{segments}")))?;
    if duckdb != reference {
        return Err(TestCaseError::fail(format!(
            "DuckDB differs from the reference for\n{segments}\nDuckDB: {duckdb:?}\nreference: {reference:?}"
        )));
    }
    if postgres != reference {
        return Err(TestCaseError::fail(format!(
            "PostgreSQL differs from the reference for\n{segments}\nPostgreSQL: {postgres:?}\nreference: {reference:?}"
        )));
    }
    Ok(())
}

/// Checks generated `segments` against `schema`, failing the case (with every diagnostic and
/// the source) when they do not check: a generator's bug, not an engine's.
pub fn compile_generated(
    schema: &str,
    segments: &str,
) -> Result<Program, proptest::test_runner::TestCaseError> {
    let analysis = seglang::analyze_sources(
        &[("diff.seg", segments), ("schema.seg", schema)],
        &seglang::check::CheckOptions::default(),
    );
    analysis.program.ok_or_else(|| {
        let codes: Vec<String> = analysis
            .diagnostics
            .iter()
            .map(|d| format!("{d:?}"))
            .collect();
        proptest::test_runner::TestCaseError::fail(format!(
            "generated segments do not check: {codes:?}\n{segments}"
        ))
    })
}

/// One case of a differential test over generated `segments`: they check against `schema`,
/// and DuckDB and PostgreSQL give the reference evaluator's members over `data` at `as_of`.
pub fn agree_on_generated(
    schema: &str,
    segments: &str,
    data: &seglang::value::Dataset,
    as_of: Date,
    pg: &mut seglang::run::engine::Engine,
) -> Result<(), proptest::test_runner::TestCaseError> {
    let program = compile_generated(schema, segments)?;
    agree_everywhere(&program, segments, data, as_of, pg)
}

/// Runs a differential test over generated `(segments, data)` cases against `schema`'s source:
/// each case's segments check, and DuckDB and PostgreSQL give the reference evaluator's members
/// at `as_of`. Returns how many cases ran, for the test's report.
pub fn agree_on_random_cases<S>(schema: &str, cases: S, as_of: Date) -> u32
where
    S: proptest::strategy::Strategy<Value = (String, seglang::value::Dataset)>,
{
    let program = compile_generated(schema, "").expect("the generated cases' schema checks");
    run_differential(&program, cases, |pg, (segments, data)| {
        agree_on_generated(schema, &segments, &data, as_of, pg)
    })
}

/// Runs a differential test: a throw-away PostgreSQL with `schema`'s tables, then
/// `property_runner(40)` over `cases`, each through `run_case`; panics with the shrunk failure.
/// Returns how many cases ran, for the test's report.
pub fn run_differential<S: proptest::strategy::Strategy>(
    schema: &Program,
    cases: S,
    run_case: impl Fn(
        &mut seglang::run::engine::Engine,
        S::Value,
    ) -> Result<(), proptest::test_runner::TestCaseError>,
) -> u32 {
    use seglang::run::engine::Engine;
    let server = PgServer::start().expect("a PostgreSQL server can be started for the tests");
    let pg = std::cell::RefCell::new(Engine::Postgres(Box::new(server.connect())));
    for ddl in create_tables(&schema.schema, Target::Postgres) {
        pg.borrow_mut()
            .batch(&ddl)
            .expect("the differential schema is created on PostgreSQL");
    }
    let mut runner = property_runner(40);
    if let Err(e) = runner.run(&cases, |case| run_case(&mut pg.borrow_mut(), case)) {
        panic!("{e}");
    }
    runner.config().cases
}

/// A property-test runner with `cases` cases (`SEG_DIFF_CASES` overrides): the same cases on every
/// run, so CI is reproducible, unless `SEG_DIFF_RANDOM=1` asks for fresh ones.
pub fn property_runner(cases: u32) -> proptest::test_runner::TestRunner {
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let cases = std::env::var("SEG_DIFF_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    match std::env::var("SEG_DIFF_RANDOM").as_deref() {
        Ok("1") => TestRunner::new(config),
        _ => TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha)),
    }
}
