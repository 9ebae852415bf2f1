//! Loading a project: the given files, then every file their `use` declarations name, parsed.
//!
//! Reading is injected (`read`, which gives bytes), so this module stays free of IO; the CLI passes
//! the file system and tests pass a map of strings. The loader decodes the bytes: a file that is
//! not UTF-8 is a diagnostic (E0120) at its first invalid byte, and the other files still load.

mod errors;

pub use errors::UseError;

use crate::diagnostic::Diagnostic;
use crate::source::{SourceMap, Span};
use crate::syntax::{ast, parse_module};
use std::io;
use std::path::{Component, Path, PathBuf};

/// The parsed files of a project and the problems met while loading them.
#[derive(Debug, Default)]
pub struct Project {
    pub sources: SourceMap,
    pub modules: Vec<ast::Module>,
    /// Syntax errors and unreadable imports.
    pub diagnostics: Vec<Diagnostic>,
}

/// An entry file that could not be read: an IO problem, not a problem in a `.seg` file.
#[derive(Debug)]
pub struct LoadError {
    pub path: PathBuf,
    pub error: io::Error,
}

/// Loads `entries` and, transitively, the files they import. Each file is read once.
pub fn load_project(
    entries: &[PathBuf],
    read: &dyn Fn(&Path) -> io::Result<Vec<u8>>,
) -> Result<Project, LoadError> {
    let mut project = Project::default();
    for entry in entries {
        let path = normalize(entry);
        if project.sources.find(&display(&path)).is_some() {
            continue;
        }
        let bytes = read(&path).map_err(|error| LoadError {
            path: path.clone(),
            error,
        })?;
        add_bytes(&mut project, &path, bytes);
    }
    // Imports are resolved breadth-first: each loaded module's `use`s may add modules behind it.
    let mut index = 0;
    while index < project.modules.len() {
        let module = project.modules[index].clone();
        index += 1;
        let importer = project
            .sources
            .file(module.file)
            .map(|f| PathBuf::from(&f.name))
            .unwrap_or_default();
        for item in &module.items {
            let ast::Item::Use(u) = item else { continue };
            let ast::UseTarget::File(file) = &u.target else {
                continue;
            };
            let base = importer.parent().unwrap_or(Path::new(""));
            let path = normalize(&base.join(&file.value));
            if project.sources.find(&display(&path)).is_some() {
                continue;
            }
            match read(&path) {
                Ok(bytes) => add_bytes(&mut project, &path, bytes),
                Err(e) => project
                    .diagnostics
                    .push(Diagnostic::from(UseError::UnreadableImport {
                        span: file.span,
                        path: file.value.clone(),
                        reason: e.to_string(),
                    })),
            }
        }
    }
    add_std_modules(&mut project);
    Ok(project)
}

/// Adds the standard-library modules the project's files `use`, each written for its subject.
fn add_std_modules(project: &mut Project) {
    let uses: Vec<(ast::Ident, Option<ast::Ident>)> = project
        .modules
        .iter()
        .flat_map(|m| m.items.iter())
        .filter_map(|item| match item {
            ast::Item::Use(ast::UseDecl {
                target: ast::UseTarget::Std { module, subject },
                ..
            }) => Some((module.clone(), subject.clone())),
            _ => None,
        })
        .collect();
    for (module, subject) in uses {
        match crate::stdlib::instantiate(&module, subject.as_ref(), &project.modules) {
            Ok(instance) => {
                if project.sources.find(&instance.name).is_none() {
                    add_file(project, Path::new(&instance.name), instance.text);
                }
            }
            Err(e) => project.diagnostics.push(Diagnostic::from(e)),
        }
    }
}

/// Adds a file read from disk: parsed when it is UTF-8; otherwise kept, decoded lossily so that
/// the report can quote its line, and reported at its first invalid byte without being parsed.
fn add_bytes(project: &mut Project, path: &Path, bytes: Vec<u8>) {
    match String::from_utf8(bytes) {
        Ok(text) => add_file(project, path, text),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let byte = e.as_bytes().get(offset).copied().unwrap_or_default();
            // The lossy text equals the bytes up to `offset`, where U+FFFD stands for the bad ones.
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let id = project.sources.add(display(path), text);
            let span = Span::new(id, offset, offset + char::REPLACEMENT_CHARACTER.len_utf8());
            project
                .diagnostics
                .push(Diagnostic::from(UseError::NotUtf8 {
                    span,
                    file: display(path),
                    offset,
                    byte,
                }));
        }
    }
}

fn add_file(project: &mut Project, path: &Path, text: String) {
    let id = project.sources.add(display(path), text);
    let text = project
        .sources
        .file(id)
        .map(|f| f.text.clone())
        .unwrap_or_default();
    let (module, errors) = parse_module(id, &text);
    project.modules.push(module);
    project
        .diagnostics
        .extend(errors.into_iter().map(Diagnostic::from));
}

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Removes `.` and folds `dir/..` without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                let last_is_normal =
                    matches!(out.components().next_back(), Some(Component::Normal(_)));
                if last_is_normal {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}
