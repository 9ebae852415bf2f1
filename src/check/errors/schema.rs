//! Errors in the declarations of tables: columns, keys, links, time columns, table names, enum
//! and decimal types, and consent columns.

use crate::source::Span;
use miette::Diagnostic;
use thiserror::Error;

/// A table declaration that does not describe a usable table.
#[derive(Debug, Clone, Error, Diagnostic)]
pub enum SchemaError {
    #[error("column `{name}` is declared twice in `{table}`")]
    #[diagnostic(code(E0106), help("remove or rename one of the two columns"))]
    DuplicateColumn {
        #[label("first declared here")]
        first: Span,
        name: String,
        table: String,
    },

    #[error("entity `{entity}` has no key column")]
    #[diagnostic(
        code(E0107),
        help(
            "mark the column that identifies a member with `key`, e.g. `key customer_id: string`"
        )
    )]
    MissingKey { entity: String },

    #[error("`{table}.{column}` is {found} but the key of `{entity}` is {expected}")]
    #[diagnostic(
        code(E0108),
        help("the column that links a table to its entity must have the key's type")
    )]
    LinkTypeMismatch {
        table: String,
        column: String,
        entity: String,
        expected: String,
        found: String,
    },

    #[error("`{text}` is not a table name")]
    #[diagnostic(
        code(E0109),
        help("write the table as `name`, `schema.name` or `project.dataset.name`, without empty parts or quotes")
    )]
    InvalidTableName { text: String },

    #[error("the consent source `{source_name}` needs a column `{column}` of type {expected}")]
    #[diagnostic(
        code(E0110),
        help("a consent log has one row per grant: `channel`, `granted_at`, and a nullable `withdrawn_at`")
    )]
    ConsentColumn {
        source_name: String,
        column: String,
        expected: &'static str,
    },

    #[error("the key of `{entity}` cannot be nullable")]
    #[diagnostic(code(E0111), help("remove the `?`: every member needs an identifier"))]
    NullableKey { entity: String },

    #[error("entity `{entity}` has more than one key column")]
    #[diagnostic(
        code(E0112),
        help("keep `key` on the one column that identifies a member")
    )]
    MultipleKeys {
        #[label("first key")]
        first: Span,
        entity: String,
    },

    #[error("{problem}")]
    #[diagnostic(
        code(E0113),
        help("declare each enum value once, e.g. enum(\"F\", \"M\", \"X\")")
    )]
    InvalidEnum { problem: String },

    #[error("{problem}")]
    #[diagnostic(code(E0203))]
    NoTimeColumn {
        problem: String,
        #[help]
        help: Option<String>,
    },

    #[error("{problem}")]
    #[diagnostic(
        code(E0213),
        help(
            "write decimal(precision, scale) with 1 <= precision <= 38 and 0 <= scale <= precision"
        )
    )]
    InvalidDecimal { problem: String },

    #[error("{problem}")]
    #[diagnostic(code(E0403), help("declare opt-in columns as `consent email = email_optin since email_optin_at`: a bool flag and the date or timestamp it was given"))]
    InvalidConsentColumns { problem: String },
}

impl SchemaError {
    /// The text of the label at the error's span.
    pub(super) fn label(&self) -> String {
        match self {
            Self::DuplicateColumn { .. } => "declared again here".into(),
            Self::MissingKey { .. } => "declared without `key`".into(),
            Self::LinkTypeMismatch { entity, .. } => format!("links to `{entity}`"),
            Self::InvalidTableName { .. } => "not a valid table name".into(),
            Self::ConsentColumn { column, .. } => format!("missing or mistyped `{column}`"),
            Self::NullableKey { .. } => "nullable key".into(),
            Self::MultipleKeys { .. } => "second key".into(),
            Self::InvalidEnum { .. } => "here".into(),
            Self::NoTimeColumn { .. } => "needs a time column".into(),
            Self::InvalidDecimal { .. } => "here".into(),
            Self::InvalidConsentColumns { .. } => "here".into(),
        }
    }
}
