//! The expression checker: what names refer to while checking conditions and values, and what
//! checking them records. Its methods live with the nouns they check: `conditions.rs`,
//! `comparisons.rs`, `values.rs`, `fields.rs`, `aggregates.rs` and `time.rs`.

use super::errors::CheckError;
use super::models::ModelHeader;
use super::segments::Headers;
use super::typed::*;
use crate::source::{SourceMap, Span};
use std::collections::{HashMap, HashSet};

/// Everything the expression checker reads, and the facts it records.
pub struct ExprChecker<'a> {
    pub schema: &'a Schema,
    pub params: &'a [Param],
    /// The position of each parameter in `params` by name (the first, for a name declared
    /// twice), so that resolving a name is a lookup however many parameters there are.
    pub param_index: HashMap<&'a str, usize>,
    pub segments: &'a Headers,
    /// Segmentations by name, entity and stage names, usable as values.
    pub segmentations: &'a [(String, EntityId, Vec<String>)],
    /// True while checking a segmentation's stages, where segment references are refused.
    pub in_stage: bool,
    /// Whether a KPI's measure is being checked: the one place where `next N days` windows,
    /// rows after the evaluation date, may be read (E0265).
    pub in_kpi: bool,
    /// While checking an aggregate's arguments (or a sequence's steps): the entity whose
    /// members it is for, which decides whose rows the aggregated rows are read with.
    pub member: Option<EntityId>,
    pub sources: &'a SourceMap,
    pub errors: Vec<CheckError>,
    pub used_params: Vec<ParamId>,
    /// Segment references met, with their spans, for cycle detection.
    pub references: Vec<(SegmentId, Span)>,
    /// RFM and CLV models checked so far, whose fields are values.
    pub models: Vec<ModelHeader>,
    /// The position of each model in `models` by name.
    pub model_index: HashMap<String, usize>,
    /// The CLV models checked so far (`ClvId` is the position), for the depth and digits of
    /// their values.
    pub clv: Vec<ClvModel>,
    /// The traits checked so far, in order, with the depth of their values written in.
    pub traits: Vec<Trait>,
    pub trait_depths: Vec<usize>,
    /// Whether each trait reads a CLV model's value, directly or through other traits.
    pub trait_reads_clv: Vec<bool>,
    /// Each trait checked so far by name, with its entity.
    pub trait_index: HashMap<String, (TraitId, EntityId)>,
    /// The entity (as written) of every trait declared, checked or not, by name: the first
    /// declaration of each name.
    pub trait_names: HashMap<String, String>,
    /// Traits that could not be checked: their errors are at their declarations, so a use of
    /// one adds none.
    pub failed_traits: HashSet<String>,
    /// CLV models that could not be checked, with their entities as written; likewise.
    pub failed_models: HashMap<String, String>,
}

impl<'a> ExprChecker<'a> {
    /// The index of the parameter called `name`.
    pub(super) fn param_named(&self, name: &str) -> Option<usize> {
        self.param_index.get(name).copied()
    }

    /// The name and columns of the table names in `scope` refer to.
    pub(super) fn columns(&self, scope: Scope) -> (&'a str, &'a [Column]) {
        match scope {
            Scope::Entity(e) => {
                let e = self.schema.entity(e);
                (&e.name, &e.columns)
            }
            Scope::Facts(f) => {
                let f = self.schema.facts(f);
                (&f.name, &f.columns)
            }
            Scope::Costs(c) => {
                let c = self.schema.costs(c);
                (&c.name, &c.columns)
            }
        }
    }
}
