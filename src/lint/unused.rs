//! W0008, `unused_segment`: the segments that nothing in the project uses. A segment is used
//! when it is sent to a channel (activation is its use), when another segment tests it
//! (`in NAME`, `not in NAME`), or when a `test` block tests it.
//! What reads the membership tables from outside (a dashboard, a dbt model) is invisible here,
//! which is why the lint is allowed unless a project asks for it.

use crate::check::typed::{Cond, Program};

/// The indices of the segments of `program` that nothing uses, in declaration order.
pub(super) fn unused_segments(program: &Program) -> Vec<usize> {
    let mut used = vec![false; program.segments.len()];
    // Segments only: a segmentation's stage cannot test a segment (E0407).
    for cond in program.segments.iter().filter_map(|s| s.criteria.as_ref()) {
        mark(cond, &mut used);
    }
    for test in &program.tests {
        if let Some(u) = used.get_mut(test.segment.0) {
            *u = true;
        }
    }
    program
        .segments
        .iter()
        .enumerate()
        .filter(|(i, segment)| segment.channels.is_empty() && !used[*i])
        .map(|(i, _)| i)
        .collect()
}

/// Marks the segments a condition tests. The checker lets `in` stand only where a condition
/// over the entity does (E0211 inside an aggregate's `where`), so values need no walk.
fn mark(cond: &Cond, used: &mut [bool]) {
    match cond {
        Cond::And(parts) | Cond::Or(parts) => parts.iter().for_each(|p| mark(p, used)),
        Cond::Not(inner) => mark(inner, used),
        Cond::InSegment(id) => {
            if let Some(u) = used.get_mut(id.0) {
                *u = true;
            }
        }
        Cond::Bool(_)
        | Cond::Compare { .. }
        | Cond::InList { .. }
        | Cond::Between { .. }
        | Cond::IsMissing(_)
        | Cond::IsPresent(_)
        | Cond::Text { .. }
        | Cond::WithinLast { .. }
        | Cond::WithinNext { .. }
        | Cond::Before { .. }
        | Cond::After { .. }
        | Cond::Sequence(_) => {}
    }
}
