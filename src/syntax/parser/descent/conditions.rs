//! Conditions: `or`, `and`, `not`, segment references and the tests applied to a value.

use super::{Descent, Got};
use crate::source::Span;
use crate::syntax::ast::*;

impl Descent<'_> {
    /// `expr = { and_expr ~ (kw_or ~ and_expr)* }`.
    pub(super) fn expr(&mut self) -> Got<Cond> {
        let start = self.pos;
        let first = self.and_expr()?;
        self.skip();
        let rest = self.many(|d| {
            d.kw("or")?;
            d.skip();
            d.and_expr()
        });
        Some(self.joined(start, first, rest, Cond::Or))
    }

    /// `and_expr = { not_expr ~ (kw_and ~ not_expr)* }`.
    fn and_expr(&mut self) -> Got<Cond> {
        let start = self.pos;
        let first = self.not_expr()?;
        self.skip();
        let rest = self.many(|d| {
            d.kw("and")?;
            d.skip();
            d.not_expr()
        });
        Some(self.joined(start, first, rest, Cond::And))
    }

    /// One condition, or several joined by `make` over the span from `start`.
    fn joined(
        &self,
        start: usize,
        first: Cond,
        rest: Vec<Cond>,
        make: fn(Vec<Cond>, Span) -> Cond,
    ) -> Cond {
        if rest.is_empty() {
            return first;
        }
        let mut parts = Vec::with_capacity(rest.len() + 1);
        parts.push(first);
        parts.extend(rest);
        make(parts, self.span_from(start))
    }

    /// `not_expr = { negation* ~ (segment_ref | predicate | group) }`.
    fn not_expr(&mut self) -> Got<Cond> {
        let negations = self.many(|d| d.kw_span("not"));
        self.skip();
        let mut cond = match self.peek()? {
            // No value starts with `in`, and no predicate with `(` that is no bracketed value.
            _ if self.word() == "in" => {
                let start = self.kw("in")?;
                self.skip();
                let segment = self.ident()?;
                Cond::InSegment(segment, self.span_from(start))
            }
            b'(' => match self.attempt(Descent::predicate) {
                Some(predicate) => predicate,
                None => {
                    // `group = { "(" ~ expr ~ ")" }`
                    self.punct(b'(')?;
                    self.skip();
                    let inner = self.expr()?;
                    self.skip();
                    self.punct(b')')?;
                    inner
                }
            },
            _ => self.predicate()?,
        };
        for negation in negations.into_iter().rev() {
            let span = negation.to(cond.span());
            cond = Cond::Not(Box::new(cond), span);
        }
        Some(cond)
    }

    /// `predicate = { value ~ (test ~ ignoring_case?)? }`: a test's span ends with its last word.
    fn predicate(&mut self) -> Got<Cond> {
        let start = self.pos;
        let value = self.value()?;
        self.skip();
        let tested = self.attempt(|d| {
            let (test, end) = d.test()?;
            d.skip();
            // `ignoring_case = { kw_ignoring ~ kw_case }`
            let ignoring = d.attempt(|d| {
                let from = d.kw("ignoring")?;
                d.skip();
                d.kw("case")?;
                Some(d.span_from(from))
            });
            Some(match ignoring {
                Some(span) => (Test::IgnoringCase(Box::new(test), span), span.end),
                None => (test, end),
            })
        });
        Some(match tested {
            None => Cond::Bare(value),
            Some((test, end)) => {
                let span = Span {
                    end,
                    ..self.span_from(start)
                };
                Cond::Test(value, test, span)
            }
        })
    }

    /// `kw ~ value`: a test's keyword and its value, with where the value's last word ends.
    fn kw_value(&mut self, keyword: &str) -> Got<(Value, u32)> {
        self.kw(keyword)?;
        self.skip();
        self.value_with_end()
    }

    /// One `test`, chosen by its first word or symbol (the alternatives all start differently),
    /// with the end of its last word.
    fn test(&mut self) -> Got<(Test, u32)> {
        if let Some(op) = self.compare_op() {
            let op_start = self.pos;
            self.pos += op.symbol().len();
            let op_span = self.span_from(op_start);
            self.skip();
            let (value, end) = self.value_with_end()?;
            return Some((Test::Compare(op, op_span, value), end));
        }
        let word = self.word();
        if matches!(word, "not" | "followed") {
            if let Some(found) = self.attempt(Descent::followed_by) {
                return Some(found);
            }
        }
        Some(match word {
            "in" | "not" => {
                let negated = word == "not";
                if negated {
                    self.kw("not")?;
                    self.skip();
                }
                self.kw("in")?;
                self.skip();
                let items = self.list()?;
                let end = self.span_from(self.pos).end;
                (Test::InList { negated, items }, end)
            }
            "between" => {
                let (low, _) = self.kw_value("between")?;
                self.skip();
                let (high, end) = self.kw_value("and")?;
                (Test::Between(low, high), end)
            }
            "is" => {
                self.kw("is")?;
                self.skip();
                let test = match self.word() {
                    "missing" => Test::IsMissing,
                    "present" => Test::IsPresent,
                    _ => return None,
                };
                let end = self.kw_span(self.word())?.end;
                (test, end)
            }
            "starts" | "ends" => {
                self.kw(word)?;
                self.skip();
                let (value, end) = self.kw_value("with")?;
                match word {
                    "starts" => (Test::StartsWith(value), end),
                    _ => (Test::EndsWith(value), end),
                }
            }
            "contains" => {
                let (value, end) = self.kw_value("contains")?;
                (Test::Contains(value), end)
            }
            "matches" => {
                let (value, end) = self.kw_value("matches")?;
                (Test::Matches(value), end)
            }
            "within" => {
                self.kw("within")?;
                self.skip();
                let next = match self.word() {
                    "last" => false,
                    "next" => true,
                    _ => return None,
                };
                self.pos += 4;
                self.skip();
                let (count, unit) = self.count_unit()?;
                let end = self.span_from(self.pos).end;
                match next {
                    true => (Test::WithinNext(count, unit), end),
                    false => (Test::WithinLast(count, unit), end),
                }
            }
            "before" => {
                let (value, end) = self.kw_value("before")?;
                (Test::Before(value), end)
            }
            "after" => {
                let (value, end) = self.kw_value("after")?;
                (Test::After(value), end)
            }
            _ => return None,
        })
    }

    /// `followed_by = { negation? ~ kw_followed ~ kw_by ~ ident ~ step_args? ~ kw_within ~ count
    /// ~ unit }`, with the end of its unit.
    fn followed_by(&mut self) -> Got<(Test, u32)> {
        let negated = self.kw("not").is_some();
        if negated {
            self.skip();
        }
        self.kw("followed")?;
        self.skip();
        self.kw("by")?;
        self.skip();
        let facts = self.ident()?;
        self.skip();
        let args = match self.peek() {
            Some(b'(') => self.step_args()?,
            _ => Vec::new(),
        };
        self.skip();
        self.kw("within")?;
        self.skip();
        let (within, unit) = self.count_unit()?;
        let end = self.span_from(self.pos).end;
        let step = FollowedBy {
            negated,
            facts,
            args,
            within,
            unit,
        };
        Some((Test::FollowedBy(Box::new(step)), end))
    }

    /// `step_args = { "(" ~ (step_arg ~ ("," ~ step_arg)*)? ~ ")" }`.
    fn step_args(&mut self) -> Got<Vec<StepArg>> {
        self.punct(b'(')?;
        self.skip();
        let args = self
            .attempt(|d| {
                let mut args = vec![d.step_arg()?];
                d.skip();
                args.extend(d.many(|d| {
                    d.punct(b',')?;
                    d.skip();
                    d.step_arg()
                }));
                Some(args)
            })
            .unwrap_or_default();
        self.skip();
        self.punct(b')')?;
        Some(args)
    }

    /// `step_arg = _{ row_filter | window_last | window_before | window_after | window_between |
    /// same_column }`; `same_column = { kw_same ~ ident ~ (kw_as ~ ident)? }` spans up to its
    /// last name.
    fn step_arg(&mut self) -> Got<StepArg> {
        if self.word() == "same" {
            let start = self.pos;
            self.kw("same")?;
            self.skip();
            let column = self.ident()?;
            let first_column = self.attempt(|d| {
                d.skip();
                d.kw("as")?;
                d.skip();
                d.ident()
            });
            let end = first_column.as_ref().unwrap_or(&column).span.end;
            let span = Span {
                end,
                ..self.span_from(start)
            };
            return Some(StepArg::Same {
                column,
                first_column,
                span,
            });
        }
        match self.agg_arg()? {
            arg @ (AggArg::Where(..) | AggArg::Window(..)) => Some(StepArg::Arg(arg)),
            AggArg::Column(_) | AggArg::Distinct(..) => None,
        }
    }

    /// `compare_op = { "<=" | ">=" | "!=" | "=" | "<" | ">" }` at the position.
    fn compare_op(&self) -> Option<CompareOp> {
        let next = self.peek_at(self.pos + 1);
        Some(match (self.peek()?, next) {
            (b'<', Some(b'=')) => CompareOp::Le,
            (b'>', Some(b'=')) => CompareOp::Ge,
            (b'!', Some(b'=')) => CompareOp::Ne,
            (b'=', _) => CompareOp::Eq,
            (b'<', _) => CompareOp::Lt,
            (b'>', _) => CompareOp::Gt,
            _ => return None,
        })
    }

    /// `list = { "[" ~ (value ~ ("," ~ value)* ~ ","?)? ~ "]" }`.
    fn list(&mut self) -> Got<Vec<Value>> {
        self.punct(b'[')?;
        self.skip();
        self.bracketed(b']', Descent::value)
    }
}
