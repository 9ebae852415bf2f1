//! The plan's scalar vocabulary: the types a dialect must represent, literal values, and the
//! units, calendar parts and text functions values are computed with.

use crate::value::Date;

/// The functions of `Expr::Text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextFunc {
    /// The letters A to Z to a to z; every other character unchanged.
    Lower,
    /// The letters a to z to A to Z; every other character unchanged.
    Upper,
    /// Without the spaces (U+0020) at either end.
    Trim,
    /// The number of characters (code points).
    Length,
}

/// The calendar parts `Expr::DatePart` extracts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DatePart {
    Year,
    /// 1 to 4.
    Quarter,
    /// 1 to 12.
    Month,
    /// The day of the month.
    Day,
    /// ISO 8601: Monday = 1 … Sunday = 7.
    Weekday,
}

/// The calendar units of `DateExpr::Ago`: a week is 7 days, a year 12 months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeUnit {
    Days,
    Weeks,
    Months,
    Years,
}

/// Types a dialect must represent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScalarType {
    String,
    Int,
    Decimal { precision: u32, scale: u32 },
    Bool,
    Date,
    Timestamp,
}

/// Literal values.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scalar {
    Int(i64),
    Decimal(String),
    String(String),
    Bool(bool),
    Date(Date),
}
