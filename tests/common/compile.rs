//! Helpers both test binaries share: checking in-memory projects and compiling them to SQL.
//! Included with `#[path]` by `tests/fast/main.rs` and `tests/it/main.rs`.

use seglang::check::typed::Program;
use seglang::check::CheckOptions;
use seglang::ir::AsOf;
use seglang::report::{render, Format};
use seglang::sql::Target;
use seglang::value::Date;
use seglang::{CompileOptions, Compiled, Statements};

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

/// Compiles every segment of `program` for `target`, failing the test on an error.
pub fn compile_all(
    program: &Program,
    as_of: AsOf,
    target: Target,
    statements: Statements,
) -> Compiled {
    let options = CompileOptions {
        target,
        as_of,
        segments: Vec::new(),
        statements,
    };
    seglang::compile(program, &options).expect("every segment of the program compiles")
}

/// The membership statements (one per entity) for every segment.
pub fn membership_sql(program: &Program, as_of: Date, target: Target) -> Vec<String> {
    compile_all(program, AsOf::Fixed(as_of), target, Statements::Membership)
        .statements
        .into_iter()
        .map(|s| s.sql)
        .collect()
}
