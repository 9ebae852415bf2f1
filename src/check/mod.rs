//! Check stage: AST of every file + parameter overrides → typed [`Program`] and diagnostics.
//!
//! `check_project` is the stage boundary. It reports every problem it can find, not only the first;
//! the program is returned only when there is no error.

mod aggregates;
mod comparisons;
mod conditions;
mod errors;
mod exprs;
mod fields;
mod grid;
mod models;
mod names;
mod params;
mod privacy;
mod schema;
mod segmentation;
mod suggest;
mod test_blocks;
mod time;
pub mod typed;
mod values;

pub use errors::{CheckError, CheckErrorKind, UseError};
pub use suggest::closest;

use crate::diagnostic::Diagnostic;
use crate::source::{SourceMap, Span};
use crate::syntax::ast;
use errors::{ParamError, SegmentError};
use exprs::{ExprChecker, Scope};
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
    let items: Vec<&ast::Item> = modules.iter().flat_map(|m| m.items.iter()).collect();
    let entities: Vec<&ast::EntityDecl> = pick(&items, |i| match i {
        ast::Item::Entity(e) => Some(e),
        _ => None,
    });
    let facts: Vec<&ast::FactsDecl> = pick(&items, |i| match i {
        ast::Item::Facts(f) => Some(f),
        _ => None,
    });
    let consents: Vec<&ast::ConsentsDecl> = pick(&items, |i| match i {
        ast::Item::Consents(c) => Some(c),
        _ => None,
    });
    let suppressions: Vec<&ast::SuppressionsDecl> = pick(&items, |i| match i {
        ast::Item::Suppressions(c) => Some(c),
        _ => None,
    });
    let param_decls: Vec<&ast::ParamDecl> = pick(&items, |i| match i {
        ast::Item::Param(p) => Some(p),
        _ => None,
    });
    let segment_decls: Vec<&ast::SegmentDecl> = pick(&items, |i| match i {
        ast::Item::Segment(s) => Some(s.as_ref()),
        _ => None,
    });
    let segmentation_decls: Vec<&ast::SegmentationDecl> = pick(&items, |i| match i {
        ast::Item::Segmentation(s) => Some(s),
        _ => None,
    });
    let rfm_decls: Vec<&ast::RfmDecl> = pick(&items, |i| match i {
        ast::Item::Rfm(r) => Some(r),
        _ => None,
    });
    let clv_decls: Vec<&ast::ClvDecl> = pick(&items, |i| match i {
        ast::Item::Clv(c) => Some(c),
        _ => None,
    });
    let test_decls: Vec<&ast::TestDecl> = pick(&items, |i| match i {
        ast::Item::Test(t) => Some(t),
        _ => None,
    });

    let schema = schema::build_schema(&entities, &facts, &consents, &suppressions, &mut errors);
    let params = params::check_params(&param_decls, &options.params, &mut errors);

    // Segment names and entities first, so references may point forward.
    let mut headers: Vec<(String, EntityId, Span)> = Vec::new();
    let mut header_of: Vec<Option<usize>> = Vec::new();
    let mut seen = names::Declared::default();
    for decl in &segment_decls {
        let fresh = seen.is_new("segment", &decl.name.name, decl.name.span, &mut errors);
        let entity = fresh
            .then(|| names::resolve_entity(&schema, &decl.entity, &mut errors))
            .flatten();
        match entity {
            Some(e) => {
                header_of.push(Some(headers.len()));
                headers.push((decl.name.name.clone(), e, decl.name.span));
            }
            None => header_of.push(None),
        }
    }

    let segmentation_headers = segmentation::headers(&segmentation_decls, &schema, &mut errors);
    let mut checker = ExprChecker {
        schema: &schema,
        params: &params,
        segments: &headers,
        segmentations: &segmentation_headers,
        in_stage: false,
        sources,
        errors: Vec::new(),
        used_params: Vec::new(),
        references: Vec::new(),
        models: Vec::new(),
    };
    let mut model_names = names::Declared::default();
    let rfm = models::check_rfm(&rfm_decls, &mut model_names, &mut checker);
    let clv = models::check_clv(&clv_decls, &mut model_names, &mut checker);
    checker.models = models::headers(&schema, &rfm, &clv);
    let segmentations = segmentation::check(
        &segmentation_decls,
        &segmentation_headers,
        &rfm,
        &mut checker,
    );
    let mut segments = Vec::new();
    let mut edges: Vec<Vec<(SegmentId, Span)>> = Vec::new();
    for (decl, header) in segment_decls.iter().zip(&header_of) {
        let Some(index) = header else { continue };
        let (name, entity, _) = &headers[*index];
        for (what, span) in &decl.repeated {
            checker
                .errors
                .push(CheckError::new(*span, SegmentError::RepeatedEntry { what }));
        }
        checker.references.clear();
        let criteria = decl
            .criteria
            .as_ref()
            .map(|c| checker.cond(c, Scope::Entity(*entity)));
        edges.push(std::mem::take(&mut checker.references));
        segments.push(Segment {
            name: name.clone(),
            docs: decl.docs.clone(),
            owner: decl.owner.as_ref().map(|o| o.value.clone()),
            tags: decl.tags.iter().map(|t| t.value.clone()).collect(),
            entity: *entity,
            channels: privacy::channel_rules(&decl.channels, *entity, &schema, &mut checker.errors),
            holdout: privacy::holdout(decl.holdout.as_ref(), name, &mut checker.errors),
            criteria: criteria.flatten(),
            criteria_parts: match &decl.criteria {
                Some(ast::Cond::And(parts, _)) => parts
                    .iter()
                    .map(|p| sources.snippet(p.span()).to_string())
                    .collect(),
                Some(c) => vec![sources.snippet(c.span()).to_string()],
                None => Vec::new(),
            },
            location: sources.location(decl.span),
            span: decl.name.span,
        });
    }
    let used_params = std::mem::take(&mut checker.used_params);
    errors.append(&mut checker.errors);
    let segment_names: Vec<String> = segments.iter().map(|s: &Segment| s.name.clone()).collect();
    let tests =
        test_blocks::check_tests(&test_decls, &schema, &segment_names, sources, &mut errors);
    errors.extend(find_cycles(&headers, &edges));
    for (i, p) in params.iter().enumerate() {
        if !used_params.contains(&ParamId(i)) {
            let name = p.name.clone();
            errors.push(CheckError::new(p.span, ParamError::Unused { name }));
        }
    }

    let diagnostics: Vec<Diagnostic> = errors.into_iter().map(Diagnostic::from).collect();
    let program = (!diagnostics.iter().any(Diagnostic::is_error)).then_some(Program {
        schema,
        params,
        segments,
        segmentations,
        rfm,
        clv,
        tests,
    });
    Checked {
        program,
        diagnostics,
    }
}

fn pick<'a, T>(items: &[&'a ast::Item], f: impl Fn(&'a ast::Item) -> Option<&'a T>) -> Vec<&'a T> {
    items.iter().filter_map(|i| f(i)).collect()
}

/// One error per reference cycle among segments, pointing at the reference that closes it.
fn find_cycles(
    headers: &[(String, EntityId, Span)],
    edges: &[Vec<(SegmentId, Span)>],
) -> Vec<CheckError> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    fn visit(
        node: usize,
        edges: &[Vec<(SegmentId, Span)>],
        marks: &mut [Mark],
        stack: &mut Vec<usize>,
        headers: &[(String, EntityId, Span)],
        out: &mut Vec<CheckError>,
    ) {
        marks[node] = Mark::Active;
        stack.push(node);
        for (target, span) in edges.get(node).map(Vec::as_slice).unwrap_or(&[]) {
            match marks[target.0] {
                Mark::New => visit(target.0, edges, marks, stack, headers, out),
                Mark::Active => {
                    let start = stack.iter().position(|n| *n == target.0).unwrap_or(0);
                    let mut names: Vec<&str> = stack[start..]
                        .iter()
                        .map(|n| headers[*n].0.as_str())
                        .collect();
                    names.push(headers[target.0].0.as_str());
                    let path = names.join(" → ");
                    out.push(CheckError::new(*span, SegmentError::Cycle { path }));
                }
                Mark::Done => {}
            }
        }
        stack.pop();
        marks[node] = Mark::Done;
    }
    let mut marks = vec![Mark::New; headers.len()];
    let mut out = Vec::new();
    for node in 0..headers.len() {
        if marks[node] == Mark::New {
            visit(node, edges, &mut marks, &mut Vec::new(), headers, &mut out);
        }
    }
    out
}
