//! Values in words: columns, parameters, literals, relative dates, aggregates and their windows.

use crate::check::typed::{
    AggFunc, Aggregate, Column, DatePart, EntityId, Facts, Lit, Metric, NumOp, RfmField, RfmId,
    Scope, TextFunc, TimeUnit, Type, Value, ValueKind, Window,
};

use super::words::singular;
use super::Explainer;

impl Explainer<'_> {
    /// `accounts.region` on a contact. Out of line: `value` recurses as deep as values nest.
    #[inline(never)]
    fn owner_column(&self, entity: EntityId, column: usize) -> String {
        let owner = self.program.schema.entity(entity);
        let one = singular(&owner.name).unwrap_or_else(|| format!("`{}` row", owner.name));
        format!(
            "`{}` of their {one} (missing when they have none)",
            owner.columns[column].name
        )
    }

    pub(super) fn value(&self, value: &Value, scope: Scope) -> String {
        match &value.kind {
            ValueKind::Column(i) => format!("`{}`", self.column(scope, *i).name),
            ValueKind::ParentColumn { facts, column } => {
                let parent = self.program.schema.facts(*facts);
                format!("`{}` of its `{}` row", parent.columns[*column].name, parent.name)
            }
            ValueKind::LinkedColumn { entity, column } => self.owner_column(*entity, *column),
            ValueKind::LookupColumn {
                lookup,
                column,
                via,
                reference,
            } => {
                let schema = &self.program.schema;
                let (lookup, holder_id) = (schema.lookup(*lookup), *via);
                let via = schema.facts(holder_id);
                let holder = match scope {
                    Scope::Facts(f) if f != holder_id => format!("its `{}` row's", via.name),
                    _ => "its".to_string(),
                };
                format!(
                    "`{}` of the `{}` row {holder} `{}` names (missing when it names no single row)",
                    lookup.columns[*column].name,
                    lookup.name,
                    via.columns[*reference].name
                )
            }
            ValueKind::Segmentation(i) => {
                let seg = &self.program.segmentations[*i];
                format!(
                    "their stage in segmentation {} (the first of {} that holds)",
                    seg.name,
                    seg.stage_names().join(", ")
                )
            }
            ValueKind::Param(id) => {
                let p = &self.program.params[id.0];
                format!("{} (parameter {})", literal(&p.value), p.name)
            }
            ValueKind::Literal(lit) => literal(lit),
            ValueKind::Ago(n, unit) => format!("{} before the evaluation date", amount(*n, *unit)),
            ValueKind::DaysSince(x) => format!("the number of days since {}", self.value(x, scope)),
            ValueKind::Age(x) => format!("the age in whole years from {}", self.value(x, scope)),
            ValueKind::DaysUntil(x) => format!(
                "the number of days from the evaluation date until {} (negative once past)",
                self.value(x, scope)
            ),
            ValueKind::DatePart(part, x) => {
                let part = match part {
                    DatePart::Year => "the year",
                    DatePart::Quarter => "the quarter (1 to 4)",
                    DatePart::Month => "the month (1 to 12)",
                    DatePart::Day => "the day of the month",
                    DatePart::Weekday => "the day of the week (Monday 1 to Sunday 7)",
                };
                format!("{part} of {}", self.value(x, scope))
            }
            ValueKind::Text(func, x) => {
                // A literal is shown mapped, as the plan computes it.
                if let ValueKind::Literal(Lit::String(text)) = &x.kind {
                    match func {
                        TextFunc::Lower => return literal(&Lit::String(text.to_ascii_lowercase())),
                        TextFunc::Upper => return literal(&Lit::String(text.to_ascii_uppercase())),
                        _ => {}
                    }
                }
                let x = self.value(x, scope);
                match func {
                    TextFunc::Lower => format!("{x} in lower case (letters A to Z only)"),
                    TextFunc::Upper => format!("{x} in upper case (letters a to z only)"),
                    TextFunc::Trim => format!("{x} without spaces at either end"),
                    TextFunc::Length => format!("the number of characters of {x}"),
                }
            }
            ValueKind::Anniversary(x) => format!(
                "the next anniversary of {} on or after the evaluation date (29 February on 1 March in other years)",
                self.value(x, scope)
            ),
            ValueKind::Aggregate(a) => self.aggregate(a),
            ValueKind::Arith(op, a, b) => {
                let (a, b) = (self.operand(a, scope), self.operand(b, scope));
                match op {
                    NumOp::Add => format!("{a} plus {b}"),
                    NumOp::Sub => format!("{a} minus {b}"),
                    NumOp::Mul => format!("{a} times {b}"),
                    NumOp::Div => format!("{a} divided by {b} (exact; missing where {b} is 0)"),
                }
            }
            ValueKind::Negate(x) => format!("minus {}", self.operand(x, scope)),
            ValueKind::Trait(id) => {
                let t = &self.program.traits[id.0];
                format!("their {} ({})", t.name, self.value(&t.value, scope))
            }
            ValueKind::Abs(x) => format!("the absolute value of {}", self.value(x, scope)),
            ValueKind::Round(x, digits) => {
                let places = match digits {
                    0 => "a whole number".to_string(),
                    1 => "1 digit after the point".to_string(),
                    n => format!("{n} digits after the point"),
                };
                format!(
                    "{} rounded to {places} (halves away from zero)",
                    self.operand(x, scope)
                )
            }
            ValueKind::Otherwise(x, default) => format!(
                "{}, or {} where that is missing",
                self.operand(x, scope),
                self.operand(default, scope)
            ),
            ValueKind::Least(values) | ValueKind::Greatest(values) => {
                let words: Vec<String> = values.iter().map(|v| self.value(v, scope)).collect();
                let (last, rest) = words.split_last().map_or(("", &[][..]), |(l, r)| (l.as_str(), r));
                let which = match value.kind {
                    ValueKind::Least(_) => "smallest",
                    _ => "largest",
                };
                format!(
                    "the {which} of {} and {last} (missing where any is)",
                    rest.join(", ")
                )
            }
            ValueKind::Rfm { model, field } => self.rfm_field(*model, *field),
            ValueKind::Clv(i) => {
                let m = &self.program.clv[i.0];
                let facts = self.program.schema.facts(m.facts);
                let (n, unit) = m.window;
                format!(
                    "their lifetime value {} (the sum of `{}` of their {} in the last {}, per year, times a margin of {}, times a lifespan of {} years)",
                    m.name,
                    facts.columns[m.amount_column].name,
                    facts.name,
                    amount(n, unit),
                    self.value(&m.margin, Scope::Entity(m.entity)),
                    self.value(&m.lifespan, Scope::Entity(m.entity))
                )
            }
        }
    }

    /// A value inside arithmetic, in brackets when it is arithmetic itself, so that the words
    /// keep the order of operations.
    fn operand(&self, value: &Value, scope: Scope) -> String {
        let words = self.value(value, scope);
        match value.kind {
            ValueKind::Arith(..) | ValueKind::Otherwise(..) => format!("({words})"),
            _ => words,
        }
    }

    /// `value.r`, `value.code`, ... in words.
    fn rfm_field(&self, model: RfmId, field: RfmField) -> String {
        let m = &self.program.rfm[model.0];
        let facts = self.program.schema.facts(m.facts);
        let window = match m.window {
            Some((n, unit)) => format!("in the last {}", amount(n, unit)),
            None => "up to the evaluation date".to_string(),
        };
        let measure = |metric: Metric| match metric {
            Metric::Recency => format!("the days since their last row of {}", facts.name),
            Metric::Frequency => format!("their number of {} {window}", facts.name),
            Metric::Monetary => format!(
                "the {} `{}` of their {} {window}",
                if m.monetary == AggFunc::Avg {
                    "average"
                } else {
                    "total"
                },
                facts.columns[m.monetary_column].name,
                facts.name
            ),
        };
        match field {
            RfmField::Score(metric) => format!(
                "their {} score 1..{} in RFM model {} (from {}; missing without {} {window})",
                metric.word(),
                m.k,
                m.name,
                measure(metric),
                facts.name
            ),
            RfmField::Measure(metric) => format!(
                "{} (RFM model {}; missing without {} {window})",
                measure(metric),
                m.name,
                facts.name
            ),
            RfmField::Code => format!(
                "their RFM code in model {} (recency, frequency and monetary scores as digits, such as \"{}\")",
                m.name,
                [m.k, m.k.saturating_sub(1), m.k].map(|d| d.to_string()).concat()
            ),
            RfmField::Scored => format!(
                "whether they have scores in RFM model {} (at least one row of {} {window})",
                m.name, facts.name
            ),
        }
    }

    /// Column indexes come from the checker, which resolved them against this very table.
    fn column(&self, scope: Scope, index: usize) -> &Column {
        &self.program.schema.columns(scope)[index]
    }

    fn aggregate(&self, a: &Aggregate) -> String {
        let facts = self.program.schema.facts(a.facts);
        let Some(c) = a.column else {
            // Only `count` goes without a column (E0211 otherwise).
            return format!("the number of {}", self.rows(a, ""));
        };
        let col = &facts.columns[c];
        let name = format!("`{}`", col.name);
        match a.func {
            AggFunc::Count if a.distinct => {
                format!(
                    "the number of distinct {name} values of {}",
                    self.rows(a, "")
                )
            }
            AggFunc::Count => format!(
                "the number of {}",
                self.rows(a, &format!(" with {name} present"))
            ),
            AggFunc::Sum => format!("the sum of {name} of {}", self.rows(a, "")),
            AggFunc::Avg => format!("the average {name} of {}", self.rows(a, "")),
            AggFunc::Min | AggFunc::Max => {
                format!(
                    "the {} {name} of {}",
                    extreme(a.func, &col.ty),
                    self.rows(a, "")
                )
            }
            AggFunc::First | AggFunc::Last => self.first_last(a, facts, c),
            // The checker gives quantifiers no column (E0233); as a value, one reads as its test.
            AggFunc::Any | AggFunc::All | AggFunc::None => self.quantifier(a, false),
        }
    }

    /// `first(x)` / `last(x)`: the value on the earliest / latest row where `x` is present.
    fn first_last(&self, a: &Aggregate, facts: &Facts, c: usize) -> String {
        let col = &facts.columns[c];
        let which = match a.func {
            AggFunc::First => "first",
            _ => "last",
        };
        let is_time = facts.time_column == Some(c);
        let what = match (is_time, &col.ty) {
            (true, Type::Date) => "the date".to_string(),
            (true, _) => "the time".to_string(),
            (false, _) => format!("the `{}`", col.name),
        };
        let qualifier = match !is_time && col.nullable {
            true => format!(" with `{}` present", col.name),
            false => String::new(),
        };
        let plain = a.window.is_none() && a.filter.is_none();
        match (plain, singular(&facts.name)) {
            (true, Some(one)) if self.of_whom(a.facts).is_empty() => {
                format!("{what} of their {which} {one}{qualifier}")
            }
            _ => format!("{what} of the {which} of {}", self.rows(a, &qualifier)),
        }
    }

    /// "their orders" with the aggregate's window and row filter.
    fn rows(&self, a: &Aggregate, qualifier: &str) -> String {
        let mut out = self.their(a.facts, qualifier);
        if let Some(w) = &a.window {
            out.push(' ');
            out.push_str(&self.window(w));
        }
        if let Some(f) = &a.filter {
            out.push_str(" where ");
            out.push_str(&self.grouped(f, Scope::Facts(a.facts)));
        }
        out
    }

    /// Window bounds are constants (dates, `n unit ago`, parameters), never columns.
    pub(super) fn window(&self, window: &Window) -> String {
        let v = |value: &Value| self.value(value, Scope::Entity(self.entity_id));
        match window {
            Window::Last(n, unit) => format!("over the last {}", amount(*n, *unit)),
            Window::Next(n, unit) => format!(
                "in the {} after the evaluation date (rows after it, which only a KPI reads)",
                amount(*n, *unit)
            ),
            Window::Before(b) => format!("dated on or before {}", v(b)),
            Window::After(b) => format!("dated after {}", v(b)),
            Window::Between(low, high) => {
                // The closing comma keeps the test that follows apart from "both included".
                format!("dated between {} and {}, both included,", v(low), v(high))
            }
        }
    }
}

/// `min` and `max` in words: "smallest", or "earliest" for a date.
fn extreme(func: AggFunc, ty: &Type) -> &'static str {
    match (func == AggFunc::Min, ty.is_temporal()) {
        (true, true) => "earliest",
        (true, false) => "smallest",
        (false, true) => "latest",
        (false, false) => "largest",
    }
}

/// What is missing for a member without rows: "average", "last order".
pub(super) fn empty_word(func: AggFunc, facts: &Facts) -> String {
    let row = singular(&facts.name).unwrap_or_else(|| "row".to_string());
    match func {
        AggFunc::Avg => "average".to_string(),
        AggFunc::Min => "smallest value".to_string(),
        AggFunc::Max => "largest value".to_string(),
        AggFunc::First => format!("first {row}"),
        _ => format!("last {row}"),
    }
}

/// `30 days`, `1 month`.
pub(super) fn amount(n: i64, unit: TimeUnit) -> String {
    let word = unit.word();
    match n {
        1 => format!("1 {}", word.strip_suffix('s').unwrap_or(word)),
        _ => format!("{n} {word}"),
    }
}

/// A literal as written in seglang.
pub(super) fn literal(lit: &Lit) -> String {
    match lit {
        Lit::Int(i) => i.to_string(),
        Lit::Decimal(d) => d.clone(),
        Lit::String(s) => quoted(s),
        Lit::Bool(b) => b.to_string(),
        Lit::Date(d) => d.to_string(),
    }
}

/// A string in double quotes, with seglang's escapes.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}
