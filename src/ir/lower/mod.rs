//! Typed program → one [`Plan`] per entity: features gathered and shared, windows turned into
//! row filters, parameters into literals, each referenced segment's condition lowered once as a
//! helper rule, `avg` comparisons made exact.
//!
//! One file per noun of the checked program: segments and their holdouts (`segments`),
//! conditions (`conditions`), values (`values`), aggregates as shared features (`features`),
//! consent and suppressions (`consent`), a segmentation's stages (`stages`), RFM and CLV models
//! (`models`). Each adds methods to [`Lowerer`], which holds the plan being built.

mod conditions;
mod consent;
mod features;
mod kpis;
mod lookups;
mod models;
mod references;
mod segments;
mod sequences;
mod stages;
mod tallies;
mod values;

pub use stages::lower_stages;
pub use tallies::{lower_consent_coverage, lower_score_grid, ChannelUse, Reason};
pub use values::scalar_type;

use super::{AsOf, EntityTable, OwnerTable, Plan, ReferencedId, TraitValue};
use crate::check::typed::{Entity, EntityId, Program, Scope, SegmentId};
use features::FeatureIndex;
use std::collections::{HashMap, HashSet};

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
    let referenced = references::referenced_by(program, &chosen);
    let mut plans: Vec<Plan> = Vec::new();
    let mut helpers: Vec<HashMap<SegmentId, ReferencedId>> = Vec::new();
    let mut features: Vec<FeatureIndex> = Vec::new();
    for id in chosen {
        let entity = program.schema.entity(program.segments[id.0].entity);
        let index = match plans.iter().position(|p| p.entity.name == entity.name) {
            Some(i) => i,
            None => {
                plans.push(empty_plan(program, entity, options.as_of));
                helpers.push(HashMap::new());
                features.push(FeatureIndex::default());
                plans.len() - 1
            }
        };
        let mut lowerer = Lowerer {
            program,
            plan: &mut plans[index],
            helpers: &mut helpers[index],
            features: &mut features[index],
        };
        lowerer.segment(id, &referenced);
    }
    for (index, plan) in plans.iter_mut().enumerate() {
        let mut lowerer = Lowerer {
            program,
            plan,
            helpers: &mut helpers[index],
            features: &mut features[index],
        };
        lowerer.traits();
        lowerer.kpis(false);
    }
    plans
}

impl Lowerer<'_> {
    /// The values of the entity's traits, after every rule: their aggregates join the feature
    /// tables, and a statement computes only the features it reads.
    fn traits(&mut self) {
        let program = self.program;
        for t in &program.traits {
            if program.schema.entity(t.entity).name != self.plan.entity.name {
                continue;
            }
            let value = self.value(&t.value, Scope::Entity(t.entity));
            self.plan.traits.push(TraitValue {
                name: t.name.clone(),
                value,
            });
        }
    }
}

/// A plan of `entity` of its own (a segmentation's stages, a report's tallies), with what
/// `build` lowers into it, and what `build` returns.
fn own_plan<R>(
    program: &Program,
    entity: EntityId,
    as_of: AsOf,
    build: impl FnOnce(&mut Lowerer<'_>) -> R,
) -> (Plan, R) {
    let mut plan = empty_plan(program, program.schema.entity(entity), as_of);
    let mut helpers = HashMap::new();
    let mut features = FeatureIndex::default();
    let built = build(&mut Lowerer {
        program,
        plan: &mut plan,
        helpers: &mut helpers,
        features: &mut features,
    });
    (plan, built)
}

/// A plan of `entity` with no feature, score or rule yet.
fn empty_plan(program: &Program, entity: &Entity, as_of: AsOf) -> Plan {
    Plan {
        as_of,
        time_zone: program.schema.time_zone.clone(),
        entity: EntityTable {
            name: entity.name.clone(),
            table: entity.table.clone(),
            key: entity.key_column().name.clone(),
            owner: entity.parent.map(|link| {
                let owner = program.schema.entity(link.entity);
                OwnerTable {
                    name: owner.name.clone(),
                    table: owner.table.clone(),
                    key: owner.key_column().name.clone(),
                    link: entity.columns[link.column].name.clone(),
                    joined: false,
                }
            }),
        },
        feature_tables: Vec::new(),
        score_sets: Vec::new(),
        referenced: Vec::new(),
        segments: Vec::new(),
        sequences: Vec::new(),
        traits: Vec::new(),
        kpis: Vec::new(),
    }
}

/// The program being lowered, the plan its features, score sets and rules go to, the helper
/// rule of each segment of that plan already referred to, and where the plan's features are.
struct Lowerer<'a> {
    program: &'a Program,
    plan: &'a mut Plan,
    helpers: &'a mut HashMap<SegmentId, ReferencedId>,
    features: &'a mut FeatureIndex,
}

/// The segments some chosen segment refers to, directly or through others.
type Referenced = HashSet<SegmentId>;
