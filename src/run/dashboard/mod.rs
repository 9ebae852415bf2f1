//! Gathering `seg report`'s numbers from an engine into a [`Dashboard`]: segment sizes and their
//! overlaps, KPIs with their uplift (`kpis`), consent coverage (`consent`), RFM grids (`rfm`), lifecycle moves (through
//! [`crate::run::transitions`]) and members over time (`history`). Every count comes from a plan
//! evaluated by [`Engine::run`], through the same SQL builder as the segments themselves.

mod consent;
mod history;
mod kpis;
mod rfm;

use super::engine::{Engine, Outcome};
use super::errors::RunError;
use super::transitions::transition_matrix;
use crate::check::typed::Program;
use crate::dashboard::{
    Dashboard, EntityRows, Flow, Lifecycle, Overlap, Section, SegmentSize, Sizes, StageSizes,
};
use crate::ir::{lower, lower_stages, AsOf, LowerOptions, Plan, RuleId};
use crate::sql::Placement;
use crate::value::Date;
use std::collections::BTreeSet;

/// What a report is about, besides the program.
#[derive(Debug, Clone)]
pub struct Request {
    /// The project's path as the user gave it, for the page's header.
    pub project: String,
    pub as_of: Date,
    /// The earlier date of the lifecycle moves.
    pub from: Option<Date>,
    /// Where the data comes from, in words.
    pub source: String,
    /// Where `seg materialize` keeps the membership history the report reads.
    pub history: Placement,
}

/// Evaluates everything the report shows on `engine`.
pub fn gather(
    engine: &mut Engine,
    program: &Program,
    request: &Request,
) -> Result<Dashboard, RunError> {
    let as_of = AsOf::Fixed(request.as_of);
    let plans = lower(
        program,
        &LowerOptions {
            as_of,
            segments: Vec::new(),
        },
    );
    let stage_plans: Vec<Plan> = (0..program.segmentations.len())
        .map(|i| lower_stages(program, as_of, i))
        .collect();
    // The segments and the stages of every segmentation, in one run as `seg run` does.
    let mut all = plans.clone();
    all.extend(stage_plans.iter().cloned());
    let outcome = engine.run(&all)?;
    let sizes = sizes(program, &plans, &stage_plans, &outcome);
    let overlap = overlap(&plans, &outcome);
    let names: Vec<String> = overlap.segments.clone();
    let sections = vec![
        Section::Sizes(sizes),
        // KPIs on the segments and on the stages.
        Section::Kpis(kpis::kpis(engine, &all)?),
        Section::Overlap(overlap),
        Section::Consent(consent::coverage(engine, program, as_of)?),
        Section::Rfm(rfm::grids(engine, program, as_of)?),
        Section::Lifecycle(lifecycle(engine, program, request)?),
        Section::History(history::history(engine, &names, &request.history)?),
    ];
    Ok(Dashboard {
        project: request.project.clone(),
        as_of: request.as_of.to_string(),
        from: request.from.map(|d| d.to_string()),
        source: request.source.clone(),
        sections,
    })
}

/// The size of every rule of `plans` (segments and control groups) and of every stage of
/// `stage_plans` (segmentation `i`'s is `stage_plans[i]`, from `ir::lower_stages`), as `seg run`
/// reports them.
fn sizes(program: &Program, plans: &[Plan], stage_plans: &[Plan], outcome: &Outcome) -> Sizes {
    let mut entities: Vec<EntityRows> = Vec::new();
    for plan in plans.iter().chain(stage_plans) {
        if !entities.iter().any(|e| e.entity == plan.entity.name) {
            entities.push(EntityRows {
                entity: plan.entity.name.clone(),
                rows: outcome
                    .entity_rows
                    .get(&plan.entity.name)
                    .copied()
                    .unwrap_or(0),
            });
        }
    }
    let segmentations = program
        .segmentations
        .iter()
        .zip(stage_plans)
        .map(|(segmentation, plan)| StageSizes {
            segmentation: segmentation.name.clone(),
            entity: plan.entity.name.clone(),
            docs: segmentation.docs.as_deref().map(first_paragraph),
            stages: rule_sizes(plan, outcome),
        })
        .collect();
    Sizes {
        entities,
        segments: plans.iter().flat_map(|p| rule_sizes(p, outcome)).collect(),
        segmentations,
    }
}

/// The size of every rule of `plan`, and its share of the entity's rows.
fn rule_sizes(plan: &Plan, outcome: &Outcome) -> Vec<SegmentSize> {
    let rows = outcome
        .entity_rows
        .get(&plan.entity.name)
        .copied()
        .unwrap_or(0);
    plan.segments
        .iter()
        .map(|rule| {
            let members = outcome.members.get(&rule.name()).map_or(0, BTreeSet::len) as u64;
            SegmentSize {
                segment: rule.name(),
                entity: plan.entity.name.clone(),
                docs: rule.docs.as_deref().map(first_paragraph),
                members,
                share: match rows {
                    0 => 0.0,
                    n => members as f64 / n as f64,
                },
            }
        })
        .collect()
}

/// The first paragraph of a doc comment, on one line.
fn first_paragraph(docs: &str) -> String {
    let paragraph = docs.split("\n\n").next().unwrap_or("");
    paragraph.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Members shared by every pair of segments (control groups aside).
fn overlap(plans: &[Plan], outcome: &Outcome) -> Overlap {
    let segments: Vec<String> = plans
        .iter()
        .flat_map(|p| p.segments.iter())
        .filter(|r| matches!(r.id, RuleId::Segment(_)))
        .map(|r| r.name())
        .collect();
    let empty = BTreeSet::new();
    let members = |name: &String| outcome.members.get(name).unwrap_or(&empty);
    let matrix = segments
        .iter()
        .map(|a| {
            segments
                .iter()
                .map(|b| members(a).intersection(members(b)).count() as u64)
                .collect()
        })
        .collect();
    Overlap { segments, matrix }
}

/// The moves of every segmentation from `request.from` to the evaluation date.
fn lifecycle(
    engine: &mut Engine,
    program: &Program,
    request: &Request,
) -> Result<Lifecycle, RunError> {
    let mut flows = Vec::new();
    if let Some(from) = request.from {
        for (index, s) in program.segmentations.iter().enumerate() {
            let matrix = transition_matrix(engine, program, index, from, request.as_of)?;
            flows.push(Flow {
                segmentation: s.name.clone(),
                stages: s.stage_names(),
                matrix: matrix
                    .into_iter()
                    .map(|row| row.into_iter().map(|n| n as u64).collect())
                    .collect(),
            });
        }
    }
    Ok(Lifecycle {
        from: request.from.map(|d| d.to_string()),
        to: request.as_of.to_string(),
        flows,
    })
}
