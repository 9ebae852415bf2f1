//! RFM and CLV declarations: `rfm value on customers over orders { ... }` and
//! `clv lifetime on customers over orders { ... }`.

use super::{is_value_rule, missing_ident, Cx, Res, Rule};
use crate::source::Span;
use crate::syntax::ast::*;
use pest::iterators::Pair;

impl Cx {
    /// `window last 730 days` in a model.
    pub(super) fn model_window(&self, pair: Pair<Rule>) -> Res<(Count, TimeUnit, Span)> {
        let span = self.span(&pair);
        let parts: Vec<Pair<Rule>> = pair.into_inner().collect();
        let (count, unit) = self.count_unit(&parts, span)?;
        Ok((count, unit, span))
    }

    pub(super) fn rfm_decl(&self, pair: Pair<Rule>) -> Res<RfmDecl> {
        let span = self.span(&pair);
        let (mut docs, mut idents, mut window, mut scores, mut metrics) =
            (None, Vec::new(), None, None, Vec::new());
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::docs => docs = self.docs(p),
                Rule::ident => idents.push(self.ident(p)),
                Rule::model_window => window = Some(self.model_window(p)?),
                Rule::rfm_scores => {
                    let pspan = self.span(&p);
                    if let Some(k) = p.into_inner().find(|x| x.as_rule() == Rule::int) {
                        scores = Some((self.int(&k)?, pspan));
                    }
                }
                Rule::rfm_metric => metrics.push(self.metric_decl(p)?),
                _ => {}
            }
        }
        let mut idents = idents.into_iter();
        Ok(RfmDecl {
            docs,
            name: idents.next().unwrap_or_else(|| missing_ident(span)),
            entity: idents.next().unwrap_or_else(|| missing_ident(span)),
            facts: idents.next().unwrap_or_else(|| missing_ident(span)),
            window,
            scores,
            metrics,
            span,
        })
    }

    fn metric_decl(&self, pair: Pair<Rule>) -> Res<MetricDecl> {
        let span = self.span(&pair);
        let (mut metric, mut measure, mut thresholds) = (Metric::Recency, None, None);
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::metric_name => {
                    metric = match p.as_str() {
                        "recency" => Metric::Recency,
                        "frequency" => Metric::Frequency,
                        _ => Metric::Monetary,
                    }
                }
                Rule::measure => {
                    let mut func = AggFunc::Sum;
                    let mut column = None;
                    for x in p.into_inner() {
                        match x.as_rule() {
                            Rule::kw_avg => func = AggFunc::Avg,
                            Rule::ident => column = Some(self.ident(x)),
                            _ => {}
                        }
                    }
                    measure = Some((func, column.unwrap_or_else(|| missing_ident(span))));
                }
                Rule::scoring => {
                    let mut values = Vec::new();
                    let mut listed = false;
                    for x in p.into_inner() {
                        match x.as_rule() {
                            Rule::kw_thresholds => listed = true,
                            Rule::kw_quantiles => {}
                            _ => values.push(self.literal(x)?),
                        }
                    }
                    thresholds = listed.then_some(values);
                }
                _ => {}
            }
        }
        Ok(MetricDecl {
            metric,
            measure,
            thresholds,
            span,
        })
    }

    pub(super) fn clv_decl(&self, pair: Pair<Rule>) -> Res<ClvDecl> {
        let span = self.span(&pair);
        let mut decl = ClvDecl {
            docs: None,
            name: missing_ident(span),
            entity: missing_ident(span),
            facts: missing_ident(span),
            amount: None,
            window: None,
            margin: None,
            lifespan: None,
            span,
        };
        let mut idents = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::docs => decl.docs = self.docs(p),
                Rule::ident => idents.push(self.ident(p)),
                Rule::model_window => decl.window = Some(self.model_window(p)?),
                Rule::clv_amount => {
                    decl.amount = p
                        .into_inner()
                        .find(|x| x.as_rule() == Rule::ident)
                        .map(|x| self.ident(x))
                }
                Rule::clv_margin => {
                    if let Some(v) = p.into_inner().find(|x| is_value_rule(x.as_rule())) {
                        decl.margin = Some(self.value(v)?);
                    }
                }
                Rule::clv_lifespan => {
                    if let Some(v) = p.into_inner().find(|x| is_value_rule(x.as_rule())) {
                        decl.lifespan = Some(self.value(v)?);
                    }
                }
                _ => {}
            }
        }
        let mut idents = idents.into_iter();
        decl.name = idents.next().unwrap_or_else(|| missing_ident(span));
        decl.entity = idents.next().unwrap_or_else(|| missing_ident(span));
        decl.facts = idents.next().unwrap_or_else(|| missing_ident(span));
        Ok(decl)
    }
}
