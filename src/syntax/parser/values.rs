//! Values: names, relative dates, derived values, aggregates, model fields and literals.

use super::{is_value_rule, missing_ident, Cx, Res, Rule};
use crate::source::Span;
use crate::syntax::ast::*;
use crate::syntax::errors::SyntaxError;
use crate::value::Date;
use pest::iterators::Pair;

impl Cx {
    /// A value: a name, a relative date, a derived value, an aggregate, a model field or a literal.
    pub(super) fn value(&self, pair: Pair<Rule>) -> Res<Value> {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::value => return self.arithmetic(pair),
            Rule::paren => {
                let inner = pair.into_inner().next().ok_or_else(|| self.empty(span))?;
                return self.value(inner);
            }
            Rule::num_func => {
                let mut children = pair.into_inner();
                let func = match children.next().map(|p| p.as_str()) {
                    Some("abs") => NumFunc::Abs,
                    Some("round") => NumFunc::Round,
                    Some("least") => NumFunc::Least,
                    _ => NumFunc::Greatest,
                };
                let args = children.map(|p| self.value(p)).collect::<Res<Vec<_>>>()?;
                ValueKind::Call(func, args)
            }
            Rule::name => {
                let id = pair
                    .into_inner()
                    .next()
                    .map(|p| self.ident(p))
                    .unwrap_or_else(|| missing_ident(span));
                ValueKind::Name(id)
            }
            Rule::ago => {
                let parts: Vec<Pair<Rule>> = pair.into_inner().collect();
                let (count, unit) = self.count_unit(&parts, span)?;
                ValueKind::Ago(count, unit)
            }
            Rule::days_since | Rule::days_until | Rule::age | Rule::anniversary => {
                let rule = pair.as_rule();
                let inner = pair
                    .into_inner()
                    .find(|p| is_value_rule(p.as_rule()))
                    .ok_or_else(|| self.empty(span))?;
                let v = Box::new(self.value(inner)?);
                match rule {
                    Rule::age => ValueKind::Age(v),
                    Rule::days_until => ValueKind::DaysUntil(v),
                    Rule::anniversary => ValueKind::Anniversary(v),
                    _ => ValueKind::DaysSince(v),
                }
            }
            Rule::text_func => {
                let (name, inner) = self.function_call(pair, span)?;
                let func = match name {
                    "upper" => TextFunc::Upper,
                    "trim" => TextFunc::Trim,
                    "length" => TextFunc::Length,
                    _ => TextFunc::Lower,
                };
                ValueKind::Text(func, Box::new(inner))
            }
            Rule::date_part => {
                let (name, inner) = self.function_call(pair, span)?;
                let part = match name {
                    "quarter" => DatePart::Quarter,
                    "month" => DatePart::Month,
                    "day" => DatePart::Day,
                    "weekday" => DatePart::Weekday,
                    _ => DatePart::Year,
                };
                ValueKind::DatePart(part, Box::new(inner))
            }
            Rule::aggregate => ValueKind::Aggregate(Box::new(self.aggregate(pair)?)),
            Rule::model_field => {
                let mut idents = pair.into_inner().map(|p| self.ident(p));
                let model = idents.next().unwrap_or_else(|| missing_ident(span));
                let field = idents.next().unwrap_or_else(|| missing_ident(span));
                ValueKind::Field(Box::new((model, field)))
            }
            _ => ValueKind::Literal(self.literal(pair)?),
        };
        Ok(Value { kind, span })
    }

    /// Operands joined by operators, each operand after its leading `-`s, as [`Arithmetic`]
    /// orders them.
    fn arithmetic(&self, pair: Pair<Rule>) -> Res<Value> {
        let mut chain = Arithmetic::default();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::negate => chain.negation(self.span(&p)),
                Rule::arith_op => chain.operator(arith_op(p.as_str()), self.span(&p)),
                _ => chain.operand(self.value(p)?),
            }
        }
        chain.finish().map_err(|span| {
            self.empty(span.unwrap_or(Span::new(self.file, self.offset, self.offset)))
        })
    }

    /// `name(value)`: the function's name as written (its first child) and its argument.
    fn function_call<'i>(&self, pair: Pair<'i, Rule>, span: Span) -> Res<(&'i str, Value)> {
        let mut children = pair.into_inner();
        let name = children.next().map(|p| p.as_str()).unwrap_or_default();
        let inner = children
            .find(|p| is_value_rule(p.as_rule()))
            .ok_or_else(|| self.empty(span))?;
        Ok((name, self.value(inner)?))
    }

    /// `facts.func(column, distinct column, where ..., window)`.
    fn aggregate(&self, pair: Pair<Rule>) -> Res<Aggregate> {
        let span = self.span(&pair);
        let mut facts = None;
        let mut func = (AggFunc::Count, span);
        let mut args = Vec::new();
        for p in pair.into_inner() {
            let pspan = self.tight_span(&p);
            match p.as_rule() {
                Rule::ident => facts = Some(self.ident(p)),
                Rule::agg_func => {
                    let f = AggFunc::named(p.as_str()).unwrap_or(AggFunc::Last);
                    func = (f, pspan);
                }
                _ => self.agg_arg(p, &mut args)?,
            }
        }
        Ok(Aggregate {
            facts: facts.unwrap_or_else(|| missing_ident(span)),
            func: func.0,
            func_span: func.1,
            args,
        })
    }

    /// One argument of an aggregate (or of a sequence's second step), pushed onto `args`: a
    /// column, `distinct column`, `where …` or a window; other pairs push nothing.
    pub(super) fn agg_arg(&self, p: Pair<Rule>, args: &mut Vec<AggArg>) -> Res<()> {
        let pspan = self.tight_span(&p);
        match p.as_rule() {
            Rule::column_arg => {
                if let Some(id) = p.into_inner().next() {
                    args.push(AggArg::Column(self.ident(id)));
                }
            }
            Rule::distinct_column => {
                if let Some(id) = p.into_inner().find(|x| x.as_rule() == Rule::ident) {
                    args.push(AggArg::Distinct(self.ident(id), pspan));
                }
            }
            Rule::row_filter => {
                if let Some(e) = p.into_inner().find(|x| x.as_rule() == Rule::expr) {
                    args.push(AggArg::Where(self.expr(e)?, pspan));
                }
            }
            Rule::window_last => {
                let parts: Vec<Pair<Rule>> = p.into_inner().collect();
                let (count, unit) = self.count_unit(&parts, pspan)?;
                args.push(AggArg::Window(Window::Last(count, unit), pspan));
            }
            Rule::window_next => {
                let parts: Vec<Pair<Rule>> = p.into_inner().collect();
                let (count, unit) = self.count_unit(&parts, pspan)?;
                args.push(AggArg::Window(Window::Next(count, unit), pspan));
            }
            Rule::window_before | Rule::window_after | Rule::window_between => {
                let rule = p.as_rule();
                let mut vs = Vec::new();
                for v in p.into_inner().filter(|x| is_value_rule(x.as_rule())) {
                    vs.push(self.value(v)?);
                }
                let mut vs = vs.into_iter();
                let first = vs.next().ok_or_else(|| self.empty(pspan))?;
                let window = match rule {
                    Rule::window_before => Window::Before(first),
                    Rule::window_after => Window::After(first),
                    _ => Window::Between(first, vs.next().ok_or_else(|| self.empty(pspan))?),
                };
                args.push(AggArg::Window(window, pspan));
            }
            _ => {}
        }
        Ok(())
    }

    /// A number, date, bool or string as written.
    pub(super) fn literal(&self, pair: Pair<Rule>) -> Res<Literal> {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::int => LiteralKind::Int(self.int(&pair)?),
            Rule::decimal => LiteralKind::Decimal(pair.as_str().to_string()),
            Rule::date => match Date::parse(pair.as_str()) {
                Some(d) => LiteralKind::Date(d),
                None => {
                    return Err(SyntaxError::InvalidDate {
                        span,
                        text: pair.as_str().to_string(),
                    })
                }
            },
            Rule::boolean => LiteralKind::Bool(pair.as_str().starts_with('t')),
            _ => LiteralKind::String(self.string(pair)?.value),
        };
        Ok(Literal { kind, span })
    }

    /// A whole number, or E0002 when it does not fit in 64 bits.
    pub(super) fn int(&self, pair: &Pair<Rule>) -> Res<i64> {
        pair.as_str()
            .parse::<i64>()
            .map_err(|_| SyntaxError::NumberTooLarge {
                span: self.span(pair),
                text: pair.as_str().to_string(),
            })
    }

    /// A string literal with its escapes resolved, or E0004 at an unknown escape.
    pub(super) fn string(&self, pair: Pair<Rule>) -> Res<StringLit> {
        let span = self.span(&pair);
        let (raw, raw_start) = pair
            .into_inner()
            .next()
            .map(|p| (p.as_str(), p.as_span().start()))
            .unwrap_or(("", 0));
        match unescape(raw) {
            Ok(value) => Ok(StringLit { value, span }),
            Err(bad) => {
                let start = self.offset + raw_start + bad.start;
                Err(SyntaxError::InvalidEscape {
                    span: Span::new(self.file, start, start + bad.text.len()),
                    text: bad.text,
                })
            }
        }
    }
}

/// An escape that `unescape` does not know: where it starts in the raw text, and as written.
pub(super) struct UnknownEscape {
    pub(super) start: usize,
    pub(super) text: String,
}

/// The text of a string literal between its quotes, with `\"`, `\\`, `\n` and `\t` resolved.
pub(super) fn unescape(raw: &str) -> Result<String, UnknownEscape> {
    let mut value = String::with_capacity(raw.len());
    let mut chars = raw.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            value.push(c);
            continue;
        }
        match chars.next() {
            Some((_, '"')) => value.push('"'),
            Some((_, '\\')) => value.push('\\'),
            Some((_, 'n')) => value.push('\n'),
            Some((_, 't')) => value.push('\t'),
            Some((_, other)) => {
                return Err(UnknownEscape {
                    start: i,
                    text: format!("\\{other}"),
                })
            }
            None => value.push('\\'),
        }
    }
    Ok(value)
}

/// The operator `arith_op` matched.
pub(super) fn arith_op(text: &str) -> ArithOp {
    match text {
        "+" => ArithOp::Add,
        "-" => ArithOp::Sub,
        "*" => ArithOp::Mul,
        "/" => ArithOp::Div,
        _ => ArithOp::Otherwise,
    }
}

/// A chain of operands and operators, read left to right, ordered by how tightly the operators
/// bind and left to right within a level, without recursion (a long chain is a deep tree, which
/// the nesting limit bounds: every operator counts as a level).
#[derive(Default)]
pub(super) struct Arithmetic {
    operands: Vec<Value>,
    operators: Vec<(ArithOp, Span)>,
    /// The `-`s before the operand to come.
    negations: Vec<Span>,
}

impl Arithmetic {
    /// A leading `-` of the next operand.
    pub(super) fn negation(&mut self, span: Span) {
        self.negations.push(span);
    }

    /// An operator between the last operand and the next.
    pub(super) fn operator(&mut self, op: ArithOp, span: Span) {
        while self
            .operators
            .last()
            .is_some_and(|(top, _)| top.binding() >= op.binding())
        {
            reduce(&mut self.operands, &mut self.operators);
        }
        self.operators.push((op, span));
    }

    /// An operand, after the negations read since the last operator.
    pub(super) fn operand(&mut self, mut operand: Value) {
        // `- - x` is `-(-x)`: two levels at most, so a run of signs cannot nest deep.
        let levels = match self.negations.len() {
            0 => 0,
            n if n % 2 == 1 => 1,
            _ => 2,
        };
        if let Some(first) = self.negations.first().copied() {
            for _ in 0..levels {
                let span = first.to(operand.span);
                operand = Value {
                    kind: ValueKind::Negate(Box::new(operand)),
                    span,
                };
            }
        }
        self.negations.clear();
        self.operands.push(operand);
    }

    /// The whole value; `Err` with the first operand's span (if any) when operands are missing.
    pub(super) fn finish(mut self) -> Result<Value, Option<Span>> {
        while !self.operators.is_empty() {
            reduce(&mut self.operands, &mut self.operators);
        }
        let span = self.operands.first().map(|v| v.span);
        match self.operands.pop() {
            Some(v) if self.operands.is_empty() => Ok(v),
            _ => Err(span),
        }
    }
}

/// Applies the last operator to the last two operands.
fn reduce(operands: &mut Vec<Value>, operators: &mut Vec<(ArithOp, Span)>) {
    let Some((op, op_span)) = operators.pop() else {
        return;
    };
    let (Some(right), Some(left)) = (operands.pop(), operands.pop()) else {
        return;
    };
    let span = left.span.to(right.span);
    operands.push(Value {
        kind: ValueKind::Binary(Box::new(Binary {
            op,
            op_span,
            left,
            right,
        })),
        span,
    });
}
