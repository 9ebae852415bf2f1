//! Segmentations: exclusive stages, first match wins, `otherwise` last. Stages are checked like
//! segment criteria, without segment references (which could make a cycle through a segment that
//! uses the segmentation).

use super::errors::{did_you_mean, CheckError, NameError, SegmentError};
use super::exprs::ExprChecker;
use super::grid::{check_partition, covered_stages, score_box};
use super::names::{resolve_entity, Declared};
use super::typed::{EntityId, RfmId, RfmModel, Schema, Scope, Segmentation, Stage};
use crate::suggest::closest;
use crate::syntax::ast;
use std::collections::HashMap;

/// Name, entity and stage names of each valid segmentation, in declaration order.
pub fn headers(
    decls: &[&ast::SegmentationDecl],
    schema: &Schema,
    errors: &mut Vec<CheckError>,
) -> Vec<(String, EntityId, Vec<String>)> {
    let mut out: Vec<(String, EntityId, Vec<String>)> = Vec::new();
    let mut seen = Declared::default();
    for decl in decls {
        if !seen.is_new("segmentation", &decl.name.name, decl.name.span, errors) {
            continue;
        }
        let Some(EntityId(entity)) = resolve_entity(schema, &decl.entity, errors) else {
            continue;
        };
        if !shape_is_valid(decl, errors) {
            continue;
        }
        out.push((
            decl.name.name.clone(),
            EntityId(entity),
            decl.stages.iter().map(|s| s.name.name.clone()).collect(),
        ));
    }
    out
}

/// One `otherwise`, last; stage names unique; at least one stage with a condition.
fn shape_is_valid(decl: &ast::SegmentationDecl, errors: &mut Vec<CheckError>) -> bool {
    let before = errors.len();
    let problem = |span, problem: String| {
        CheckError::new(span, SegmentError::InvalidSegmentation { problem })
    };
    let mut names: HashMap<&str, ()> = HashMap::new();
    for stage in &decl.stages {
        if names.insert(&stage.name.name, ()).is_some() {
            errors.push(problem(
                stage.name.span,
                format!("stage `{}` is declared twice", stage.name.name),
            ));
        }
    }
    match decl.stages.last() {
        Some(last) if last.when.is_none() => {}
        Some(last) => errors.push(problem(
            last.span,
            format!(
                "segmentation `{}` does not end with an `otherwise` stage",
                decl.name.name
            ),
        )),
        None => errors.push(problem(
            decl.name.span,
            format!("segmentation `{}` has no stage", decl.name.name),
        )),
    }
    let early_otherwise = decl.stages.iter().rev().skip(1).find(|s| s.when.is_none());
    if let Some(stage) = early_otherwise {
        errors.push(problem(
            stage.span,
            format!(
                "`{}` is `otherwise` but is not the last stage",
                stage.name.name
            ),
        ));
    }
    errors.len() == before
}

/// Checks the stages of every valid segmentation, warning about stages that can never match.
pub fn check(
    decls: &[&ast::SegmentationDecl],
    headers: &[(String, EntityId, Vec<String>)],
    rfm: &[RfmModel],
    checker: &mut ExprChecker,
) -> Vec<Segmentation> {
    let mut out = Vec::new();
    for (name, entity, _) in headers {
        let Some(decl) = decls.iter().find(|d| d.name.name == *name) else {
            continue;
        };
        let stages = check_stages(decl, *entity, checker);
        let grid = decl
            .grid
            .as_ref()
            .and_then(|id| grid_model(id, *entity, rfm, &mut checker.errors));
        let boxes: Vec<_> = stages
            .iter()
            .map(|s| {
                s.when
                    .as_ref()
                    .and_then(|c| score_box(c, rfm, checker.params))
            })
            .collect();
        let named: Vec<(&str, _)> = stages
            .iter()
            .zip(&boxes)
            .map(|(s, b)| (s.name.as_str(), *b))
            .collect();
        for (i, reason) in covered_stages(&named, rfm) {
            checker.errors.push(CheckError::new(
                decl.stages[i].name.span,
                SegmentError::UnreachableStage {
                    stage: stages[i].name.clone(),
                    reason,
                },
            ));
        }
        let segmentation = Segmentation {
            name: name.clone(),
            docs: decl.docs.clone(),
            entity: *entity,
            grid,
            stages,
            decl_span: decl.span,
            span: decl.name.span,
        };
        // Stages with errors are already reported; the partition is checked when all are valid.
        let complete = decl
            .stages
            .iter()
            .zip(&segmentation.stages)
            .all(|(d, s)| d.when.is_none() || s.when.is_some());
        if let (Some(model), true) = (grid, complete) {
            let spans: Vec<_> = decl.stages.iter().map(|s| s.name.span).collect();
            checker
                .errors
                .extend(check_partition(&segmentation, model, &boxes, &spans, rfm));
        }
        out.push(segmentation);
    }
    out
}

/// The stages of `decl`, each condition checked without segment references; a stage whose
/// condition repeats an earlier one's is reported as never reached.
fn check_stages(
    decl: &ast::SegmentationDecl,
    entity: EntityId,
    checker: &mut ExprChecker,
) -> Vec<Stage> {
    checker.in_stage = true;
    let mut stages = Vec::new();
    let mut seen: Vec<(String, &str)> = Vec::new();
    for stage in &decl.stages {
        let when = stage.when.as_ref().map(|c| {
            let text = normalized(checker.sources.snippet(c.span()));
            if let Some((_, earlier)) = seen.iter().find(|(t, _)| *t == text) {
                checker.errors.push(CheckError::new(
                    stage.name.span,
                    SegmentError::UnreachableStage {
                        stage: stage.name.name.clone(),
                        reason: format!(
                            "stage `{earlier}` has the same condition and is tried first"
                        ),
                    },
                ));
            }
            seen.push((text, stage.name.name.as_str()));
            checker.cond(c, Scope::Entity(entity))
        });
        stages.push(Stage {
            name: stage.name.name.clone(),
            docs: stage.docs.clone(),
            when: when.flatten(),
        });
    }
    checker.in_stage = false;
    stages
}

/// The RFM model of `entity` that `grid id` names.
fn grid_model(
    id: &ast::Ident,
    entity: EntityId,
    rfm: &[RfmModel],
    errors: &mut Vec<CheckError>,
) -> Option<RfmId> {
    let found = rfm
        .iter()
        .position(|m| m.name == id.name && m.entity == entity)
        .map(RfmId);
    if found.is_none() {
        let candidates = rfm
            .iter()
            .filter(|m| m.entity == entity)
            .map(|m| m.name.as_str());
        errors.push(CheckError::new(
            id.span,
            NameError::UnknownField {
                problem: format!("no RFM model named `{}` for this grid", id.name),
                help: did_you_mean(closest(&id.name, candidates)),
            },
        ));
    }
    found
}

/// A condition's text with white space folded, to compare stages.
fn normalized(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
