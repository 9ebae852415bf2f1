//! RFM and CLV declarations, and the `N units` both they and windows are written with.

use super::{Descent, Got};
use crate::source::Span;
use crate::syntax::ast::*;

impl Descent<'_> {
    /// `count = { int | ident }`.
    pub(super) fn count(&mut self) -> Got<Count> {
        let start = self.pos;
        if let Some((value, _)) = self.attempt(Descent::int) {
            return Some(Count {
                value,
                param: None,
                span: self.span_from(start),
            });
        }
        let name = self.ident()?;
        Some(Count {
            value: 0,
            param: Some(name.name),
            span: name.span,
        })
    }

    /// `unit = { kw_days | kw_day | kw_weeks | kw_week | kw_months | kw_month | kw_years | kw_year }`.
    pub(super) fn unit(&mut self) -> Got<TimeUnit> {
        let word = self.word();
        let unit = match word {
            "day" | "days" => TimeUnit::Days,
            "week" | "weeks" => TimeUnit::Weeks,
            "month" | "months" => TimeUnit::Months,
            "year" | "years" => TimeUnit::Years,
            _ => return None,
        };
        self.pos += word.len();
        Some(unit)
    }

    /// `count ~ unit`.
    pub(super) fn count_unit(&mut self) -> Got<(Count, TimeUnit)> {
        let count = self.count()?;
        self.skip();
        Some((count, self.unit()?))
    }

    /// `model_window = { kw_window ~ kw_last ~ count ~ unit }`.
    fn model_window(&mut self) -> Got<(Count, TimeUnit, Span)> {
        let start = self.kw("window")?;
        self.skip();
        self.kw("last")?;
        self.skip();
        let (count, unit) = self.count_unit()?;
        Some((count, unit, self.span_from(start)))
    }

    /// `kw_X ~ ident ~ kw_on ~ ident ~ kw_over ~ ident ~ "{"`: a model's name, entity and facts.
    fn model_head(&mut self, keyword: &str) -> Got<(Ident, Ident, Ident)> {
        let name = self.kw_then_ident(keyword)?;
        self.skip();
        let entity = self.kw_then_ident("on")?;
        self.skip();
        let facts = self.kw_then_ident("over")?;
        self.skip();
        self.punct(b'{')?;
        self.skip();
        Some((name, entity, facts))
    }

    /// `rfm_decl = { docs ~ kw_rfm ~ ident ~ kw_on ~ ident ~ kw_over ~ ident ~ "{" ~ rfm_entry* ~ "}" }`.
    pub(super) fn rfm_decl(&mut self, start: usize, docs: Option<String>) -> Got<RfmDecl> {
        let (name, entity, facts) = self.model_head("rfm")?;
        let mut decl = RfmDecl {
            docs,
            name,
            entity,
            facts,
            window: None,
            scores: None,
            metrics: Vec::new(),
            span: self.span_from(start),
        };
        // `rfm_entry = _{ model_window | rfm_scores | rfm_metric }`
        let _ = self.many(|d| {
            match d.word() {
                "window" => decl.window = Some(d.model_window()?),
                "scores" => {
                    let entry = d.kw("scores")?;
                    d.skip();
                    let (scores, _) = d.int()?;
                    decl.scores = Some((scores, d.span_from(entry)));
                }
                _ => decl.metrics.push(d.metric_decl()?),
            }
            Some(())
        });
        self.skip();
        self.punct(b'}')?;
        decl.span = self.span_from(start);
        Some(decl)
    }

    /// `rfm_metric = { metric_name ~ measure? ~ scoring? }`.
    fn metric_decl(&mut self) -> Got<MetricDecl> {
        let start = self.pos;
        let word = self.word();
        let metric = match word {
            "recency" => Metric::Recency,
            "frequency" => Metric::Frequency,
            "monetary" => Metric::Monetary,
            _ => return None,
        };
        self.pos += word.len();
        self.skip();
        // `measure = { (kw_sum | kw_avg) ~ "(" ~ ident ~ ")" }`
        let measure = self.attempt(|d| {
            let func = match d.word() {
                "sum" => AggFunc::Sum,
                "avg" => AggFunc::Avg,
                _ => return None,
            };
            d.pos += 3;
            d.skip();
            d.punct(b'(')?;
            d.skip();
            let column = d.ident()?;
            d.skip();
            d.punct(b')')?;
            Some((func, column))
        });
        self.skip();
        // `scoring = { kw_quantiles | kw_thresholds ~ "[" ~ (literal ~ ("," ~ literal)* ~ ","?)? ~ "]" }`
        let thresholds = self.attempt(|d| match d.word() {
            "quantiles" => {
                d.kw("quantiles")?;
                Some(None)
            }
            "thresholds" => {
                d.kw("thresholds")?;
                d.skip();
                d.punct(b'[')?;
                d.skip();
                Some(Some(d.bracketed(b']', Descent::literal)?))
            }
            _ => None,
        });
        Some(MetricDecl {
            metric,
            measure,
            thresholds: thresholds.flatten(),
            span: self.span_from(start),
        })
    }

    /// `clv_decl = { docs ~ kw_clv ~ ident ~ kw_on ~ ident ~ kw_over ~ ident ~ "{" ~ clv_entry* ~ "}" }`.
    pub(super) fn clv_decl(&mut self, start: usize, docs: Option<String>) -> Got<ClvDecl> {
        let (name, entity, facts) = self.model_head("clv")?;
        let mut decl = ClvDecl {
            docs,
            name,
            entity,
            facts,
            amount: None,
            window: None,
            margin: None,
            lifespan: None,
            span: self.span_from(start),
        };
        // `clv_entry = _{ model_window | clv_amount | clv_margin | clv_lifespan }`
        let _ = self.many(|d| {
            match d.word() {
                "window" => decl.window = Some(d.model_window()?),
                "amount" => decl.amount = Some(d.kw_then_ident("amount")?),
                "margin" => {
                    d.kw("margin")?;
                    d.skip();
                    decl.margin = Some(d.value()?);
                }
                "lifespan" => {
                    d.kw("lifespan")?;
                    d.skip();
                    decl.lifespan = Some(d.value()?);
                }
                _ => return None,
            }
            Some(())
        });
        self.skip();
        self.punct(b'}')?;
        decl.span = self.span_from(start);
        Some(decl)
    }
}
