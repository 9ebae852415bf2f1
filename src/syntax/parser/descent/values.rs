//! Values: arithmetic, names, relative dates, functions, aggregates, model fields and literals.

use super::{Descent, Got};
use crate::source::Span;
use crate::syntax::ast::*;
use crate::syntax::parser::values::{arith_op, Arithmetic};

/// An operand as read: its leading `-`s, the value and where its last word ends.
struct Operand {
    negations: Vec<Span>,
    value: Value,
    end: u32,
}

impl Descent<'_> {
    /// `value`, without where it ends.
    pub(super) fn value(&mut self) -> Got<Value> {
        self.value_with_end().map(|(value, _)| value)
    }

    /// `value = { operand ~ (arith_op ~ operand)* }`, and where its last operand ends (the value's
    /// own rule goes on over the blanks after it).
    pub(super) fn value_with_end(&mut self) -> Got<(Value, u32)> {
        let first = self.operand()?;
        self.skip();
        let rest = self.many(|d| {
            let start = d.pos;
            let op = d.arith_op()?;
            let op_span = d.span_from(start);
            d.skip();
            Some((op, op_span, d.operand()?))
        });
        let mut end = first.end;
        if rest.is_empty() && first.negations.is_empty() {
            return Some((first.value, end));
        }
        let mut chain = Arithmetic::default();
        push_operand(&mut chain, first);
        for (op, op_span, operand) in rest {
            chain.operator(op, op_span);
            end = operand.end;
            push_operand(&mut chain, operand);
        }
        chain.finish().ok().map(|value| (value, end))
    }

    /// `arith_op = @{ "+" | "-" | "*" | "/" ~ !"/" | "otherwise" ~ word_end }`.
    fn arith_op(&mut self) -> Got<ArithOp> {
        let len = match self.peek()? {
            b'+' | b'-' | b'*' => 1,
            b'/' if self.peek_at(self.pos + 1) != Some(b'/') => 1,
            _ if self.word() == "otherwise" => "otherwise".len(),
            _ => return None,
        };
        let op = arith_op(&self.src[self.pos..self.pos + len]);
        self.pos += len;
        Some(op)
    }

    /// `operand = _{ negate* ~ primary }`, `negate = { "-" ~ !ASCII_DIGIT }` (blanks may come
    /// between the `-` and the test, and are part of the `-`).
    fn operand(&mut self) -> Got<Operand> {
        let negations = self.many(|d| {
            let start = d.pos;
            d.punct(b'-')?;
            d.skip();
            match d.peek() {
                Some(b) if b.is_ascii_digit() => None,
                _ => Some(d.span_from(start)),
            }
        });
        self.skip();
        let (value, end) = self.primary()?;
        Some(Operand {
            negations,
            value,
            end,
        })
    }

    /// `primary`, tried in the grammar's order; each alternative is only tried where its first
    /// word or symbol can start it. Returns the value and where the primary ends.
    fn primary(&mut self) -> Got<(Value, u32)> {
        let start = self.pos;
        let first = self.peek()?;
        if first == b'(' {
            // `paren = { "(" ~ value ~ ")" }`: the value inside, not the brackets.
            self.punct(b'(')?;
            self.skip();
            let inner = self.value()?;
            self.skip();
            self.punct(b')')?;
            return Some((inner, self.span_from(start).end));
        }
        let word = self.word();
        if is_func_word(word) {
            if let Some(kind) = self.attempt(|d| d.function(word)) {
                return Some(self.finished(start, kind));
            }
        }
        if !word.is_empty() && !super::lexemes::is_keyword(word) {
            let after = self.skip_from(self.pos + word.len());
            if self.peek_at(after) == Some(b'.') {
                if let Some(aggregate) = self.attempt(Descent::aggregate) {
                    let kind = ValueKind::Aggregate(Box::new(aggregate));
                    return Some(self.finished(start, kind));
                }
                if let Some(field) = self.attempt(Descent::model_field) {
                    return Some(self.finished(start, ValueKind::Field(Box::new(field))));
                }
            } else if is_unit(self.word_at(after)) {
                if let Some(kind) = self.attempt(Descent::ago) {
                    return Some(self.finished(start, kind));
                }
            }
            let name = self.ident()?;
            return Some(self.finished(start, ValueKind::Name(name)));
        }
        if first.is_ascii_digit() || first == b'-' {
            if let Some(kind) = self.attempt(Descent::ago) {
                return Some(self.finished(start, kind));
            }
        }
        let literal = self.literal()?;
        Some(self.finished(start, ValueKind::Literal(literal)))
    }

    /// A value that spans from `start` to the position.
    fn finished(&self, start: usize, kind: ValueKind) -> (Value, u32) {
        let span = self.span_from(start);
        (Value { kind, span }, span.end)
    }

    /// Where `skip` would stop, from `at`, without moving.
    fn skip_from(&mut self, at: usize) -> usize {
        let save = self.pos;
        self.pos = at;
        self.skip();
        let end = self.pos;
        self.pos = save;
        end
    }

    /// The function forms after a `func_word`: `days since`, `days until`, `age`, `year`…,
    /// `anniversary`, `lower`…, `abs`….
    fn function(&mut self, word: &str) -> Got<ValueKind> {
        self.pos += word.len();
        self.skip();
        if word == "days" {
            let until = match self.word() {
                "since" => false,
                "until" => true,
                _ => return None,
            };
            self.pos += 5;
            self.skip();
            let (inner, _) = self.primary()?;
            let inner = Box::new(inner);
            return Some(match until {
                true => ValueKind::DaysUntil(inner),
                false => ValueKind::DaysSince(inner),
            });
        }
        self.punct(b'(')?;
        self.skip();
        let first = self.value()?;
        self.skip();
        let call = |func: NumFunc, d: &mut Descent, first: Value| -> Got<ValueKind> {
            let mut args = vec![first];
            args.extend(d.many(|d| {
                d.punct(b',')?;
                d.skip();
                d.value()
            }));
            d.skip();
            d.punct(b')')?;
            Some(ValueKind::Call(func, args))
        };
        let one = |d: &mut Descent| d.punct(b')');
        let inner = Box::new(first);
        Some(match word {
            "abs" => return call(NumFunc::Abs, self, *inner),
            "round" => return call(NumFunc::Round, self, *inner),
            "least" => return call(NumFunc::Least, self, *inner),
            "greatest" => return call(NumFunc::Greatest, self, *inner),
            "age" => one(self).map(|()| ValueKind::Age(inner))?,
            "anniversary" => one(self).map(|()| ValueKind::Anniversary(inner))?,
            "year" => one(self).map(|()| ValueKind::DatePart(DatePart::Year, inner))?,
            "quarter" => one(self).map(|()| ValueKind::DatePart(DatePart::Quarter, inner))?,
            "month" => one(self).map(|()| ValueKind::DatePart(DatePart::Month, inner))?,
            "day" => one(self).map(|()| ValueKind::DatePart(DatePart::Day, inner))?,
            "weekday" => one(self).map(|()| ValueKind::DatePart(DatePart::Weekday, inner))?,
            "lower" => one(self).map(|()| ValueKind::Text(TextFunc::Lower, inner))?,
            "upper" => one(self).map(|()| ValueKind::Text(TextFunc::Upper, inner))?,
            "trim" => one(self).map(|()| ValueKind::Text(TextFunc::Trim, inner))?,
            _ => one(self).map(|()| ValueKind::Text(TextFunc::Length, inner))?,
        })
    }

    /// `ago = { count ~ unit ~ kw_ago }`.
    fn ago(&mut self) -> Got<ValueKind> {
        let (count, unit) = self.count_unit()?;
        self.skip();
        self.kw("ago")?;
        Some(ValueKind::Ago(count, unit))
    }

    /// `model_field = { ident ~ "." ~ ident }`.
    fn model_field(&mut self) -> Got<(Ident, Ident)> {
        let model = self.ident()?;
        self.skip();
        self.punct(b'.')?;
        self.skip();
        Some((model, self.ident()?))
    }

    /// `aggregate = { ident ~ "." ~ agg_func ~ "(" ~ (agg_arg ~ ("," ~ agg_arg)*)? ~ ")" }`.
    fn aggregate(&mut self) -> Got<Aggregate> {
        let facts = self.ident()?;
        self.skip();
        self.punct(b'.')?;
        self.skip();
        let func_start = self.pos;
        let word = self.word();
        let func = AggFunc::named(word)?;
        self.pos += word.len();
        let func_span = self.span_from(func_start);
        self.skip();
        self.punct(b'(')?;
        self.skip();
        let args = self
            .attempt(|d| {
                let mut args = vec![d.agg_arg()?];
                d.skip();
                args.extend(d.many(|d| {
                    d.punct(b',')?;
                    d.skip();
                    d.agg_arg()
                }));
                Some(args)
            })
            .unwrap_or_default();
        self.skip();
        self.punct(b')')?;
        Some(Aggregate {
            facts,
            func,
            func_span,
            args,
        })
    }

    /// `agg_arg = _{ row_filter | window_last | window_before | window_after | window_between |
    /// distinct_column | column_arg }`, each with its span up to its last word.
    pub(super) fn agg_arg(&mut self) -> Got<AggArg> {
        let start = self.pos;
        let word = self.word();
        let tight = |d: &Descent, end: u32| Span {
            end,
            ..d.span_from(start)
        };
        match word {
            "where" => {
                self.kw("where")?;
                self.skip();
                let cond = self.expr()?;
                Some(AggArg::Where(cond, self.span_from(start)))
            }
            "before" | "after" => {
                self.kw(word)?;
                self.skip();
                let (value, end) = self.value_with_end()?;
                let window = match word {
                    "before" => Window::Before(value),
                    _ => Window::After(value),
                };
                Some(AggArg::Window(window, tight(self, end)))
            }
            "between" => {
                self.kw("between")?;
                self.skip();
                let low = self.value()?;
                self.skip();
                self.kw("and")?;
                self.skip();
                let (high, end) = self.value_with_end()?;
                Some(AggArg::Window(Window::Between(low, high), tight(self, end)))
            }
            "distinct" => {
                let column = self.kw_then_ident("distinct")?;
                Some(AggArg::Distinct(column, self.span_from(start)))
            }
            "within" | "last" | "next" => {
                // `window_last = { kw_within? ~ kw_last ~ count ~ unit }`, `window_next` the same
                // with `next`; else a column named so.
                let window = self.attempt(|d| {
                    if d.kw("within").is_some() {
                        d.skip();
                    }
                    let next = match d.word() {
                        "last" => false,
                        "next" => true,
                        _ => return None,
                    };
                    d.pos += 4;
                    d.skip();
                    let (count, unit) = d.count_unit()?;
                    Some(match next {
                        false => Window::Last(count, unit),
                        true => Window::Next(count, unit),
                    })
                });
                match window {
                    Some(window) => Some(AggArg::Window(window, self.span_from(start))),
                    None => Some(AggArg::Column(self.ident()?)),
                }
            }
            _ => Some(AggArg::Column(self.ident()?)),
        }
    }
}

/// Adds a read operand to an arithmetic chain.
fn push_operand(chain: &mut Arithmetic, operand: Operand) {
    for negation in operand.negations {
        chain.negation(negation);
    }
    chain.operand(operand.value);
}

/// `func_word`: the words a function form starts with.
fn is_func_word(word: &str) -> bool {
    matches!(
        word,
        "days"
            | "day"
            | "age"
            | "year"
            | "quarter"
            | "month"
            | "weekday"
            | "anniversary"
            | "lower"
            | "upper"
            | "trim"
            | "length"
            | "abs"
            | "round"
            | "least"
            | "greatest"
    )
}

/// The words of `unit`.
fn is_unit(word: &str) -> bool {
    matches!(
        word,
        "day" | "days" | "week" | "weeks" | "month" | "months" | "year" | "years"
    )
}
