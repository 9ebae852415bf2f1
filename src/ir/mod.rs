//! The engine-free plan: the contract between the checker and the SQL dialects.
//!
//! A [`Plan`] evaluates a set of segments of one entity. Its shape is fixed: per-entity features
//! first, computed in **one aggregate pass per facts table** for all segments together, then one
//! two-valued condition per segment over the entity's columns and those features.
//!
//! Invariants every dialect may rely on (`lower` establishes them):
//! - Conditions are two-valued: a `Cond` is never unknown. A comparison touching a nullable
//!   expression is false when that expression is missing; emitters make that explicit.
//! - Features whose value over no rows is defined (`count`, `sum`) carry it in `Feature::empty`.
//! - Every facts row dated after the evaluation date is excluded before aggregation, but by a
//!   feature with a `horizon` (a KPI's `next N days`), whose filter reads the rows up to it.
//! - A segment reference is `Cond::Referenced`: the referenced segment's condition is stored once,
//!   in [`Plan::referenced`], and every rule that uses it reads it from there. Parameters are
//!   already literals.

pub mod kpis;
mod lookups;
mod lower;
mod scalars;
mod typing;

pub use kpis::{BookedSum, CostsTable, KpiPlan, KpiValue, Spend};
pub use lookups::LookupTable;
pub use lower::{
    lower, lower_consent_coverage, lower_score_grid, lower_stages, scalar_type, ChannelUse,
    LowerOptions, Reason,
};
pub use scalars::{DatePart, Scalar, ScalarType, TextFunc, TimeUnit};
pub use typing::scale_of;

use crate::check::typed::TablePath;
use crate::value::{Date, Zone};
use std::fmt;

/// The evaluation date: fixed at compile time, or the engine's current date (read once) in the
/// plan's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOf {
    Fixed(Date),
    Today,
}

/// Everything needed to evaluate some segments of one entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub as_of: AsOf,
    /// The zone whose calendar gives timestamps their day (`Expr::DateOf`) and, with
    /// `AsOf::Today`, the evaluation date; `None` is UTC.
    pub time_zone: Option<Zone>,
    pub entity: EntityTable,
    pub feature_tables: Vec<FeatureTable>,
    /// RFM scores, computed over the features before any segment's condition.
    pub score_sets: Vec<ScoreSet>,
    /// The helper rules: the conditions of the segments that rules refer to with `in`, each
    /// computed once per entity and read through `Cond::Referenced`. They are not members of
    /// the plan's output (a referenced segment that is also chosen has a rule of its own in
    /// `segments`, whose condition reads its helper). In dependency order: a helper refers only
    /// to helpers before it, so the reference graph is computed in one pass.
    pub referenced: Vec<ReferencedRule>,
    pub segments: Vec<SegmentRule>,
    /// The sequences the rules read (`Cond::Sequence`), each computed once per entity.
    pub sequences: Vec<Sequence>,
    /// The values of the entity's traits, by name, for exports and `seg ir`; rules have them
    /// written in place.
    pub traits: Vec<TraitValue>,
    /// The KPIs of the entity, for `seg run --kpis`; membership statements never read them.
    pub kpis: Vec<KpiPlan>,
}

/// A named value of each entity (`trait x on customers = ...`).
#[derive(Debug, Clone, PartialEq)]
pub struct TraitValue {
    pub name: String,
    pub value: Expr,
}

/// Index of a helper rule in [`Plan::referenced`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReferencedId(pub usize);

/// A referenced segment's condition, computed once: all of its members, treatment and control
/// groups alike (a holdout never narrows `in x`), with the consent and suppression rules of its
/// channels, as `in x` means.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferencedRule {
    /// The referenced segment's name.
    pub segment: String,
    /// `file:line` of the segment's declaration, for comments in generated SQL.
    pub location: String,
    pub cond: Cond,
}

/// Index of a score set in [`Plan::score_sets`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScoreSetId(pub usize);

/// An RFM model's scores: three measures per entity of the population, each turned into a score
/// 1..=k by ranks over the population or by thresholds.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreSet {
    /// The model's name, such as `value`.
    pub name: String,
    pub k: u32,
    /// The entities that get scores: those with a facts row in the window.
    pub population: Cond,
    /// Recency, frequency and monetary value, over the entity and its features.
    pub measures: [Measure; 3],
    /// `file:line` of the model's declaration, for comments in generated SQL (the plan carries
    /// the text: emitters see no source files).
    pub location: String,
}

/// One measure of a score set.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// `recency`, `frequency` or `monetary`.
    pub name: &'static str,
    pub value: Expr,
    /// False for recency: fewer days since the last row is better.
    pub higher_is_better: bool,
    pub scoring: ScoreRule,
}

/// How a measure becomes a score.
#[derive(Debug, Clone, PartialEq)]
pub enum ScoreRule {
    /// Rank among the population's present values, counted from the worst value with ties
    /// sharing the lowest rank; score `1 + (k * (rank - 1)) div n` with `n` present values.
    Quantiles,
    /// `k - 1` ascending bounds. Higher is better: the score is 1 + the number of bounds the
    /// value reaches (`>=`). Lower is better: k - the number of bounds the value exceeds (`>`).
    Thresholds(Vec<Scalar>),
}

/// What an `Expr::Score` reads from a score set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScoreField {
    /// The score 1..=k of `measures[i]`.
    Score(usize),
    /// The value of `measures[i]`.
    Measure(usize),
    /// The three scores as one string of digits, recency first.
    Code,
    /// Whether the entity is in the population (a boolean, never missing).
    Scored,
}

/// The entity's table and key.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityTable {
    pub name: String,
    pub table: TablePath,
    pub key: String,
    /// The entity it belongs to, for an entity declared `of` another (contacts of accounts).
    pub owner: Option<OwnerTable>,
}

/// The entity a plan's entity belongs to: each row of the plan's entity names its owner's row
/// in `link` (a contact's `account_id`).
#[derive(Debug, Clone, PartialEq)]
pub struct OwnerTable {
    pub name: String,
    pub table: TablePath,
    /// The owner's key column.
    pub key: String,
    /// The column of the plan's entity holding the owner's key.
    pub link: String,
    /// Whether some rule of the plan reads the owner's row: its columns (`Column::parent`
    /// naming it, in the entity's scope) or the features of its tables
    /// ([`FeatureTable::of_owner`]). Each entity row is then read with its owner's row, or none
    /// (a left join on the key, which identifies one row); a statement joins it only where it
    /// reads it.
    pub joined: bool,
}

/// One facts table and the features computed from it in a single pass.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureTable {
    pub name: String,
    pub table: TablePath,
    /// The facts tables the rows reach the entity through, nearest first (empty for a table of
    /// the entity): each row is read with the parent row it links to, and a row without one (a
    /// missing link value, or a value no parent row has) is not read at all.
    pub parents: Vec<ParentTable>,
    /// The column holding the entity's key: in the last of `parents`, or in the table itself
    /// when it has none. For a table of the entity's owner (an account's invoices on a plan of
    /// contacts), the owner's key.
    pub link: String,
    /// A table of the entity's owner (an account's invoices, on contacts): its features are
    /// joined to each entity row on the key of the owner's row read with it, so every contact
    /// of an account reads the account's features, and a contact without an account row reads
    /// none (as over no rows).
    pub of_owner: bool,
    /// The column windows use; rows after the evaluation date are dropped on it.
    pub time: Option<Column>,
    /// The lookups some feature reads (each row is read once, with its lookup row or none).
    pub lookups: Vec<LookupTable>,
    pub features: Vec<Feature>,
}

/// Index of a sequence in [`Plan::sequences`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SequenceId(pub usize);

/// `FIRST.any(…) [not] followed by THEN(…) within N days`: for each member, whether some row
/// of the first step has a row of the second step at the same time or after it, up to `within`
/// later (`followed`), or has none (not `followed`). Both steps read rows dated up to the
/// evaluation date; a row that is in both steps never follows itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Sequence {
    /// A readable, unique name such as `events_then_orders`, for its CTEs.
    pub name: String,
    pub first: SequenceStep,
    pub then: SequenceStep,
    /// `(first column, then column)`: the two rows hold equal, present values in each pair.
    pub same: Vec<(Column, Column)>,
    /// The bound in days: on dates, day numbers; on timestamps, `within * 24` hours.
    pub within_days: i64,
    pub followed: bool,
    /// The sequence as the user wrote it.
    pub comment: String,
}

/// The rows of one step of a sequence.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SequenceStep {
    /// The facts table, the parents its rows are read with, its link and its time column (a
    /// sequence's steps always have one); no features.
    pub rows: SequenceRows,
    /// The step's `where` and window.
    pub filter: Option<Cond>,
}

/// Where a step's rows come from: like a [`FeatureTable`] without features.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SequenceRows {
    pub name: String,
    pub table: TablePath,
    pub parents: Vec<ParentTable>,
    pub link: String,
    pub time: Column,
    /// The lookups the step's filter reads, each row read once with its lookup row or none
    /// (as a feature table's).
    pub lookups: Vec<LookupTable>,
}

/// A parent of a feature table's facts table: the rows of the table below it (the feature
/// table's, or the previous parent's) link to its rows where `child_column` equals `column`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ParentTable {
    pub name: String,
    pub table: TablePath,
    /// The link column of the table below.
    pub child_column: String,
    /// The parent's column it matches.
    pub column: String,
}

/// A per-entity value aggregated from facts rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// A readable, unique column name such as `orders_sum_amount`.
    pub name: String,
    pub agg: Agg,
    /// Rows the aggregate sees (the user's `where` and window).
    pub filter: Option<Cond>,
    pub ty: ScalarType,
    /// The value for entities with no matching row (`0` for count and sum); `None` means missing.
    pub empty: Option<Scalar>,
    /// The aggregate as the user wrote it.
    pub comment: String,
    /// `None` for an aggregate of the rows up to the evaluation date, as every segment's. A
    /// KPI's `next N days` reads the rows after it, up to this date: its filter says which, and
    /// the table's other features still read none of them.
    pub horizon: Option<DateExpr>,
}

/// Aggregations.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Agg {
    CountRows,
    CountValues(Column),
    CountDistinct(Column),
    Sum(Column),
    Min(Column),
    Max(Column),
    /// The value on the earliest row; ties on time go to the smallest value.
    First {
        value: Column,
        time: Column,
    },
    /// The value on the latest row; ties on time go to the largest value.
    Last {
        value: Column,
        time: Column,
    },
}

/// A column of the table in scope, or of one of its parents or lookups.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Column {
    pub name: String,
    pub ty: ScalarType,
    pub nullable: bool,
    /// `None` for a column of the table in scope. Inside a feature of a table of facts tables,
    /// the name of the parent table (one of `FeatureTable::parents`) whose row the column is read
    /// on: `orders` for `orders.channel` in a feature of `order_lines`, and for the time column
    /// `order_lines` inherits from `orders`. Or the name of a lookup (one of
    /// `FeatureTable::lookups`): `products` for `products.brand`.
    pub parent: Option<String>,
}

/// What a plan rule selects. A rule's name in SQL, in results and in reports is derived from its
/// id alone (`Display`), so no stage spells `x:control` or `lifecycle:active` itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RuleId {
    /// The members of a segment; for a segment with a holdout, its treatment group. Named after
    /// the segment.
    Segment(String),
    /// The control group held out of a segment, never exported for activation. Named
    /// `segment:control`.
    Control(String),
    /// The members in one stage of a segmentation. Named `segmentation:stage`.
    Stage { segmentation: String, stage: String },
    /// A group counted for a report (`seg report`: the people of one reason a channel cannot
    /// reach them, one cell of an RFM grid), never a segment: not materialized nor exported.
    /// Named `of:group`.
    Tally { of: String, group: String },
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleId::Segment(segment) => f.write_str(segment),
            RuleId::Control(segment) => write!(f, "{segment}:control"),
            RuleId::Stage {
                segmentation,
                stage,
            } => write!(f, "{segmentation}:{stage}"),
            RuleId::Tally { of, group } => write!(f, "{of}:{group}"),
        }
    }
}

/// One membership rule: a segment, a segment's control group, or a stage of a segmentation.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentRule {
    pub id: RuleId,
    pub docs: Option<String>,
    /// `file:line` of the declaration, for comments in generated SQL (the plan carries the text:
    /// emitters see no source files).
    pub location: String,
    /// The channels the segment is for; empty for analytics only. Their consent and suppression
    /// rules are already part of `cond`.
    pub channels: Vec<String>,
    pub cond: Cond,
    /// Named values proving each member's consent (latest grant, its source and basis), for
    /// exports.
    pub evidence: Vec<(String, Expr)>,
}

impl SegmentRule {
    /// The rule's name in SQL, results and reports: `x`, `x:control`, `lifecycle:active`.
    pub fn name(&self) -> String {
        self.id.to_string()
    }
}

/// A two-valued condition.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Cond {
    Const(bool),
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Not(Box<Cond>),
    /// False when either side is missing.
    Compare {
        op: CompareOp,
        left: Expr,
        right: Expr,
    },
    /// False when the value is missing, negated or not.
    InList {
        expr: Expr,
        items: Vec<Expr>,
        negated: bool,
    },
    IsNull(Expr),
    /// False when the value or pattern is missing.
    Text {
        test: TextTest,
        expr: Expr,
        pattern: Expr,
    },
    /// A boolean expression; missing counts as false.
    Truthy(Expr),
    /// The holdout bucket: the first 8 hex digits of `md5(salt + ":" + text of expr)` are below
    /// `threshold` (8 lowercase hex digits), compared as text.
    HashBelow {
        expr: Expr,
        salt: String,
        threshold: String,
    },
    /// The entity is a member of a referenced segment: `plan.referenced[i].cond` holds. Never
    /// unknown, like every condition.
    Referenced(ReferencedId),
    /// `plan.sequences[i]` holds for the entity. Never unknown.
    Sequence(SequenceId),
}

/// How `Cond::Compare` compares its sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompareOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CompareOp {
    /// The usual symbol: `=`, `!=`, `<`, `<=`, `>`, `>=`.
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

    /// The same test with its sides swapped: `a < b` is `b > a`.
    pub fn flipped(self) -> CompareOp {
        match self {
            CompareOp::Lt => CompareOp::Gt,
            CompareOp::Le => CompareOp::Ge,
            CompareOp::Gt => CompareOp::Lt,
            CompareOp::Ge => CompareOp::Le,
            CompareOp::Eq => CompareOp::Eq,
            CompareOp::Ne => CompareOp::Ne,
        }
    }
}

/// How `Cond::Text` tests a string against a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextTest {
    StartsWith,
    EndsWith,
    Contains,
    /// A LIKE-style pattern: `%` any run, `_` one character, `\` escapes.
    Matches,
}

/// A value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Expr {
    /// A column of the table in scope (the entity, or the facts table inside a feature).
    Column(Column),
    /// Feature `feature` of `plan.feature_tables[table]`, already defaulted when `empty` is set.
    Feature {
        table: usize,
        feature: usize,
    },
    Lit(Scalar),
    Date(DateExpr),
    /// The calendar day of a timestamp (a UTC instant) in the plan's time zone (UTC when it has
    /// none).
    DateOf(Box<Expr>),
    /// Whole days from a date to the evaluation date.
    DaysSince(Box<Expr>),
    /// Whole years from a date to the evaluation date (birthday reached or not).
    AgeYears(Box<Expr>),
    /// Whole days from the evaluation date to a date (negative for a past date).
    DaysUntil(Box<Expr>),
    /// A calendar part of a date, as a whole number.
    DatePart(DatePart, Box<Expr>),
    /// A function of a string.
    Text(TextFunc, Box<Expr>),
    /// The first day on or after the evaluation date with the date's month and day; 29 February
    /// falls on 1 March in years without it, the day `AgeYears` counts the birthday.
    Anniversary(Box<Expr>),
    Add(Box<Expr>, Box<Expr>),
    Sub(Box<Expr>, Box<Expr>),
    Mul(Box<Expr>, Box<Expr>),
    Neg(Box<Expr>),
    Abs(Box<Expr>),
    /// -1, 0 or 1 as the number is below, at or above zero.
    Sign(Box<Expr>),
    /// Rounded half away from zero to `digits` places after the point, exactly (a quotient
    /// too).
    Round(Box<Expr>, u32),
    /// The first operand, or the second where the first is missing.
    Otherwise(Box<Expr>, Box<Expr>),
    /// The smallest of the values (numbers, or dates, or timestamps); missing where any is.
    Least(Vec<Expr>),
    /// The largest of the values; missing where any is.
    Greatest(Vec<Expr>),
    /// Exact division; missing when the divisor is zero. A comparison with a quotient on a side
    /// is decided exactly: dialects cross-multiply (never compare engine-rounded quotients).
    Div(Box<Expr>, Box<Expr>),
    /// The whole quotient of two whole numbers, truncated toward zero; missing when the divisor
    /// is zero.
    IntDiv(Box<Expr>, Box<Expr>),
    /// A field of a score set; missing (or false) outside the population.
    Score {
        set: ScoreSetId,
        field: ScoreField,
    },
    /// The value of the first condition that holds, else `otherwise` (a segmentation's stage).
    Case {
        whens: Vec<(Cond, Expr)>,
        otherwise: Box<Expr>,
    },
}

/// A date computed from the evaluation date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateExpr {
    AsOf,
    /// `count units` before the evaluation date; months and years clamp to the month's end.
    Ago(i64, TimeUnit),
    /// `count units` after the evaluation date; months and years clamp to the month's end.
    Ahead(i64, TimeUnit),
}

impl Plan {
    /// The feature behind an `Expr::Feature`.
    pub fn feature(&self, table: usize, feature: usize) -> &Feature {
        &self.feature_tables[table].features[feature]
    }

    /// The helper rule behind a `Cond::Referenced`.
    pub fn referenced(&self, id: ReferencedId) -> &ReferencedRule {
        &self.referenced[id.0]
    }

    /// The sequence behind a `Cond::Sequence`.
    pub fn sequence(&self, id: SequenceId) -> &Sequence {
        &self.sequences[id.0]
    }

    /// The score set behind an `Expr::Score`.
    pub fn score_set(&self, id: ScoreSetId) -> &ScoreSet {
        &self.score_sets[id.0]
    }
}
