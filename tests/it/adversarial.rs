//! Bad input never panics: truncated and garbled versions of real files give diagnostics.

use seglang::check::CheckOptions;
use seglang::report::{render, Format};

const SCHEMA: &str = include_str!("../../examples/retail/schema.seg");
const SEGMENTS: &str = include_str!("../../examples/retail/segments.seg");

/// Analyzes and renders in every format: nothing may panic, and every error carries a code.
fn analyze_everything(files: &[(&str, &str)]) {
    let analysis = seglang::analyze_sources(files, &CheckOptions::default());
    for d in &analysis.diagnostics {
        assert!(!d.code().is_empty(), "diagnostic without a code: {d:?}");
    }
    for format in [Format::Human { color: false }, Format::Json, Format::Github] {
        let _ = render(&analysis.diagnostics, &analysis.sources, format);
    }
    if let Some(program) = &analysis.program {
        for target in seglang::sql::Target::ALL {
            let plans = seglang::ir::lower(
                program,
                &seglang::ir::LowerOptions {
                    as_of: seglang::ir::AsOf::Today,
                    segments: Vec::new(),
                },
            );
            for plan in &plans {
                let _ = seglang::sql::emit(plan, seglang::sql::Form::Membership, target);
            }
        }
    }
}

#[test]
fn every_truncation_of_the_example_is_diagnosed_without_panic() {
    let boundaries: Vec<usize> = (0..=SEGMENTS.len())
        .filter(|i| SEGMENTS.is_char_boundary(*i))
        .collect();
    for &cut in boundaries.iter().step_by(7) {
        analyze_everything(&[("segments.seg", &SEGMENTS[..cut]), ("schema.seg", SCHEMA)]);
    }
    for &cut in (0..=SCHEMA.len())
        .filter(|i| SCHEMA.is_char_boundary(*i))
        .collect::<Vec<_>>()
        .iter()
        .step_by(11)
    {
        analyze_everything(&[("segments.seg", SEGMENTS), ("schema.seg", &SCHEMA[..cut])]);
    }
}

#[test]
fn garbled_examples_are_diagnosed_without_panic() {
    // A fixed linear congruential generator: the same garbage on every run.
    let mut state: u64 = 0x5eed;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let noise = [
        '(', ')', '"', '\\', '[', ']', '.', ',', '=', '<', '\n', 'é', '0', ' ', '/', '{', '}',
    ];
    for _ in 0..300 {
        let mut chars: Vec<char> = SEGMENTS.chars().collect();
        for _ in 0..(1 + next() % 6) {
            let at = next() % chars.len();
            match next() % 3 {
                0 => chars[at] = noise[next() % noise.len()],
                1 => {
                    chars.remove(at);
                }
                _ => chars.insert(at, noise[next() % noise.len()]),
            }
        }
        let text: String = chars.into_iter().collect();
        analyze_everything(&[("segments.seg", &text), ("schema.seg", SCHEMA)]);
    }
}

#[test]
fn hostile_strings_cannot_break_out_of_sql_literals() {
    let schema = "entity people from \"p\" { key id: string\n name: string }\n";
    let hostile = r#"segment s on people { where name = "x'; DROP TABLE p; --" or name contains "\\' OR 1=1 --" }"#;
    let analysis = seglang::analyze_sources(
        &[("s.seg", hostile), ("schema.seg", schema)],
        &CheckOptions::default(),
    );
    let program = analysis.program.expect("valid");
    let conn = duckdb::Connection::open_in_memory().expect("DuckDB");
    conn.execute_batch("CREATE TABLE p (id VARCHAR, name VARCHAR); INSERT INTO p VALUES ('1', 'x''; DROP TABLE p; --')")
        .expect("setup");
    let plans = seglang::ir::lower(
        &program,
        &seglang::ir::LowerOptions {
            as_of: seglang::ir::AsOf::Today,
            segments: Vec::new(),
        },
    );
    let sql = seglang::sql::emit(
        &plans[0],
        seglang::sql::Form::Members(0),
        seglang::sql::Target::DuckDb,
    );
    let mut stmt = conn.prepare(&sql).expect("one statement");
    let keys: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .expect("runs")
        .map(|r| r.expect("row"))
        .collect();
    assert_eq!(
        keys,
        vec!["1".to_string()],
        "the hostile literal is matched as plain text"
    );
    let count: i64 = conn
        .query_row("SELECT COUNT(*) FROM p", [], |r| r.get(0))
        .expect("table still exists");
    assert_eq!(count, 1);
    for target in seglang::sql::Target::ALL {
        let sql = seglang::sql::emit(&plans[0], seglang::sql::Form::Members(0), target);
        let statements = crate::reparse::assert_parses(&sql, target);
        assert_eq!(statements, 1, "exactly one statement on {target}:\n{sql}");
    }
}
