//! Segment references: each referenced segment's condition becomes one helper rule of the plan,
//! lowered the first time it is referred to (after the helpers it refers to), so a chain or a
//! diamond of references costs one condition per segment, never a copy per use.

use super::{Lowerer, Referenced};
use crate::check::typed::{self as t, Program, SegmentId};
use crate::ir::{ReferencedId, ReferencedRule};

impl Lowerer<'_> {
    /// The helper rule holding segment `id`'s condition, lowered on first use after the helpers
    /// it refers to. The order is a depth-first walk kept on a heap stack, not the call stack, so
    /// a chain of thousands of references lowers each helper one call deep: when a helper's
    /// condition is lowered, every helper it reads is already there.
    pub(super) fn helper(&mut self, id: SegmentId) -> ReferencedId {
        let mut stack = vec![(id, false)];
        while let Some((next, dependencies_done)) = stack.pop() {
            if self.helpers.contains_key(&next) {
                continue;
            }
            if dependencies_done {
                self.lower_helper(next);
                continue;
            }
            stack.push((next, true));
            // Reversed, so that the first reference in the condition is lowered first.
            for dependency in direct_references(self.program, next).into_iter().rev() {
                if !self.helpers.contains_key(&dependency) {
                    stack.push((dependency, false));
                }
            }
        }
        self.helpers[&id]
    }

    /// Lowers segment `id`'s condition into a new helper rule; the helpers it reads exist.
    fn lower_helper(&mut self, id: SegmentId) {
        let cond = self.segment_cond(id);
        let segment = &self.program.segments[id.0];
        let helper = ReferencedId(self.plan.referenced.len());
        self.plan.referenced.push(ReferencedRule {
            segment: segment.name.clone(),
            location: self.program.sources.location(segment.decl_span),
            cond,
        });
        self.helpers.insert(id, helper);
    }
}

/// The segments that `chosen` refer to, directly or through other segments (and through the
/// stages of a segmentation used as a value). A work list, not recursion, follows the references,
/// so a long chain of them cannot exhaust the stack; each segment is walked once.
pub(super) fn referenced_by(program: &Program, chosen: &[SegmentId]) -> Referenced {
    let mut seen = Referenced::new();
    let mut pending: Vec<SegmentId> = chosen.to_vec();
    while let Some(id) = pending.pop() {
        for referenced in direct_references(program, id) {
            if seen.insert(referenced) {
                pending.push(referenced);
            }
        }
    }
    seen
}

/// The segments that segment `id`'s condition names itself, in the order it names them.
fn direct_references(program: &Program, id: SegmentId) -> Vec<SegmentId> {
    let mut walk = Walk {
        program,
        found: Vec::new(),
        visited_stages: Vec::new(),
    };
    if let Some(c) = &program.segments[id.0].criteria {
        walk.cond(c);
    }
    walk.found
}

/// A walk over one checked condition collecting the segments it names, without following them.
struct Walk<'a> {
    program: &'a Program,
    found: Vec<SegmentId>,
    visited_stages: Vec<usize>,
}

impl Walk<'_> {
    fn cond(&mut self, cond: &t::Cond) {
        match cond {
            t::Cond::And(parts) | t::Cond::Or(parts) => parts.iter().for_each(|p| self.cond(p)),
            t::Cond::Not(inner) => self.cond(inner),
            t::Cond::InSegment(id) => self.found.push(*id),
            // Its steps' filters read rows of facts tables, never a segment.
            t::Cond::Sequence(_) => {}
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
            t::Cond::WithinLast { value, .. } | t::Cond::WithinNext { value, .. } => {
                self.value(value)
            }
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
            // A trait never reads a segment or a segmentation.
            _ => {
                for x in value.operands() {
                    self.value(x);
                }
            }
        }
    }
}
