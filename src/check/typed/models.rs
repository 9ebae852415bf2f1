//! The checked marketing models: RFM scores and historic customer lifetime value, and the fields
//! of an RFM model that criteria read.

use super::{AggFunc, EntityId, FactsId, Lit, Metric, TimeUnit, Value};
use crate::source::Span;

/// `rfm value on customers over orders { ... }`: scores 1..k of recency, frequency and monetary
/// value over the entities with at least one facts row in the window.
#[derive(Debug, Clone)]
pub struct RfmModel {
    pub name: String,
    pub docs: Option<String>,
    pub entity: EntityId,
    pub facts: FactsId,
    /// `None`: all rows up to the evaluation date.
    pub window: Option<(i64, TimeUnit)>,
    /// The best score; scores run 1..=k.
    pub k: u32,
    /// Sum or average of `monetary_column`.
    pub monetary: AggFunc,
    pub monetary_column: usize,
    /// How recency, frequency and monetary value (in that order) become scores.
    pub scoring: [Scoring; 3],
    /// The whole declaration, from its first doc line: `sources.location(decl_span)` is where
    /// SQL comments, explanations and reports say it is.
    pub decl_span: Span,
    /// The name, for diagnostics.
    pub span: Span,
}

/// How a measure becomes a score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scoring {
    /// `1 + floor(k * (rank - 1) / n)`, rank counted from the worst value (ties share a rank).
    Quantiles,
    /// `k - 1` ascending bounds; the better side of each bound includes it.
    Thresholds(Vec<Lit>),
}

/// `clv lifetime on customers over orders { ... }`: average order value x purchases per year x
/// margin x expected lifespan in years, from the facts in the window.
#[derive(Debug, Clone)]
pub struct ClvModel {
    pub name: String,
    pub docs: Option<String>,
    pub entity: EntityId,
    pub facts: FactsId,
    pub amount_column: usize,
    pub window: (i64, TimeUnit),
    /// A literal, a parameter, a numeric column of the entity or one of its traits.
    pub margin: Value,
    pub lifespan: Value,
    /// The whole declaration, from its first doc line: `sources.location(decl_span)` is where
    /// SQL comments, explanations and reports say it is.
    pub decl_span: Span,
    /// The name, for diagnostics.
    pub span: Span,
}

impl ClvModel {
    /// The years of the window as the fraction `n / per_year` (`last 18 months` is 18 / 12):
    /// the lifetime value is `sum × margin × lifespan × per_year / n`, one division by a whole
    /// number.
    pub fn years(&self) -> (i64, i64) {
        let (n, unit) = self.window;
        let per_year = match unit {
            TimeUnit::Days => 365,
            TimeUnit::Weeks => 52,
            TimeUnit::Months => 12,
            TimeUnit::Years => 1,
        };
        (n, per_year)
    }
}

/// The fields of an RFM model usable in criteria (`value.r`, `value.code`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RfmField {
    /// The score 1..k of a measure.
    Score(Metric),
    /// The measure itself: days since the last row, rows, sum or average amount.
    Measure(Metric),
    /// The scores written one after the other, recency first (`"545"`).
    Code,
    /// Whether the entity has a row in the window, i.e. has scores.
    Scored,
}

impl RfmField {
    /// Every field, with its name.
    pub const ALL: [(&'static str, RfmField); 8] = [
        ("r", RfmField::Score(Metric::Recency)),
        ("f", RfmField::Score(Metric::Frequency)),
        ("m", RfmField::Score(Metric::Monetary)),
        ("code", RfmField::Code),
        ("recency", RfmField::Measure(Metric::Recency)),
        ("frequency", RfmField::Measure(Metric::Frequency)),
        ("monetary", RfmField::Measure(Metric::Monetary)),
        ("scored", RfmField::Scored),
    ];

    /// The name as written after the dot.
    pub fn name(self) -> &'static str {
        RfmField::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map(|(n, _)| *n)
            .unwrap_or("")
    }
}
