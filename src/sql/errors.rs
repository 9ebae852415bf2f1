//! Errors of the emit stage: a plan the target dialect cannot express. The checked plan is valid
//! on every dialect seglang's semantics allow; these errors name the dialect and the construct
//! so the user can pick another target. Codes are catalogued in docs/diagnostics.md.

use miette::Diagnostic;
use std::fmt;
use thiserror::Error;

/// A plan the target dialect cannot express.
#[derive(Debug, Clone, PartialEq, Eq, Error, Diagnostic)]
pub enum EmitError {
    /// The dialect has no way to say `construct`.
    #[error("{dialect} cannot express {construct}")]
    #[diagnostic(
        code(E0800),
        help("compile for another target, or write the segment without this construct")
    )]
    Unsupported {
        /// The dialect's name, as the CLI spells it.
        dialect: &'static str,
        construct: Construct,
    },
}

/// A construct of the plan that some dialect may lack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Construct {
    /// `first(…)` and `last(…)` of a facts table: the value of the earliest or latest row, which
    /// needs an ordered aggregate that keeps one value.
    FirstOrLast,
}

impl fmt::Display for Construct {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Construct::FirstOrLast => f.write_str(
                "`first` and `last` (the value of the earliest or latest row needs an ordered aggregate)",
            ),
        }
    }
}

impl From<EmitError> for crate::diagnostic::Diagnostic {
    fn from(e: EmitError) -> Self {
        // A plan has no source position: the error is about the target, not a line of a file.
        crate::diagnostic::Diagnostic::new(None, e)
    }
}
