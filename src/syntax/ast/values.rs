//! Values: names, relative dates, derived values, aggregates over facts and literals.

use super::{Cond, Ident};
use crate::source::Span;
use crate::value::Date;

/// A whole number of time units, written out (`30`) or named by an `int` parameter.
#[derive(Debug, Clone)]
pub struct Count {
    /// The number as written; 0 when a parameter names it.
    pub value: i64,
    pub param: Option<String>,
    pub span: Span,
}

/// Calendar units of relative time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeUnit {
    Days,
    Weeks,
    Months,
    Years,
}

impl TimeUnit {
    /// The plural English word, as in `30 days`.
    pub fn word(self) -> &'static str {
        match self {
            TimeUnit::Days => "days",
            TimeUnit::Weeks => "weeks",
            TimeUnit::Months => "months",
            TimeUnit::Years => "years",
        }
    }
}

/// A value: a column, a literal, a derived value or an aggregate.
#[derive(Debug, Clone)]
pub struct Value {
    pub kind: ValueKind,
    pub span: Span,
}

/// The kinds of value.
#[derive(Debug, Clone)]
pub enum ValueKind {
    /// A column of the segment's entity, or a parameter.
    Name(Ident),
    Literal(Literal),
    /// `30 days ago`: a date relative to the evaluation date.
    Ago(Count, TimeUnit),
    /// `days since x`: whole days from `x` to the evaluation date.
    DaysSince(Box<Value>),
    /// `days until x`: whole days from the evaluation date to `x` (negative once `x` is past).
    DaysUntil(Box<Value>),
    /// `age(x)`: whole years from `x` to the evaluation date.
    Age(Box<Value>),
    /// `month(x)`: a calendar part of a date or timestamp.
    DatePart(DatePart, Box<Value>),
    /// `anniversary(x)`: the next day on or after the evaluation date with `x`'s month and day.
    Anniversary(Box<Value>),
    /// `lower(x)`, `upper(x)`, `trim(x)`, `length(x)`.
    Text(TextFunc, Box<Value>),
    Aggregate(Box<Aggregate>),
    /// `value.r`: a field of a model (RFM scores, CLV).
    Field(Box<(Ident, Ident)>),
    /// `a + b`, `a * b`, `a otherwise b`, ...
    Binary(Box<Binary>),
    /// `-x`.
    Negate(Box<Value>),
    /// `abs(x)`, `round(x, 2)`, `least(a, b)`, `greatest(a, b)`.
    Call(NumFunc, Vec<Value>),
}

/// A binary operator and its operands: `left op right`.
#[derive(Debug, Clone)]
pub struct Binary {
    pub op: ArithOp,
    pub op_span: Span,
    pub left: Value,
    pub right: Value,
}

/// The binary operators of values, by how tightly they bind: `otherwise` loosest, then `+` and
/// `-`, then `*` and `/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
    /// `x otherwise y`: `x`, or `y` where `x` is missing.
    Otherwise,
}

impl ArithOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            ArithOp::Add => "+",
            ArithOp::Sub => "-",
            ArithOp::Mul => "*",
            ArithOp::Div => "/",
            ArithOp::Otherwise => "otherwise",
        }
    }

    /// How tightly the operator binds: higher binds tighter.
    pub fn binding(self) -> u8 {
        match self {
            ArithOp::Otherwise => 0,
            ArithOp::Add | ArithOp::Sub => 1,
            ArithOp::Mul | ArithOp::Div => 2,
        }
    }
}

/// Functions of numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumFunc {
    Abs,
    /// `round(x)` or `round(x, digits)`: half away from zero.
    Round,
    Least,
    Greatest,
}

impl NumFunc {
    /// The function's name as written.
    pub fn name(self) -> &'static str {
        match self {
            NumFunc::Abs => "abs",
            NumFunc::Round => "round",
            NumFunc::Least => "least",
            NumFunc::Greatest => "greatest",
        }
    }
}

/// The calendar parts of a date: `year(x)`, `quarter(x)`, `month(x)`, `day(x)`, `weekday(x)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DatePart {
    Year,
    /// 1 to 4.
    Quarter,
    /// 1 to 12.
    Month,
    /// The day of the month, 1 to 31.
    Day,
    /// ISO 8601: Monday = 1 … Sunday = 7.
    Weekday,
}

impl DatePart {
    /// The function's name as written.
    pub fn name(self) -> &'static str {
        match self {
            DatePart::Year => "year",
            DatePart::Quarter => "quarter",
            DatePart::Month => "month",
            DatePart::Day => "day",
            DatePart::Weekday => "weekday",
        }
    }
}

/// Functions of text: `lower` and `upper` map the letters A to Z only (the same on every
/// engine, whatever its collation), `trim` removes spaces at both ends, `length` counts
/// characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextFunc {
    Lower,
    Upper,
    Trim,
    Length,
}

impl TextFunc {
    /// The function's name as written.
    pub fn name(self) -> &'static str {
        match self {
            TextFunc::Lower => "lower",
            TextFunc::Upper => "upper",
            TextFunc::Trim => "trim",
            TextFunc::Length => "length",
        }
    }
}

/// Aggregate functions over a facts table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AggFunc {
    Count,
    Sum,
    Avg,
    Min,
    Max,
    First,
    Last,
    /// `orders.any(where c)`: at least one row of the window satisfies `c`.
    Any,
    /// `orders.all(where c)`: every row of the window satisfies `c` (true over no rows).
    All,
    /// `orders.none(where c)`: no row of the window satisfies `c`.
    None,
}

impl AggFunc {
    /// `any`, `all` and `none`: a condition over the rows, not a value.
    pub fn is_quantifier(self) -> bool {
        matches!(self, AggFunc::Any | AggFunc::All | AggFunc::None)
    }

    /// The function a name (`agg_func` in the grammar) calls.
    pub fn named(name: &str) -> Option<AggFunc> {
        Some(match name {
            "count" => AggFunc::Count,
            "sum" => AggFunc::Sum,
            "avg" => AggFunc::Avg,
            "min" => AggFunc::Min,
            "max" => AggFunc::Max,
            "first" => AggFunc::First,
            "last" => AggFunc::Last,
            "any" => AggFunc::Any,
            "all" => AggFunc::All,
            "none" => AggFunc::None,
            _ => return None,
        })
    }

    /// The name as written.
    pub fn name(self) -> &'static str {
        match self {
            AggFunc::Count => "count",
            AggFunc::Sum => "sum",
            AggFunc::Avg => "avg",
            AggFunc::Min => "min",
            AggFunc::Max => "max",
            AggFunc::First => "first",
            AggFunc::Last => "last",
            AggFunc::Any => "any",
            AggFunc::All => "all",
            AggFunc::None => "none",
        }
    }
}

/// `orders.sum(amount, where channel = "web", last 365 days)`.
#[derive(Debug, Clone)]
pub struct Aggregate {
    pub facts: Ident,
    pub func: AggFunc,
    pub func_span: Span,
    pub args: Vec<AggArg>,
}

/// One argument of an aggregate.
#[derive(Debug, Clone)]
pub enum AggArg {
    Column(Ident),
    Distinct(Ident, Span),
    Where(Cond, Span),
    Window(Window, Span),
}

/// A time window restricting the rows an aggregate sees.
#[derive(Debug, Clone)]
pub enum Window {
    Last(Count, TimeUnit),
    /// `next N UNIT`: the days after the evaluation date, up to N units after it.
    Next(Count, TimeUnit),
    Before(Value),
    After(Value),
    Between(Value, Value),
}

/// A literal value.
#[derive(Debug, Clone)]
pub struct Literal {
    pub kind: LiteralKind,
    pub span: Span,
}

/// The kinds of literal.
#[derive(Debug, Clone, PartialEq)]
pub enum LiteralKind {
    Int(i64),
    /// Digits as written (`12.50`), kept exact.
    Decimal(String),
    String(String),
    Bool(bool),
    Date(Date),
}
