//! Errors in the `time zone` declaration.

use crate::source::Span;
use miette::Diagnostic;
use thiserror::Error;

/// A time zone that cannot be used.
#[derive(Debug, Clone, Error, Diagnostic)]
pub enum ZoneError {
    #[error("unknown time zone `{name}`")]
    #[diagnostic(code(E0230))]
    UnknownZone {
        name: String,
        #[help]
        help: Option<String>,
    },

    #[error("the time zone is declared twice")]
    #[diagnostic(
        code(E0231),
        help("a project counts days in one time zone: keep one `time zone` declaration")
    )]
    DeclaredTwice {
        #[label("first declared here")]
        first: Span,
    },
}

impl ZoneError {
    /// The text of the label at the error's span.
    pub(super) fn label(&self) -> String {
        match self {
            Self::UnknownZone { .. } => "not an IANA time zone".into(),
            Self::DeclaredTwice { .. } => "declared again here".into(),
        }
    }
}
