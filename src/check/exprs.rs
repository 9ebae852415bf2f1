//! Conditions and values of a segment: name resolution and typing.

use super::errors::{
    a, did_you_mean, AggregateError, CheckError, ConditionError, NameError, PrivacyError,
    SchemaError, SegmentError,
};
use super::models::{ModelHeader, ModelKind};
use super::suggest::closest;
use super::typed::*;
use crate::source::{SourceMap, Span};
use crate::syntax::ast::{self, CompareOp};

/// What names refer to while checking: the segment's entity, or a facts table inside an aggregate.
#[derive(Clone, Copy)]
pub enum Scope {
    Entity(EntityId),
    Facts(FactsId),
}

/// Everything the expression checker reads, and the facts it records.
pub struct ExprChecker<'a> {
    pub schema: &'a Schema,
    pub params: &'a [Param],
    pub segments: &'a [(String, EntityId, Span)],
    /// Segmentations by name, entity and stage names, usable as values.
    pub segmentations: &'a [(String, EntityId, Vec<String>)],
    /// True while checking a segmentation's stages, where segment references are refused.
    pub in_stage: bool,
    pub sources: &'a SourceMap,
    pub errors: Vec<CheckError>,
    pub used_params: Vec<ParamId>,
    /// Segment references met, with their spans, for cycle detection.
    pub references: Vec<(SegmentId, Span)>,
    /// RFM and CLV models, whose fields are values.
    pub models: Vec<ModelHeader>,
}

impl<'a> ExprChecker<'a> {
    fn columns(&self, scope: Scope) -> (&'a str, &'a [Column]) {
        match scope {
            Scope::Entity(e) => {
                let e = self.schema.entity(e);
                (&e.name, &e.columns)
            }
            Scope::Facts(f) => {
                let f = self.schema.facts(f);
                (&f.name, &f.columns)
            }
        }
    }

    /// Checks a condition; `None` when it has errors (already recorded).
    pub fn cond(&mut self, cond: &ast::Cond, scope: Scope) -> Option<Cond> {
        match cond {
            ast::Cond::Or(parts, _) => self.all(parts, scope).map(Cond::Or),
            ast::Cond::And(parts, _) => self.all(parts, scope).map(Cond::And),
            ast::Cond::Not(inner, _) => self.cond(inner, scope).map(|c| Cond::Not(Box::new(c))),
            ast::Cond::InSegment(name, _) => self.segment_ref(name, scope),
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
        let Some(index) = self.segments.iter().position(|(n, _, _)| *n == name.name) else {
            self.errors.push(CheckError::new(
                name.span,
                NameError::UnknownSegment {
                    name: name.name.clone(),
                    help: did_you_mean(closest(
                        &name.name,
                        self.segments.iter().map(|(n, _, _)| n.as_str()),
                    )),
                },
            ));
            return None;
        };
        let (_, target_entity, _) = &self.segments[index];
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
        self.references.push((SegmentId(index), name.span));
        Some(Cond::InSegment(SegmentId(index)))
    }

    fn test(
        &mut self,
        value: &ast::Value,
        test: &ast::Test,
        span: Span,
        scope: Scope,
    ) -> Option<Cond> {
        let v = self.value(value, scope);
        match test {
            ast::Test::Compare(op, op_span, right) => {
                let r = self.value(right, scope);
                let (v, r) = (v?, r?);
                self.comparable(&v, &r, *op, *op_span)?;
                Some(Cond::Compare {
                    op: *op,
                    left: v,
                    right: r,
                })
            }
            ast::Test::InList { negated, items } => {
                let checked: Vec<Option<Value>> =
                    items.iter().map(|i| self.value(i, scope)).collect();
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
                    negated: *negated,
                })
            }
            ast::Test::Between(low, high) => {
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
            ast::Test::IsMissing | ast::Test::IsPresent => {
                let v = v?;
                if !v.nullable {
                    self.errors.push(CheckError::new(
                        value.span,
                        ConditionError::NotNullable {
                            name: self.sources.snippet(value.span).to_string(),
                        },
                    ));
                    return None;
                }
                Some(match test {
                    ast::Test::IsMissing => Cond::IsMissing(v),
                    _ => Cond::IsPresent(v),
                })
            }
            ast::Test::StartsWith(p)
            | ast::Test::EndsWith(p)
            | ast::Test::Contains(p)
            | ast::Test::Matches(p) => {
                let (kind, word) = match test {
                    ast::Test::StartsWith(_) => (TextTest::StartsWith, "starts with"),
                    ast::Test::EndsWith(_) => (TextTest::EndsWith, "ends with"),
                    ast::Test::Contains(_) => (TextTest::Contains, "contains"),
                    _ => (TextTest::Matches, "matches"),
                };
                let pattern = self.value(p, scope);
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
                    test: kind,
                    value: v,
                    pattern,
                })
            }
            ast::Test::WithinLast(count, unit) => {
                let v = v?;
                self.temporal(&v, "within last")?;
                let n = self.count(count)?;
                self.positive(n, count.span, *unit)?;
                Some(Cond::WithinLast {
                    value: v,
                    count: n,
                    unit: *unit,
                })
            }
            ast::Test::Before(b) | ast::Test::After(b) => {
                let is_before = matches!(test, ast::Test::Before(_));
                let word = if is_before { "before" } else { "after" };
                let bound = self.value(b, scope);
                let (v, bound) = (v?, bound?);
                let a = self.temporal(&v, word);
                let c = self.temporal(&bound, word);
                a.and(c)?;
                Some(if is_before {
                    Cond::Before { value: v, bound }
                } else {
                    Cond::After { value: v, bound }
                })
            }
        }
    }

    fn temporal(&mut self, v: &Value, what: &'static str) -> Option<()> {
        if v.ty.is_temporal() {
            return Some(());
        }
        self.errors.push(CheckError::new(
            v.span,
            ConditionError::NotTemporal {
                what,
                ty: a(&v.ty.describe()),
            },
        ));
        None
    }

    /// A count of time units must be at least 1.
    pub fn positive(&mut self, count: i64, span: Span, unit: ast::TimeUnit) -> Option<()> {
        if count >= 1 {
            return Some(());
        }
        self.errors.push(CheckError::new(
            span,
            ConditionError::EmptyWindow {
                count,
                unit: unit.word(),
            },
        ));
        None
    }

    /// The number a count stands for: as written, or the value of the `int` parameter it names.
    pub fn count(&mut self, count: &ast::Count) -> Option<i64> {
        let Some(name) = &count.param else {
            return Some(count.value);
        };
        let Some(index) = self.params.iter().position(|p| p.name == *name) else {
            let candidates = self
                .params
                .iter()
                .filter(|p| p.ty == Type::Int)
                .map(|p| p.name.as_str());
            let help = did_you_mean(closest(name, candidates)).or_else(|| {
                Some("a number of days, weeks, months or years is written out (`30 days`) or names an `int` parameter".into())
            });
            self.errors.push(CheckError::new(
                count.span,
                NameError::UnknownName {
                    name: name.clone(),
                    scope: "the parameters".into(),
                    help,
                },
            ));
            return None;
        };
        self.used_params.push(ParamId(index));
        match &self.params[index].value {
            Lit::Int(n) => Some(*n),
            _ => {
                self.errors.push(CheckError::new(
                    count.span,
                    ConditionError::NotACount {
                        name: name.clone(),
                        ty: a(&self.params[index].ty.describe()),
                    },
                ));
                None
            }
        }
    }

    /// Whether two values can be compared with `op`; records the error when not.
    fn comparable(
        &mut self,
        left: &Value,
        right: &Value,
        op: CompareOp,
        op_span: Span,
    ) -> Option<()> {
        let ordering = !matches!(op, CompareOp::Eq | CompareOp::Ne);
        let ok = match (&left.ty, &right.ty) {
            (a, b) if a.is_numeric() && b.is_numeric() => true,
            (a, b) if a.is_temporal() && b.is_temporal() => true,
            (Type::String, Type::String) | (Type::Bool, Type::Bool) => true,
            (Type::Enum(a), Type::Enum(b)) => a == b,
            (Type::Enum(values), Type::String) => {
                return self.enum_literal(values, right, ordering, op, op_span)
            }
            (Type::String, Type::Enum(values)) => {
                return self.enum_literal(values, left, ordering, op, op_span)
            }
            _ => false,
        };
        if !ok {
            let help = match (&left.ty, &right.ty) {
                (a, Type::String) if a.is_temporal() => Some(
                    "write dates without quotes: 2026-01-31, or relative: `30 days ago`"
                        .to_string(),
                ),
                (a, b) if a.is_numeric() && *b == Type::String => {
                    Some("write numbers without quotes".to_string())
                }
                (Type::Bool, _) => Some(
                    "compare booleans with `true` or `false`, or use the column alone".to_string(),
                ),
                _ => None,
            };
            self.errors.push(CheckError::new(
                left.span,
                ConditionError::TypeMismatch {
                    right_span: right.span,
                    left: describe_value(left),
                    right: describe_value(right),
                    help,
                },
            ));
            return None;
        }
        if ordering && matches!(left.ty, Type::Bool | Type::Enum(_)) {
            self.errors.push(CheckError::new(
                op_span,
                ConditionError::NotOrdered {
                    op: op.symbol(),
                    ty: a(&left.ty.describe()),
                },
            ));
            return None;
        }
        Some(())
    }

    /// An enum compared with a string: the string must be a literal naming a declared value.
    fn enum_literal(
        &mut self,
        values: &[String],
        other: &Value,
        ordering: bool,
        op: CompareOp,
        op_span: Span,
    ) -> Option<()> {
        if ordering {
            self.errors.push(CheckError::new(
                op_span,
                ConditionError::NotOrdered {
                    op: op.symbol(),
                    ty: "an enum".into(),
                },
            ));
            return None;
        }
        let text = match &other.kind {
            ValueKind::Literal(Lit::String(s)) => s.clone(),
            ValueKind::Param(p) => match &self.params[p.0].value {
                Lit::String(s) => s.clone(),
                _ => return None,
            },
            _ => {
                self.errors.push(CheckError::new(
                    other.span,
                    ConditionError::TypeMismatch {
                        right_span: other.span,
                        left: "an enum".into(),
                        right: describe_value(other),
                        help: Some(
                            "compare an enum with one of its values in double quotes".into(),
                        ),
                    },
                ));
                return None;
            }
        };
        if values.contains(&text) {
            return Some(());
        }
        let declared: Vec<String> = values.iter().take(6).map(|v| format!("\"{v}\"")).collect();
        let more = if values.len() > 6 { ", ..." } else { "" };
        self.errors.push(CheckError::new(
            other.span,
            ConditionError::UnknownEnumValue {
                value: text.clone(),
                declared: format!("{}{more}", declared.join(", ")),
                help: did_you_mean(
                    closest(&text, values.iter().map(String::as_str)).map(|c| format!("\"{c}\"")),
                )
                .map(|h| h.replace('`', "")),
            },
        ));
        None
    }

    // ---------------------------------------------------------------- values

    /// Checks a value; `None` when it has errors (already recorded).
    pub fn value(&mut self, value: &ast::Value, scope: Scope) -> Option<Value> {
        let span = value.span;
        let make = |kind, ty, nullable| {
            Some(Value {
                kind,
                ty,
                nullable,
                span,
            })
        };
        match &value.kind {
            ast::ValueKind::Name(id) => self.name(id, scope),
            ast::ValueKind::Literal(lit) => {
                let (lit, ty) = literal(lit);
                make(ValueKind::Literal(lit), ty, false)
            }
            ast::ValueKind::Ago(count, unit) => {
                let n = self.count(count)?;
                // `0 days ago` is the evaluation date itself; only negative counts are refused.
                if n < 0 {
                    self.positive(n, count.span, *unit)?;
                }
                make(ValueKind::Ago(n, *unit), Type::Date, false)
            }
            ast::ValueKind::Field(f) => self.field(&f.0, &f.1, scope, span),
            ast::ValueKind::DaysSince(inner) | ast::ValueKind::Age(inner) => {
                let is_age = matches!(value.kind, ast::ValueKind::Age(_));
                let v = self.value(inner, scope)?;
                self.temporal(&v, if is_age { "age" } else { "days since" })?;
                let nullable = v.nullable;
                let kind = if is_age {
                    ValueKind::Age(Box::new(v))
                } else {
                    ValueKind::DaysSince(Box::new(v))
                };
                make(kind, Type::Int, nullable)
            }
            ast::ValueKind::Aggregate(agg) => self.aggregate(agg, span, scope),
        }
    }

    fn name(&mut self, id: &ast::Ident, scope: Scope) -> Option<Value> {
        let (table, columns) = self.columns(scope);
        let column = columns.iter().position(|c| c.name == id.name);
        let param = self.params.iter().position(|p| p.name == id.name);
        match (column, param) {
            (Some(_), Some(p)) => {
                self.errors.push(CheckError::new(
                    id.span,
                    NameError::AmbiguousName {
                        param: self.params[p].span,
                        name: id.name.clone(),
                        scope: table.to_string(),
                    },
                ));
                None
            }
            (Some(c), None) => {
                let col = &columns[c];
                if col.special {
                    self.errors.push(CheckError::new(
                        id.span,
                        PrivacyError::SpecialCategory {
                            column: col.name.clone(),
                            table: table.to_string(),
                        },
                    ));
                    return None;
                }
                Some(Value {
                    kind: ValueKind::Column(c),
                    ty: col.ty.clone(),
                    nullable: col.nullable,
                    span: id.span,
                })
            }
            (None, Some(p)) => {
                self.used_params.push(ParamId(p));
                Some(Value {
                    kind: ValueKind::Param(ParamId(p)),
                    ty: self.params[p].ty.clone(),
                    nullable: false,
                    span: id.span,
                })
            }
            (None, None) if self.segmentation(id, scope).is_some() => self.segmentation(id, scope),
            (None, None) => {
                let help = if self.segments.iter().any(|(n, _, _)| *n == id.name) {
                    Some(format!(
                        "`{}` is a segment: test membership with `in {}`",
                        id.name, id.name
                    ))
                } else if self.schema.facts.iter().any(|f| f.name == id.name) {
                    Some(format!(
                        "`{}` is a facts table: aggregate it, e.g. `{}.count()`",
                        id.name, id.name
                    ))
                } else {
                    let names = columns
                        .iter()
                        .map(|c| c.name.as_str())
                        .chain(self.params.iter().map(|p| p.name.as_str()));
                    did_you_mean(closest(&id.name, names))
                };
                self.errors.push(CheckError::new(
                    id.span,
                    NameError::UnknownName {
                        name: id.name.clone(),
                        scope: table.to_string(),
                        help,
                    },
                ));
                None
            }
        }
    }

    /// `model.field`: a field of an RFM or CLV model of the scope's entity.
    fn field(
        &mut self,
        model: &ast::Ident,
        field: &ast::Ident,
        scope: Scope,
        span: Span,
    ) -> Option<Value> {
        let entity = match scope {
            Scope::Entity(e) => Some(e),
            Scope::Facts(_) => None,
        };
        let header = self
            .models
            .iter()
            .find(|m| m.name == model.name && Some(m.entity) == entity);
        let Some(header) = header else {
            let facts = self.schema.facts.iter().any(|f| f.name == model.name);
            let help = if facts {
                Some(format!(
                    "`{}` is a facts table: aggregate it with parentheses, e.g. `{}.count()` or `{}.sum({})`",
                    model.name, model.name, model.name, field.name
                ))
            } else if entity.is_none() {
                Some("inside an aggregate, names refer to the facts table's columns; use the model outside it".into())
            } else {
                did_you_mean(closest(
                    &model.name,
                    self.models
                        .iter()
                        .filter(|m| Some(m.entity) == entity)
                        .map(|m| m.name.as_str()),
                ))
            };
            self.errors.push(CheckError::new(
                model.span,
                NameError::UnknownField {
                    problem: format!("no RFM or CLV model named `{}` here", model.name),
                    help,
                },
            ));
            return None;
        };
        let make = |kind, ty, nullable| Value {
            kind,
            ty,
            nullable,
            span,
        };
        match &header.kind {
            ModelKind::Rfm { index, monetary } => {
                let found = RfmField::ALL.iter().find(|(n, _)| *n == field.name);
                let Some((_, f)) = found else {
                    self.errors.push(CheckError::new(
                        field.span,
                        NameError::UnknownField {
                            problem: format!(
                                "RFM model `{}` has no field `{}`",
                                model.name, field.name
                            ),
                            help: Some(format!(
                                "{}the fields are {}",
                                // "did you mean `r`? " then a sentence of its own.
                                did_you_mean(closest(
                                    &field.name,
                                    RfmField::ALL.iter().map(|(n, _)| *n)
                                ))
                                .map(|d| format!("{d} "))
                                .unwrap_or_default(),
                                RfmField::ALL
                                    .iter()
                                    .map(|(n, _)| format!("`{n}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )),
                        },
                    ));
                    return None;
                };
                let ty = match f {
                    RfmField::Score(_) => Type::Int,
                    RfmField::Code => Type::String,
                    RfmField::Scored => Type::Bool,
                    RfmField::Measure(Metric::Monetary) => monetary.clone(),
                    RfmField::Measure(_) => Type::Int,
                };
                let kind = ValueKind::Rfm {
                    model: *index,
                    field: *f,
                };
                Some(make(kind, ty, *f != RfmField::Scored))
            }
            ModelKind::Clv { index, nullable } => {
                if field.name != "value" {
                    self.errors.push(CheckError::new(
                        field.span,
                        NameError::UnknownField {
                            problem: format!(
                                "CLV model `{}` has no field `{}`",
                                model.name, field.name
                            ),
                            help: Some(format!(
                                "its one field is the lifetime value: `{}.value`",
                                model.name
                            )),
                        },
                    ));
                    return None;
                }
                let ty = Type::Decimal {
                    precision: 38,
                    scale: 9,
                };
                Some(make(ValueKind::Clv(*index), ty, *nullable))
            }
        }
    }

    /// A segmentation of the scope's entity used as a value: its stage, an enum of stage names.
    fn segmentation(&self, id: &ast::Ident, scope: Scope) -> Option<Value> {
        let Scope::Entity(entity) = scope else {
            return None;
        };
        let index = self
            .segmentations
            .iter()
            .position(|(n, e, _)| *n == id.name && *e == entity)?;
        Some(Value {
            kind: ValueKind::Segmentation(index),
            ty: Type::Enum(self.segmentations[index].2.clone()),
            nullable: false,
            span: id.span,
        })
    }

    fn aggregate(&mut self, agg: &ast::Aggregate, span: Span, scope: Scope) -> Option<Value> {
        let Scope::Entity(entity) = scope else {
            self.errors.push(CheckError::new(
                span,
                AggregateError::Arguments {
                    problem: "aggregates cannot be nested".into(),
                    label: "an aggregate inside an aggregate's `where`".into(),
                    help: Some(
                        "filter rows with their own columns, e.g. `where amount > 100`".into(),
                    ),
                },
            ));
            return None;
        };
        let Some(facts_index) = self
            .schema
            .facts
            .iter()
            .position(|f| f.name == agg.facts.name && f.entity == entity)
        else {
            let entity_name = self.schema.entity(entity).name.clone();
            let candidates = self
                .schema
                .facts
                .iter()
                .filter(|f| f.entity == entity)
                .map(|f| f.name.as_str());
            self.errors.push(CheckError::new(
                agg.facts.span,
                NameError::UnknownFacts {
                    name: agg.facts.name.clone(),
                    entity: entity_name,
                    help: did_you_mean(closest(&agg.facts.name, candidates)),
                },
            ));
            return None;
        };
        let facts_id = FactsId(facts_index);
        let facts = self.schema.facts(facts_id);
        let mut column: Option<(usize, Span)> = None;
        let mut distinct = false;
        let mut filter: Option<(Option<Cond>, Span)> = None;
        let mut window: Option<(Option<Window>, Span)> = None;
        let mut ok = true;
        for arg in &agg.args {
            match arg {
                ast::AggArg::Column(id) | ast::AggArg::Distinct(id, _) => {
                    if let ast::AggArg::Distinct(_, dspan) = arg {
                        if agg.func != ast::AggFunc::Count {
                            ok = false;
                            self.errors.push(CheckError::new(
                                *dspan,
                                AggregateError::Arguments {
                                    problem: format!(
                                        "`distinct` only applies to `count`, not `{}`",
                                        agg.func.name()
                                    ),
                                    label: "not allowed here".into(),
                                    help: Some(
                                        "count distinct values with `count(distinct column)`"
                                            .into(),
                                    ),
                                },
                            ));
                        }
                        distinct = true;
                    }
                    if let Some((_, first)) = column {
                        ok = false;
                        self.errors.push(CheckError::new(
                            id.span,
                            AggregateError::Arguments {
                                problem: format!("`{}` takes one column", agg.func.name()),
                                label: "second column".into(),
                                help: Some(format!(
                                    "the first column is `{}`",
                                    self.sources.snippet(first)
                                )),
                            },
                        ));
                        continue;
                    }
                    match facts.columns.iter().position(|c| c.name == id.name) {
                        Some(c) if facts.columns[c].special => {
                            ok = false;
                            self.errors.push(CheckError::new(
                                id.span,
                                PrivacyError::SpecialCategory {
                                    column: id.name.clone(),
                                    table: facts.name.clone(),
                                },
                            ));
                        }
                        Some(c) => column = Some((c, id.span)),
                        None => {
                            ok = false;
                            self.errors.push(CheckError::new(
                                id.span,
                                NameError::UnknownColumn {
                                    name: id.name.clone(),
                                    table: facts.name.clone(),
                                    help: did_you_mean(closest(
                                        &id.name,
                                        facts.columns.iter().map(|c| c.name.as_str()),
                                    )),
                                },
                            ));
                        }
                    }
                }
                ast::AggArg::Where(cond, wspan) => {
                    if let Some((_, first)) = filter {
                        ok = false;
                        self.errors.push(CheckError::new(
                            *wspan,
                            AggregateError::RepeatedOption {
                                first,
                                what: "`where` filter",
                                help: Some("combine the filters into one: `where a and b`".into()),
                            },
                        ));
                        continue;
                    }
                    let checked = self.cond(cond, Scope::Facts(facts_id));
                    ok &= checked.is_some();
                    filter = Some((checked, *wspan));
                }
                ast::AggArg::Window(w, wspan) => {
                    if let Some((_, first)) = window {
                        ok = false;
                        self.errors.push(CheckError::new(
                            *wspan,
                            AggregateError::RepeatedOption {
                                first,
                                what: "window",
                                help: Some(
                                    "keep one window; `between X and Y` covers any range".into(),
                                ),
                            },
                        ));
                        continue;
                    }
                    let checked = self.window(w, facts_id, *wspan);
                    ok &= checked.is_some();
                    window = Some((checked, *wspan));
                }
            }
        }
        let facts = self.schema.facts(facts_id);
        let col = column.map(|(c, s)| (&facts.columns[c], s));
        use ast::AggFunc as F;
        let needs_column = !matches!(agg.func, F::Count);
        if needs_column && col.is_none() && ok {
            let example = match agg.func {
                F::Sum | F::Avg => "amount",
                _ => "ordered_at",
            };
            self.errors.push(CheckError::new(
                agg.func_span,
                AggregateError::Arguments {
                    problem: format!("`{}` needs a column", agg.func.name()),
                    label: "which column?".into(),
                    help: Some(format!(
                        "e.g. `{}.{}({example})`",
                        facts.name,
                        agg.func.name()
                    )),
                },
            ));
            return None;
        }
        if matches!(agg.func, F::First | F::Last) && facts.time_column.is_none() {
            self.errors
                .push(no_time_column(facts, agg.func_span, "first and last"));
            return None;
        }
        let (ty, nullable) = match (agg.func, col) {
            (F::Count, _) => (Type::Int, false),
            (F::Sum | F::Avg, Some((c, cspan))) => {
                if !c.ty.is_numeric() {
                    self.errors.push(CheckError::new(
                        cspan,
                        AggregateError::ColumnType {
                            func: agg.func.name(),
                            column: c.name.clone(),
                            needed: "a number (int or decimal)",
                            found: a(&c.ty.describe()),
                            help: Some(
                                "count rows with `count()`, or values with `count(distinct column)`"
                                    .into(),
                            ),
                        },
                    ));
                    return None;
                }
                match (agg.func, &c.ty) {
                    (F::Sum, Type::Int) => (Type::Int, false),
                    (F::Sum, Type::Decimal { scale, .. }) => (
                        Type::Decimal {
                            precision: 38,
                            scale: *scale,
                        },
                        false,
                    ),
                    _ => (
                        Type::Decimal {
                            precision: 38,
                            scale: 9,
                        },
                        true,
                    ),
                }
            }
            (F::Min | F::Max, Some((c, cspan))) => {
                if matches!(c.ty, Type::Bool | Type::Enum(_)) {
                    self.errors.push(CheckError::new(
                        cspan,
                        AggregateError::ColumnType {
                            func: agg.func.name(),
                            column: c.name.clone(),
                            needed: "an ordered value (number, date, timestamp or string)",
                            found: a(&c.ty.describe()),
                            help: Some("test such values with `count(where column = ...)`".into()),
                        },
                    ));
                    return None;
                }
                (c.ty.clone(), true)
            }
            (_, Some((c, _))) => (c.ty.clone(), true),
            (_, None) => return None,
        };
        if !ok {
            return None;
        }
        Some(Value {
            kind: ValueKind::Aggregate(Box::new(Aggregate {
                facts: facts_id,
                func: agg.func,
                column: column.map(|(c, _)| c),
                distinct,
                filter: filter.and_then(|(c, _)| c),
                window: window.and_then(|(w, _)| w),
                source: self.sources.snippet(span).to_string(),
            })),
            ty,
            nullable,
            span,
        })
    }

    fn window(&mut self, w: &ast::Window, facts: FactsId, span: Span) -> Option<Window> {
        let f = self.schema.facts(facts);
        if f.time_column.is_none() {
            self.errors.push(no_time_column(f, span, "windows"));
            return None;
        }
        // Bounds are evaluated per entity, outside any row: they must be constants.
        let scope = Scope::Entity(f.entity);
        let bound = |this: &mut Self, v: &ast::Value| -> Option<Value> {
            let v = this.value(v, scope)?;
            let constant = matches!(
                v.kind,
                ValueKind::Ago(..) | ValueKind::Literal(_) | ValueKind::Param(_)
            );
            if !constant {
                this.errors
                    .push(CheckError::new(v.span, ConditionError::WindowBound));
                return None;
            }
            this.temporal(&v, "a window")?;
            Some(v)
        };
        match w {
            ast::Window::Last(count, unit) => {
                let n = self.count(count)?;
                self.positive(n, count.span, *unit)?;
                Some(Window::Last(n, *unit))
            }
            ast::Window::Before(v) => bound(self, v).map(Window::Before),
            ast::Window::After(v) => bound(self, v).map(Window::After),
            ast::Window::Between(a, b) => {
                let a = bound(self, a);
                let b = bound(self, b);
                Some(Window::Between(a?, b?))
            }
        }
    }
}

fn no_time_column(facts: &Facts, span: Span, what: &str) -> CheckError {
    CheckError::new(
        span,
        SchemaError::NoTimeColumn {
            problem: format!("`{}` has no time column, which {what} need", facts.name),
            help: Some(format!(
                "declare one after the table: `facts {} of ... at some_timestamp_column {{`",
                facts.name
            )),
        },
    )
}

/// The typed literal and its type.
pub fn literal(lit: &ast::Literal) -> (Lit, Type) {
    match &lit.kind {
        ast::LiteralKind::Int(i) => (Lit::Int(*i), Type::Int),
        ast::LiteralKind::Decimal(d) => {
            let digits = d.trim_start_matches('-');
            let scale = digits.split('.').nth(1).map(str::len).unwrap_or(0) as u32;
            let precision =
                (digits.chars().filter(char::is_ascii_digit).count() as u32).clamp(1, 38);
            (
                Lit::Decimal(d.clone()),
                Type::Decimal {
                    precision: precision.max(scale),
                    scale,
                },
            )
        }
        ast::LiteralKind::String(s) => (Lit::String(s.clone()), Type::String),
        ast::LiteralKind::Bool(b) => (Lit::Bool(*b), Type::Bool),
        ast::LiteralKind::Date(d) => (Lit::Date(*d), Type::Date),
    }
}

pub(super) fn literal_greater(a: &Lit, b: &Lit) -> bool {
    let num = |l: &Lit| match l {
        Lit::Int(i) => Some(*i as f64),
        Lit::Decimal(d) => d.parse::<f64>().ok(),
        _ => None,
    };
    match (a, b) {
        (Lit::Date(x), Lit::Date(y)) => x > y,
        _ => matches!((num(a), num(b)), (Some(x), Some(y)) if x > y),
    }
}

fn describe_value(v: &Value) -> String {
    match &v.kind {
        ValueKind::Literal(Lit::String(_)) => "a string".into(),
        ValueKind::Literal(_) => a(&format!("{} literal", v.ty.describe())),
        _ => a(&v.ty.describe()),
    }
}

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
