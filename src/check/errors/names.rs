//! Errors about names: an entity, table, column, segment, parameter or model field that is not
//! declared, and a name declared twice or meaning two things.

use crate::source::Span;
use miette::Diagnostic;
use thiserror::Error;

/// A name that refers to nothing, or to more than one thing.
#[derive(Debug, Clone, Error, Diagnostic)]
pub enum NameError {
    #[error("unknown entity `{name}`")]
    #[diagnostic(code(E0100))]
    UnknownEntity {
        name: String,
        #[help]
        help: Option<String>,
    },

    #[error("`{table}` has no column `{name}`")]
    #[diagnostic(code(E0101))]
    UnknownColumn {
        name: String,
        table: String,
        #[help]
        help: Option<String>,
    },

    #[error("unknown facts table `{name}`")]
    #[diagnostic(code(E0102))]
    UnknownFacts {
        name: String,
        entity: String,
        #[help]
        help: Option<String>,
    },

    #[error("unknown segment `{name}`")]
    #[diagnostic(code(E0103))]
    UnknownSegment {
        name: String,
        #[help]
        help: Option<String>,
    },

    #[error("unknown name `{name}`")]
    #[diagnostic(code(E0104))]
    UnknownName {
        name: String,
        scope: String,
        #[help]
        help: Option<String>,
    },

    #[error("{kind} `{name}` is declared twice")]
    #[diagnostic(
        code(E0105),
        help("rename one of them; names are shared by every file of a project")
    )]
    DuplicateDeclaration {
        #[label("first declared here")]
        first: Span,
        kind: &'static str,
        name: String,
    },

    #[error("`{name}` is both a column of `{scope}` and a parameter")]
    #[diagnostic(
        code(E0115),
        help("rename the parameter so that `{name}` means one thing")
    )]
    AmbiguousName {
        #[label("parameter declared here")]
        param: Span,
        name: String,
        scope: String,
    },

    #[error("{problem}")]
    #[diagnostic(code(E0119))]
    UnknownField {
        problem: String,
        #[help]
        help: Option<String>,
    },
}

impl NameError {
    /// The text of the label at the error's span.
    pub(super) fn label(&self) -> String {
        match self {
            Self::UnknownEntity { .. } => "no entity of this name is declared".into(),
            Self::UnknownColumn { .. } => "unknown column".into(),
            Self::UnknownFacts { entity, .. } => {
                format!("no facts table of this name belongs to `{entity}`")
            }
            Self::UnknownSegment { .. } => "no segment of this name is declared".into(),
            Self::UnknownName { scope, .. } => {
                format!("neither a column of `{scope}` nor a parameter")
            }
            Self::DuplicateDeclaration { .. } => "declared again here".into(),
            Self::AmbiguousName { .. } => "ambiguous".into(),
            Self::UnknownField { .. } => "unknown field".into(),
        }
    }
}
