//! A project as the server sees it: the `.seg` files of a document's directory (recursively,
//! as `seg check DIR` reads it) and the files they `use`, each read from the editor when it is
//! open there and from disk otherwise; then loaded, parsed, checked and indexed.

use super::documents::{path_to_uri, Documents};
use super::index::Index;
use super::positions::LineIndex;
use crate::check::typed::Program;
use crate::check::{check_project, CheckOptions};
use crate::diagnostic::Diagnostic;
use crate::project::load_project;
use crate::source::{FileId, SourceMap, Span};
use lsp_types::{Location, Uri};
use std::io;
use std::path::{Path, PathBuf};

/// The file system, as the server may read it; the CLI gives the real one, tests a map.
pub trait Files {
    /// The `.seg` files under a directory, recursively, sorted; none when it cannot be read.
    fn seg_files(&self, dir: &Path) -> Vec<PathBuf>;
    /// A file's bytes.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
}

/// One analysis of a project.
pub struct Snapshot {
    pub sources: SourceMap,
    /// Every problem, as `seg check` reports them.
    pub diagnostics: Vec<Diagnostic>,
    /// The checked program, when there is no error.
    pub program: Option<Program>,
    pub index: Index,
}

/// The directory whose files make up the project of a document.
pub fn project_dir(document: &Path) -> PathBuf {
    document.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Loads, parses, checks and indexes the project in `dir`, open documents overriding the disk.
pub fn analyze(dir: &Path, documents: &Documents, files: &dyn Files) -> Snapshot {
    let mut entries = files.seg_files(dir);
    for open in documents.paths() {
        if open.starts_with(dir) && !entries.contains(open) {
            entries.push(open.clone());
        }
    }
    let read = |path: &Path| -> io::Result<Vec<u8>> {
        match documents.text(path) {
            Some(text) => Ok(text.as_bytes().to_vec()),
            None => files.read(path),
        }
    };
    // A file listed but gone before it is read (deleted meanwhile) is left out.
    let project = loop {
        match load_project(&entries, &read) {
            Ok(project) => break project,
            Err(e) => entries.retain(|p| *p != e.path),
        }
    };
    let mut diagnostics = project.diagnostics;
    let mut program = None;
    // As `seg check`: the checker runs only when every file parsed, so one typo does not cascade.
    if !diagnostics.iter().any(Diagnostic::is_error) {
        let checked = check_project(&project.sources, &project.modules, &CheckOptions::default());
        diagnostics.extend(checked.diagnostics);
        program = checked.program;
    }
    let index = Index::build(&project.modules, &project.sources);
    Snapshot {
        sources: project.sources,
        diagnostics,
        program,
        index,
    }
}

impl Snapshot {
    /// The id of a file of the project.
    pub fn file(&self, path: &Path) -> Option<FileId> {
        self.sources
            .find(&path.to_string_lossy().replace('\\', "/"))
    }

    /// The URI of a file of the project; `None` for a standard-library module, which is no file.
    pub fn uri(&self, file: FileId) -> Option<Uri> {
        path_to_uri(Path::new(&self.sources.file(file)?.name))
    }

    /// The text of a file of the project.
    pub fn text(&self, file: FileId) -> &str {
        self.sources.file(file).map_or("", |f| f.text.as_str())
    }

    /// Where a span is, for the editor.
    pub fn location(&self, span: Span) -> Option<Location> {
        let lines = LineIndex::new(self.text(span.file));
        Some(Location::new(
            self.uri(span.file)?,
            lines.range(span.start as usize, span.end as usize),
        ))
    }

    /// The files of the project that are files on disk.
    pub fn files(&self) -> impl Iterator<Item = (FileId, Uri)> + '_ {
        (0..self.sources.len()).filter_map(|i| {
            let id = FileId(u32::try_from(i).ok()?);
            Some((id, self.uri(id)?))
        })
    }
}
