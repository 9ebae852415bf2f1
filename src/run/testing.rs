//! `seg test`: each test's rows are evaluated by the reference evaluator and by real engines; a
//! failure names the missing or unexpected member and the criterion that decided it.
//!
//! [`run_test_on_reference`] needs no engine (the fuzz target for `test` blocks and builds without
//! the `engines` feature use it); [`run_test`] adds an embedded DuckDB and, when given, PostgreSQL.

#[cfg(feature = "engines")]
use super::engine::Engine;
use super::errors::RunError;
#[cfg(feature = "engines")]
use super::load::create_empty_tables;
use super::reference::{evaluate, Members};
use crate::check::typed::{Cond, Program, Segment, SegmentId, TestCase};
use crate::ir::{lower, AsOf, LowerOptions, Plan};
use crate::source::Span;
#[cfg(feature = "engines")]
use crate::sql::{create_tables, insert_statements, Target};

/// What one test found.
#[derive(Debug, Clone)]
pub struct TestReport {
    pub name: String,
    /// The test's declaration: `program.sources.location(span)` says where it is.
    pub span: Span,
    pub segment: String,
    /// The engines that ran the test, in order (`reference` first).
    pub engines: Vec<&'static str>,
    /// One line per problem; empty when the test passed.
    pub problems: Vec<String>,
}

impl TestReport {
    /// True when every engine returned exactly the expected members.
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Runs one test on the reference evaluator, an embedded DuckDB, and `postgres` when given (inside
/// a transaction that is rolled back, so the server keeps nothing).
#[cfg(feature = "engines")]
pub fn run_test(
    program: &Program,
    test: &TestCase,
    postgres: Option<&mut Engine>,
) -> Result<TestReport, RunError> {
    let planned = Planned::new(program, test);
    let mut results = vec![("reference", planned.on_reference(test)?)];
    results.push(("DuckDB", on_duckdb(program, test, &planned.plans)?));
    if let Some(engine) = postgres {
        results.push((
            "PostgreSQL",
            on_postgres(engine, program, test, &planned.plans)?,
        ));
    }
    Ok(planned.report(program, test, &results))
}

/// Runs one test on the reference evaluator alone: what [`run_test`] reports when every engine
/// agrees with the reference.
pub fn run_test_on_reference(program: &Program, test: &TestCase) -> Result<TestReport, RunError> {
    let planned = Planned::new(program, test);
    let results = [("reference", planned.on_reference(test)?)];
    Ok(planned.report(program, test, &results))
}

/// A test's plans: the tested segment and one segment per top-level `and` part of it, so that a
/// missing member can be explained by the parts that are false for it.
struct Planned {
    parts: Vec<Part>,
    plans: Vec<Plan>,
}

impl Planned {
    fn new(program: &Program, test: &TestCase) -> Planned {
        let (explained, parts) = with_parts(program, test.segment);
        let mut ids = vec![test.segment];
        ids.extend(parts.iter().map(|p| p.id));
        let plans = lower(
            &explained,
            &LowerOptions {
                as_of: AsOf::Fixed(test.as_of),
                segments: ids,
            },
        );
        Planned { parts, plans }
    }

    /// The members of every plan's segments on the reference evaluator.
    fn on_reference(&self, test: &TestCase) -> Result<Members, RunError> {
        self.plans
            .iter()
            .map(|p| evaluate(p, &test.data, test.as_of))
            .try_fold(Members::new(), |mut all, m| {
                all.extend(m?);
                Ok::<_, super::reference::ReferenceError>(all)
            })
            .map_err(|e| RunError::Engine {
                engine: "reference evaluator",
                message: e.to_string(),
            })
    }

    /// Compares each engine's members with the expected ones; `results` starts with the
    /// reference evaluator's (both callers put it first), which explains the missing members.
    fn report(
        &self,
        program: &Program,
        test: &TestCase,
        results: &[(&'static str, Members)],
    ) -> TestReport {
        let segment = &program.segments[test.segment.0];
        // One line per wrong member, naming the engines that got it wrong (usually all of them).
        let reference_parts = &results[0].1;
        let mut wrong: Vec<(String, Vec<&'static str>)> = Vec::new();
        for (engine, members) in results {
            let got = members.get(&segment.name).cloned().unwrap_or_default();
            let missing = test.expect.difference(&got).map(|key| {
                format!(
                    "{key} is missing: {}",
                    why_not(key, &self.parts, reference_parts)
                )
            });
            let unexpected = got
                .difference(&test.expect)
                .map(|key| format!("{key} is unexpected: {}", why(segment)));
            for line in missing.chain(unexpected) {
                match wrong.iter_mut().find(|(l, _)| *l == line) {
                    Some((_, engines)) => engines.push(engine),
                    None => wrong.push((line, vec![engine])),
                }
            }
        }
        let problems = wrong
            .into_iter()
            .map(|(line, engines)| format!("{line} [{}]", engines.join(", ")))
            .collect();
        TestReport {
            name: test.name.clone(),
            span: test.decl_span,
            segment: segment.name.clone(),
            engines: results.iter().map(|(e, _)| *e).collect(),
            problems,
        }
    }
}

/// One top-level `and` part of a tested segment, planned as a segment of its own.
struct Part {
    id: SegmentId,
    name: String,
    text: String,
}

/// The program with one extra segment per top-level `and` part of the tested segment.
fn with_parts(program: &Program, id: SegmentId) -> (Program, Vec<Part>) {
    let mut explained = program.clone();
    let segment = &program.segments[id.0];
    let conds: Vec<Cond> = match &segment.criteria {
        Some(Cond::And(parts)) => parts.clone(),
        Some(c) => vec![c.clone()],
        None => Vec::new(),
    };
    let mut parts = Vec::new();
    for (i, cond) in conds.into_iter().enumerate() {
        let text = segment.criteria_parts.get(i).cloned().unwrap_or_default();
        let part = Part {
            id: SegmentId(explained.segments.len()),
            name: format!("{}__part_{}", segment.name, i + 1),
            text,
        };
        explained.segments.push(Segment {
            name: part.name.clone(),
            criteria: Some(cond),
            criteria_parts: vec![part.text.clone()],
            ..segment.clone()
        });
        parts.push(part);
    }
    (explained, parts)
}

/// The criteria that are false for `key`, according to the reference evaluator.
fn why_not(key: &str, parts: &[Part], reference: &Members) -> String {
    let failing: Vec<String> = parts
        .iter()
        .filter(|p| !reference.get(&p.name).is_some_and(|m| m.contains(key)))
        .map(|p| format!("`{}`", p.text))
        .collect();
    match failing.len() {
        0 => "every criterion holds on the reference evaluator".to_string(),
        _ => format!("false: {}", failing.join(", ")),
    }
}

fn why(segment: &Segment) -> String {
    match segment.criteria_parts.len() {
        0 => "the segment has no criteria, so every row is a member".to_string(),
        _ => {
            let parts: Vec<String> = segment
                .criteria_parts
                .iter()
                .map(|p| format!("`{p}`"))
                .collect();
            format!("true: {}", parts.join(", "))
        }
    }
}

#[cfg(feature = "engines")]
fn on_duckdb(program: &Program, test: &TestCase, plans: &[Plan]) -> Result<Members, RunError> {
    let conn = duckdb::Connection::open_in_memory().map_err(|e| RunError::Engine {
        engine: "DuckDB",
        message: e.to_string(),
    })?;
    create_empty_tables(&conn, &program.schema)?;
    let mut engine = Engine::DuckDb(conn);
    for insert in insert_statements(&program.schema, &test.data, Target::DuckDb) {
        engine.batch(&insert)?;
    }
    Ok(engine.run(plans)?.members)
}

#[cfg(feature = "engines")]
fn on_postgres(
    engine: &mut Engine,
    program: &Program,
    test: &TestCase,
    plans: &[Plan],
) -> Result<Members, RunError> {
    engine.batch("BEGIN")?;
    let result = (|| {
        for ddl in create_tables(&program.schema, Target::Postgres) {
            engine.batch(&ddl)?;
        }
        for insert in insert_statements(&program.schema, &test.data, Target::Postgres) {
            engine.batch(&insert)?;
        }
        engine.run(plans).map(|o| o.members)
    })();
    let rollback = engine.batch("ROLLBACK");
    let members = result?;
    rollback?;
    Ok(members)
}
