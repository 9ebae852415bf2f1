//! Conditions: `and`, `or`, `not`, segment references, and the tests a condition applies to a
//! value: comparisons, lists, ranges, presence and text tests. Which operands can be compared is
//! in `comparisons.rs`; tests of time (`within last`, `before`, `after`) are in `time.rs`.

use super::comparisons::literal_greater;
use super::errors::{
    a, did_you_mean, AggregateError, CheckError, ConditionError, NameError, SegmentError,
};
use super::exprs::ExprChecker;
use super::time::Within;
use super::typed::*;
use crate::source::Span;
use crate::suggest::closest;
use crate::syntax::ast::{self, CompareOp};

impl ExprChecker<'_> {
    /// Checks a condition; `None` when it has errors (already recorded).
    pub fn cond(&mut self, cond: &ast::Cond, scope: Scope) -> Option<Cond> {
        match cond {
            ast::Cond::Or(parts, _) => self.all(parts, scope).map(Cond::Or),
            ast::Cond::And(parts, _) => self.all(parts, scope).map(Cond::And),
            ast::Cond::Not(inner, _) => self.cond(inner, scope).map(|c| Cond::Not(Box::new(c))),
            ast::Cond::InSegment(name, _) => self.segment_ref(name, scope),
            // A quantifier is a condition by itself: the only place it is not an error (E0232).
            ast::Cond::Bare(ast::Value {
                kind: ast::ValueKind::Aggregate(agg),
                span,
            }) if agg.func.is_quantifier() => self.aggregate(agg, *span, scope).map(Cond::Bool),
            ast::Cond::Bare(value) => {
                let v = self.value(value, scope)?;
                if v.ty != Type::Bool {
                    let example = example_test(&v, self.sources.snippet(value.span));
                    self.errors.push(CheckError::new(
                        value.span,
                        ConditionError::NotACondition {
                            ty: a(&v.ty.describe()),
                            example,
                        },
                    ));
                    return None;
                }
                Some(Cond::Bool(v))
            }
            ast::Cond::Test(value, test, span) => self.test(value, test, *span, scope),
        }
    }

    fn all(&mut self, parts: &[ast::Cond], scope: Scope) -> Option<Vec<Cond>> {
        let checked: Vec<Option<Cond>> = parts.iter().map(|p| self.cond(p, scope)).collect();
        checked.into_iter().collect()
    }

    fn segment_ref(&mut self, name: &ast::Ident, scope: Scope) -> Option<Cond> {
        let Scope::Entity(entity) = scope else {
            self.errors.push(CheckError::new(
                name.span,
                AggregateError::Arguments {
                    problem: "a segment cannot be tested inside an aggregate's `where`".into(),
                    label: "rows of a facts table are not members of a segment".into(),
                    help: Some("move `in segment` outside the aggregate".into()),
                },
            ));
            return None;
        };
        if self.in_stage {
            self.errors
                .push(CheckError::new(name.span, SegmentError::StageReference));
            return None;
        }
        let id = self.segment_of(name, entity)?;
        self.references.push((id, name.span));
        Some(Cond::InSegment(id))
    }

    /// The segment `name` names, a segment of `entity`: an unknown name (E0103, with the closest
    /// one) or a segment of another entity (E0208) is an error. For `in SEGMENT` and a KPI's
    /// `for`.
    pub(super) fn segment_of(&mut self, name: &ast::Ident, entity: EntityId) -> Option<SegmentId> {
        let Some(index) = self.segments.find(&name.name) else {
            self.errors.push(CheckError::new(
                name.span,
                NameError::UnknownSegment {
                    name: name.name.clone(),
                    help: did_you_mean(closest(
                        &name.name,
                        self.segments.list.iter().map(|(n, _, _)| n.as_str()),
                    )),
                },
            ));
            return None;
        };
        let (_, target_entity, _) = &self.segments.list[index];
        if *target_entity != entity {
            self.errors.push(CheckError::new(
                name.span,
                SegmentError::OtherEntity {
                    name: name.name.clone(),
                    expected: self.schema.entity(entity).name.clone(),
                    found: self.schema.entity(*target_entity).name.clone(),
                },
            ));
            return None;
        }
        Some(SegmentId(index))
    }

    /// `value test`: the value is checked first, then the test's own operands.
    fn test(
        &mut self,
        value: &ast::Value,
        test: &ast::Test,
        span: Span,
        scope: Scope,
    ) -> Option<Cond> {
        if let ast::Test::IgnoringCase(inner, ignoring) = test {
            return self.ignoring_case(value, inner, *ignoring, span, scope);
        }
        if let ast::Test::FollowedBy(step) = test {
            return self.sequence(value, step, span, scope);
        }
        let v = self.value(value, scope);
        match test {
            ast::Test::Compare(op, op_span, right) => self.compare(v, *op, *op_span, right, scope),
            ast::Test::InList { negated, items } => self.in_list(v, items, *negated, scope),
            ast::Test::Between(low, high) => self.between(v, low, high, span, scope),
            ast::Test::IsMissing => self.presence(v, value.span, Cond::IsMissing),
            ast::Test::IsPresent => self.presence(v, value.span, Cond::IsPresent),
            ast::Test::StartsWith(p) => self.text(v, TextTest::StartsWith, "starts with", p, scope),
            ast::Test::EndsWith(p) => self.text(v, TextTest::EndsWith, "ends with", p, scope),
            ast::Test::Contains(p) => self.text(v, TextTest::Contains, "contains", p, scope),
            ast::Test::Matches(p) => self.text(v, TextTest::Matches, "matches", p, scope),
            ast::Test::WithinLast(count, unit) => self.within(v?, count, *unit, Within::Last),
            ast::Test::WithinNext(count, unit) => self.within(v?, count, *unit, Within::Next),
            // Rewritten, or checked as a sequence, before the value is checked.
            ast::Test::IgnoringCase(..) | ast::Test::FollowedBy(_) => None,
            ast::Test::Before(b) => self
                .time_bound(v, b, "before", scope)
                .map(|(value, bound)| Cond::Before { value, bound }),
            ast::Test::After(b) => self
                .time_bound(v, b, "after", scope)
                .map(|(value, bound)| Cond::After { value, bound }),
        }
    }

    /// `value op right`.
    fn compare(
        &mut self,
        v: Option<Value>,
        op: CompareOp,
        op_span: Span,
        right: &ast::Value,
        scope: Scope,
    ) -> Option<Cond> {
        let r = self.value(right, scope);
        let (v, r) = (v?, r?);
        self.comparable(&v, &r, op, op_span)?;
        Some(Cond::Compare {
            op,
            left: v,
            right: r,
        })
    }

    /// `value [not] in [items]`: every item must be comparable with the value.
    fn in_list(
        &mut self,
        v: Option<Value>,
        items: &[ast::Value],
        negated: bool,
        scope: Scope,
    ) -> Option<Cond> {
        let checked: Vec<Option<Value>> = items.iter().map(|i| self.value(i, scope)).collect();
        let v = v?;
        let items: Vec<Value> = checked.into_iter().collect::<Option<_>>()?;
        let mut ok = true;
        for item in &items {
            ok &= self
                .comparable(&v, item, CompareOp::Eq, item.span)
                .is_some();
        }
        ok.then_some(Cond::InList {
            value: v,
            items,
            negated,
        })
    }

    /// `value between low and high`, warning when literal bounds make the range empty.
    fn between(
        &mut self,
        v: Option<Value>,
        low: &ast::Value,
        high: &ast::Value,
        span: Span,
        scope: Scope,
    ) -> Option<Cond> {
        let (l, h) = (self.value(low, scope), self.value(high, scope));
        let (v, l, h) = (v?, l?, h?);
        let a = self.comparable(&v, &l, CompareOp::Le, l.span);
        let b = self.comparable(&v, &h, CompareOp::Le, h.span);
        a.and(b)?;
        if let (ValueKind::Literal(a), ValueKind::Literal(b)) = (&l.kind, &h.kind) {
            if literal_greater(a, b) {
                self.errors.push(CheckError::new(
                    span,
                    ConditionError::EmptyRange {
                        low: self.sources.snippet(l.span).to_string(),
                        high: self.sources.snippet(h.span).to_string(),
                    },
                ));
            }
        }
        Some(Cond::Between {
            value: v,
            low: l,
            high: h,
        })
    }

    /// `is missing` / `is present`, which only a nullable value can fail.
    fn presence(&mut self, v: Option<Value>, span: Span, test: fn(Value) -> Cond) -> Option<Cond> {
        let v = v?;
        if !v.nullable {
            self.errors.push(CheckError::new(
                span,
                ConditionError::NotNullable {
                    name: self.sources.snippet(span).to_string(),
                },
            ));
            return None;
        }
        Some(test(v))
    }

    /// `starts with`, `ends with`, `contains`, `matches`: both sides must be strings.
    fn text(
        &mut self,
        v: Option<Value>,
        test: TextTest,
        word: &'static str,
        pattern: &ast::Value,
        scope: Scope,
    ) -> Option<Cond> {
        let pattern = self.value(pattern, scope);
        let (v, pattern) = (v?, pattern?);
        let mut ok = true;
        for x in [&v, &pattern] {
            if x.ty != Type::String {
                ok = false;
                self.errors.push(CheckError::new(
                    x.span,
                    ConditionError::TextTestType {
                        test: word,
                        ty: a(&x.ty.describe()),
                    },
                ));
            }
        }
        ok.then_some(Cond::Text {
            test,
            value: v,
            pattern,
        })
    }
}

impl ExprChecker<'_> {
    /// `value test ignoring case`: the test on `lower(value)` and its lowered operands.
    fn ignoring_case(
        &mut self,
        value: &ast::Value,
        test: &ast::Test,
        ignoring: Span,
        span: Span,
        scope: Scope,
    ) -> Option<Cond> {
        let lower = |v: &ast::Value| ast::Value {
            kind: ast::ValueKind::Text(ast::TextFunc::Lower, Box::new(v.clone())),
            span: v.span,
        };
        let lowered = match test {
            ast::Test::Compare(op @ (CompareOp::Eq | CompareOp::Ne), op_span, right) => {
                ast::Test::Compare(*op, *op_span, lower(right))
            }
            ast::Test::InList { negated, items } => ast::Test::InList {
                negated: *negated,
                items: items.iter().map(lower).collect(),
            },
            ast::Test::StartsWith(p) => ast::Test::StartsWith(lower(p)),
            ast::Test::EndsWith(p) => ast::Test::EndsWith(lower(p)),
            ast::Test::Contains(p) => ast::Test::Contains(lower(p)),
            ast::Test::Matches(p) => ast::Test::Matches(lower(p)),
            other => {
                let test = match other {
                    ast::Test::Compare(..) => "an ordering comparison",
                    ast::Test::Between(..) => "`between`",
                    ast::Test::IsMissing | ast::Test::IsPresent => "`is missing` or `is present`",
                    ast::Test::IgnoringCase(..) => "another `ignoring case`",
                    _ => "a test of time",
                };
                self.errors.push(CheckError::new(
                    ignoring,
                    ConditionError::IgnoringCaseTest { test },
                ));
                return None;
            }
        };
        self.test(&lower(value), &lowered, span, scope)
    }
}

/// A test that would make a bare value of this type a condition, for the help line.
fn example_test(v: &Value, text: &str) -> String {
    match &v.ty {
        Type::Int | Type::Decimal { .. } => format!("{text} >= 1"),
        Type::Date | Type::Timestamp => format!("{text} within last 30 days"),
        Type::Enum(values) => format!(
            "{text} = \"{}\"",
            values.first().map(String::as_str).unwrap_or("")
        ),
        _ => format!("{text} = \"...\""),
    }
}
