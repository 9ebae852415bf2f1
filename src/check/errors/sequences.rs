//! Errors in sequences: `events.any(where kind = "cart_add") not followed by orders within 2
//! days`.

use miette::Diagnostic;
use thiserror::Error;

/// A sequence whose steps cannot be ordered in time, or whose bound or matching columns do not
/// fit.
#[derive(Debug, Clone, Error, Diagnostic)]
pub enum SequenceError {
    #[error("a sequence starts with `FACTS.any(…)`, not {found}")]
    #[diagnostic(
        code(E0250),
        help("write the first step as the rows it starts from: `events.any(where kind = \"cart_add\", last 7 days) not followed by orders within 2 days`")
    )]
    NotAnAny { found: String },

    #[error("`{facts}` has no time column: a sequence orders its rows in time")]
    #[diagnostic(code(E0251))]
    NoTime {
        facts: String,
        #[help]
        help: Option<String>,
    },

    #[error("`{first}` is dated by {first_kind} and `{then}` by {then_kind}: a sequence compares two of a kind")]
    #[diagnostic(
        code(E0252),
        help("give both tables a `date` time column, or both a `timestamp` one (`at column`)")
    )]
    TimeKinds {
        first: String,
        first_kind: String,
        then: String,
        then_kind: String,
    },

    #[error("`within {count} {unit}` has no fixed length")]
    #[diagnostic(
        code(E0253),
        help("bound a sequence in days or weeks: `within 30 days`")
    )]
    Unit { count: i64, unit: &'static str },

    #[error("`same {column}`: `{then}.{column}` is {then_ty} but `{first}.{first_column}` is {first_ty}")]
    #[diagnostic(
        code(E0254),
        help("match columns of one type, or name the first step's column: `same category as product_category`")
    )]
    SameType {
        first: String,
        first_column: String,
        first_ty: String,
        then: String,
        column: String,
        then_ty: String,
    },

    #[error("`same {column}` is given twice")]
    #[diagnostic(code(E0255), help("match each column once"))]
    RepeatedSame { column: String },

    #[error("a sequence on `{entity}` cannot step through `{facts}`, a table of `{owner}`")]
    #[diagnostic(
        code(E0261),
        help("a sequence's rows belong to each member: test `{owner}`'s rows in an aggregate beside the sequence (`… and {facts}.any(…)`), or write the sequence in a segment on `{owner}`")
    )]
    OwnerStep {
        entity: String,
        facts: String,
        owner: String,
    },

    #[error(
        "`within {days} days` is longer than a sequence can be (at most {max} days, 100 years)"
    )]
    #[diagnostic(code(E0256), help("bound the sequence in at most 36500 days"))]
    TooLong { days: i64, max: i64 },

    #[error("both steps read `{facts}`: `same` compares one column of the two rows, not `{column}` with `{first_column}`")]
    #[diagnostic(
        code(E0257),
        help("within one table, `same` compares a column of both rows: `same {column}`")
    )]
    SameTableColumns {
        facts: String,
        column: String,
        first_column: String,
    },
}

impl SequenceError {
    /// The text of the label at the error's span.
    pub(super) fn label(&self) -> String {
        match self {
            Self::NotAnAny { .. } => "the first step".into(),
            Self::NoTime { .. } => "no time column".into(),
            Self::TimeKinds { .. } => "steps of two kinds of time".into(),
            Self::Unit { .. } => "days or weeks".into(),
            Self::SameType { .. } => "different types".into(),
            Self::RepeatedSame { .. } => "again".into(),
            Self::TooLong { .. } => "too long".into(),
            Self::OwnerStep { owner, .. } => format!("read for each member of `{owner}`"),
            Self::SameTableColumns { .. } => "two columns of one table".into(),
        }
    }
}
