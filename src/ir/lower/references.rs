//! Segment references: each referenced segment's condition becomes one helper rule of the plan,
//! lowered the first time it is referred to (after the helpers it refers to), so a chain or a
//! diamond of references costs one condition per segment, never a copy per use.

use super::{Lowerer, Referenced};
use crate::check::typed::{self as t, Program, SegmentId};
use crate::ir::{ReferencedId, ReferencedRule};

impl Lowerer<'_> {
    /// The helper rule holding segment `id`'s condition, lowered on first use. The checker
    /// rejected cycles, so the recursion through `segment_cond` ends.
    pub(super) fn helper(&mut self, id: SegmentId) -> ReferencedId {
        if let Some(helper) = self.helpers.get(&id) {
            return *helper;
        }
        // Lowering the condition first lowers the helpers it refers to, so they come before it.
        let cond = self.segment_cond(id);
        let segment = &self.program.segments[id.0];
        let helper = ReferencedId(self.plan.referenced.len());
        self.plan.referenced.push(ReferencedRule {
            segment: segment.name.clone(),
            location: self.program.sources.location(segment.decl_span),
            cond,
        });
        self.helpers.insert(id, helper);
        helper
    }
}

/// The segments that `chosen` refer to, directly or through other segments (and through the
/// stages of a segmentation used as a value). Each segment is walked once.
pub(super) fn referenced_by(program: &Program, chosen: &[SegmentId]) -> Referenced {
    let mut walk = Walk {
        program,
        seen: Referenced::new(),
        visited_stages: Vec::new(),
    };
    for id in chosen {
        walk.segment(*id);
    }
    walk.seen
}

/// A walk over checked conditions collecting segment references.
struct Walk<'a> {
    program: &'a Program,
    seen: Referenced,
    visited_stages: Vec<usize>,
}

impl Walk<'_> {
    fn segment(&mut self, id: SegmentId) {
        if let Some(c) = &self.program.segments[id.0].criteria {
            self.cond(c);
        }
    }

    fn cond(&mut self, cond: &t::Cond) {
        match cond {
            t::Cond::And(parts) | t::Cond::Or(parts) => parts.iter().for_each(|p| self.cond(p)),
            t::Cond::Not(inner) => self.cond(inner),
            t::Cond::InSegment(id) => {
                if self.seen.insert(*id) {
                    self.segment(*id);
                }
            }
            t::Cond::Bool(v) | t::Cond::IsMissing(v) | t::Cond::IsPresent(v) => self.value(v),
            t::Cond::Compare { left, right, .. } => {
                self.value(left);
                self.value(right);
            }
            t::Cond::InList { value, items, .. } => {
                self.value(value);
                items.iter().for_each(|i| self.value(i));
            }
            t::Cond::Between { value, low, high } => {
                self.value(value);
                self.value(low);
                self.value(high);
            }
            t::Cond::Text { value, pattern, .. } => {
                self.value(value);
                self.value(pattern);
            }
            t::Cond::WithinLast { value, .. } => self.value(value),
            t::Cond::Before { value, bound } | t::Cond::After { value, bound } => {
                self.value(value);
                self.value(bound);
            }
        }
    }

    /// Values refer to segments only through a segmentation's stages.
    fn value(&mut self, value: &t::Value) {
        match &value.kind {
            t::ValueKind::Segmentation(i) => {
                if self.visited_stages.contains(i) {
                    return;
                }
                self.visited_stages.push(*i);
                let stages = &self.program.segmentations[*i].stages;
                for c in stages.iter().filter_map(|s| s.when.as_ref()) {
                    self.cond(c);
                }
            }
            t::ValueKind::DaysSince(inner) | t::ValueKind::Age(inner) => self.value(inner),
            t::ValueKind::Column(_)
            | t::ValueKind::Param(_)
            | t::ValueKind::Literal(_)
            | t::ValueKind::Ago(..)
            | t::ValueKind::Aggregate(_)
            | t::ValueKind::Rfm { .. }
            | t::ValueKind::Clv(_) => {}
        }
    }
}
