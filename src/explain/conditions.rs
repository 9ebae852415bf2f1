//! Conditions (`Cond`) in words: the criteria as an indented tree, or on one line inside an
//! aggregate's `where`.

use crate::check::typed::{CompareOp, Cond, Scope, SegmentId, TextTest, Type, Value, ValueKind};

use super::text::Text;
use super::values::amount;
use super::words::first_sentence;
use super::Explainer;

impl Explainer<'_> {
    /// A condition of the criteria as a list item, with its parts nested below it.
    pub(super) fn tree(&self, cond: &Cond, depth: usize, text: &mut Text) {
        match cond {
            Cond::And(parts) => {
                text.item(depth, "all of the following:");
                self.children(parts, true, depth + 1, text);
            }
            Cond::Or(parts) => {
                text.item(depth, "at least one of the following:");
                self.children(parts, false, depth + 1, text);
            }
            Cond::Not(inner) => self.negated_tree(inner, depth, text),
            _ => text.item(depth, &self.leaf(cond, Scope::Entity(self.entity_id))),
        }
    }

    /// `not` over a group or a test; conditions are two-valued, so `not not x` is `x`.
    fn negated_tree(&self, inner: &Cond, depth: usize, text: &mut Text) {
        match inner {
            Cond::And(parts) => {
                text.item(
                    depth,
                    "not all of the following (it holds when at least one fails):",
                );
                self.children(parts, true, depth + 1, text);
            }
            Cond::Or(parts) => {
                text.item(depth, "none of the following:");
                self.children(parts, false, depth + 1, text);
            }
            Cond::Not(again) => self.tree(again, depth, text),
            _ => {
                let scope = Scope::Entity(self.entity_id);
                let line = self
                    .negated_leaf(inner, scope)
                    .unwrap_or_else(|| format!("not: {}", self.leaf(inner, scope)));
                text.item(depth, &line);
            }
        }
    }

    /// The parts of an `and` (`and = true`) or `or`, with nested groups of the same kind merged.
    pub(super) fn children(&self, parts: &[Cond], and: bool, depth: usize, text: &mut Text) {
        for part in flatten(parts, and) {
            self.tree(part, depth, text);
        }
    }

    /// A condition on one line, as inside an aggregate's `where`.
    fn inline(&self, cond: &Cond, scope: Scope) -> String {
        match cond {
            Cond::And(parts) => self.joined(parts, true, scope),
            Cond::Or(parts) => self.joined(parts, false, scope),
            Cond::Not(inner) => self.inline_not(inner, scope),
            _ => self.leaf(cond, scope),
        }
    }

    fn joined(&self, parts: &[Cond], and: bool, scope: Scope) -> String {
        let shown: Vec<String> = flatten(parts, and)
            .into_iter()
            .map(|p| self.grouped(p, scope))
            .collect();
        shown.join(if and { " and " } else { " or " })
    }

    /// `inline`, in parentheses when it is an `and` or an `or`.
    pub(super) fn grouped(&self, cond: &Cond, scope: Scope) -> String {
        match cond {
            Cond::And(_) | Cond::Or(_) => format!("({})", self.inline(cond, scope)),
            _ => self.inline(cond, scope),
        }
    }

    fn inline_not(&self, inner: &Cond, scope: Scope) -> String {
        match inner {
            Cond::And(_) | Cond::Or(_) => format!("not ({})", self.inline(inner, scope)),
            Cond::Not(again) => self.inline(again, scope),
            _ => self
                .negated_leaf(inner, scope)
                .unwrap_or_else(|| format!("not ({})", self.leaf(inner, scope))),
        }
    }

    /// The negations with a wording of their own.
    fn negated_leaf(&self, cond: &Cond, scope: Scope) -> Option<String> {
        match cond {
            Cond::InSegment(id) => Some(self.reference(*id, false)),
            Cond::Bool(Value {
                kind: ValueKind::Aggregate(a),
                ..
            }) if a.func.is_quantifier() => Some(self.quantifier(a, true)),
            Cond::Bool(v) if v.nullable => Some(format!(
                "{} is not true (false or missing)",
                self.value(v, scope)
            )),
            Cond::Bool(v) => Some(format!("{} is false", self.value(v, scope))),
            _ => None,
        }
    }

    /// One test.
    fn leaf(&self, cond: &Cond, scope: Scope) -> String {
        let v = |value: &Value| self.value(value, scope);
        match cond {
            Cond::And(_) | Cond::Or(_) | Cond::Not(_) => self.inline(cond, scope),
            Cond::InSegment(id) => self.reference(*id, true),
            Cond::Sequence(sequence) => self.sequence(sequence),
            Cond::Bool(Value {
                kind: ValueKind::Aggregate(a),
                ..
            }) if a.func.is_quantifier() => self.quantifier(a, false),
            Cond::Bool(value) => format!("{} is true", v(value)),
            Cond::Compare { op, left, right } => self.compare(*op, left, right, scope),
            Cond::InList {
                value,
                items,
                negated,
            } => self.in_list(value, items, *negated, scope),
            Cond::Between { value, low, high } => format!(
                "{} is between {} and {}, both included",
                v(value),
                v(low),
                v(high)
            ),
            Cond::IsMissing(value) => format!("{} is missing", v(value)),
            Cond::IsPresent(value) => format!("{} is present", v(value)),
            Cond::Text {
                test,
                value,
                pattern,
            } => self.text_test(*test, value, pattern, scope),
            Cond::WithinLast { value, count, unit } => format!(
                "{} falls within the last {} up to and including the evaluation date",
                v(value),
                amount(*count, *unit)
            ),
            Cond::WithinNext { value, count, unit } => format!(
                "{} falls within the next {} from the evaluation date on, that day included",
                v(value),
                amount(*count, *unit)
            ),
            Cond::Before { value, bound } => format!("{} is on or before {}", v(value), v(bound)),
            Cond::After { value, bound } => format!("{} is after {}", v(value), v(bound)),
        }
    }

    fn compare(&self, op: CompareOp, left: &Value, right: &Value, scope: Scope) -> String {
        let temporal = left.ty.is_temporal() || right.ty.is_temporal();
        // As in the lowering: two timestamps that are not constants compare as instants,
        // everything else temporal by calendar day.
        let instants = is_instant(left) && is_instant(right);
        let suffix = if instants {
            " (compared as exact times)"
        } else {
            ""
        };
        format!(
            "{} {} {}{suffix}",
            self.value(left, scope),
            op_words(op, temporal && !instants),
            self.value(right, scope)
        )
    }

    fn in_list(&self, value: &Value, items: &[Value], negated: bool, scope: Scope) -> String {
        let shown: Vec<String> = items.iter().map(|i| self.value(i, scope)).collect();
        let list = match shown.is_empty() {
            true => "(an empty list)".to_string(),
            false => shown.join(", "),
        };
        match negated {
            true => format!(
                "{} is present and is none of {list}",
                self.value(value, scope)
            ),
            false => format!("{} is one of {list}", self.value(value, scope)),
        }
    }

    fn text_test(&self, test: TextTest, value: &Value, pattern: &Value, scope: Scope) -> String {
        let (v, p) = (self.value(value, scope), self.value(pattern, scope));
        match test {
            TextTest::StartsWith => format!("{v} starts with {p}"),
            TextTest::EndsWith => format!("{v} ends with {p}"),
            TextTest::Contains => format!("{v} contains the text {p}"),
            TextTest::Matches => {
                let escape = match p.contains('\\') {
                    true => ", \\ makes the next character literal",
                    false => "",
                };
                format!("{v} matches the pattern {p} (% = any text, _ = one character{escape})")
            }
        }
    }

    /// `in other` / `not in other`, with the other segment's first doc line.
    fn reference(&self, id: SegmentId, positive: bool) -> String {
        let target = &self.program.segments[id.0];
        let verb = match positive {
            true => "they are in segment",
            false => "they are not in segment",
        };
        let mut out = format!("{verb} {}", target.name);
        if let Some(doc) = target.docs.as_deref().and_then(first_sentence) {
            out.push_str(&format!(" ({doc})"));
        }
        if !target.channels.is_empty() {
            let channels: Vec<&str> = target.channels.iter().map(|c| c.channel.as_str()).collect();
            out.push_str(&format!(
                "; membership of {} includes its channel rules: valid consent for {} and no \
                 suppression",
                target.name,
                channels.join(" and ")
            ));
        }
        out
    }
}

/// The parts of an `and` (or an `or`), with directly nested groups of the same kind merged.
fn flatten(parts: &[Cond], and: bool) -> Vec<&Cond> {
    let mut out = Vec::new();
    for part in parts {
        match (part, and) {
            (Cond::And(inner), true) | (Cond::Or(inner), false) => out.extend(flatten(inner, and)),
            _ => out.push(part),
        }
    }
    out
}

fn op_words(op: CompareOp, days: bool) -> &'static str {
    match (op, days) {
        (CompareOp::Eq, true) => "is on",
        (CompareOp::Ne, true) => "is not on",
        (CompareOp::Lt, true) => "is before",
        (CompareOp::Le, true) => "is on or before",
        (CompareOp::Gt, true) => "is after",
        (CompareOp::Ge, true) => "is on or after",
        (CompareOp::Eq, false) => "is",
        (CompareOp::Ne, false) => "is not",
        (CompareOp::Lt, false) => "is less than",
        (CompareOp::Le, false) => "is at most",
        (CompareOp::Gt, false) => "is more than",
        (CompareOp::Ge, false) => "is at least",
    }
}

/// A timestamp column or aggregate: compared with another one, as an instant.
fn is_instant(value: &Value) -> bool {
    value.ty == Type::Timestamp
        && !matches!(value.kind, ValueKind::Literal(_) | ValueKind::Param(_))
}
