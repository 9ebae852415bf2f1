//! Values, written on one line: arithmetic with the brackets its binding needs, functions,
//! aggregates and their arguments, relative dates, names and literals (as written).

use super::Printer;
use crate::syntax::ast::{AggArg, Aggregate, Binary, Count, TimeUnit, Value, ValueKind, Window};

impl Printer<'_> {
    /// A value on one line.
    pub(super) fn value(&self, v: &Value) -> String {
        match &v.kind {
            ValueKind::Name(name) => name.name.clone(),
            ValueKind::Literal(literal) => self.slice(literal.span),
            ValueKind::Ago(count, unit) => format!("{} ago", self.count_unit(count, *unit)),
            ValueKind::DaysSince(inner) => format!("days since {}", self.primary(inner)),
            ValueKind::DaysUntil(inner) => format!("days until {}", self.primary(inner)),
            ValueKind::Age(inner) => format!("age({})", self.value(inner)),
            ValueKind::DatePart(part, inner) => format!("{}({})", part.name(), self.value(inner)),
            ValueKind::Anniversary(inner) => format!("anniversary({})", self.value(inner)),
            ValueKind::Text(func, inner) => format!("{}({})", func.name(), self.value(inner)),
            ValueKind::Aggregate(aggregate) => self.aggregate(aggregate),
            ValueKind::Field(field) => format!("{}.{}", field.0.name, field.1.name),
            ValueKind::Binary(binary) => self.binary(binary),
            ValueKind::Negate(inner) => self.negate(inner),
            ValueKind::Call(func, args) => {
                let args: Vec<String> = args.iter().map(|a| self.value(a)).collect();
                format!("{}({})", func.name(), args.join(", "))
            }
        }
    }

    /// `left op right`, each side bracketed when it binds looser than the operator (on the
    /// right, as loose: operators of one level apply from left to right), or when it is
    /// arithmetic written in brackets.
    fn binary(&self, b: &Binary) -> String {
        let binding = b.op.binding();
        let side = |v: &Value, than: u8| match binding_of(v) {
            Some(inner) if inner < than || self.in_brackets(v.span.start, v.span.end) => {
                format!("({})", self.value(v))
            }
            Some(_) | None => self.value(v),
        };
        let left = side(&b.left, binding);
        let right = side(&b.right, binding + 1);
        format!("{left} {} {right}", b.op.symbol())
    }

    /// `-x`; bracketed when `x` is arithmetic or starts like a number (`-(5)` is no literal
    /// `-5`, `-(30 days ago)` no count of -30).
    fn negate(&self, inner: &Value) -> String {
        let text = self.value(inner);
        let bare = binding_of(inner).is_none()
            && !text.starts_with(|c: char| c.is_ascii_digit() || c == '-');
        match bare {
            true => format!("-{text}"),
            false => format!("-({text})"),
        }
    }

    /// The operand of `days since` and `days until`: a primary, so arithmetic and `-x` are
    /// bracketed.
    fn primary(&self, v: &Value) -> String {
        match v.kind {
            ValueKind::Binary(_) | ValueKind::Negate(_) => format!("({})", self.value(v)),
            ValueKind::Name(_)
            | ValueKind::Literal(_)
            | ValueKind::Ago(..)
            | ValueKind::DaysSince(_)
            | ValueKind::DaysUntil(_)
            | ValueKind::Age(_)
            | ValueKind::DatePart(..)
            | ValueKind::Anniversary(_)
            | ValueKind::Text(..)
            | ValueKind::Aggregate(_)
            | ValueKind::Field(_)
            | ValueKind::Call(..) => self.value(v),
        }
    }

    /// `orders.sum(amount, where …, last 365 days)`.
    fn aggregate(&self, a: &Aggregate) -> String {
        let args: Vec<String> = a.args.iter().map(|arg| self.agg_arg(arg)).collect();
        format!("{}.{}({})", a.facts.name, a.func.name(), args.join(", "))
    }

    pub(super) fn agg_arg(&self, arg: &AggArg) -> String {
        match arg {
            AggArg::Column(column) => column.name.clone(),
            AggArg::Distinct(column, _) => format!("distinct {}", column.name),
            AggArg::Where(cond, _) => format!("where {}", self.cond(cond)),
            AggArg::Window(window, span) => self.window(window, span.start as usize),
        }
    }

    /// A window of an aggregate; `within last` stays so when written so.
    fn window(&self, w: &Window, start: usize) -> String {
        match w {
            Window::Last(count, unit) => {
                let within = self.word_at(start) == "within";
                let last = format!("last {}", self.count_unit(count, *unit));
                match within {
                    true => format!("within {last}"),
                    false => last,
                }
            }
            Window::Next(count, unit) => {
                let next = format!("next {}", self.count_unit(count, *unit));
                match self.word_at(start) == "within" {
                    true => format!("within {next}"),
                    false => next,
                }
            }
            Window::Before(v) => format!("before {}", self.value(v)),
            Window::After(v) => format!("after {}", self.value(v)),
            Window::Between(low, high) => {
                format!("between {} and {}", self.value(low), self.value(high))
            }
        }
    }

    /// `30 days`: the count and the unit's word as written (`1 day` stays singular).
    pub(super) fn count_unit(&self, count: &Count, unit: TimeUnit) -> String {
        let number = self.slice(count.span);
        let written = self
            .lexed
            .after(count.span.end as usize)
            .and_then(|(s, e)| self.src.get(s..e))
            .filter(|w| unit_of(w) == Some(unit));
        format!("{number} {}", written.unwrap_or(unit.word()))
    }
}

/// How tightly an arithmetic value's operator binds; `None` for a value that is no operation.
fn binding_of(v: &Value) -> Option<u8> {
    match &v.kind {
        ValueKind::Binary(b) => Some(b.op.binding()),
        ValueKind::Name(_)
        | ValueKind::Literal(_)
        | ValueKind::Ago(..)
        | ValueKind::DaysSince(_)
        | ValueKind::DaysUntil(_)
        | ValueKind::Age(_)
        | ValueKind::DatePart(..)
        | ValueKind::Anniversary(_)
        | ValueKind::Text(..)
        | ValueKind::Aggregate(_)
        | ValueKind::Field(_)
        | ValueKind::Negate(_)
        | ValueKind::Call(..) => None,
    }
}

/// The unit a word names.
fn unit_of(word: &str) -> Option<TimeUnit> {
    Some(match word {
        "day" | "days" => TimeUnit::Days,
        "week" | "weeks" => TimeUnit::Weeks,
        "month" | "months" => TimeUnit::Months,
        "year" | "years" => TimeUnit::Years,
        _ => return None,
    })
}
