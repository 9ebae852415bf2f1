//! Differential tests: random segments within the language over random NULL-heavy data must give
//! identical members on the reference evaluator, embedded DuckDB and a real PostgreSQL server.
//!
//! `SEG_DIFF_CASES` sets the number of cases (default 40), the same cases on every run unless
//! `SEG_DIFF_RANDOM=1`; failures print the segment text and the data, shrunk by proptest.

use crate::pg_server::PgServer;
use crate::support::{run_everywhere, Everywhere};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use seglang::check::typed::Program;
use seglang::check::CheckOptions;
use seglang::data::{Cell, Dataset, Num, Table, Timestamp};
use seglang::ir::{lower, AsOf, LowerOptions};
use seglang::run::engine::Engine;
use seglang::source::Date;
use seglang::sql::{create_tables, Target};

const SCHEMA: &str = r#"
entity people from "diff.people" {
  key id: string
  age: int?
  score: decimal(10, 2)?
  name: string?
  active: bool?
  tier: enum("a", "b", "c")?
  born: date?
  joined: timestamp?
}

facts events of people(id) from "diff.events" at happened {
  happened: timestamp?
  amount: decimal(10, 2)?
  kind: enum("x", "y")?
  label: string?
}
"#;

const AS_OF: (i32, u32, u32) = (2026, 3, 31);

fn as_of() -> Date {
    Date::new(AS_OF.0, AS_OF.1, AS_OF.2).expect("valid date")
}

/// Day offsets before the evaluation date, dense around the windows the segments use.
const OFFSETS: [i64; 16] = [
    -2, -1, 0, 1, 2, 29, 30, 31, 59, 60, 89, 90, 91, 364, 365, 366,
];
const WINDOWS: [i64; 5] = [1, 30, 60, 90, 365];
const TEXTS: [&str; 9] = [
    "ab",
    "Ab",
    "a_b",
    "a%b",
    "o'k",
    "back\\slash",
    "",
    "zz",
    "50% off",
];

fn text() -> impl Strategy<Value = String> {
    prop::sample::select(TEXTS.to_vec()).prop_map(str::to_string)
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn window() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(WINDOWS.to_vec()).prop_map(|n| format!("last {n} days")),
        (1i64..4).prop_map(|n| format!("last {n} months")),
        prop::sample::select(WINDOWS.to_vec()).prop_map(|n| format!("before {n} days ago")),
        prop::sample::select(WINDOWS.to_vec()).prop_map(|n| format!("after {n} days ago")),
        (0usize..3, 3usize..5).prop_map(|(a, b)| format!(
            "between {} days ago and {} days ago",
            WINDOWS[b], WINDOWS[a]
        )),
    ]
}

fn row_filter() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("where kind = \"x\"".to_string()),
        Just("where kind != \"y\"".to_string()),
        (0i64..60).prop_map(|n| format!("where amount > {n}.50")),
        text().prop_map(|t| format!("where label starts with {}", quoted(&t))),
        Just("where label is missing".to_string()),
    ]
}

/// Optional aggregate arguments: a row filter and a window, in either presence.
fn options() -> impl Strategy<Value = String> {
    (prop::option::of(row_filter()), prop::option::of(window())).prop_map(|(f, w)| {
        let parts: Vec<String> = f.into_iter().chain(w).collect();
        parts.join(", ")
    })
}

fn with(first: &str, opts: &str) -> String {
    match (first.is_empty(), opts.is_empty()) {
        (true, _) => opts.to_string(),
        (false, true) => first.to_string(),
        (false, false) => format!("{first}, {opts}"),
    }
}

fn aggregate_test() -> impl Strategy<Value = String> {
    prop_oneof![
        (options(), 0i64..4).prop_map(|(o, k)| format!("events.count({o}) >= {k}")),
        (options(), 0i64..3)
            .prop_map(|(o, k)| format!("events.count({}) = {k}", with("distinct label", &o))),
        (options(), 0i64..120)
            .prop_map(|(o, k)| format!("events.sum({}) >= {k}.25", with("amount", &o))),
        (options(), 0i64..60)
            .prop_map(|(o, k)| format!("events.avg({}) < {k}", with("amount", &o))),
        (options(), 0i64..60)
            .prop_map(|(o, k)| format!("events.min({}) <= {k}.5", with("amount", &o))),
        (options(), text()).prop_map(|(o, t)| format!(
            "events.max({}) > {}",
            with("label", &o),
            quoted(&t)
        )),
        options().prop_map(|o| format!("events.first({}) = \"x\"", with("kind", &o))),
        (options(), 0i64..60)
            .prop_map(|(o, k)| format!("events.last({}) >= {k}", with("amount", &o))),
        options().prop_map(|o| format!("events.last({}) is missing", with("label", &o))),
        prop::sample::select(WINDOWS.to_vec())
            .prop_map(|n| format!("events.last(happened) before {n} days ago")),
        prop::sample::select(WINDOWS.to_vec())
            .prop_map(|n| format!("days since events.first(happened) > {n}")),
    ]
}

fn column_test() -> impl Strategy<Value = String> {
    prop_oneof![
        (0i64..80).prop_map(|n| format!("age > {n}")),
        (0i64..40, 40i64..90).prop_map(|(a, b)| format!("age between {a} and {b}")),
        Just("age is missing".to_string()),
        (0i64..100).prop_map(|n| format!("score >= {n}.10")),
        Just("score != 0".to_string()),
        text().prop_map(|t| format!("name = {}", quoted(&t))),
        text().prop_map(|t| format!("name < {}", quoted(&t))),
        text().prop_map(|t| format!("name contains {}", quoted(&t))),
        text().prop_map(|t| format!("name ends with {}", quoted(&t))),
        prop::sample::select(vec!["a%", "_b", "a\\\\_b", "%\\\\%%", "o'%"])
            .prop_map(|p| format!("name matches \"{p}\"")),
        Just("active".to_string()),
        Just("tier = \"a\"".to_string()),
        Just("tier in [\"a\", \"b\"]".to_string()),
        Just("tier not in [\"c\"]".to_string()),
        prop::sample::select(WINDOWS.to_vec()).prop_map(|n| format!("joined within last {n} days")),
        prop::sample::select(WINDOWS.to_vec()).prop_map(|n| format!("born before {n} days ago")),
        (10i64..70).prop_map(|n| format!("age(born) >= {n}")),
        (0i64..400).prop_map(|n| format!("days since joined <= {n}")),
        Just("joined after 2025-12-31".to_string()),
    ]
}

fn condition() -> impl Strategy<Value = String> {
    prop_oneof![column_test(), aggregate_test()].prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} and {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} or {b})")),
            inner.prop_map(|a| format!("not ({a})")),
        ]
    })
}

/// Three segments; the last may refer to the first two.
fn segments() -> impl Strategy<Value = String> {
    (condition(), condition(), condition(), 0usize..4).prop_map(|(a, b, c, r)| {
        let third = match r {
            0 => format!("in s0 and ({c})"),
            1 => format!("not in s1 or ({c})"),
            _ => c,
        };
        format!(
            "segment s0 on people {{ where {a} }}\nsegment s1 on people {{ holdout 30% where {b} }}\nsegment s2 on people {{ where {third} }}\n\
             segmentation grp on people {{ first when {a} second when {b} rest otherwise }}\n\
             segment s3 on people {{ where grp = \"second\" }}\nsegment s4 on people {{ where not (grp = \"rest\") }}\n"
        )
    })
}

fn maybe<T: std::fmt::Debug + Clone + 'static>(
    s: impl Strategy<Value = T> + 'static,
) -> impl Strategy<Value = Option<T>> {
    prop::option::weighted(0.7, s)
}

fn timestamp_near() -> impl Strategy<Value = Cell> {
    (
        prop::sample::select(OFFSETS.to_vec()),
        prop::sample::select(vec![0u32, 1, 43_200, 86_399]),
    )
        .prop_map(|(days, seconds)| match as_of().add_days(-days) {
            Some(date) => Cell::Timestamp(Timestamp { date, seconds }),
            None => Cell::Null,
        })
}

fn cell<T: std::fmt::Debug + Clone + 'static>(
    s: impl Strategy<Value = T> + 'static,
    f: fn(T) -> Cell,
) -> impl Strategy<Value = Cell> {
    maybe(s).prop_map(move |v| v.map(f).unwrap_or(Cell::Null))
}

fn person() -> impl Strategy<Value = Vec<Cell>> {
    (
        cell(0i64..90, |n| Cell::Num(Num::int(n))),
        cell(
            (0i64..10_000).prop_map(|c| Num::int(c).checked_div(Num::int(100))),
            |n| n.map(Cell::Num).unwrap_or(Cell::Null),
        ),
        cell(text(), Cell::Str),
        cell(any::<bool>(), Cell::Bool),
        cell(prop::sample::select(vec!["a", "b", "c"]), |t| {
            Cell::Str(t.to_string())
        }),
        cell(0i64..30_000, |d| {
            as_of().add_days(-d).map(Cell::Date).unwrap_or(Cell::Null)
        }),
        maybe(timestamp_near()).prop_map(|t| t.unwrap_or(Cell::Null)),
    )
        .prop_map(|(age, score, name, active, tier, born, joined)| {
            vec![age, score, name, active, tier, born, joined]
        })
}

fn event(people: usize) -> impl Strategy<Value = Vec<Cell>> {
    (
        0..people,
        maybe(timestamp_near()).prop_map(|t| t.unwrap_or(Cell::Null)),
        cell(
            (0i64..8_000).prop_map(|c| Num::int(c).checked_div(Num::int(100))),
            |n| n.map(Cell::Num).unwrap_or(Cell::Null),
        ),
        cell(prop::sample::select(vec!["x", "y"]), |k| {
            Cell::Str(k.to_string())
        }),
        cell(text(), Cell::Str),
    )
        .prop_map(|(p, happened, amount, kind, label)| {
            vec![Cell::Str(format!("p{p}")), happened, amount, kind, label]
        })
}

fn dataset() -> impl Strategy<Value = Dataset> {
    (2usize..10).prop_flat_map(|n| {
        (
            prop::collection::vec(person(), n),
            prop::collection::vec(event(n), 0..25),
        )
            .prop_map(|(people, events)| {
                let mut data = Dataset::new();
                let rows = people
                    .into_iter()
                    .enumerate()
                    .map(|(i, mut row)| {
                        row.insert(0, Cell::Str(format!("p{i}")));
                        row
                    })
                    .collect();
                let columns = |names: &[&str]| names.iter().map(|c| c.to_string()).collect();
                data.insert(
                    "people".into(),
                    Table {
                        columns: columns(&[
                            "id", "age", "score", "name", "active", "tier", "born", "joined",
                        ]),
                        rows,
                    },
                );
                data.insert(
                    "events".into(),
                    Table {
                        columns: columns(&["id", "happened", "amount", "kind", "label"]),
                        rows: events,
                    },
                );
                data
            })
    })
}

fn compile(segments: &str) -> Result<Program, TestCaseError> {
    let analysis = seglang::analyze_sources(
        &[("diff.seg", segments), ("schema.seg", SCHEMA)],
        &CheckOptions::default(),
    );
    analysis.program.ok_or_else(|| {
        let codes: Vec<String> = analysis
            .diagnostics
            .iter()
            .map(|d| format!("{d:?}"))
            .collect();
        TestCaseError::fail(format!(
            "generated segments do not check: {codes:?}\n{segments}"
        ))
    })
}

fn run_case(pg: &mut Engine, segments: &str, data: &Dataset) -> Result<(), TestCaseError> {
    let program = compile(segments)?;
    let plans = lower(
        &program,
        &LowerOptions {
            as_of: AsOf::Fixed(as_of()),
            segments: Vec::new(),
        },
    );
    let Everywhere {
        reference,
        duckdb: on_duckdb,
        postgres: on_postgres,
    } = run_everywhere(&program, &plans, data, as_of(), pg)
        .map_err(|e| TestCaseError::fail(format!("{e}\n{segments}")))?;
    prop_assert_eq!(
        &on_duckdb,
        &reference,
        "DuckDB differs from the reference for\n{}",
        segments
    );
    prop_assert_eq!(
        &on_postgres,
        &reference,
        "PostgreSQL differs from the reference for\n{}",
        segments
    );
    Ok(())
}

#[test]
#[allow(
    clippy::print_stderr,
    reason = "the number of cases run is part of the test's report"
)]
fn random_segments_agree_on_reference_duckdb_and_postgres() {
    let server = PgServer::start().expect("a PostgreSQL server can be started for the tests");
    let pg = std::cell::RefCell::new(Engine::Postgres(Box::new(server.connect())));
    let schema_program = compile("").expect("the differential schema checks");
    for ddl in create_tables(&schema_program.schema, Target::Postgres) {
        pg.borrow_mut()
            .batch(&ddl)
            .expect("the differential schema is created on PostgreSQL");
    }
    let mut runner = crate::support::property_runner(40);
    let result = runner.run(&(segments(), dataset()), |(segments, data)| {
        run_case(&mut pg.borrow_mut(), &segments, &data)
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    eprintln!(
        "differential: {} cases agreed on reference, DuckDB and PostgreSQL",
        runner.config().cases
    );
}
