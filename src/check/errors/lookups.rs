//! Errors in lookups (`lookup products(product_id) { ... }`), in the facts columns that reference
//! them (`product_id: string? -> products`), and in the names that read them
//! (`products.brand`).

use crate::source::Span;
use miette::Diagnostic;
use thiserror::Error;

/// A reference that cannot be followed, a lookup that cannot be keyed, or a lookup's column read
/// where no row of it is.
#[derive(Debug, Clone, Error, Diagnostic)]
pub enum LookupError {
    #[error("`{table}.{column}` references `{name}`, which is not a lookup")]
    #[diagnostic(code(E0244))]
    UnknownLookup {
        table: String,
        column: String,
        name: String,
        #[help]
        help: Option<String>,
    },

    #[error("`{table}.{column}` is {found} but the key `{lookup}.{key}` is {expected}")]
    #[diagnostic(code(E0245))]
    KeyTypeMismatch {
        table: String,
        column: String,
        lookup: String,
        key: String,
        expected: String,
        found: String,
        #[help]
        help: Option<String>,
    },

    #[error("`{lookup}` is a lookup: {problem}")]
    #[diagnostic(code(E0246))]
    NotLookedUp {
        lookup: String,
        problem: String,
        #[help]
        help: Option<String>,
    },

    #[error("a column of {kind} `{table}` cannot reference a lookup")]
    #[diagnostic(
        code(E0247),
        help("only the columns of facts tables reference lookups: remove `-> ...`, or move the column to the facts table whose rows hold it")
    )]
    ReferenceOutsideFacts { kind: &'static str, table: String },

    #[error("`{table}` references `{lookup}` twice")]
    #[diagnostic(
        code(E0248),
        help("`{lookup}.column` must name one row per row of `{table}`: keep `-> {lookup}` on one column")
    )]
    DuplicateReference {
        #[label("first reference")]
        first: Span,
        table: String,
        lookup: String,
    },

    #[error("the key `{lookup}.{key}` cannot be nullable")]
    #[diagnostic(
        code(E0249),
        help("remove the `?`: a row without a key can never be looked up")
    )]
    NullableKey { lookup: String, key: String },
}

impl LookupError {
    /// The text of the label at the error's span.
    pub(super) fn label(&self) -> String {
        match self {
            Self::UnknownLookup { .. } => "no lookup of this name".into(),
            Self::KeyTypeMismatch { lookup, .. } => format!("references `{lookup}`"),
            Self::NotLookedUp { .. } => "not readable here".into(),
            Self::ReferenceOutsideFacts { .. } => "not a facts table's column".into(),
            Self::DuplicateReference { .. } => "second reference".into(),
            Self::NullableKey { .. } => "nullable key".into(),
        }
    }
}
