//! Errors of the load stage: a file that is not UTF-8 text, or a `use` that cannot be followed.
//! Wording lives here, in the attributes; the loader and the standard library only fill in data. Codes are stable and
//! catalogued in docs/diagnostics.md.

use crate::source::Span;
use miette::Diagnostic;
use thiserror::Error;

/// A file the loader cannot turn into text, or a `use` that cannot be followed: a file that cannot
/// be read, or a standard-library module that does not exist or lacks its subject.
#[derive(Debug, Clone, Error, Diagnostic)]
pub enum UseError {
    #[error("cannot import `{path}`: {reason}")]
    #[diagnostic(
        code(E0114),
        help("paths in `use` are relative to the file that contains the `use`")
    )]
    UnreadableImport {
        #[label("imported here")]
        span: Span,
        path: String,
        reason: String,
    },

    #[error("the standard library has no module `std.{name}`")]
    #[diagnostic(code(E0116))]
    UnknownStdModule {
        #[label("unknown module")]
        span: Span,
        name: String,
        #[help]
        help: Option<String>,
    },

    #[error("`use std.{module}` {problem}")]
    #[diagnostic(code(E0117), help("{help}"))]
    StdSubject {
        #[label("here")]
        span: Span,
        module: String,
        problem: String,
        help: String,
    },

    #[error("`{file}` is not UTF-8: byte 0x{byte:02X} at offset {offset} cannot be read as text")]
    #[diagnostic(
        code(E0120),
        help("re-save the file as UTF-8 (most editors offer the encoding in \"Save as\"); seglang reads no other encoding")
    )]
    NotUtf8 {
        #[label("not UTF-8")]
        span: Span,
        file: String,
        /// The byte offset of the first byte that is not part of a UTF-8 character.
        offset: usize,
        byte: u8,
    },
}

impl UseError {
    /// The span the error points at: the path, module or subject the `use` names.
    pub fn span(&self) -> Span {
        match self {
            UseError::UnreadableImport { span, .. }
            | UseError::UnknownStdModule { span, .. }
            | UseError::StdSubject { span, .. }
            | UseError::NotUtf8 { span, .. } => *span,
        }
    }
}

impl From<UseError> for crate::diagnostic::Diagnostic {
    fn from(e: UseError) -> Self {
        crate::diagnostic::Diagnostic::new(Some(e.span().file), e)
    }
}
