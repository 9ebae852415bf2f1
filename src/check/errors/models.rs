//! Errors about marketing models: RFM and CLV declarations, and grids of RFM scores.

use miette::Diagnostic;
use thiserror::Error;

/// An RFM or CLV model, or a grid over its scores, that cannot be computed.
#[derive(Debug, Clone, Error, Diagnostic)]
pub enum ModelError {
    #[error("model `{model}`: {problem}")]
    #[diagnostic(code(E0118), help("{help}"))]
    InvalidModel {
        model: String,
        problem: String,
        help: String,
    },

    #[error("grid `{grid}`: {problem}")]
    #[diagnostic(code(E0408), help("{help}"))]
    InvalidGrid {
        grid: String,
        problem: String,
        help: String,
    },
}

impl ModelError {
    /// The text of the label at the error's span.
    pub(super) fn label(&self) -> String {
        match self {
            Self::InvalidModel { .. } => "here".into(),
            Self::InvalidGrid { .. } => "here".into(),
        }
    }
}
