//! Marketing models: `rfm` (recency, frequency and monetary scores) and `clv` (lifetime value).

use super::{AggFunc, Count, Ident, Literal, TimeUnit, Value};
use crate::source::Span;

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
