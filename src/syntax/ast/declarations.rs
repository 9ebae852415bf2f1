//! Declarations that are not tables: `use`, `param`, `time zone`, `trait`, `segment` (with its
//! channels and holdout), `segmentation` and `test` (with its fixture rows).

use super::{Cond, Ident, Literal, StringLit, TypeExpr, Value};
use crate::source::Span;

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

/// `trait spend_365 on customers = orders.sum(amount, last 365 days)`: a value of each entity,
/// named once and usable wherever a value is.
#[derive(Debug, Clone)]
pub struct TraitDecl {
    pub docs: Option<String>,
    pub name: Ident,
    pub entity: Ident,
    pub value: Value,
    pub span: Span,
}

/// `kpi average_basket on customers = ratio(…)`: a measure over the members of segments,
/// computed for every segment of the entity or for the ones after `for`.
#[derive(Debug, Clone)]
pub struct KpiDecl {
    pub docs: Option<String>,
    pub name: Ident,
    pub entity: Ident,
    /// The segments after `for`; empty for every segment of the entity.
    pub segments: Vec<Ident>,
    pub measure: Measure,
    pub span: Span,
}

/// What a KPI measures over a segment's members.
#[derive(Debug, Clone)]
pub struct Measure {
    pub kind: MeasureKind,
    /// From the measure's word to its closing bracket.
    pub span: Span,
}

impl MeasureKind {
    /// The measure's word: `mean`, `total`, `ratio`, `share`, `cost`.
    pub fn word(&self) -> &'static str {
        match self {
            MeasureKind::Mean(_) => "mean",
            MeasureKind::Total(_) => "total",
            MeasureKind::Ratio(..) => "ratio",
            MeasureKind::Share { .. } => "share",
            MeasureKind::Cost { .. } => "cost",
        }
    }
}

/// The measures of `kpi` declarations.
#[derive(Debug, Clone)]
pub enum MeasureKind {
    /// `mean(v)`: the average of the members' values, over the members where it is present.
    Mean(Value),
    /// `total(v)`: the sum of the members' values.
    Total(Value),
    /// `ratio(x, y)`: the sum of the members' `x` over the sum of their `y`.
    Ratio(Value, Value),
    /// `share(c among a)`: of the members for whom `a` holds (all without `among`), the share
    /// for whom `c` holds.
    Share { holds: Cond, among: Option<Cond> },
    /// `cost(spend per c)`: a spend, fixed for the project, over the members for whom `c` holds.
    Cost { spend: Value, per: Cond },
}

/// `time zone "Europe/Paris"`: the IANA zone whose calendar days a project counts in.
#[derive(Debug, Clone)]
pub struct TimeZoneDecl {
    pub name: StringLit,
    pub span: Span,
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

/// One stage: `name when CONDITION` or `name otherwise`.
#[derive(Debug, Clone)]
pub struct StageDecl {
    pub docs: Option<String>,
    pub name: Ident,
    /// `None` for `otherwise`.
    pub when: Option<Cond>,
    pub span: Span,
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
