//! Bad input never panics: truncated and garbled versions of real files give diagnostics, and
//! hostile string literals cannot end the SQL literal they are written into.

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

/// A segment whose string literals try to end the SQL literal and run their own statement.
const HOSTILE: &str = r#"segment s on people { where name = "x'; DROP TABLE p; --" or name contains "\\' OR 1=1 --" }"#;
/// The schema [`HOSTILE`] is checked against.
const HOSTILE_SCHEMA: &str = "entity people from \"p\" { key id: string\n name: string }\n";

#[test]
fn hostile_strings_stay_one_statement_on_every_dialect() {
    let program = crate::support::program(&[("s.seg", HOSTILE), ("schema.seg", HOSTILE_SCHEMA)]);
    let plans = seglang::ir::lower(
        &program,
        &seglang::ir::LowerOptions {
            as_of: seglang::ir::AsOf::Today,
            segments: Vec::new(),
        },
    );
    for target in seglang::sql::Target::ALL {
        let sql = seglang::sql::emit(&plans[0], seglang::sql::Form::Members(0), target)
            .expect("every target expresses the hostile segment");
        let statements = crate::reparse::assert_parses(&sql, target);
        assert_eq!(statements, 1, "exactly one statement on {target}:\n{sql}");
    }
}
