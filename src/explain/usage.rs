//! What a condition uses (missing values, negations, time, aggregates, parameters, segment
//! references), for the notes and the parameter list.

use crate::check::typed::{
    AggFunc, Aggregate, ClvId, Cond, FactsId, ParamId, Program, SegmentId, Value, ValueKind, Window,
};

/// What a condition uses, for the notes and the parameter list.
#[derive(Default)]
pub(super) struct Usage<'p> {
    /// The program, whose traits and models count where they are used.
    program: Option<&'p Program>,
    /// Some tested value can be missing.
    pub(super) nullable: bool,
    /// A `not` applies to a test whose value can be missing.
    pub(super) negation: bool,
    /// Relative dates, time tests or windows.
    pub(super) temporal: bool,
    pub(super) facts: Vec<FactsUse>,
    pub(super) params: Vec<ParamId>,
    pub(super) refs: Vec<SegmentId>,
    /// CLV models, whose margin and lifespan count where they are used.
    pub(super) clv: Vec<ClvId>,
}

/// The aggregates over one facts table.
pub(super) struct FactsUse {
    pub(super) id: FactsId,
    /// Functions that are 0 over no rows.
    pub(super) zero: Vec<String>,
    /// Functions that are missing over no rows.
    pub(super) missing: Vec<AggFunc>,
    /// Some of the latter have a window or a row filter.
    pub(super) narrowed: bool,
}

impl<'p> Usage<'p> {
    pub(super) fn of(cond: &Cond, program: &'p Program) -> Usage<'p> {
        let mut usage = Usage {
            program: Some(program),
            ..Usage::default()
        };
        usage.cond(cond);
        usage
    }

    fn cond(&mut self, cond: &Cond) {
        match cond {
            Cond::And(parts) | Cond::Or(parts) => parts.iter().for_each(|p| self.cond(p)),
            Cond::Not(inner) => {
                // Whether `inner` alone can be missing, found in the one walk of it, so that
                // nested `not`s stay linear.
                let outer = std::mem::take(&mut self.nullable);
                self.cond(inner);
                if !matches!(**inner, Cond::InSegment(_)) && self.nullable {
                    self.negation = true;
                }
                self.nullable |= outer;
            }
            Cond::InSegment(id) => {
                if !self.refs.contains(id) {
                    self.refs.push(*id);
                }
            }
            Cond::Sequence(sequence) => {
                self.temporal = true;
                self.aggregate(&sequence.first);
                self.aggregate(&sequence.then);
            }
            _ => {
                self.temporal |= matches!(
                    cond,
                    Cond::WithinLast { .. }
                        | Cond::WithinNext { .. }
                        | Cond::Before { .. }
                        | Cond::After { .. }
                );
                leaf_values(cond).into_iter().for_each(|v| self.value(v));
            }
        }
    }

    fn value(&mut self, value: &Value) {
        self.nullable |= value.nullable;
        match &value.kind {
            ValueKind::Param(id) if !self.params.contains(id) => self.params.push(*id),
            ValueKind::Ago(..) => self.temporal = true,
            ValueKind::DaysSince(x)
            | ValueKind::DaysUntil(x)
            | ValueKind::Age(x)
            | ValueKind::DatePart(_, x)
            | ValueKind::Anniversary(x) => {
                self.temporal = true;
                self.value(x);
            }
            ValueKind::Aggregate(a) => self.aggregate(a),
            ValueKind::Clv(i) => {
                let program = self.program;
                if let Some(m) = program.and_then(|p| p.clv.get(i.0)) {
                    if !self.clv.contains(i) {
                        self.clv.push(*i);
                        self.value(&m.margin);
                        self.value(&m.lifespan);
                    }
                }
            }
            ValueKind::Trait(id) => {
                let program = self.program;
                if let Some(t) = program.and_then(|p| p.traits.get(id.0)) {
                    self.value(&t.value);
                }
            }
            _ => {
                for x in value.operands() {
                    self.value(x);
                }
            }
        }
    }

    fn aggregate(&mut self, a: &Aggregate) {
        self.record(a);
        if let Some(f) = &a.filter {
            self.cond(f);
        }
        match &a.window {
            None => {}
            Some(Window::Last(..) | Window::Next(..)) => self.temporal = true,
            Some(Window::Before(b) | Window::After(b)) => self.value(b),
            Some(Window::Between(low, high)) => {
                self.value(low);
                self.value(high);
            }
        }
    }

    fn record(&mut self, a: &Aggregate) {
        let index = match self.facts.iter().position(|f| f.id == a.facts) {
            Some(i) => i,
            None => {
                self.facts.push(FactsUse {
                    id: a.facts,
                    zero: Vec::new(),
                    missing: Vec::new(),
                    narrowed: false,
                });
                self.facts.len() - 1
            }
        };
        let used = &mut self.facts[index];
        match a.func {
            AggFunc::Count | AggFunc::Sum => {
                let name = a.func.name().to_string();
                if !used.zero.contains(&name) {
                    used.zero.push(name);
                }
            }
            // Never missing: their wording says what they are over no rows.
            func if func.is_quantifier() => {}
            func => {
                if !used.missing.contains(&func) {
                    used.missing.push(func);
                }
                used.narrowed |= a.window.is_some() || a.filter.is_some();
            }
        }
    }
}

/// The values a test reads (not those of `and`, `or`, `not` and references).
fn leaf_values(cond: &Cond) -> Vec<&Value> {
    match cond {
        Cond::And(_) | Cond::Or(_) | Cond::Not(_) | Cond::InSegment(_) | Cond::Sequence(_) => {
            Vec::new()
        }
        Cond::Bool(v) | Cond::IsMissing(v) | Cond::IsPresent(v) => vec![v],
        Cond::WithinLast { value, .. } | Cond::WithinNext { value, .. } => vec![value],
        Cond::Compare { left, right, .. } => vec![left, right],
        Cond::Text { value, pattern, .. } => vec![value, pattern],
        Cond::Before { value, bound } | Cond::After { value, bound } => vec![value, bound],
        Cond::Between { value, low, high } => vec![value, low, high],
        Cond::InList { value, items, .. } => std::iter::once(value).chain(items).collect(),
    }
}
