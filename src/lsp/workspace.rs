//! A project as the server sees it: the `.seg` files of a document's directory (recursively,
//! as `seg check DIR` reads it) and the files they `use`, each read from the editor when it is
//! open there and from disk otherwise; then loaded, parsed, checked with the parameter values
//! of the project's `seg.toml`, linted at its levels (as `seg check` reports them) and indexed.

use super::documents::{path_to_uri, Documents};
use super::index::Index;
use super::positions::LineIndex;
use crate::check::typed::Program;
use crate::check::{check_project, CheckOptions};
use crate::diagnostic::Diagnostic;
use crate::lint::{apply_levels, lint, Levels, LintOptions};
use crate::project::{load_project, Project};
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::ast;
use lsp_types::{Location, Uri};
use std::io;
use std::path::{Path, PathBuf};

/// The file system, as the server may read it; the CLI gives the real one, tests a map.
pub trait Files {
    /// The `.seg` files under a directory, recursively, sorted; none when it cannot be read.
    fn seg_files(&self, dir: &Path) -> Vec<PathBuf>;
    /// A file's bytes.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// What the `seg.toml` of the project in `dir` says of its checks (the file found in `dir`
    /// or the nearest directory above it, as `seg check` finds it): the defaults when there is
    /// none, its problem in words when it cannot be read as one. The CLI reads the file, so
    /// that `seg.toml` has one reader.
    fn project_settings(&self, dir: &Path) -> Result<ProjectSettings, String>;
}

/// What `seg check` reads of a project's `seg.toml` when it is given no flags: the parameter
/// values, the lint levels and the lints' options.
#[derive(Debug, Clone, Default)]
pub struct ProjectSettings {
    /// `[params]`, as `--param` would give them.
    pub params: Vec<(String, String)>,
    /// `[lints]`.
    pub levels: Levels,
    /// `[data] history`, for W0007.
    pub options: LintOptions,
}

/// One analysis of a project.
pub struct Snapshot {
    pub sources: SourceMap,
    /// Every problem, as `seg check` reports them.
    pub diagnostics: Vec<Diagnostic>,
    /// The checked program, when there is no error.
    pub program: Option<Program>,
    pub index: Index,
    /// Each `use std.MODULE [for SUBJECT]`: the module, its subject and the declaration's span,
    /// where the problems of the module written for it are shown (it is no file to open).
    pub std_uses: Vec<(String, Option<String>, Span)>,
    /// Why the project's `seg.toml` could not be read, when it could not: its lints then have
    /// their default levels, and the editor's log says so.
    pub settings_problem: Option<String>,
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
    // A file listed but gone before it is read (deleted meanwhile) is left out; each round
    // drops one entry, or gives up with an empty project.
    let project = loop {
        match load_project(&entries, &read) {
            Ok(project) => break project,
            Err(_) => match entries.iter().position(|p| read(p).is_err()) {
                Some(unreadable) => {
                    entries.remove(unreadable);
                }
                None => break Project::default(),
            },
        }
    };
    let (settings, settings_problem) = match files.project_settings(dir) {
        Ok(settings) => (settings, None),
        Err(problem) => (ProjectSettings::default(), Some(problem)),
    };
    let mut diagnostics = project.diagnostics;
    let mut program = None;
    // As `seg check`: the checker runs only when every file parsed, so one typo does not cascade;
    // the lints only on a checked program, and the levels over every warning.
    if !diagnostics.iter().any(Diagnostic::is_error) {
        let options = CheckOptions {
            params: settings.params.clone(),
        };
        let checked = check_project(&project.sources, &project.modules, &options);
        diagnostics.extend(checked.diagnostics);
        program = checked.program;
    }
    if let Some(program) = &program {
        diagnostics.extend(lint(program, &settings.options));
    }
    let diagnostics = apply_levels(diagnostics, &project.sources, &settings.levels);
    let mut snapshot = Snapshot::of(project.sources, &project.modules);
    snapshot.diagnostics = diagnostics;
    snapshot.program = program;
    snapshot.settings_problem = settings_problem;
    snapshot
}

impl Snapshot {
    /// The index of a project's parsed files, without diagnostics or program yet.
    fn of(sources: SourceMap, modules: &[ast::Module]) -> Snapshot {
        let index = Index::build(modules, &sources);
        let std_uses = modules
            .iter()
            .flat_map(|m| &m.items)
            .filter_map(|item| match item {
                ast::Item::Use(ast::UseDecl {
                    target: ast::UseTarget::Std { module, subject },
                    span,
                }) => Some((
                    module.name.clone(),
                    subject.as_ref().map(|s| s.name.clone()),
                    *span,
                )),
                _ => None,
            })
            .collect();
        Snapshot {
            sources,
            diagnostics: Vec::new(),
            program: None,
            index,
            std_uses,
            settings_problem: None,
        }
    }

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

    /// The `use std.…` declaration that wrote a standard-library module of the project.
    pub fn std_use(&self, file: FileId) -> Option<Span> {
        let name = &self.sources.file(file)?.name;
        self.std_uses
            .iter()
            .find(|(module, subject, _)| match subject {
                Some(subject) => *name == format!("std.{module} for {subject}"),
                None => {
                    *name == format!("std.{module}")
                        || name.starts_with(&format!("std.{module} for "))
                }
            })
            .map(|(_, _, span)| *span)
    }

    /// The files of the project that are files on disk.
    pub fn files(&self) -> impl Iterator<Item = (FileId, Uri)> + '_ {
        (0..self.sources.len()).filter_map(|i| {
            let id = FileId(u32::try_from(i).ok()?);
            Some((id, self.uri(id)?))
        })
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A snapshot of parsed files, for the tests of the modules that read one.
    pub fn snapshot(sources: SourceMap, modules: Vec<ast::Module>) -> Snapshot {
        Snapshot::of(sources, &modules)
    }

    /// A directory of files, some listed but unreadable (deleted after the listing).
    struct Listed {
        files: Vec<(&'static str, Option<&'static str>)>,
    }

    impl Files for Listed {
        fn seg_files(&self, _: &Path) -> Vec<PathBuf> {
            self.files.iter().map(|(p, _)| PathBuf::from(p)).collect()
        }

        fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
            self.files
                .iter()
                .find(|(p, _)| Path::new(p) == path)
                .and_then(|(_, text)| *text)
                .map(|t| t.as_bytes().to_vec())
                .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "gone"))
        }

        fn project_settings(&self, _: &Path) -> Result<ProjectSettings, String> {
            Ok(ProjectSettings::default())
        }
    }

    #[test]
    fn a_listed_file_that_cannot_be_read_is_left_out() {
        let files = Listed {
            files: vec![
                ("/p/a.seg", None),
                ("/p/../p/b.seg", None),
                (
                    "/p/c.seg",
                    Some("entity customers {\n  key id: string\n}\n"),
                ),
                (
                    "/p/d.seg",
                    Some("segment s on customers {\n  where idd = \"x\"\n}\n"),
                ),
            ],
        };
        let mut documents = Documents::default();
        documents.set(PathBuf::from("/p/e.seg"), "param n: int = 1\n".to_string());
        let snapshot = analyze(Path::new("/p"), &documents, &files);
        let names: Vec<&str> = (0..snapshot.sources.len())
            .filter_map(|i| snapshot.sources.file(FileId(i as u32)))
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(names, ["/p/c.seg", "/p/d.seg", "/p/e.seg"]);
        let codes: Vec<String> = snapshot.diagnostics.iter().map(|d| d.code()).collect();
        // The unknown column, and W0001 for the open document's parameter no segment reads
        // (the checker stops at the error, so no lint runs).
        assert_eq!(codes, ["E0104", "W0001"]);
    }
}
