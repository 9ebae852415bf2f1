//! Errors about arithmetic: operands that are not numbers, defaults of another type, function
//! arguments, and comparisons too large to decide exactly.

use miette::Diagnostic;
use thiserror::Error;

/// Arithmetic that does not apply to its operands.
#[derive(Debug, Clone, Error, Diagnostic)]
pub enum ArithmeticError {
    #[error("`{op}` needs numbers, but this is {ty}")]
    #[diagnostic(
        code(E0220),
        help("arithmetic applies to `int` and `decimal` values: columns, literals, parameters, aggregates and model fields; for dates, count days with `days since x` or `days until x`")
    )]
    NotANumber { op: &'static str, ty: String },

    #[error("`otherwise` gives a default of the value's own kind, but this is {value} and the default is {default}")]
    #[diagnostic(
        code(E0221),
        help("give a number for a number (`orders.avg(amount) otherwise 0`), a date for a date, a string for a string")
    )]
    OtherwiseType { value: String, default: String },

    #[error("deciding this comparison exactly can take {digits} digits; every engine computes exactly with 38")]
    #[diagnostic(
        code(E0222),
        help("a comparison of quotients is decided by cross-multiplying, so each side's digits add up: compare fewer products or divisions in one test, or round a side first with `round(x, n)` (docs/language.md §9.8 lists the digits of each value)")
    )]
    TooManyDigits { digits: u32 },

    #[error("`{func}` takes {expected}, not {found}")]
    #[diagnostic(
        code(E0223),
        help("abs(x); round(x) or round(x, digits); least(a, b, ...) and greatest(a, b, ...) with 2 to 8 values")
    )]
    Arity {
        func: &'static str,
        expected: &'static str,
        found: usize,
    },

    #[error("the digits of `round` must be a whole number from 0 to 9, written out")]
    #[diagnostic(
        code(E0224),
        help("write `round(x, 2)` for two digits after the point, `round(x)` for a whole number")
    )]
    RoundDigits,

    #[error("`{func}` compares values of one kind, but these are {first} and {other}")]
    #[diagnostic(
        code(E0225),
        help("give `{func}` numbers only, or dates only, or timestamps only")
    )]
    MixedKinds {
        func: &'static str,
        first: String,
        other: String,
    },
}

impl ArithmeticError {
    /// The text of the label at the error's span.
    pub(super) fn label(&self) -> String {
        match self {
            Self::NotANumber { ty, .. } => ty.clone(),
            Self::OtherwiseType { default, .. } => default.clone(),
            Self::TooManyDigits { .. } => "cannot be decided exactly within 38 digits".into(),
            Self::Arity { found, .. } => format!("{found} given"),
            Self::RoundDigits => "not a whole number from 0 to 9".into(),
            Self::MixedKinds { other, .. } => other.clone(),
        }
    }
}
