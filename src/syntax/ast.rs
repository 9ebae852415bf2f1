//! The untyped syntax tree: what the user wrote, with a span on every node. Names are unresolved.

use crate::source::{Date, FileId, Span};

/// One parsed `.seg` file.
#[derive(Debug, Clone)]
pub struct Module {
    pub file: FileId,
    pub items: Vec<Item>,
}

/// A top-level declaration.
#[derive(Debug, Clone)]
pub enum Item {
    Use(UseDecl),
    Param(ParamDecl),
    Entity(EntityDecl),
    Facts(FactsDecl),
    Consents(ConsentsDecl),
    Suppressions(SuppressionsDecl),
    Segment(Box<SegmentDecl>),
    Segmentation(SegmentationDecl),
    Rfm(RfmDecl),
    Clv(ClvDecl),
    Test(TestDecl),
}

/// A name as written, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A string literal with escapes resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringLit {
    pub value: String,
    pub span: Span,
}

/// `use "schema.seg"` brings another file's declarations into scope; `use std.rfm for value`
/// brings in a module of the standard library, written for one of the project's declarations.
#[derive(Debug, Clone)]
pub struct UseDecl {
    pub target: UseTarget,
    pub span: Span,
}

/// What a `use` names.
#[derive(Debug, Clone)]
pub enum UseTarget {
    File(StringLit),
    Std {
        module: Ident,
        /// The declaration the module is written for; optional when only one fits.
        subject: Option<Ident>,
    },
}

/// `param vip_spend: decimal = 500`: a named constant a user may override at compile time.
#[derive(Debug, Clone)]
pub struct ParamDecl {
    pub docs: Option<String>,
    pub name: Ident,
    pub ty: TypeExpr,
    pub default: Literal,
    pub span: Span,
}

/// A column type as written, such as `decimal(12, 2)?`.
#[derive(Debug, Clone)]
pub struct TypeExpr {
    pub kind: TypeKind,
    pub nullable: bool,
    pub span: Span,
}

/// The shape of a type, before validation.
#[derive(Debug, Clone)]
pub enum TypeKind {
    String,
    Int,
    Bool,
    Date,
    Timestamp,
    /// `decimal` or `decimal(precision, scale)`; the numbers are validated by the checker.
    Decimal(Option<(i64, i64, Span)>),
    Enum(Vec<StringLit>),
}

/// Flags on a column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ColumnFlags {
    /// Personal data: never exported unless asked for explicitly.
    pub pii: Option<Span>,
    /// GDPR art. 9 special category: never usable in a criterion.
    pub special: Option<Span>,
}

/// `name: type? flags` inside a table declaration.
#[derive(Debug, Clone)]
pub struct ColumnDecl {
    pub docs: Option<String>,
    pub name: Ident,
    pub ty: TypeExpr,
    pub flags: ColumnFlags,
    /// Declared with `key`: the entity's identifier.
    pub is_key: bool,
    pub span: Span,
}

/// `entity customers from "crm.customers" { key customer_id: string ... }`.
#[derive(Debug, Clone)]
pub struct EntityDecl {
    pub docs: Option<String>,
    pub name: Ident,
    pub table: Option<StringLit>,
    pub columns: Vec<ColumnDecl>,
    pub consent_columns: Vec<ConsentColumnDecl>,
    pub span: Span,
}

/// `consent email = email_optin since email_optin_at`: a channel's opt-in flag (and when it was
/// given) held on the entity itself.
#[derive(Debug, Clone)]
pub struct ConsentColumnDecl {
    pub channel: Ident,
    pub flag: Ident,
    pub since: Option<Ident>,
    pub span: Span,
}

/// `suppressions of customers(customer_id) at recorded_at { ... }`: people never to contact.
#[derive(Debug, Clone)]
pub struct SuppressionsDecl {
    /// `suppressions` when not given.
    pub name: Option<Ident>,
    pub header: TableHeader,
    /// `at recorded_at`; without it, the one date or timestamp column if there is exactly one.
    pub time_column: Option<Ident>,
}

/// `segmentation lifecycle on customers { new when ...  lapsed otherwise }`: exclusive stages,
/// first match wins.
#[derive(Debug, Clone)]
pub struct SegmentationDecl {
    pub docs: Option<String>,
    pub name: Ident,
    pub entity: Ident,
    /// `grid value`: the stages must partition the scores of RFM model `value`.
    pub grid: Option<Ident>,
    pub stages: Vec<StageDecl>,
    pub span: Span,
}

/// `rfm value on customers over orders { ... }`: recency, frequency and monetary scores.
#[derive(Debug, Clone)]
pub struct RfmDecl {
    pub docs: Option<String>,
    pub name: Ident,
    pub entity: Ident,
    pub facts: Ident,
    /// `window last 730 days`; all history up to the evaluation date without it.
    pub window: Option<(Count, TimeUnit, Span)>,
    /// `scores 5`.
    pub scores: Option<(i64, Span)>,
    pub metrics: Vec<MetricDecl>,
    pub span: Span,
}

/// One of `recency`, `frequency`, `monetary`, with how it is measured and scored.
#[derive(Debug, Clone)]
pub struct MetricDecl {
    pub metric: Metric,
    /// `sum(amount)` or `avg(amount)`: monetary only.
    pub measure: Option<(AggFunc, Ident)>,
    /// `None` or `quantiles`: scores from the population's ranks.
    pub thresholds: Option<Vec<Literal>>,
    pub span: Span,
}

/// The three RFM measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Metric {
    Recency,
    Frequency,
    Monetary,
}

impl Metric {
    /// The word as written.
    pub fn word(self) -> &'static str {
        match self {
            Metric::Recency => "recency",
            Metric::Frequency => "frequency",
            Metric::Monetary => "monetary",
        }
    }
}

/// `clv lifetime on customers over orders { amount amount  window last 2 years  margin 0.3
/// lifespan 3 }`: historic customer lifetime value.
#[derive(Debug, Clone)]
pub struct ClvDecl {
    pub docs: Option<String>,
    pub name: Ident,
    pub entity: Ident,
    pub facts: Ident,
    pub amount: Option<Ident>,
    pub window: Option<(Count, TimeUnit, Span)>,
    pub margin: Option<Value>,
    pub lifespan: Option<Value>,
    pub span: Span,
}

/// One stage: `name when CONDITION` or `name otherwise`.
#[derive(Debug, Clone)]
pub struct StageDecl {
    pub docs: Option<String>,
    pub name: Ident,
    /// `None` for `otherwise`.
    pub when: Option<Cond>,
    pub span: Span,
}

/// `holdout 10% salt "spring"` in a segment.
#[derive(Debug, Clone)]
pub struct HoldoutDecl {
    /// The percentage as written, without `%`.
    pub percent: String,
    pub salt: Option<StringLit>,
    pub span: Span,
}

/// `channel post basis consent, legitimate_interest` in a segment.
#[derive(Debug, Clone)]
pub struct ChannelDecl {
    pub channel: Ident,
    /// Legal bases accepted; empty means `consent` only.
    pub bases: Vec<Ident>,
    pub span: Span,
}

/// `of customers(customer_id)`: the entity a table belongs to and the column that points at it.
#[derive(Debug, Clone)]
pub struct Link {
    pub entity: Ident,
    pub column: Ident,
}

/// What facts, consents and suppressions declarations share: a table of rows that belong to an
/// entity, `of ENTITY(column) from "schema.table" { columns }`, with its doc comment.
#[derive(Debug, Clone)]
pub struct TableHeader {
    pub docs: Option<String>,
    pub link: Link,
    /// `from "schema.table"`; the declared name without it.
    pub table: Option<StringLit>,
    pub columns: Vec<ColumnDecl>,
    /// The whole declaration.
    pub span: Span,
}

/// `facts orders of customers(customer_id) at ordered_at { ... }`: many rows per entity.
#[derive(Debug, Clone)]
pub struct FactsDecl {
    pub name: Ident,
    pub header: TableHeader,
    /// `at ordered_at`; without it, the one date or timestamp column if there is exactly one.
    pub time_column: Option<Ident>,
}

/// `consents of customers(customer_id) { ... }`: the consent log of an entity.
#[derive(Debug, Clone)]
pub struct ConsentsDecl {
    /// `consents` when not given.
    pub name: Option<Ident>,
    pub header: TableHeader,
}

/// `segment name on entity { owner ..., tags ..., where ... }`.
#[derive(Debug, Clone)]
pub struct SegmentDecl {
    pub docs: Option<String>,
    pub name: Ident,
    pub entity: Ident,
    pub owner: Option<StringLit>,
    pub tags: Vec<StringLit>,
    pub channels: Vec<ChannelDecl>,
    pub holdout: Option<HoldoutDecl>,
    pub criteria: Option<Cond>,
    /// Entries given twice (`owner` or `where`), reported by the checker.
    pub repeated: Vec<(&'static str, Span)>,
    pub span: Span,
}

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
    InList { negated: bool, items: Vec<Value> },
    Between(Value, Value),
    IsMissing,
    IsPresent,
    StartsWith(Value),
    EndsWith(Value),
    Contains(Value),
    Matches(Value),
    WithinLast(Count, TimeUnit),
    Before(Value),
    After(Value),
}

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
    /// `age(x)`: whole years from `x` to the evaluation date.
    Age(Box<Value>),
    Aggregate(Box<Aggregate>),
    /// `value.r`: a field of a model (RFM scores, CLV).
    Field(Box<(Ident, Ident)>),
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
}

impl AggFunc {
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

/// `test "name" { segment s  as_of DATE  rows TABLE [ {...} ]  expect [keys] }`: a fixture-based
/// unit test of one segment.
#[derive(Debug, Clone)]
pub struct TestDecl {
    pub docs: Option<String>,
    pub name: StringLit,
    pub segment: Option<Ident>,
    pub as_of: Option<Literal>,
    pub rows: Vec<RowsBlock>,
    pub expect: Option<(Vec<Literal>, Span)>,
    /// Entries given twice (`segment`, `as_of`, `expect`), reported by the checker.
    pub repeated: Vec<(&'static str, Span)>,
    pub span: Span,
}

/// `rows orders [ {...}, {...} ]`.
#[derive(Debug, Clone)]
pub struct RowsBlock {
    pub table: Ident,
    pub records: Vec<Record>,
}

/// `{ column: value, ... }`.
#[derive(Debug, Clone)]
pub struct Record {
    pub fields: Vec<(Ident, FieldValue)>,
    pub span: Span,
}

/// A value in a test row.
#[derive(Debug, Clone)]
pub enum FieldValue {
    Literal(Literal),
    /// `2026-01-31T10:00:00`, as written.
    Timestamp(String, Span),
    Null(Span),
}
