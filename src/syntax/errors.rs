//! Errors of the parse stage. Wording lives here, in the attributes; the parser only fills in data.

use crate::source::Span;
use miette::Diagnostic;
use thiserror::Error;

/// Something in the text that is not seglang.
#[derive(Debug, Clone, Error, Diagnostic)]
pub enum SyntaxError {
    #[error("expected {expected}, found {found}")]
    #[diagnostic(code(E0001), help("{help}"))]
    Unexpected {
        #[label("{label}")]
        span: Span,
        expected: String,
        found: String,
        label: String,
        help: String,
    },

    #[error("the number `{text}` is too large")]
    #[diagnostic(
        code(E0002),
        help("whole numbers must lie between -9223372036854775808 and 9223372036854775807")
    )]
    NumberTooLarge {
        #[label("too large")]
        span: Span,
        text: String,
    },

    #[error("`{text}` is not a date of the calendar")]
    #[diagnostic(
        code(E0003),
        help("dates are written YYYY-MM-DD with a real month and day, e.g. 2026-02-28")
    )]
    InvalidDate {
        #[label("no such date")]
        span: Span,
        text: String,
    },

    #[error("unknown escape `{text}` in a string")]
    #[diagnostic(
        code(E0004),
        help("strings accept \\\" for a quote, \\\\ for a backslash, \\n and \\t; write other characters as they are")
    )]
    InvalidEscape {
        #[label("not an escape seglang knows")]
        span: Span,
        text: String,
    },

    #[error("nested more than {limit} levels deep")]
    #[diagnostic(
        code(E0005),
        help("split the condition: give an inner part its own name with `segment inner on … {{ where … }}` and write `in inner` in its place")
    )]
    TooDeep {
        #[label("level {} starts here", limit + 1)]
        span: Span,
        limit: usize,
    },
}

impl SyntaxError {
    /// The span the error points at.
    pub fn span(&self) -> Span {
        match self {
            SyntaxError::Unexpected { span, .. }
            | SyntaxError::NumberTooLarge { span, .. }
            | SyntaxError::InvalidDate { span, .. }
            | SyntaxError::InvalidEscape { span, .. }
            | SyntaxError::TooDeep { span, .. } => *span,
        }
    }
}

impl From<SyntaxError> for crate::diagnostic::Diagnostic {
    fn from(e: SyntaxError) -> Self {
        crate::diagnostic::Diagnostic::new(Some(e.span().file), e)
    }
}
