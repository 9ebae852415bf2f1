//! Errors in `test` blocks: what a test must say, and rows that do not fit the schema.

use miette::Diagnostic;
use thiserror::Error;

/// A `test` block that does not say what it tests, or whose rows do not fit the schema.
#[derive(Debug, Clone, Error, Diagnostic)]
pub enum TestBlockError {
    #[error("test \"{test}\" does not say {what}")]
    #[diagnostic(code(E0700), help("{help}"))]
    Incomplete {
        test: String,
        what: &'static str,
        help: &'static str,
    },

    #[error("unknown table `{name}`")]
    #[diagnostic(code(E0701))]
    UnknownTable {
        name: String,
        #[help]
        help: Option<String>,
    },

    #[error("{value} does not fit `{table}.{column}`, which is {expected}")]
    #[diagnostic(code(E0702), help("{help}"))]
    BadValue {
        value: String,
        table: String,
        column: String,
        expected: String,
        help: String,
    },

    #[error("this `{table}` row lacks {columns}")]
    #[diagnostic(code(E0703), help("columns declared without `?` need a value in every test row; write `column: null` only for nullable ones"))]
    IncompleteRow { table: String, columns: String },

    #[error("this test gives `{what}` twice")]
    #[diagnostic(
        code(E0704),
        help("keep one; list all rows of a table in one `rows` block or several")
    )]
    RepeatedEntry { what: &'static str },

    #[error("expected members are keys, written as strings or whole numbers")]
    #[diagnostic(
        code(E0705),
        help("list the keys of the members, e.g. expect [\"c1\", \"c2\"]")
    )]
    BadExpectedKey,
}

impl TestBlockError {
    /// The text of the label at the error's span.
    pub(super) fn label(&self) -> String {
        match self {
            Self::Incomplete { .. } => "in this test".into(),
            Self::UnknownTable { .. } => "no entity, facts or consents table of this name".into(),
            Self::BadValue { expected, .. } => expected.clone(),
            Self::IncompleteRow { columns, .. } => format!("missing {columns}"),
            Self::RepeatedEntry { what, .. } => format!("second `{what}`"),
            Self::BadExpectedKey => "not a key".into(),
        }
    }
}
