//! Errors and warnings about conditions and the values they test: operands that cannot be
//! compared, tests that do not apply to a type, counts of time units and window bounds.

use crate::source::Span;
use miette::Diagnostic;
use thiserror::Error;

/// A condition whose test does not apply to its values.
#[derive(Debug, Clone, Error, Diagnostic)]
pub enum ConditionError {
    /// At the left operand; the right one, where the types part, carries the primary label.
    #[error("cannot compare {left} with {right}")]
    #[diagnostic(code(E0200))]
    TypeMismatch {
        #[label(primary, "{right}")]
        right_span: Span,
        left: String,
        right: String,
        #[help]
        help: Option<String>,
    },

    #[error("\"{value}\" is not a value of this enum")]
    #[diagnostic(code(E0201))]
    UnknownEnumValue {
        value: String,
        declared: String,
        #[help]
        help: Option<String>,
    },

    #[error("`{name}` can never be missing")]
    #[diagnostic(
        code(E0204),
        help("`is missing` and `is present` apply to nullable values (declared with `?`) and to avg/min/max/first/last")
    )]
    NotNullable { name: String },

    #[error("{ty} is not a condition")]
    #[diagnostic(code(E0205), help("compare it to something, e.g. `{example}`"))]
    NotACondition { ty: String, example: String },

    #[error("`{test}` works on text, but this is {ty}")]
    #[diagnostic(
        code(E0206),
        help(
            "string tests apply to `string` columns; compare other types with `=`, `<`, `in [...]`"
        )
    )]
    TextTestType { test: &'static str, ty: String },

    #[error("{ty} has no order")]
    #[diagnostic(
        code(E0207),
        help("such values can be tested with `=`, `!=` and `in [...]`")
    )]
    NotOrdered { op: &'static str, ty: String },

    #[error("a window of {count} {unit} is empty")]
    #[diagnostic(
        code(E0214),
        help("windows count at least one whole unit, e.g. `within last 1 days`")
    )]
    EmptyWindow { count: i64, unit: &'static str },

    #[error("`{what}` needs a date or timestamp, but this is {ty}")]
    #[diagnostic(
        code(E0216),
        help("relative time and calendar parts apply to `date` and `timestamp` values, such as a date column or `orders.last(ordered_at)`")
    )]
    NotTemporal { what: &'static str, ty: String },

    #[error("`ignoring case` cannot follow {test}")]
    #[diagnostic(
        code(E0219),
        help("`ignoring case` follows `=`, `!=`, `in [...]`, `not in [...]`, `starts with`, `ends with`, `contains` or `matches`; for other tests, compare `lower(x)`")
    )]
    IgnoringCaseTest { test: &'static str },

    #[error("the bounds of a window must be fixed dates")]
    #[diagnostic(
        code(E0217),
        help("use a date (2026-01-31), a relative date (`90 days ago`) or a date parameter")
    )]
    WindowBound,

    #[error("`{name}` is {ty}, not a number of time units")]
    #[diagnostic(
        code(E0218),
        help("a count of days, weeks, months or years is a whole number or an `int` parameter")
    )]
    NotACount { name: String, ty: String },

    #[error("this range is empty: {low} is above {high}")]
    #[diagnostic(
        code(W0002),
        severity(Warning),
        help("`between a and b` includes both bounds and needs a <= b")
    )]
    EmptyRange { low: String, high: String },
}

impl ConditionError {
    /// The text of the label at the error's span.
    pub(super) fn label(&self) -> String {
        match self {
            Self::TypeMismatch { left, .. } => left.clone(),
            Self::UnknownEnumValue { declared, .. } => format!("not one of {declared}"),
            Self::NotNullable { .. } => "this value is always present".into(),
            Self::NotACondition { ty, .. } => format!("this is {ty}, not true or false"),
            Self::TextTestType { ty, .. } => ty.clone(),
            Self::NotOrdered { op, .. } => format!("`{op}` needs an ordered type"),
            Self::EmptyWindow { .. } => "must be 1 or more".into(),
            Self::NotTemporal { ty, .. } => ty.clone(),
            Self::WindowBound => "not a fixed date".into(),
            Self::IgnoringCaseTest { .. } => "not a test of equality or of text".into(),
            Self::NotACount { .. } => "needs an int".into(),
            Self::EmptyRange { .. } => "never true".into(),
        }
    }
}
