//! Typed program → one [`Plan`] per entity: features gathered and shared, windows turned into
//! row filters, parameters into literals, segment references inlined, `avg` comparisons made exact.

use super::*;
use crate::check::typed::{self as t, AggFunc, Lit, Program, Scope, SegmentId, Type};

/// Which segments to plan, and for which evaluation date.
#[derive(Debug, Clone)]
pub struct LowerOptions {
    pub as_of: AsOf,
    /// Segments to plan, in output order; empty means every segment of the program.
    pub segments: Vec<SegmentId>,
}

/// Plans the chosen segments: one plan per entity, in the order entities first appear.
pub fn lower(program: &Program, options: &LowerOptions) -> Vec<Plan> {
    let chosen: Vec<SegmentId> = if options.segments.is_empty() {
        (0..program.segments.len()).map(SegmentId).collect()
    } else {
        options.segments.clone()
    };
    let mut plans: Vec<Plan> = Vec::new();
    for id in chosen {
        let segment = &program.segments[id.0];
        let entity = program.schema.entity(segment.entity);
        let index = match plans.iter().position(|p| p.entity.name == entity.name) {
            Some(i) => i,
            None => {
                plans.push(Plan {
                    as_of: options.as_of,
                    entity: EntityTable {
                        name: entity.name.clone(),
                        table: entity.table.clone(),
                        key: entity.key_column().name.clone(),
                    },
                    feature_tables: Vec::new(),
                    score_sets: Vec::new(),
                    segments: Vec::new(),
                });
                plans.len() - 1
            }
        };
        let plan = &mut plans[index];
        let mut lowerer = Lowerer { program, plan };
        let cond = lowerer.segment_cond(id);
        let mut evidence = Vec::new();
        for rule in &segment.channels {
            evidence.extend(lowerer.consent(segment.entity, rule).evidence);
        }
        let rule = SegmentRule {
            id: RuleId::Segment(segment.name.clone()),
            docs: segment.docs.clone(),
            location: program.sources.location(segment.decl_span),
            channels: segment.channels.iter().map(|c| c.channel.clone()).collect(),
            cond,
            evidence,
        };
        match &segment.holdout {
            None => plan.segments.push(rule),
            Some(h) => {
                // Members split in two: the treatment keeps the segment's name, the control group
                // is its own rule, so every engine and the reference evaluator handle it as is.
                let key = &entity.columns[entity.key];
                let bucket = Cond::HashBelow {
                    expr: Expr::Column(column(key)),
                    salt: h.salt.clone(),
                    threshold: h.threshold.clone(),
                };
                let control = SegmentRule {
                    id: RuleId::Control(segment.name.clone()),
                    cond: Cond::And(vec![rule.cond.clone(), bucket.clone()]),
                    ..rule.clone()
                };
                let treatment = SegmentRule {
                    cond: Cond::And(vec![rule.cond, Cond::Not(Box::new(bucket))]),
                    ..rule
                };
                plan.segments.push(treatment);
                plan.segments.push(control);
            }
        }
    }
    plans
}

/// A channel's consent condition and the per-member values that prove it.
struct Consent {
    valid: Cond,
    evidence: Vec<(String, Expr)>,
}

/// Who is in each stage of `program.segmentations[index]`: one rule per stage
/// (`RuleId::Stage`), in stage order.
pub fn lower_stages(program: &Program, as_of: AsOf, index: usize) -> Plan {
    let segmentation = &program.segmentations[index];
    let entity = program.schema.entity(segmentation.entity);
    let mut plan = Plan {
        as_of,
        entity: EntityTable {
            name: entity.name.clone(),
            table: entity.table.clone(),
            key: entity.key_column().name.clone(),
        },
        feature_tables: Vec::new(),
        score_sets: Vec::new(),
        segments: Vec::new(),
    };
    let mut lowerer = Lowerer {
        program,
        plan: &mut plan,
    };
    let stage = lowerer.stage(index, Scope::Entity(segmentation.entity));
    for s in &segmentation.stages {
        plan.segments.push(SegmentRule {
            id: RuleId::Stage {
                segmentation: segmentation.name.clone(),
                stage: s.name.clone(),
            },
            docs: s.docs.clone(),
            location: program.sources.location(segmentation.decl_span),
            channels: Vec::new(),
            cond: Cond::Compare {
                op: CompareOp::Eq,
                left: stage.clone(),
                right: Expr::Lit(Scalar::String(s.name.clone())),
            },
            evidence: Vec::new(),
        });
    }
    plan
}

pub(super) struct Lowerer<'a> {
    pub(super) program: &'a Program,
    pub(super) plan: &'a mut Plan,
}

/// A table features are computed from: a facts table, a consent log or a suppression list.
struct TableDesc {
    name: String,
    table: crate::check::typed::TablePath,
    link: String,
    time: Option<Column>,
}

impl Lowerer<'_> {
    /// The segment's criteria, and for each of its channels a valid consent and no suppression.
    fn segment_cond(&mut self, id: SegmentId) -> Cond {
        let segment = &self.program.segments[id.0];
        let mut parts = Vec::new();
        if let Some(c) = &segment.criteria {
            parts.push(self.cond(c, Scope::Entity(segment.entity)));
        }
        for rule in &segment.channels {
            parts.push(self.consent(segment.entity, rule).valid);
            parts.extend(self.not_suppressed(segment.entity, &rule.channel));
        }
        match parts.len() {
            0 => Cond::Const(true),
            1 => parts.remove(0),
            _ => Cond::And(parts),
        }
    }

    /// Whether an entity has a valid consent for `rule`'s channel at the evaluation date, and the
    /// values that prove it.
    fn consent(&mut self, entity: t::EntityId, rule: &t::ChannelRule) -> Consent {
        let e = self.program.schema.entity(entity);
        match rule.source {
            t::ConsentRef::Columns(i) => {
                let cc = &e.consent_columns[i];
                let flag = Cond::Truthy(Expr::Column(column(&e.columns[cc.flag])));
                match cc.since {
                    // Without a date the flag alone decides.
                    None => Consent {
                        valid: flag,
                        evidence: Vec::new(),
                    },
                    Some(s) => {
                        let since = column(&e.columns[s]);
                        let day = date_of(Expr::Column(since.clone()), &e.columns[s].ty);
                        Consent {
                            valid: Cond::And(vec![
                                flag,
                                Cond::Compare {
                                    op: CompareOp::Le,
                                    left: day,
                                    right: Expr::Date(DateExpr::AsOf),
                                },
                            ]),
                            evidence: vec![(
                                format!("{}_optin_since", rule.channel),
                                Expr::Column(since),
                            )],
                        }
                    }
                }
            }
            t::ConsentRef::Log(i) => self.consent_log(i, rule),
        }
    }

    /// The most recent grant dated on or before the evaluation date decides: it counts when it is
    /// not withdrawn on or before that date and its basis is accepted. Computed in the consent
    /// log's single pass as two maxima: the latest grant, and the latest grant that does not
    /// count; consent is valid when the first exists and the second is older (or absent), so a
    /// grant that does not count at the same instant as a valid one wins (privacy first).
    fn consent_log(&mut self, i: usize, rule: &t::ChannelRule) -> Consent {
        let log = &self.program.schema.consents[i];
        let col = |c: usize| column(&log.columns[c]);
        let granted = col(log.granted_column);
        let desc = || TableDesc {
            name: log.name.clone(),
            table: log.table.clone(),
            link: log.columns[log.link_column].name.clone(),
            time: Some(granted.clone()),
        };
        let of_channel = Cond::Compare {
            op: CompareOp::Eq,
            left: Expr::Column(col(log.channel_column)),
            right: Expr::Lit(Scalar::String(rule.channel.clone())),
        };
        let withdrawn_day = date_of(
            Expr::Column(col(log.withdrawn_column)),
            &log.columns[log.withdrawn_column].ty,
        );
        let mut not_counting = vec![Cond::Compare {
            op: CompareOp::Le,
            left: withdrawn_day,
            right: Expr::Date(DateExpr::AsOf),
        }];
        if let Some(b) = log.basis_column {
            // A missing basis is not an accepted one.
            not_counting.push(Cond::Not(Box::new(Cond::InList {
                expr: Expr::Column(col(b)),
                items: rule
                    .bases
                    .iter()
                    .map(|b| Expr::Lit(Scalar::String(b.clone())))
                    .collect(),
                negated: false,
            })));
        }
        let not_counting = Cond::Or(not_counting);
        let counting = Cond::Not(Box::new(not_counting.clone()));
        let channel = &rule.channel;
        let bases = rule.bases.join(", ");
        let latest = self.add_feature(
            desc(),
            Feature {
                name: format!("{}_latest_{channel}", log.name),
                agg: Agg::Max(granted.clone()),
                filter: Some(of_channel.clone()),
                ty: granted.ty,
                empty: None,
                comment: format!("latest {channel} grant on or before the evaluation date"),
            },
        );
        let latest_void = self.add_feature(
            desc(),
            Feature {
                name: format!("{}_latest_void_{channel}", log.name),
                agg: Agg::Max(granted.clone()),
                filter: Some(Cond::And(vec![of_channel.clone(), not_counting])),
                ty: granted.ty,
                empty: None,
                comment: format!("latest {channel} grant withdrawn by the evaluation date or not on basis {bases}"),
            },
        );
        let mut evidence = vec![(format!("{channel}_consent_granted_at"), latest.clone())];
        for (label, c) in [("source", log.source_column), ("basis", log.basis_column)] {
            if let Some(c) = c {
                let value = self.add_feature(
                    desc(),
                    Feature {
                        name: format!("{}_{channel}_{label}", log.name),
                        agg: Agg::Last {
                            value: col(c),
                            time: granted.clone(),
                        },
                        filter: Some(Cond::And(vec![of_channel.clone(), counting.clone()])),
                        ty: scalar_type(&log.columns[c].ty),
                        empty: None,
                        comment: format!("{label} of the latest valid {channel} grant (evidence)"),
                    },
                );
                evidence.push((format!("{channel}_consent_{label}"), value));
            }
        }
        Consent {
            valid: Cond::And(vec![
                Cond::Not(Box::new(Cond::IsNull(latest.clone()))),
                Cond::Or(vec![
                    Cond::IsNull(latest_void.clone()),
                    Cond::Compare {
                        op: CompareOp::Lt,
                        left: latest_void,
                        right: latest,
                    },
                ]),
            ]),
            evidence,
        }
    }

    /// For each suppression list of the entity: not recorded there (for all channels, or this one)
    /// on or before the evaluation date.
    fn not_suppressed(&mut self, entity: t::EntityId, channel: &str) -> Vec<Cond> {
        let lists: Vec<&t::Suppression> = self
            .program
            .schema
            .suppressions
            .iter()
            .filter(|s| s.entity == entity)
            .collect();
        let mut out = Vec::new();
        for list in lists {
            let mut conditions = Vec::new();
            if let Some(c) = list.channel_column {
                let ch = Expr::Column(column(&list.columns[c]));
                conditions.push(Cond::Or(vec![
                    Cond::IsNull(ch.clone()),
                    Cond::Compare {
                        op: CompareOp::Eq,
                        left: ch,
                        right: Expr::Lit(Scalar::String(channel.to_string())),
                    },
                ]));
            }
            // Recorded on or before the evaluation date; a row without a date always applies
            // (privacy first), so the date is a filter here, not the table's time column.
            if let Some(t) = list.time_column {
                let at = Expr::Column(column(&list.columns[t]));
                conditions.push(Cond::Or(vec![
                    Cond::IsNull(at.clone()),
                    Cond::Compare {
                        op: CompareOp::Le,
                        left: date_of(at, &list.columns[t].ty),
                        right: Expr::Date(DateExpr::AsOf),
                    },
                ]));
            }
            let filter = match conditions.len() {
                0 => None,
                1 => conditions.pop(),
                _ => Some(Cond::And(conditions)),
            };
            let count = self.add_feature(
                TableDesc {
                    name: list.name.clone(),
                    table: list.table.clone(),
                    link: list.columns[list.link_column].name.clone(),
                    time: None,
                },
                Feature {
                    name: format!("{}_{channel}", list.name),
                    agg: Agg::CountRows,
                    filter,
                    ty: ScalarType::Int,
                    empty: Some(Scalar::Int(0)),
                    comment: format!(
                        "suppressions for {channel} recorded on or before the evaluation date"
                    ),
                },
            );
            out.push(Cond::Compare {
                op: CompareOp::Eq,
                left: count,
                right: Expr::Lit(Scalar::Int(0)),
            });
        }
        out
    }

    fn cond(&mut self, cond: &t::Cond, scope: Scope) -> Cond {
        match cond {
            t::Cond::And(parts) => Cond::And(parts.iter().map(|p| self.cond(p, scope)).collect()),
            t::Cond::Or(parts) => Cond::Or(parts.iter().map(|p| self.cond(p, scope)).collect()),
            t::Cond::Not(inner) => Cond::Not(Box::new(self.cond(inner, scope))),
            // The checker rejected cycles, so inlining terminates.
            t::Cond::InSegment(id) => self.segment_cond(*id),
            t::Cond::Bool(v) => Cond::Truthy(self.value(v, scope)),
            t::Cond::Compare { op, left, right } => {
                self.compare(compare_op(*op), left, right, scope)
            }
            t::Cond::InList {
                value,
                items,
                negated,
            } => {
                let temporal = value.ty.is_temporal();
                let wrap = |this: &mut Self, v: &t::Value| {
                    let e = this.value(v, scope);
                    if temporal {
                        date_of(e, &v.ty)
                    } else {
                        e
                    }
                };
                let expr = wrap(self, value);
                if items.is_empty() {
                    // `x in []` is never true; `x not in []` holds for every present value.
                    return match negated {
                        false => Cond::Const(false),
                        true => Cond::Not(Box::new(Cond::IsNull(expr))),
                    };
                }
                let items = items.iter().map(|i| wrap(self, i)).collect();
                Cond::InList {
                    expr,
                    items,
                    negated: *negated,
                }
            }
            t::Cond::Between { value, low, high } => Cond::And(vec![
                self.compare(CompareOp::Ge, value, low, scope),
                self.compare(CompareOp::Le, value, high, scope),
            ]),
            t::Cond::IsMissing(v) => self.missing(v, scope),
            t::Cond::IsPresent(v) => Cond::Not(Box::new(self.missing(v, scope))),
            t::Cond::Text {
                test,
                value,
                pattern,
            } => Cond::Text {
                test: text_test(*test),
                expr: self.value(value, scope),
                pattern: self.value(pattern, scope),
            },
            t::Cond::WithinLast { value, count, unit } => {
                let day = date_of(self.value(value, scope), &value.ty);
                Cond::And(vec![
                    Cond::Compare {
                        op: CompareOp::Gt,
                        left: day.clone(),
                        right: Expr::Date(DateExpr::Ago(*count, time_unit(*unit))),
                    },
                    Cond::Compare {
                        op: CompareOp::Le,
                        left: day,
                        right: Expr::Date(DateExpr::AsOf),
                    },
                ])
            }
            t::Cond::Before { value, bound } | t::Cond::After { value, bound } => {
                let op = match cond {
                    t::Cond::Before { .. } => CompareOp::Le,
                    _ => CompareOp::Gt,
                };
                Cond::Compare {
                    op,
                    left: date_of(self.value(value, scope), &value.ty),
                    right: date_of(self.value(bound, scope), &bound.ty),
                }
            }
        }
    }

    fn missing(&mut self, v: &t::Value, scope: Scope) -> Cond {
        // `avg` over no rows is missing: its count is zero.
        if let t::ValueKind::Aggregate(agg) = &v.kind {
            if agg.func == AggFunc::Avg {
                let (_, count) = self.avg_parts(agg);
                return Cond::Compare {
                    op: CompareOp::Eq,
                    left: count,
                    right: Expr::Lit(Scalar::Int(0)),
                };
            }
        }
        Cond::IsNull(self.value(v, scope))
    }

    fn compare(&mut self, op: CompareOp, left: &t::Value, right: &t::Value, scope: Scope) -> Cond {
        // `avg(x) op c` becomes `count > 0 and sum op c * count`: exact on every engine.
        if let Some(cond) = self.exact_avg_compare(op, left, right, scope) {
            return cond;
        }
        if let Some(cond) = self.exact_avg_compare(op.flipped(), right, left, scope) {
            return cond;
        }
        let (mut l, mut r) = (self.value(left, scope), self.value(right, scope));
        // Two timestamp columns compare as instants; a constant (a parameter's value is a date)
        // compares by calendar day, like any timestamp compared with a date.
        let constant =
            |v: &t::Value| matches!(v.kind, t::ValueKind::Literal(_) | t::ValueKind::Param(_));
        let both_timestamps = left.ty == Type::Timestamp
            && right.ty == Type::Timestamp
            && !constant(left)
            && !constant(right);
        if left.ty.is_temporal() && !both_timestamps {
            l = date_of(l, &left.ty);
            r = date_of(r, &right.ty);
        }
        // `a / n op c` with a positive whole `n` becomes `a op c * n`: exact on every engine.
        let divisor = |e: &Expr| match e {
            Expr::Div(a, n) => match n.as_ref() {
                Expr::Lit(Scalar::Int(n)) if *n > 0 => Some((a.as_ref().clone(), *n)),
                _ => None,
            },
            _ => None,
        };
        let times = |e: Expr, n: i64| Expr::Mul(Box::new(e), Box::new(Expr::Lit(Scalar::Int(n))));
        if let Some((a, n)) = divisor(&l) {
            return Cond::Compare {
                op,
                left: a,
                right: times(r, n),
            };
        }
        if let Some((a, n)) = divisor(&r) {
            return Cond::Compare {
                op,
                left: times(l, n),
                right: a,
            };
        }
        Cond::Compare {
            op,
            left: l,
            right: r,
        }
    }

    fn exact_avg_compare(
        &mut self,
        op: CompareOp,
        avg: &t::Value,
        constant: &t::Value,
        scope: Scope,
    ) -> Option<Cond> {
        let t::ValueKind::Aggregate(agg) = &avg.kind else {
            return None;
        };
        let is_constant = matches!(
            constant.kind,
            t::ValueKind::Literal(_) | t::ValueKind::Param(_)
        );
        if agg.func != AggFunc::Avg || !is_constant {
            return None;
        }
        let (sum, count) = self.avg_parts(agg);
        let c = self.value(constant, scope);
        Some(Cond::And(vec![
            Cond::Compare {
                op: CompareOp::Gt,
                left: count.clone(),
                right: Expr::Lit(Scalar::Int(0)),
            },
            Cond::Compare {
                op,
                left: sum,
                right: Expr::Mul(Box::new(c), Box::new(count)),
            },
        ]))
    }

    /// A segmentation's stage: the first stage whose condition holds, else the `otherwise` stage.
    fn stage(&mut self, index: usize, scope: Scope) -> Expr {
        let segmentation = &self.program.segmentations[index];
        let mut whens = Vec::new();
        let mut otherwise = String::new();
        for stage in &segmentation.stages {
            match &stage.when {
                Some(c) => whens.push((
                    self.cond(c, scope),
                    Expr::Lit(Scalar::String(stage.name.clone())),
                )),
                None => otherwise = stage.name.clone(),
            }
        }
        Expr::Case {
            whens,
            otherwise: Box::new(Expr::Lit(Scalar::String(otherwise))),
        }
    }

    /// The sum and count features behind an `avg`.
    fn avg_parts(&mut self, agg: &t::Aggregate) -> (Expr, Expr) {
        let sum = t::Aggregate {
            func: AggFunc::Sum,
            ..agg.clone()
        };
        let count = t::Aggregate {
            func: AggFunc::Count,
            ..agg.clone()
        };
        (self.aggregate(&sum), self.aggregate(&count))
    }

    pub(super) fn value(&mut self, v: &t::Value, scope: Scope) -> Expr {
        match &v.kind {
            t::ValueKind::Column(i) => {
                let c = &self.program.schema.columns(scope)[*i];
                Expr::Column(column(c))
            }
            t::ValueKind::Segmentation(i) => self.stage(*i, scope),
            t::ValueKind::Param(p) => Expr::Lit(scalar(&self.program.params[p.0].value)),
            t::ValueKind::Literal(l) => Expr::Lit(scalar(l)),
            t::ValueKind::Ago(n, unit) => Expr::Date(DateExpr::Ago(*n, time_unit(*unit))),
            t::ValueKind::DaysSince(inner) => {
                Expr::DaysSince(Box::new(date_of(self.value(inner, scope), &inner.ty)))
            }
            t::ValueKind::Age(inner) => {
                Expr::AgeYears(Box::new(date_of(self.value(inner, scope), &inner.ty)))
            }
            t::ValueKind::Aggregate(agg) if agg.func == AggFunc::Avg => {
                let (sum, count) = self.avg_parts(agg);
                Expr::Div(Box::new(sum), Box::new(count))
            }
            t::ValueKind::Aggregate(agg) => self.aggregate(agg),
            t::ValueKind::Rfm { model, field } => self.rfm_field(*model, *field),
            t::ValueKind::Clv(model) => self.clv_value(*model),
        }
    }

    /// Finds or adds the feature computing `agg`, and refers to it.
    pub(super) fn aggregate(&mut self, agg: &t::Aggregate) -> Expr {
        let facts = self.program.schema.facts(agg.facts);
        let time = facts.time_column.map(|i| column(&facts.columns[i]));
        let value = agg.column.map(|i| column(&facts.columns[i]));
        let (kind, ty, empty) = match (agg.func, value.clone(), time.clone()) {
            (AggFunc::Count, None, _) => (Agg::CountRows, ScalarType::Int, Some(Scalar::Int(0))),
            (AggFunc::Count, Some(c), _) if agg.distinct => {
                (Agg::CountDistinct(c), ScalarType::Int, Some(Scalar::Int(0)))
            }
            (AggFunc::Count, Some(c), _) => {
                (Agg::CountValues(c), ScalarType::Int, Some(Scalar::Int(0)))
            }
            (AggFunc::Sum, Some(c), _) => {
                let (ty, zero) = match c.ty {
                    ScalarType::Decimal { scale, .. } => (
                        ScalarType::Decimal {
                            precision: 38,
                            scale,
                        },
                        Scalar::Decimal("0".into()),
                    ),
                    other => (other, Scalar::Int(0)),
                };
                (Agg::Sum(c), ty, Some(zero))
            }
            (AggFunc::Min, Some(c), _) => (Agg::Min(c.clone()), c.ty, None),
            (AggFunc::Max, Some(c), _) => (Agg::Max(c.clone()), c.ty, None),
            (AggFunc::First, Some(c), Some(time)) if c == time => (Agg::Min(c.clone()), c.ty, None),
            (AggFunc::Last, Some(c), Some(time)) if c == time => (Agg::Max(c.clone()), c.ty, None),
            (AggFunc::First, Some(c), Some(time)) => (
                Agg::First {
                    value: c.clone(),
                    time,
                },
                c.ty,
                None,
            ),
            (AggFunc::Last, Some(c), Some(time)) => (
                Agg::Last {
                    value: c.clone(),
                    time,
                },
                c.ty,
                None,
            ),
            // The checker guarantees a column for every function but count, and a time column for
            // first/last; a plan can still be built by counting rows.
            _ => (Agg::CountRows, ScalarType::Int, Some(Scalar::Int(0))),
        };
        let mut filters = Vec::new();
        if let Some(f) = &agg.filter {
            filters.push(self.cond(f, Scope::Facts(agg.facts)));
        }
        if let (Some(w), Some(time)) = (&agg.window, &time) {
            let day = date_of(Expr::Column(time.clone()), &type_of_scalar(time.ty));
            let bound = |this: &mut Self, v: &t::Value| {
                date_of(this.value(v, Scope::Facts(agg.facts)), &v.ty)
            };
            match w {
                t::Window::Last(n, unit) => filters.push(Cond::Compare {
                    op: CompareOp::Gt,
                    left: day,
                    right: Expr::Date(DateExpr::Ago(*n, time_unit(*unit))),
                }),
                t::Window::Before(v) => filters.push(Cond::Compare {
                    op: CompareOp::Le,
                    left: day,
                    right: bound(self, v),
                }),
                t::Window::After(v) => filters.push(Cond::Compare {
                    op: CompareOp::Gt,
                    left: day,
                    right: bound(self, v),
                }),
                t::Window::Between(a, b) => {
                    filters.push(Cond::Compare {
                        op: CompareOp::Ge,
                        left: day.clone(),
                        right: bound(self, a),
                    });
                    filters.push(Cond::Compare {
                        op: CompareOp::Le,
                        left: day,
                        right: bound(self, b),
                    });
                }
            }
        }
        let filter = match filters.len() {
            0 => None,
            1 => filters.pop(),
            _ => Some(Cond::And(filters)),
        };
        let comment = match agg.func {
            AggFunc::Avg => format!("{} (for {})", agg_word(&kind), agg.source),
            _ => agg.source.clone(),
        };
        let base = feature_name(&facts.name, &kind, agg);
        let desc = TableDesc {
            name: facts.name.clone(),
            table: facts.table.clone(),
            link: facts.columns[facts.link_column].name.clone(),
            time,
        };
        self.add_feature(
            desc,
            Feature {
                name: base,
                agg: kind,
                filter,
                ty,
                empty,
                comment,
            },
        )
    }

    /// Finds or adds `feature` in the feature table of `desc`, and refers to it. Identical
    /// aggregates (same function, column and filter) are computed once.
    fn add_feature(&mut self, desc: TableDesc, mut feature: Feature) -> Expr {
        let table_index = match self
            .plan
            .feature_tables
            .iter()
            .position(|ft| ft.name == desc.name)
        {
            Some(i) => i,
            None => {
                self.plan.feature_tables.push(FeatureTable {
                    name: desc.name,
                    table: desc.table,
                    link: desc.link,
                    time: desc.time,
                    features: Vec::new(),
                });
                self.plan.feature_tables.len() - 1
            }
        };
        let features = &mut self.plan.feature_tables[table_index].features;
        if let Some(i) = features
            .iter()
            .position(|f| f.agg == feature.agg && f.filter == feature.filter)
        {
            return Expr::Feature {
                table: table_index,
                feature: i,
            };
        }
        let base = feature.name.clone();
        let mut n = 2;
        while features.iter().any(|f| f.name == feature.name) {
            feature.name = format!("{base}_{n}");
            n += 1;
        }
        features.push(feature);
        Expr::Feature {
            table: table_index,
            feature: features.len() - 1,
        }
    }
}

fn agg_word(agg: &Agg) -> &'static str {
    match agg {
        Agg::Sum(_) => "sum",
        _ => "count",
    }
}

/// A readable column name: what is aggregated, then `where` and the window when present.
fn feature_name(facts: &str, agg: &Agg, source: &t::Aggregate) -> String {
    let mut name = base_feature_name(facts, agg);
    if source.filter.is_some() {
        name.push_str("_where");
    }
    let ago = |v: &t::Value| match &v.kind {
        t::ValueKind::Ago(n, unit) => format!("{n}_{}_ago", unit.word()),
        t::ValueKind::Literal(Lit::Date(d)) => d.to_string().replace('-', ""),
        t::ValueKind::Param(_) => "param".to_string(),
        _ => "bound".to_string(),
    };
    match &source.window {
        None => {}
        Some(t::Window::Last(n, unit)) => name.push_str(&format!("_last_{n}_{}", unit.word())),
        Some(t::Window::Before(v)) => name.push_str(&format!("_before_{}", ago(v))),
        Some(t::Window::After(v)) => name.push_str(&format!("_after_{}", ago(v))),
        Some(t::Window::Between(a, b)) => {
            name.push_str(&format!("_between_{}_and_{}", ago(a), ago(b)))
        }
    }
    name
}

fn base_feature_name(facts: &str, agg: &Agg) -> String {
    match agg {
        Agg::CountRows => format!("{facts}_count"),
        Agg::CountValues(c) => format!("{facts}_count_{}", c.name),
        Agg::CountDistinct(c) => format!("{facts}_count_distinct_{}", c.name),
        Agg::Sum(c) => format!("{facts}_sum_{}", c.name),
        Agg::Min(c) => format!("{facts}_min_{}", c.name),
        Agg::Max(c) => format!("{facts}_max_{}", c.name),
        Agg::First { value, .. } => format!("{facts}_first_{}", value.name),
        Agg::Last { value, .. } => format!("{facts}_last_{}", value.name),
    }
}

/// The plan's comparison for a checked one.
fn compare_op(op: t::CompareOp) -> CompareOp {
    match op {
        t::CompareOp::Eq => CompareOp::Eq,
        t::CompareOp::Ne => CompareOp::Ne,
        t::CompareOp::Lt => CompareOp::Lt,
        t::CompareOp::Le => CompareOp::Le,
        t::CompareOp::Gt => CompareOp::Gt,
        t::CompareOp::Ge => CompareOp::Ge,
    }
}

/// The plan's string test for a checked one.
fn text_test(test: t::TextTest) -> TextTest {
    match test {
        t::TextTest::StartsWith => TextTest::StartsWith,
        t::TextTest::EndsWith => TextTest::EndsWith,
        t::TextTest::Contains => TextTest::Contains,
        t::TextTest::Matches => TextTest::Matches,
    }
}

/// The plan's calendar unit for a checked one.
fn time_unit(unit: t::TimeUnit) -> TimeUnit {
    match unit {
        t::TimeUnit::Days => TimeUnit::Days,
        t::TimeUnit::Weeks => TimeUnit::Weeks,
        t::TimeUnit::Months => TimeUnit::Months,
        t::TimeUnit::Years => TimeUnit::Years,
    }
}

/// Wraps a timestamp in `DateOf`; dates pass through.
pub(super) fn date_of(expr: Expr, ty: &Type) -> Expr {
    match ty {
        Type::Timestamp => Expr::DateOf(Box::new(expr)),
        _ => expr,
    }
}

fn type_of_scalar(ty: ScalarType) -> Type {
    match ty {
        ScalarType::Timestamp => Type::Timestamp,
        _ => Type::Date,
    }
}

fn column(c: &t::Column) -> Column {
    Column {
        name: c.name.clone(),
        ty: scalar_type(&c.ty),
        nullable: c.nullable,
    }
}

/// The dialect-facing type of a column type; enums are strings.
pub fn scalar_type(ty: &Type) -> ScalarType {
    match ty {
        Type::String | Type::Enum(_) => ScalarType::String,
        Type::Int => ScalarType::Int,
        Type::Decimal { precision, scale } => ScalarType::Decimal {
            precision: *precision,
            scale: *scale,
        },
        Type::Bool => ScalarType::Bool,
        Type::Date => ScalarType::Date,
        Type::Timestamp => ScalarType::Timestamp,
    }
}

pub(super) fn scalar(l: &Lit) -> Scalar {
    match l {
        Lit::Int(i) => Scalar::Int(*i),
        Lit::Decimal(d) => Scalar::Decimal(d.clone()),
        Lit::String(s) => Scalar::String(s.clone()),
        Lit::Bool(b) => Scalar::Bool(*b),
        Lit::Date(d) => Scalar::Date(*d),
    }
}
