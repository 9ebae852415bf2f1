//! Helpers both test binaries share: checking in-memory projects and compiling them to SQL.
//! Included with `#[path]` by `tests/fast/main.rs` and `tests/it/main.rs`.

use seglang::check::typed::Program;
use seglang::check::CheckOptions;
use seglang::ir::{lower, AsOf, LowerOptions};
use seglang::report::{render, Format};
use seglang::sql::{emit, Form, Target};
use seglang::value::Date;

/// Checks in-memory files and returns the program, failing the test with rendered diagnostics.
pub fn program(files: &[(&str, &str)]) -> Program {
    let analysis = seglang::analyze_sources(files, &CheckOptions::default());
    match analysis.program {
        Some(p) => p,
        None => panic!(
            "expected a valid project, got:\n{}",
            render(
                &analysis.diagnostics,
                &analysis.sources,
                Format::Human { color: false }
            )
        ),
    }
}

/// Reads a date written YYYY-MM-DD in a test.
pub fn date(text: &str) -> Date {
    Date::parse(text).expect("test dates are valid")
}

/// The membership statements (one per entity) for every segment.
pub fn membership_sql(program: &Program, as_of: Date, target: Target) -> Vec<String> {
    let plans = lower(
        program,
        &LowerOptions {
            as_of: AsOf::Fixed(as_of),
            segments: Vec::new(),
        },
    );
    plans
        .iter()
        .map(|p| emit(p, Form::Membership, target).expect("every target expresses the tests"))
        .collect()
}
