//! Check stage: AST of every file + parameter overrides → typed [`Program`] and diagnostics.
//!
//! `check_project` is the stage boundary. It reports every problem it can find, not only the first;
//! the program is returned only when there is no error.

mod aggregates;
mod arithmetic;
mod comparisons;
mod conditions;
mod costs;
mod dependencies;
mod digits;
mod entity_links;
mod errors;
mod exprs;
mod fields;
mod grid;
mod kpis;
mod links;
mod lookups;
mod models;
mod names;
mod params;
mod privacy;
mod schema;
mod segmentation;
mod segments;
mod sequences;
mod test_blocks;
mod time;
mod traits;
pub mod typed;
mod values;
mod zone;

pub use errors::{CheckError, CheckErrorKind};
pub use grid::{score_box, ScoreBox};

use crate::diagnostic::Diagnostic;
use crate::source::SourceMap;
use crate::syntax::ast;
use errors::ParamError;
use exprs::ExprChecker;
use std::collections::{HashMap, HashSet};
use typed::*;

/// What the user chose on the command line that changes the meaning of the program.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// `--param name=value` overrides, as typed by the user.
    pub params: Vec<(String, String)>,
}

/// The result of checking.
#[derive(Debug)]
pub struct Checked {
    /// The program, present when no diagnostic is an error.
    pub program: Option<Program>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks a whole project: the schema, the parameters and every segment.
pub fn check_project(
    sources: &SourceMap,
    modules: &[ast::Module],
    options: &CheckOptions,
) -> Checked {
    let mut errors = Vec::new();
    let decls = Declarations::of(modules);
    let mut schema = schema::build_schema(
        &decls.entities,
        &decls.facts,
        &decls.consents,
        &decls.suppressions,
        &decls.lookups,
        &decls.costs,
        &mut errors,
    );
    privacy::check_consent_holders(&schema, &mut errors);
    schema.time_zone = zone::check_time_zone(&decls.time_zones, &mut errors);
    let params = params::check_params(&decls.params, &options.params, &mut errors);
    let (headers, header_of) = segments::headers(&decls.segments, &schema, &mut errors);
    let segmentation_headers = segmentation::headers(&decls.segmentations, &schema, &mut errors);
    let mut checker = ExprChecker {
        schema: &schema,
        params: &params,
        param_index: params_by_name(&params),
        segments: &headers,
        segmentations: &segmentation_headers,
        in_stage: false,
        in_kpi: false,
        member: None,
        sources,
        errors: Vec::new(),
        used_params: Vec::new(),
        references: Vec::new(),
        models: Vec::new(),
        model_index: HashMap::new(),
        clv: Vec::new(),
        traits: Vec::new(),
        trait_depths: Vec::new(),
        trait_reads_clv: Vec::new(),
        trait_index: HashMap::new(),
        trait_names: first_entities(&decls.traits),
        failed_traits: HashSet::new(),
        failed_models: HashMap::new(),
    };
    let mut model_names = names::Declared::default();
    let rfm = models::check_rfm(&decls.rfm, &mut model_names, &mut checker);
    checker.models = models::rfm_headers(&schema, &rfm);
    checker.model_index = (checker.models.iter().enumerate())
        .map(|(i, m)| (m.name.clone(), i))
        .collect();
    // RFM models read nothing; CLV models and traits may read each other.
    let (clv, traits) =
        traits::check_models_and_traits(&decls.clv, &decls.traits, &mut model_names, &mut checker);
    let segmentations = segmentation::check(
        &decls.segmentations,
        &segmentation_headers,
        &rfm,
        &mut checker,
    );
    let (segments, edges) = segments::check(&decls.segments, &header_of, &mut checker);
    let kpis = kpis::check_kpis(&decls.kpis, &mut checker);
    let used_params = std::mem::take(&mut checker.used_params);
    errors.append(&mut checker.errors);
    let segment_names: Vec<String> = segments.iter().map(|s: &Segment| s.name.clone()).collect();
    let tests = test_blocks::check_tests(&decls.tests, &schema, &segment_names, &mut errors);
    errors.extend(segments::find_cycles(&headers.list, &edges));
    let used_params: HashSet<ParamId> = used_params.into_iter().collect();
    for (i, p) in params.iter().enumerate() {
        if !used_params.contains(&ParamId(i)) {
            let name = p.name.clone();
            errors.push(CheckError::new(p.span, ParamError::Unused { name }));
        }
    }

    let diagnostics: Vec<Diagnostic> = errors.into_iter().map(Diagnostic::from).collect();
    let program = (!diagnostics.iter().any(Diagnostic::is_error)).then(|| Program {
        sources: sources.clone(),
        schema,
        params,
        segments,
        segmentations,
        rfm,
        clv,
        traits,
        kpis,
        tests,
    });
    Checked {
        program,
        diagnostics,
    }
}

/// The entity of each trait by name, as written in its first declaration.
fn first_entities(traits: &[&ast::TraitDecl]) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for t in traits {
        out.entry(t.name.name.clone())
            .or_insert_with(|| t.entity.name.clone());
    }
    out
}

/// The position of each parameter by name; the first one for a name declared twice.
fn params_by_name(params: &[Param]) -> HashMap<&str, usize> {
    let mut index = HashMap::new();
    for (i, p) in params.iter().enumerate() {
        index.entry(p.name.as_str()).or_insert(i);
    }
    index
}

/// The declarations of every file of a project, by kind, in the order written.
#[derive(Default)]
struct Declarations<'m> {
    entities: Vec<&'m ast::EntityDecl>,
    facts: Vec<&'m ast::FactsDecl>,
    lookups: Vec<&'m ast::LookupDecl>,
    costs: Vec<&'m ast::CostsDecl>,
    consents: Vec<&'m ast::ConsentsDecl>,
    suppressions: Vec<&'m ast::SuppressionsDecl>,
    params: Vec<&'m ast::ParamDecl>,
    time_zones: Vec<&'m ast::TimeZoneDecl>,
    segments: Vec<&'m ast::SegmentDecl>,
    segmentations: Vec<&'m ast::SegmentationDecl>,
    rfm: Vec<&'m ast::RfmDecl>,
    clv: Vec<&'m ast::ClvDecl>,
    traits: Vec<&'m ast::TraitDecl>,
    kpis: Vec<&'m ast::KpiDecl>,
    tests: Vec<&'m ast::TestDecl>,
}

impl<'m> Declarations<'m> {
    /// Sorts the items of `modules`; `use` lines were followed when the project was loaded.
    fn of(modules: &'m [ast::Module]) -> Declarations<'m> {
        let mut decls = Declarations::default();
        for item in modules.iter().flat_map(|m| m.items.iter()) {
            match item {
                ast::Item::Use(_) => {}
                ast::Item::Param(p) => decls.params.push(p),
                ast::Item::TimeZone(z) => decls.time_zones.push(z),
                ast::Item::Entity(e) => decls.entities.push(e),
                ast::Item::Facts(f) => decls.facts.push(f),
                ast::Item::Lookup(l) => decls.lookups.push(l),
                ast::Item::Costs(c) => decls.costs.push(c),
                ast::Item::Consents(c) => decls.consents.push(c),
                ast::Item::Suppressions(s) => decls.suppressions.push(s),
                ast::Item::Segment(s) => decls.segments.push(s),
                ast::Item::Segmentation(s) => decls.segmentations.push(s),
                ast::Item::Rfm(r) => decls.rfm.push(r),
                ast::Item::Clv(c) => decls.clv.push(c),
                ast::Item::Trait(t) => decls.traits.push(t),
                ast::Item::Kpi(k) => decls.kpis.push(k),
                ast::Item::Test(t) => decls.tests.push(t),
            }
        }
        decls
    }
}
