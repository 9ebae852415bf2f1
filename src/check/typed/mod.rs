//! The checked program: every name resolved, every value typed. Code after the checker works on
//! these types only, so it can never meet an unresolved name.

use crate::source::{SourceMap, Span};
/// The language's own small enums, used as they are by the typed program.
pub use crate::syntax::ast::{AggFunc, CompareOp, DatePart, Metric, TextFunc, TimeUnit};
use crate::value::{Dataset, Date, Zone};

mod kpis;
mod links;
mod lookups;
mod models;
mod operands;
mod tables;
mod types;

pub use kpis::{CostSum, Kpi, KpiMeasure, Spend};
pub use links::{EntityLink, ParentLink, Reach};
pub use lookups::{Lookup, LookupId, Reference};
pub use models::{ClvModel, RfmField, RfmModel, Scoring};
pub use tables::{Column, ConsentColumns, ConsentSource, Costs, Entity, Facts, Suppression};

/// Index of an entity in [`Schema::entities`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityId(pub usize);
/// Index of a facts table in [`Schema::facts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FactsId(pub usize);
/// Index of a costs table in [`Schema::costs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CostsId(pub usize);
/// Index of a segment in [`Program::segments`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SegmentId(pub usize);
/// Index of a parameter in [`Program::params`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ParamId(pub usize);
/// Index of an RFM model in [`Program::rfm`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RfmId(pub usize);
/// Index of a CLV model in [`Program::clv`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClvId(pub usize);
/// Index of a trait in [`Program::traits`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TraitId(pub usize);

/// A whole checked project.
#[derive(Debug, Clone)]
pub struct Program {
    /// The files the program was checked from, so that every later stage can say where a
    /// declaration is (`sources.location(span)`) from the program alone.
    pub sources: SourceMap,
    pub schema: Schema,
    pub params: Vec<Param>,
    pub segments: Vec<Segment>,
    pub segmentations: Vec<Segmentation>,
    pub rfm: Vec<RfmModel>,
    pub clv: Vec<ClvModel>,
    /// Named values of entities, each after the traits it reads (otherwise in the order
    /// declared): a trait reads only those before it, and CLV models read traits too.
    pub traits: Vec<Trait>,
    /// Measures over the members of segments, in the order declared.
    pub kpis: Vec<Kpi>,
    pub tests: Vec<TestCase>,
}

impl Program {
    /// Finds a segment by name.
    pub fn segment(&self, name: &str) -> Option<SegmentId> {
        self.segments
            .iter()
            .position(|s| s.name == name)
            .map(SegmentId)
    }
}

/// The declared data.
#[derive(Debug, Clone, Default)]
pub struct Schema {
    pub entities: Vec<Entity>,
    pub facts: Vec<Facts>,
    pub consents: Vec<ConsentSource>,
    pub suppressions: Vec<Suppression>,
    /// Dimension tables, and the facts columns that reference them.
    pub lookups: Vec<Lookup>,
    pub references: Vec<Reference>,
    /// Spend per day by channel or campaign, read by KPIs' spends.
    pub costs: Vec<Costs>,
    /// The declared `time zone`: the calendar in which timestamps have their day and "today"
    /// is read. `None` is UTC.
    pub time_zone: Option<Zone>,
}

impl Schema {
    /// The entity behind an id.
    pub fn entity(&self, id: EntityId) -> &Entity {
        &self.entities[id.0]
    }

    /// The facts table behind an id.
    pub fn facts(&self, id: FactsId) -> &Facts {
        &self.facts[id.0]
    }

    /// The costs table behind an id.
    pub fn costs(&self, id: CostsId) -> &Costs {
        &self.costs[id.0]
    }

    /// The costs table declared as `name`.
    pub fn costs_named(&self, name: &str) -> Option<CostsId> {
        self.costs.iter().position(|c| c.name == name).map(CostsId)
    }

    /// Every declared table by declared name, with its physical path and columns: entities, then
    /// facts, consents, suppressions, lookups and costs tables, each in declaration order.
    pub fn declared_tables(&self) -> Vec<(&str, &TablePath, &[Column])> {
        let mut out: Vec<(&str, &TablePath, &[Column])> = Vec::new();
        out.extend(
            self.entities
                .iter()
                .map(|e| (e.name.as_str(), &e.table, e.columns.as_slice())),
        );
        out.extend(
            self.declared_facts()
                .map(|f| (f.name.as_str(), &f.table, f.columns.as_slice())),
        );
        out.extend(
            self.consents
                .iter()
                .map(|c| (c.name.as_str(), &c.table, c.columns.as_slice())),
        );
        out.extend(
            self.suppressions
                .iter()
                .map(|c| (c.name.as_str(), &c.table, c.columns.as_slice())),
        );
        out.extend(
            self.lookups
                .iter()
                .map(|l| (l.name.as_str(), &l.table, l.columns.as_slice())),
        );
        out.extend(
            self.costs
                .iter()
                .map(|c| (c.name.as_str(), &c.table, c.columns.as_slice())),
        );
        out
    }

    /// The columns `ValueKind::Column` indexes into within `scope`.
    pub fn columns(&self, scope: Scope) -> &[Column] {
        match scope {
            Scope::Entity(e) => &self.entity(e).columns,
            Scope::Facts(f) => &self.facts(f).columns,
            Scope::Costs(c) => &self.costs(c).columns,
        }
    }
}

/// The table a `ValueKind::Column` index refers to: the entity in a segment's criteria, or a facts
/// table inside an aggregate. The checker resolves names in a scope, and every later stage reads
/// the indexes back in the same one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Entity(EntityId),
    Facts(FactsId),
    /// A row of a costs table, inside the `where` of a KPI spend's sum over it.
    Costs(CostsId),
}

/// A physical table name, split into its dotted parts (`analytics`, `dim_customers`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TablePath(pub Vec<String>);

/// A column type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    String,
    Int,
    Decimal { precision: u32, scale: u32 },
    Bool,
    Date,
    Timestamp,
    Enum(Vec<String>),
}

/// `channel email` on a segment: members need a valid consent for the channel at the evaluation
/// date, on one of the accepted legal bases, and must not be suppressed.
#[derive(Debug, Clone)]
pub struct ChannelRule {
    pub channel: String,
    /// Accepted legal bases; `["consent"]` unless the segment says otherwise.
    pub bases: Vec<String>,
    pub source: ConsentRef,
}

/// `holdout P%`: members whose bucket — the first 8 hex digits of the MD5 of `"salt:key"` — is
/// below `threshold` form the control group; the same people on every engine and every run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holdout {
    /// The percentage as written (`10`, `2.5`).
    pub percent: String,
    /// The segment's name unless a salt is given.
    pub salt: String,
    /// `floor(P / 100 * 2^32)` as 8 lowercase hex digits.
    pub threshold: String,
}

/// Where a channel's consent is recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsentRef {
    /// `schema.consents[i]`.
    Log(usize),
    /// `entity.consent_columns[i]` of the segment's entity.
    Columns(usize),
}

/// A literal value of the language.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Lit {
    Int(i64),
    /// Exact decimal digits, normalised (`12.50`, `-3.1`).
    Decimal(String),
    String(String),
    Bool(bool),
    Date(Date),
}

/// A declared parameter with the value in force (its default or a `--param` override).
#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub ty: Type,
    pub value: Lit,
    pub docs: Option<String>,
    pub span: Span,
}

/// A checked segment.
#[derive(Debug, Clone)]
pub struct Segment {
    pub name: String,
    pub docs: Option<String>,
    pub owner: Option<String>,
    pub tags: Vec<String>,
    pub entity: EntityId,
    /// Channels the segment is meant for; empty for an analytics-only segment.
    pub channels: Vec<ChannelRule>,
    /// A deterministic control group kept out of the activation.
    pub holdout: Option<Holdout>,
    /// `None` selects every entity.
    pub criteria: Option<Cond>,
    /// The source text of each top-level `and` part of the criteria, for explanations.
    pub criteria_parts: Vec<String>,
    /// The whole declaration, from its first doc line: `sources.location(decl_span)` is where
    /// SQL comments, explanations and reports say it is.
    pub decl_span: Span,
    /// The name, for diagnostics.
    pub span: Span,
}

/// Exclusive stages of an entity: tried in order, the first that holds wins, the last is
/// `otherwise`, so every entity is in exactly one stage.
#[derive(Debug, Clone)]
pub struct Segmentation {
    pub name: String,
    pub docs: Option<String>,
    pub entity: EntityId,
    /// For a `grid` segmentation, the RFM model whose scores the stages partition.
    pub grid: Option<RfmId>,
    pub stages: Vec<Stage>,
    /// The whole declaration, from its first doc line: `sources.location(decl_span)` is where
    /// SQL comments, explanations and reports say it is.
    pub decl_span: Span,
    /// The name, for diagnostics.
    pub span: Span,
}

/// One stage of a segmentation.
#[derive(Debug, Clone)]
pub struct Stage {
    pub name: String,
    pub docs: Option<String>,
    /// `None` for `otherwise`.
    pub when: Option<Cond>,
}

impl Segmentation {
    /// The stage names, in order.
    pub fn stage_names(&self) -> Vec<String> {
        self.stages.iter().map(|s| s.name.clone()).collect()
    }
}

/// `trait name on entity = value`: a value of each entity of `entity`, named once.
#[derive(Debug, Clone)]
pub struct Trait {
    pub name: String,
    pub docs: Option<String>,
    pub entity: EntityId,
    /// Over the entity's columns; it never reads a segment or a segmentation.
    pub value: Value,
    /// The whole declaration, from its first doc line.
    pub decl_span: Span,
}

/// A typed condition.
#[derive(Debug, Clone)]
pub enum Cond {
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Not(Box<Cond>),
    InSegment(SegmentId),
    /// A boolean value on its own.
    Bool(Value),
    Compare {
        op: CompareOp,
        left: Value,
        right: Value,
    },
    InList {
        value: Value,
        items: Vec<Value>,
        negated: bool,
    },
    Between {
        value: Value,
        low: Value,
        high: Value,
    },
    IsMissing(Value),
    IsPresent(Value),
    Text {
        test: TextTest,
        value: Value,
        pattern: Value,
    },
    /// `value within last n unit`.
    WithinLast {
        value: Value,
        count: i64,
        unit: TimeUnit,
    },
    /// `value within next n unit`: from the evaluation date on, `n` units in all.
    WithinNext {
        value: Value,
        count: i64,
        unit: TimeUnit,
    },
    /// `value before bound`: on or before the bound's day.
    Before {
        value: Value,
        bound: Value,
    },
    /// `value after bound`: strictly after the bound's day.
    After {
        value: Value,
        bound: Value,
    },
    /// `FIRST.any(…) [not] followed by THEN(…) within N units`.
    Sequence(Box<Sequence>),
}

/// A checked sequence: some row of `first` (an `any`) that a row of `then` follows, or that
/// none follows (`followed` false), within `within` of its time.
#[derive(Debug, Clone)]
pub struct Sequence {
    /// The first step: an `any` over its facts table, with its `where` and window.
    pub first: Aggregate,
    /// The second step, as an `any` over its facts table with its own `where` and window.
    pub then: Aggregate,
    /// `(first column, then column)` pairs the two rows must hold equal values in.
    pub same: Vec<(usize, usize)>,
    /// The bound, in whole days (weeks are 7 days).
    pub within_days: i64,
    /// `followed by` (true) or `not followed by` (false).
    pub followed: bool,
    /// The sequence as written, for comments in generated SQL.
    pub source: String,
}

/// String tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextTest {
    StartsWith,
    EndsWith,
    Contains,
    /// A LIKE-style pattern: `%` any run, `_` one character, `\` escapes.
    Matches,
}

/// A typed value.
#[derive(Debug, Clone)]
pub struct Value {
    pub kind: ValueKind,
    pub ty: Type,
    /// Whether the value can be missing (SQL NULL).
    pub nullable: bool,
    pub span: Span,
}

/// The kinds of typed value.
#[derive(Debug, Clone)]
pub enum ValueKind {
    /// A column of the table in [`Scope`]: the entity in a segment, the facts table inside an
    /// aggregate.
    Column(usize),
    /// `orders.channel` inside an aggregate over `order_lines`: column `column` of `facts`, an
    /// ancestor of the aggregated table, read on the parent row of each aggregated row.
    ParentColumn {
        facts: FactsId,
        column: usize,
    },
    /// `accounts.region` on a segment of contacts: column `column` of `entity`, the entity the
    /// scope's entity belongs to, read on the row its link column names. Always nullable: a
    /// contact without an account, or whose account is not there, reads every column as missing.
    LinkedColumn {
        entity: EntityId,
        column: usize,
    },
    /// `products.brand` inside an aggregate over `order_lines`: column `column` of `lookup`, read
    /// on the lookup row whose key column `reference` of `via` (the aggregated table or one of its
    /// parents) holds. Always nullable: a reference to no row, or to a key on several rows, reads
    /// every column as missing.
    LookupColumn {
        lookup: LookupId,
        column: usize,
        via: FactsId,
        reference: usize,
    },
    Param(ParamId),
    Literal(Lit),
    /// `n unit ago`.
    Ago(i64, TimeUnit),
    DaysSince(Box<Value>),
    DaysUntil(Box<Value>),
    Age(Box<Value>),
    /// A calendar part of a date or timestamp (a timestamp's day is its day in the project's
    /// time zone).
    DatePart(DatePart, Box<Value>),
    /// The next anniversary of a date, on or after the evaluation date.
    Anniversary(Box<Value>),
    /// A function of a string or enum value.
    Text(TextFunc, Box<Value>),
    Aggregate(Box<Aggregate>),
    /// The stage of the entity in `program.segmentations[i]`, an enum of the stage names.
    Segmentation(usize),
    /// A field of an RFM model.
    Rfm {
        model: RfmId,
        field: RfmField,
    },
    /// The lifetime value of a CLV model.
    Clv(ClvId),
    /// `left op right` over numbers; a quotient is exact, and missing where the divisor is 0.
    Arith(NumOp, Box<Value>, Box<Value>),
    /// `-x`.
    Negate(Box<Value>),
    /// `value otherwise default`: the value, or the default where the value is missing.
    Otherwise(Box<Value>, Box<Value>),
    Abs(Box<Value>),
    /// Rounded half away from zero to `digits` places after the point.
    Round(Box<Value>, u32),
    /// The smallest of two or more values of one kind; missing where any is.
    Least(Vec<Value>),
    /// The largest of two or more values of one kind; missing where any is.
    Greatest(Vec<Value>),
    /// The value of a trait of the scope's entity.
    Trait(TraitId),
}

/// The operators of arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumOp {
    Add,
    Sub,
    Mul,
    Div,
}

/// A typed aggregate over a facts table.
#[derive(Debug, Clone)]
pub struct Aggregate {
    pub facts: FactsId,
    pub func: AggFunc,
    pub column: Option<usize>,
    pub distinct: bool,
    /// The row filter, over the facts table's columns.
    pub filter: Option<Cond>,
    pub window: Option<Window>,
    /// The aggregate as written, for comments in generated SQL.
    pub source: String,
}

/// A typed time window. Bounds are constants: dates, `n unit ago`, or parameters.
#[derive(Debug, Clone)]
pub enum Window {
    Last(i64, TimeUnit),
    /// The days after the evaluation date, up to `n unit` after it; only in a KPI's measure.
    Next(i64, TimeUnit),
    Before(Value),
    After(Value),
    Between(Value, Value),
}

/// A checked `test` block: rows per table, the segment under test and its expected members.
#[derive(Debug, Clone)]
pub struct TestCase {
    pub name: String,
    pub segment: SegmentId,
    pub as_of: Date,
    /// Every declared table, with the rows the test gives (possibly none).
    pub data: Dataset,
    /// Keys of the expected members, as text.
    pub expect: std::collections::BTreeSet<String>,
    /// The whole declaration, from its first doc line, for `sources.location`.
    pub decl_span: Span,
}
