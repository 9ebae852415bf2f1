//! Errors of `use` lines, met while loading a project: a file that cannot be read, and a
//! standard-library module that does not exist or lacks its subject.

use miette::Diagnostic;
use thiserror::Error;

/// A `use` that cannot be followed.
#[derive(Debug, Clone, Error, Diagnostic)]
pub enum UseError {
    #[error("cannot import `{path}`: {reason}")]
    #[diagnostic(
        code(E0114),
        help("paths in `use` are relative to the file that contains the `use`")
    )]
    UnreadableImport { path: String, reason: String },

    #[error("the standard library has no module `std.{name}`")]
    #[diagnostic(code(E0116))]
    UnknownStdModule {
        name: String,
        #[help]
        help: Option<String>,
    },

    #[error("`use std.{module}` {problem}")]
    #[diagnostic(code(E0117), help("{help}"))]
    StdSubject {
        module: String,
        problem: String,
        help: String,
    },
}

impl UseError {
    /// The text of the label at the error's span.
    pub(super) fn label(&self) -> String {
        match self {
            Self::UnreadableImport { .. } => "imported here".into(),
            Self::UnknownStdModule { .. } => "unknown module".into(),
            Self::StdSubject { .. } => "here".into(),
        }
    }
}
