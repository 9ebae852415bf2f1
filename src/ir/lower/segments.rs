//! Segments: the criteria, and for each channel a valid consent and no suppression, make one
//! rule; a holdout splits it into a treatment group and a control group.

use super::values::column;
use super::{Lowerer, Referenced};
use crate::check::typed::{self as t, Scope, SegmentId};
use crate::ir::{Cond, Expr, RuleId, SegmentRule};

impl Lowerer<'_> {
    /// Adds the rules of segment `id`: its members, or its treatment and control groups. A
    /// segment that others of the plan refer to reads its helper rule instead of repeating it.
    pub(super) fn segment(&mut self, id: SegmentId, referenced: &Referenced) {
        let program = self.program;
        let segment = &program.segments[id.0];
        let cond = match referenced.contains(&id) {
            true => Cond::Referenced(self.helper(id)),
            false => self.segment_cond(id),
        };
        let mut evidence = Vec::new();
        for rule in &segment.channels {
            evidence.extend(self.consent(segment.entity, rule).evidence);
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
            None => self.plan.segments.push(rule),
            Some(holdout) => {
                let entity = program.schema.entity(segment.entity);
                let key = &entity.columns[entity.key];
                let [treatment, control] = split(rule, &segment.name, key, holdout);
                self.plan.segments.push(treatment);
                self.plan.segments.push(control);
            }
        }
    }

    /// The segment's criteria, and for each of its channels a valid consent and no suppression.
    pub(super) fn segment_cond(&mut self, id: SegmentId) -> Cond {
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
}

/// A segment's members split in two by the holdout bucket of their key: the treatment keeps the
/// segment's id, the control group is a rule of its own, so every engine and the reference
/// evaluator handle it as is.
fn split(
    rule: SegmentRule,
    segment: &str,
    key: &t::Column,
    holdout: &t::Holdout,
) -> [SegmentRule; 2] {
    let bucket = Cond::HashBelow {
        expr: Expr::Column(column(key)),
        salt: holdout.salt.clone(),
        threshold: holdout.threshold.clone(),
    };
    let control = SegmentRule {
        id: RuleId::Control(segment.to_string()),
        cond: Cond::And(vec![rule.cond.clone(), bucket.clone()]),
        ..rule.clone()
    };
    let treatment = SegmentRule {
        cond: Cond::And(vec![rule.cond, Cond::Not(Box::new(bucket))]),
        ..rule
    };
    [treatment, control]
}
