//! Errors and warnings about parameters: defaults and `--param` values of the wrong type, and
//! parameters no segment uses.

use miette::Diagnostic;
use thiserror::Error;

/// A parameter whose value does not fit its type, or that is never used.
#[derive(Debug, Clone, Error, Diagnostic)]
pub enum ParamError {
    #[error("the default of `{name}` is {found}, but the parameter is {expected}")]
    #[diagnostic(code(E0209), help("give a default of the declared type"))]
    DefaultType {
        name: String,
        expected: String,
        found: String,
    },

    #[error("`--param {name}={value}` is not {expected}")]
    #[diagnostic(code(E0210), help("{help}"))]
    InvalidValue {
        name: String,
        value: String,
        expected: String,
        help: String,
    },

    #[error("parameter `{name}` is never used")]
    #[diagnostic(
        code(W0001),
        severity(Warning),
        help("remove it, or use it in a segment")
    )]
    Unused { name: String },
}

impl ParamError {
    /// The text of the label at the error's span.
    pub(super) fn label(&self) -> String {
        match self {
            Self::DefaultType { found, .. } => found.clone(),
            Self::InvalidValue { expected, .. } => format!("declared here as {expected}"),
            Self::Unused { .. } => "declared here".into(),
        }
    }
}
