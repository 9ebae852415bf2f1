//! Conditions: what is true or false for each entity, and the tests applied to a value.

use super::{AggArg, Count, Ident, TimeUnit, Value};
use crate::source::Span;

/// A condition: something that is true or false for each entity.
#[derive(Debug, Clone)]
pub enum Cond {
    Or(Vec<Cond>, Span),
    And(Vec<Cond>, Span),
    Not(Box<Cond>, Span),
    /// `in other_segment`.
    InSegment(Ident, Span),
    /// A boolean value on its own: `loyalty_card`.
    Bare(Value),
    /// A value and a test: `age(birth_date) >= 18`.
    Test(Value, Test, Span),
}

impl Cond {
    /// Where the condition was written.
    pub fn span(&self) -> Span {
        match self {
            Cond::Or(_, s) | Cond::And(_, s) | Cond::Not(_, s) | Cond::InSegment(_, s) => *s,
            Cond::Test(_, _, s) => *s,
            Cond::Bare(v) => v.span,
        }
    }
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CompareOp {
    /// The operator as written in seglang and SQL.
    pub fn symbol(self) -> &'static str {
        match self {
            CompareOp::Eq => "=",
            CompareOp::Ne => "!=",
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
        }
    }
}

/// The test applied to a value.
#[derive(Debug, Clone)]
pub enum Test {
    Compare(CompareOp, Span, Value),
    InList {
        negated: bool,
        items: Vec<Value>,
    },
    Between(Value, Value),
    IsMissing,
    IsPresent,
    StartsWith(Value),
    EndsWith(Value),
    Contains(Value),
    Matches(Value),
    WithinLast(Count, TimeUnit),
    /// `within next N units`: the evaluation date and the days after it, N units in all.
    WithinNext(Count, TimeUnit),
    /// A test followed by `ignoring case` (its span): both sides in lower case.
    IgnoringCase(Box<Test>, Span),
    Before(Value),
    After(Value),
    /// `[not] followed by FACTS(...) within N units` after `FACTS.any(...)`: a sequence.
    FollowedBy(Box<FollowedBy>),
}

/// The second step of a sequence: `[not] followed by FACTS[(ARGS)] within N UNIT`, tested on
/// the rows of the `any` it follows.
#[derive(Debug, Clone)]
pub struct FollowedBy {
    /// `not followed by`: some first row has no second row within the bound.
    pub negated: bool,
    pub facts: Ident,
    pub args: Vec<StepArg>,
    pub within: Count,
    pub unit: TimeUnit,
}

/// An argument of a sequence's second step.
#[derive(Debug, Clone)]
pub enum StepArg {
    /// `where …` or a window, as in an aggregate.
    Arg(AggArg),
    /// `same category` (or `same category as product_category`): the second row's `column`
    /// equals the first row's `first_column` (the same name when `as` is left out).
    Same {
        column: Ident,
        first_column: Option<Ident>,
        span: Span,
    },
}
