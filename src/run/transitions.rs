//! How the entities moved between the stages of a segmentation from one evaluation date to
//! another: `seg run --transitions` and the lifecycle section of `seg report`.

use super::engine::{Engine, Outcome};
use super::errors::RunError;
use crate::check::typed::Program;
use crate::ir::{lower_stages, AsOf, SegmentRule};
use crate::value::Date;

/// `matrix[i][j]`: the entities in stage `i` of `program.segmentations[index]` at `from` and in
/// stage `j` at `to`, stages in declaration order.
pub fn transition_matrix(
    engine: &mut Engine,
    program: &Program,
    index: usize,
    from: Date,
    to: Date,
) -> Result<Vec<Vec<usize>>, RunError> {
    let plans = [from, to].map(|date| lower_stages(program, AsOf::Fixed(date), index));
    let before = engine.run(&plans[..1])?;
    let after = engine.run(&plans[1..])?;
    // One rule per stage, in stage order, named alike at both dates.
    let members = |outcome: &Outcome, rule: &SegmentRule| {
        outcome
            .members
            .get(&rule.name())
            .cloned()
            .unwrap_or_default()
    };
    let plan = &plans[0];
    Ok(plan
        .segments
        .iter()
        .map(|a| {
            let from_members = members(&before, a);
            plan.segments
                .iter()
                .map(|b| from_members.intersection(&members(&after, b)).count())
                .collect()
        })
        .collect())
}
