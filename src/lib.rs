//! seglang: a compiler from customer-segment definitions to SQL for PostgreSQL, BigQuery and DuckDB.
//!
//! Stages, each behind one public function: [`syntax::parse_module`] (text → AST),
//! [`check::check_project`] (AST → typed program + diagnostics), [`ir::lower`] (typed program →
//! engine-free plan), [`sql::emit`] (plan → SQL for one dialect). Two facades sit above them:
//! [`analyze`] loads, parses and checks a project, and [`compile`] turns the checked program into
//! the SQL statements asked for; see ARCHITECTURE.md for the whole map.

// pest's derive, built without its `std` feature (see Cargo.toml), names `alloc` paths.
extern crate alloc;

pub mod check;
mod compile;
pub mod dashboard;
pub mod diagnostic;
pub mod explain;
pub mod format;
pub mod graph;
pub mod import;
pub mod ir;
pub mod kpis;
pub mod lint;
pub mod lsp;
pub mod project;
pub mod report;
pub mod run;
pub mod sample;
pub mod source;
pub mod sql;
pub mod stats;
pub mod stdlib;
pub mod suggest;
pub mod syntax;
pub mod value;

pub use compile::{
    compile, dbt_project, definition_hashes, definitions, materialize_passes, merge, objects, plan,
    script_text, segment_ids, CompileError, CompileOptions, Compiled, DbtFile, DbtOptions, Emit,
    ObjectScript, Statement, Statements, AS_OF_VAR,
};

use check::typed::Program;
use check::CheckOptions;
use diagnostic::Diagnostic;
use project::{load_project, LoadError};
use source::SourceMap;
use std::io;
use std::path::{Path, PathBuf};

/// A loaded and checked project.
#[derive(Debug)]
pub struct Analysis {
    pub sources: SourceMap,
    /// Every problem found, in the order found: syntax first, then checks.
    pub diagnostics: Vec<Diagnostic>,
    /// The checked program, when no diagnostic is an error.
    pub program: Option<Program>,
}

impl Analysis {
    /// Number of errors (warnings not counted).
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// Loads, parses and checks the project made of `entries` and their imports; `read` gives a
/// file's bytes, which the loader decodes (a file that is not UTF-8 is a diagnostic).
/// The checker runs only when every file parsed, so one typo does not cascade.
pub fn analyze(
    entries: &[PathBuf],
    read: &dyn Fn(&Path) -> io::Result<Vec<u8>>,
    options: &CheckOptions,
) -> Result<Analysis, LoadError> {
    let project = load_project(entries, read)?;
    let mut diagnostics = project.diagnostics;
    let program = if diagnostics.iter().any(Diagnostic::is_error) {
        None
    } else {
        let checked = check::check_project(&project.sources, &project.modules, options);
        diagnostics.extend(checked.diagnostics);
        checked.program
    };
    Ok(Analysis {
        sources: project.sources,
        diagnostics,
        program,
    })
}

/// Analyzes in-memory files (`name`, `text`); the first is the entry. For tests and tools.
pub fn analyze_sources(files: &[(&str, &str)], options: &CheckOptions) -> Analysis {
    let read = |path: &Path| -> io::Result<Vec<u8>> {
        let wanted = path.to_string_lossy().replace('\\', "/");
        files
            .iter()
            .find(|(name, _)| *name == wanted)
            .map(|(_, text)| text.as_bytes().to_vec())
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file"))
    };
    let entries: Vec<PathBuf> = files.iter().map(|(n, _)| PathBuf::from(n)).collect();
    match analyze(&entries, &read, options) {
        Ok(a) => a,
        // Every entry is in `files`, so reading an entry cannot fail.
        Err(_) => Analysis {
            sources: SourceMap::new(),
            diagnostics: Vec::new(),
            program: None,
        },
    }
}
