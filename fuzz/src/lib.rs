//! What the fuzz targets do with an input, and where their seeds come from. The fast test
//! `tests/fast/fuzz_inputs.rs` includes this file, so the seeds and the inputs in
//! `fuzz/regressions/` replay through the very functions the fuzzers call, in `cargo test`.
//!
//! An input is a project: lines `//# file NAME` start a new file (text before the first one is
//! `main.seg`), and lines `//# param NAME=VALUE` add a `--param` override. Both are comments in
//! seglang, so a one-file input needs neither and every seed is still a `.seg` text. Files are
//! bytes: one that is not UTF-8 reaches the loader as it is.

use seglang::check::typed::{Program, SegmentId};
use seglang::check::CheckOptions;
use seglang::diagnostic::Diagnostic;
use seglang::ir::AsOf;
use seglang::report::{render, Format};
use seglang::run::reference::{evaluate, ReferenceError};
use seglang::run::testing::run_test_on_reference;
use seglang::source::FileId;
use seglang::source::SourceMap;
use seglang::sql::Target;
use seglang::syntax::{parse_module_with, ParseWith};
use seglang::value::Date;
use seglang::{Analysis, CompileOptions, Statements};
use sqlparser::dialect::{BigQueryDialect, Dialect, DuckDbDialect, PostgreSqlDialect};
use sqlparser::parser::{Parser, ParserError};
use std::io;
use std::path::{Path, PathBuf};

/// The line prefix that starts a new file of the project.
pub const FILE_MARKER: &[u8] = b"//# file ";
/// The line prefix of a `--param NAME=VALUE` override.
pub const PARAM_MARKER: &[u8] = b"//# param ";

/// How many segments are also compiled alone (`seg compile --segment`), to bound the work per
/// input.
const SINGLE_SEGMENTS: usize = 8;

/// A fuzz input read as a project: its files (name, bytes) and its `--param` overrides.
#[derive(Debug, Default)]
pub struct Input {
    pub files: Vec<(String, Vec<u8>)>,
    pub params: Vec<(String, String)>,
}

impl Input {
    /// Splits `data` at its marker lines.
    pub fn read(data: &[u8]) -> Input {
        let mut input = Input::default();
        let mut name = "main.seg".to_string();
        let mut text = Vec::new();
        for line in data.split_inclusive(|b| *b == b'\n') {
            if let Some(rest) = line.strip_prefix(FILE_MARKER) {
                if !text.is_empty() || name != "main.seg" {
                    input.files.push((name, std::mem::take(&mut text)));
                }
                name = String::from_utf8_lossy(rest).trim().to_string();
                if name.is_empty() {
                    name = format!("file{}.seg", input.files.len());
                }
            } else if let Some(rest) = line.strip_prefix(PARAM_MARKER) {
                let rest = String::from_utf8_lossy(rest);
                let (key, value) = rest.trim_end().split_once('=').unwrap_or((&rest, ""));
                input.params.push((key.to_string(), value.to_string()));
            } else {
                text.extend_from_slice(line);
            }
        }
        input.files.push((name, text));
        input
    }

    /// The input written back with its markers: what [`Input::read`] reads as this project.
    pub fn write(&self) -> Vec<u8> {
        let mut data = Vec::new();
        for (key, value) in &self.params {
            data.extend_from_slice(PARAM_MARKER);
            data.extend_from_slice(format!("{key}={value}\n").as_bytes());
        }
        for (name, text) in &self.files {
            data.extend_from_slice(FILE_MARKER);
            data.extend_from_slice(name.as_bytes());
            data.push(b'\n');
            data.extend_from_slice(text);
            if !text.ends_with(b"\n") {
                data.push(b'\n');
            }
        }
        data
    }

    /// Loads, parses and checks the project, every file an entry (as `seg check DIR` does).
    pub fn analyze(&self) -> Option<Analysis> {
        let read = |path: &Path| -> io::Result<Vec<u8>> {
            let wanted = path.to_string_lossy().replace('\\', "/");
            self.files
                .iter()
                .find(|(name, _)| *name == wanted)
                .map(|(_, text)| text.clone())
                .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file"))
        };
        let entries: Vec<PathBuf> = self.files.iter().map(|(n, _)| PathBuf::from(n)).collect();
        let options = CheckOptions {
            params: self.params.clone(),
        };
        // An entry whose name the loader normalizes to another name cannot be read: the CLI
        // reports that as an IO error (exit 2); there is nothing more to fuzz in it.
        let analysis = seglang::analyze(&entries, &read, &options).ok()?;
        for d in &analysis.diagnostics {
            assert!(!d.code().is_empty(), "a diagnostic without a code: {d:?}");
        }
        Some(analysis)
    }
}

/// The hand-written parser agrees with pest, which defines the language: a file parses to the
/// same declarations, spans and errors either way, and a file that pest reads without an error
/// is read by the hand-written parser alone, and formats faithfully. Returns whether pest read
/// it without an error.
pub fn parsers_agree(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let file = FileId(0);
    let pest = format!("{:?}", parse_module_with(file, text, ParseWith::Pest));
    let both = format!(
        "{:?}",
        parse_module_with(file, text, ParseWith::DescentThenPest)
    );
    assert_eq!(
        both, pest,
        "the fast path changed what this file parses to:\n{text}"
    );
    let clean = parse_module_with(file, text, ParseWith::Pest).1.is_empty();
    if clean {
        let descent = format!("{:?}", parse_module_with(file, text, ParseWith::Descent));
        assert_eq!(
            descent, pest,
            "the hand-written parser cannot read this file:\n{text}"
        );
        formats_faithfully(text);
    }
    clean
}

/// `seg fmt` on a file that parses: formatting it again changes nothing, and it parses to the
/// same declarations (spans aside).
fn formats_faithfully(text: &str) {
    let file = FileId(0);
    let once = seglang::format::format_source(file, text).expect("a file that parses formats");
    let twice = seglang::format::format_source(file, &once).expect("its formatted text parses");
    assert_eq!(
        once, twice,
        "formatting twice changes this file again:\n{text}"
    );
    let items = |t: &str| {
        seglang::format::without_spans(&parse_module_with(file, t, ParseWith::Pest).0.items)
    };
    assert_eq!(
        items(text),
        items(&once),
        "formatting changed what this file means:\n{text}"
    );
}

/// The `compile` target: every diagnostic rendered in every format; a checked program compiled
/// for every dialect, as a whole and segment by segment, each statement re-parsed with
/// sqlparser, and each segment explained.
pub fn compile_everything(data: &[u8]) {
    for (_, text) in &Input::read(data).files {
        parsers_agree(text);
    }
    let Some(analysis) = Input::read(data).analyze() else {
        return;
    };
    for format in [Format::Human { color: false }, Format::Json, Format::Github] {
        let _ = render(&analysis.diagnostics, &analysis.sources, format);
    }
    let Some(program) = &analysis.program else {
        return;
    };
    for (i, target) in Target::ALL.into_iter().enumerate() {
        // Half the dialects with a fixed date, half with the engine's current date.
        let as_of = match i % 2 {
            0 => AsOf::Fixed(fixed_date()),
            _ => AsOf::Today,
        };
        compile_or_coded_error(program, target, as_of, Vec::new(), Statements::All);
        for segment in program.segments.iter().take(SINGLE_SEGMENTS) {
            let segments = vec![segment.name.clone()];
            compile_or_coded_error(program, target, as_of, segments, Statements::Members);
        }
    }
    for id in 0..program.segments.len() {
        let _ = seglang::explain::explain_segment(program, SegmentId(id));
    }
}

/// The `test_blocks` target: each `test` block run on the reference evaluator as `seg test`
/// runs it, then every segment of the program evaluated over the test's rows.
pub fn run_test_blocks(data: &[u8]) {
    let Some(analysis) = Input::read(data).analyze() else {
        return;
    };
    let Some(program) = &analysis.program else {
        return;
    };
    for test in &program.tests {
        match run_test_on_reference(program, test) {
            Ok(report) => {
                let _ = (report.passed(), report.problems.len());
            }
            Err(e) => assert_coded(Diagnostic::new(None, e)),
        }
        evaluate_every_segment(program, test);
    }
}

/// Every segment's plan evaluated over the rows of `test`. A checked test gives every declared
/// table and column, so only arithmetic may fail (a sum that overflows, a date off the calendar).
fn evaluate_every_segment(program: &Program, test: &seglang::check::typed::TestCase) {
    let Ok(plans) = seglang::plan(program, AsOf::Fixed(test.as_of), &[]) else {
        return;
    };
    for plan in &plans {
        match evaluate(plan, &test.data, test.as_of) {
            Ok(_) | Err(ReferenceError::Overflow(_) | ReferenceError::DateOutOfRange(_)) => {}
            Err(e @ (ReferenceError::MissingTable(_) | ReferenceError::MissingColumn { .. })) => {
                panic!("the reference evaluator cannot read a checked test's rows: {e}")
            }
        }
    }
}

fn compile_or_coded_error(
    program: &Program,
    target: Target,
    as_of: AsOf,
    segments: Vec<String>,
    statements: Statements,
) {
    let options = CompileOptions {
        target,
        as_of,
        segments,
        statements,
    };
    match seglang::compile(program, &options) {
        Ok(compiled) => {
            for statement in &compiled.statements {
                assert_reparses(&statement.sql, target);
            }
        }
        Err(e) => assert_coded(Diagnostic::new(None, e)),
    }
}

/// The SQL parses with sqlparser's dialect for its target (as `tests/fast/reparse.rs` checks
/// for the examples), unless it nests deeper than sqlparser's recursion limit.
fn assert_reparses(sql: &str, target: Target) {
    let dialect: Box<dyn Dialect> = match target {
        Target::Postgres => Box::new(PostgreSqlDialect {}),
        Target::BigQuery => Box::new(BigQueryDialect {}),
        Target::DuckDb => Box::new(DuckDbDialect {}),
    };
    match Parser::parse_sql(dialect.as_ref(), sql) {
        Ok(_) | Err(ParserError::RecursionLimitExceeded) => {}
        Err(e) => panic!("{target} SQL does not parse with sqlparser: {e}\n{sql}"),
    }
}

/// An error is a diagnostic with a code, rendered as the CLI renders it (without a file).
fn assert_coded(error: Diagnostic) {
    assert!(
        !error.code().is_empty(),
        "an error without a code: {error:?}"
    );
    let _ = render(&[error], &SourceMap::new(), Format::Human { color: false });
}

fn fixed_date() -> Date {
    // A valid calendar date, so `new` returns it.
    Date::new(2026, 11, 22).unwrap_or_else(|| unreachable!())
}

/// The seed corpus, read from the repository at `root`: each example project whole and each of
/// its files alone, each bad input of `tests/fast/bad/`, and each ```seg block of `docs/*.md`,
/// alone and beside the retail example's schema. Named for the corpus directory.
pub fn seeds(root: &Path) -> io::Result<Vec<(String, Vec<u8>)>> {
    let mut seeds = Vec::new();
    let retail_schema = std::fs::read(root.join("examples/retail/schema.seg"))?;
    for dir in sorted_entries(&root.join("examples"))? {
        let project = seg_files(&dir)?;
        let example = file_name(&dir);
        for (name, text) in &project {
            let one = Input {
                files: vec![(name.clone(), text.clone())],
                params: Vec::new(),
            };
            seeds.push((format!("example-{example}-{name}"), one.write()));
        }
        let whole = Input {
            files: project,
            params: Vec::new(),
        };
        seeds.push((format!("example-{example}"), whole.write()));
    }
    for (name, text) in seg_files(&root.join("tests/fast/bad"))? {
        seeds.push((format!("bad-{name}"), text));
    }
    for doc in sorted_entries(&root.join("docs"))? {
        if doc.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&doc)?;
        for (i, block) in seg_blocks(&text).into_iter().enumerate() {
            let stem = format!("doc-{}-{i}", file_name(&doc).trim_end_matches(".md"));
            seeds.push((stem.clone(), block.clone().into_bytes()));
            let beside = Input {
                files: vec![
                    ("main.seg".into(), block.into_bytes()),
                    ("schema.seg".into(), retail_schema.clone()),
                ],
                params: Vec::new(),
            };
            seeds.push((format!("{stem}-with-schema"), beside.write()));
        }
    }
    Ok(seeds)
}

/// The ```seg blocks of a Markdown text.
fn seg_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut lines = markdown.lines();
    while let Some(line) = lines.next() {
        if line.trim() != "```seg" {
            continue;
        }
        let block: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "```").collect();
        blocks.push(block.join("\n") + "\n");
    }
    blocks
}

/// The `.seg` files of a directory (name, bytes), by name.
fn seg_files(dir: &Path) -> io::Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    for path in sorted_entries(dir)? {
        if path.extension().is_some_and(|e| e == "seg") {
            files.push((file_name(&path), std::fs::read(&path)?));
        }
    }
    Ok(files)
}

fn sorted_entries(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut paths = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<io::Result<Vec<_>>>()?;
    paths.sort();
    Ok(paths)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
