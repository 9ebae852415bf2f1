//! Conditions: `or`, `and`, `not`, segment references and the tests applied to a value.

use super::{is_value_rule, missing_ident, Cx, Res, Rule};
use crate::source::Span;
use crate::syntax::ast::*;
use crate::syntax::errors::SyntaxError;
use pest::iterators::Pair;

impl Cx {
    /// Conditions joined by `or`.
    pub(super) fn expr(&self, pair: Pair<Rule>) -> Res<Cond> {
        let span = self.span(&pair);
        let mut parts = Vec::new();
        for p in pair.into_inner() {
            if p.as_rule() == Rule::and_expr {
                parts.push(self.and_expr(p)?);
            }
        }
        Ok(single_or(parts, span, Cond::Or))
    }

    /// Conditions joined by `and`.
    fn and_expr(&self, pair: Pair<Rule>) -> Res<Cond> {
        let span = self.span(&pair);
        let mut parts = Vec::new();
        for p in pair.into_inner() {
            if p.as_rule() == Rule::not_expr {
                parts.push(self.not_expr(p)?);
            }
        }
        Ok(single_or(parts, span, Cond::And))
    }

    /// A condition under any number of `not`s: a group, `in SEGMENT` or a predicate.
    fn not_expr(&self, pair: Pair<Rule>) -> Res<Cond> {
        let mut negations = Vec::new();
        let mut inner = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::negation => negations.push(self.span(&p)),
                Rule::group => {
                    if let Some(e) = p.into_inner().find(|x| x.as_rule() == Rule::expr) {
                        inner = Some(self.expr(e)?);
                    }
                }
                Rule::segment_ref => {
                    let span = self.span(&p);
                    if let Some(id) = p.into_inner().find(|x| x.as_rule() == Rule::ident) {
                        inner = Some(Cond::InSegment(self.ident(id), span));
                    }
                }
                _ => inner = Some(self.predicate(p)?),
            }
        }
        let Some(mut cond) = inner else {
            return Err(SyntaxError::Unexpected {
                span: negations.first().copied().unwrap_or_default(),
                expected: "a condition".into(),
                found: "nothing".into(),
                label: "a condition must follow".into(),
                help: "write a condition after `not`".into(),
            });
        };
        for neg in negations.into_iter().rev() {
            let span = neg.to(cond.span());
            cond = Cond::Not(Box::new(cond), span);
        }
        Ok(cond)
    }

    /// A value, alone (a bool) or followed by a test.
    fn predicate(&self, pair: Pair<Rule>) -> Res<Cond> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let value = match inner.next() {
            Some(v) => self.value(v)?,
            None => return Err(self.empty(span)),
        };
        let Some(test) = inner.next() else {
            return Ok(Cond::Bare(value));
        };
        // The predicate's own span ends with its last word: the grammar skips the blanks after
        // the test while looking for `ignoring case`.
        let mut end = self.tight_span(&test);
        let mut test = self.test(test)?;
        if let Some(ignoring) = inner.next() {
            end = self.span(&ignoring);
            test = Test::IgnoringCase(Box::new(test), end);
        }
        Ok(Cond::Test(
            value,
            test,
            Span {
                end: end.end,
                ..span
            },
        ))
    }

    /// The test after a value: a comparison, `in [...]`, `between`, `is missing`, `within last`...
    fn test(&self, pair: Pair<Rule>) -> Res<Test> {
        let rule = pair.as_rule();
        let span = self.tight_span(&pair);
        let parts: Vec<Pair<Rule>> = pair.into_inner().collect();
        let values = |cx: &Cx| -> Res<Vec<Value>> {
            parts
                .iter()
                .filter(|p| is_value_rule(p.as_rule()))
                .map(|p| cx.value(p.clone()))
                .collect()
        };
        Ok(match rule {
            Rule::compare => {
                let op_pair = parts.iter().find(|p| p.as_rule() == Rule::compare_op);
                let op = match op_pair.map(|p| p.as_str()) {
                    Some("=") => CompareOp::Eq,
                    Some("!=") => CompareOp::Ne,
                    Some("<") => CompareOp::Lt,
                    Some("<=") => CompareOp::Le,
                    Some(">") => CompareOp::Gt,
                    _ => CompareOp::Ge,
                };
                let op_span = op_pair.map(|p| self.span(p)).unwrap_or(span);
                Test::Compare(op, op_span, self.one(values(self)?, span)?)
            }
            Rule::in_list | Rule::not_in_list => {
                let mut items = Vec::new();
                for list in parts.iter().filter(|p| p.as_rule() == Rule::list) {
                    for v in list.clone().into_inner() {
                        items.push(self.value(v)?);
                    }
                }
                Test::InList {
                    negated: rule == Rule::not_in_list,
                    items,
                }
            }
            Rule::between => {
                let mut vs = values(self)?.into_iter();
                match (vs.next(), vs.next()) {
                    (Some(a), Some(b)) => Test::Between(a, b),
                    _ => return Err(self.empty(span)),
                }
            }
            Rule::is_missing => Test::IsMissing,
            Rule::is_present => Test::IsPresent,
            Rule::starts_with => Test::StartsWith(self.one(values(self)?, span)?),
            Rule::ends_with => Test::EndsWith(self.one(values(self)?, span)?),
            Rule::contains => Test::Contains(self.one(values(self)?, span)?),
            Rule::matches => Test::Matches(self.one(values(self)?, span)?),
            Rule::within_last | Rule::within_next => {
                let (count, unit) = self.count_unit(&parts, span)?;
                if rule == Rule::within_next {
                    Test::WithinNext(count, unit)
                } else {
                    Test::WithinLast(count, unit)
                }
            }
            Rule::before => Test::Before(self.one(values(self)?, span)?),
            Rule::followed_by => Test::FollowedBy(Box::new(self.followed_by(parts, span)?)),
            _ => Test::After(self.one(values(self)?, span)?),
        })
    }

    /// `[not] followed by FACTS[(ARGS)] within N UNIT`, from the children of `followed_by`.
    fn followed_by(&self, parts: Vec<Pair<Rule>>, span: Span) -> Res<FollowedBy> {
        let (within, unit) = self.count_unit(&parts, span)?;
        let mut negated = false;
        let mut facts = None;
        let mut args = Vec::new();
        for part in parts {
            match part.as_rule() {
                Rule::negation => negated = true,
                Rule::ident => facts = Some(self.ident(part)),
                Rule::step_args => {
                    for arg in part.into_inner() {
                        if arg.as_rule() == Rule::same_column {
                            let same_span = self.tight_span(&arg);
                            let mut names = arg
                                .into_inner()
                                .filter(|p| p.as_rule() == Rule::ident)
                                .map(|p| self.ident(p));
                            let column = names.next().unwrap_or_else(|| missing_ident(same_span));
                            args.push(StepArg::Same {
                                column,
                                first_column: names.next(),
                                span: same_span,
                            });
                        } else {
                            let mut one = Vec::new();
                            self.agg_arg(arg, &mut one)?;
                            args.extend(one.into_iter().map(StepArg::Arg));
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(FollowedBy {
            negated,
            facts: facts.unwrap_or_else(|| missing_ident(span)),
            args,
            within,
            unit,
        })
    }

    /// The first value of a test, or an error when the test has none.
    fn one(&self, values: Vec<Value>, span: Span) -> Res<Value> {
        values.into_iter().next().ok_or_else(|| self.empty(span))
    }

    /// The error for a test or window that lacks its value.
    pub(super) fn empty(&self, span: Span) -> SyntaxError {
        SyntaxError::Unexpected {
            span,
            expected: "a value".into(),
            found: "nothing".into(),
            label: "incomplete".into(),
            help: "complete the condition".into(),
        }
    }

    /// The `N units` among a pair's children, N written out or named by a parameter.
    pub(super) fn count_unit(&self, parts: &[Pair<Rule>], span: Span) -> Res<(Count, TimeUnit)> {
        let count = parts
            .iter()
            .find(|p| p.as_rule() == Rule::count)
            .and_then(|p| p.clone().into_inner().next())
            .ok_or_else(|| self.empty(span))?;
        let count = match count.as_rule() {
            Rule::int => Count {
                value: self.int(&count)?,
                param: None,
                span: self.span(&count),
            },
            _ => Count {
                value: 0,
                param: Some(count.as_str().to_string()),
                span: self.span(&count),
            },
        };
        let unit = match parts
            .iter()
            .find(|p| p.as_rule() == Rule::unit)
            .map(|p| p.as_str())
        {
            Some("day" | "days") => TimeUnit::Days,
            Some("week" | "weeks") => TimeUnit::Weeks,
            Some("month" | "months") => TimeUnit::Months,
            _ => TimeUnit::Years,
        };
        Ok((count, unit))
    }
}

fn single_or(mut parts: Vec<Cond>, span: Span, make: fn(Vec<Cond>, Span) -> Cond) -> Cond {
    if parts.len() == 1 {
        parts.remove(0)
    } else {
        make(parts, span)
    }
}
