//! `seg demo`: write a bundled example's deterministic sample data as one CSV file per table.
//! Needs no engine, so it is in every build.

use super::Outcome;
use seglang::diagnostic::Diagnostic;
use seglang::report::{render, Format};
use seglang::sample::{generate, Demo, DEMO_AS_OF};
use seglang::source::SourceMap;
use std::path::Path;

/// A file or directory that cannot be written: the E0610 that `seg run --export` reports too,
/// declared here because `seg demo` does not need the engines that `seg run`'s errors come with.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("cannot write {path}: {reason}")]
#[diagnostic(code(E0610), help("check that the directory exists and is writable"))]
pub(super) struct WriteError {
    path: String,
    reason: String,
}

impl WriteError {
    pub(super) fn new(path: &Path, error: &std::io::Error) -> WriteError {
        WriteError {
            path: path.display().to_string(),
            reason: error.to_string(),
        }
    }
}

/// `seg demo`: the example is recognised by its directory's name; the files go to `out`, else
/// to the example's `data/`.
pub fn demo(example: &Path, out: Option<&Path>, seed: u64) -> Outcome {
    let name = example
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let Some(kind) = Demo::from_name(&name) else {
        eprintln!(
            "error: no sample data for `{name}`: seg demo knows examples/retail and examples/b2b"
        );
        return Outcome::UserError;
    };
    let dir = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| example.join("data"));
    let files = generate(kind, seed);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return write_failed(WriteError::new(&dir, &e));
    }
    let mut bytes = 0;
    for (file, text) in &files {
        let path = dir.join(file);
        if let Err(e) = std::fs::write(&path, text) {
            return write_failed(WriteError::new(&path, &e));
        }
        bytes += text.len();
    }
    eprintln!(
        "wrote {} files ({:.1} MB) of sample data to {}; data as of {DEMO_AS_OF}",
        files.len(),
        bytes as f64 / 1e6,
        dir.display()
    );
    Outcome::Success
}

/// Reports a write failure: seg's environment, not the user's files, hence exit code 2.
pub(super) fn write_failed(e: WriteError) -> Outcome {
    let d = Diagnostic::new(None, e);
    let color = super::commands::use_color();
    eprint!(
        "{}",
        render(&[d], &SourceMap::new(), Format::Human { color })
    );
    Outcome::Failure
}
