//! Errors about aggregates over facts tables: their arguments and the type of their column.

use crate::source::Span;
use miette::Diagnostic;
use thiserror::Error;

/// An aggregate whose arguments do not fit its function or its table.
#[derive(Debug, Clone, Error, Diagnostic)]
pub enum AggregateError {
    #[error("`{func}` needs {needed}, but `{column}` is {found}")]
    #[diagnostic(code(E0202))]
    ColumnType {
        func: &'static str,
        column: String,
        needed: &'static str,
        found: String,
        #[help]
        help: Option<String>,
    },

    #[error("{problem}")]
    #[diagnostic(code(E0211))]
    Arguments {
        problem: String,
        label: String,
        #[help]
        help: Option<String>,
    },

    #[error("this aggregate has more than one {what}")]
    #[diagnostic(code(E0212))]
    RepeatedOption {
        #[label("first {what}")]
        first: Span,
        what: &'static str,
        #[help]
        help: Option<String>,
    },

    /// `orders.any(...) = 1`, `orders.all(...) + 1`: a quantifier is a condition, true or false,
    /// used where a value is expected.
    #[error("`{facts}.{func}(…)` is a condition, not a value")]
    #[diagnostic(
        code(E0232),
        help("use it alone as a condition, or under `not`: `{facts}.{func}(…)`, `not {facts}.{func}(…)`; to count rows, use `{facts}.count(…)`")
    )]
    QuantifierAsValue { facts: String, func: &'static str },

    /// `orders.all(amount)`, `orders.all()`: a quantifier tests rows with `where`.
    #[error("{problem}")]
    #[diagnostic(code(E0233))]
    QuantifierArguments {
        problem: String,
        label: String,
        #[help]
        help: Option<String>,
    },
}

impl AggregateError {
    /// The text of the label at the error's span.
    pub(super) fn label(&self) -> String {
        match self {
            Self::ColumnType { found, .. } => found.clone(),
            Self::Arguments { label, .. } => label.clone(),
            Self::RepeatedOption { what, .. } => format!("second {what}"),
            Self::QuantifierAsValue { .. } => "true or false for each member".into(),
            Self::QuantifierArguments { label, .. } => label.clone(),
        }
    }
}
