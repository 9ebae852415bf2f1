//! Segments: their names and entities first, so that references may point forward; then each
//! segment's entries (criteria, channels, holdout); then the cycles among their references.

use super::errors::{CheckError, SegmentError};
use super::exprs::ExprChecker;
use super::names::{resolve_entity, Declared};
use super::privacy;
use super::typed::{EntityId, Schema, Scope, Segment, SegmentId};
use crate::source::{SourceMap, Span};
use crate::syntax::ast;
use std::collections::HashMap;

/// A segment's name, entity and name span, as references resolve it.
pub type Header = (String, EntityId, Span);

/// The segments references can name, in declaration order, and the position of each by name,
/// so that resolving a reference is a lookup, not a scan of every segment.
#[derive(Default)]
pub struct Headers {
    pub list: Vec<Header>,
    by_name: HashMap<String, usize>,
}

impl Headers {
    /// The position in `list` of the segment called `name`.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    fn push(&mut self, header: Header) {
        self.by_name.insert(header.0.clone(), self.list.len());
        self.list.push(header);
    }
}

/// The headers of the segments that have a fresh name and a known entity, and for each
/// declaration the index of its header.
pub fn headers(
    decls: &[&ast::SegmentDecl],
    schema: &Schema,
    errors: &mut Vec<CheckError>,
) -> (Headers, Vec<Option<usize>>) {
    let mut headers = Headers::default();
    let mut header_of: Vec<Option<usize>> = Vec::new();
    let mut seen = Declared::default();
    for decl in decls {
        let fresh = seen.is_new("segment", &decl.name.name, decl.name.span, errors);
        let entity = fresh
            .then(|| resolve_entity(schema, &decl.entity, errors))
            .flatten();
        match entity {
            Some(e) => {
                header_of.push(Some(headers.list.len()));
                headers.push((decl.name.name.clone(), e, decl.name.span));
            }
            None => header_of.push(None),
        }
    }
    (headers, header_of)
}

/// Checks every segment that has a header (`checker.segments`), returning the segments and,
/// for each, the segments it refers to.
pub fn check(
    decls: &[&ast::SegmentDecl],
    header_of: &[Option<usize>],
    checker: &mut ExprChecker,
) -> (Vec<Segment>, Vec<Vec<(SegmentId, Span)>>) {
    let mut segments = Vec::new();
    let mut edges = Vec::new();
    for (decl, header) in decls.iter().zip(header_of) {
        let Some(index) = header else { continue };
        let (name, entity, _) = &checker.segments.list[*index];
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
        let errors = &mut checker.errors;
        segments.push(Segment {
            name: name.clone(),
            docs: decl.docs.clone(),
            owner: decl.owner.as_ref().map(|o| o.value.clone()),
            tags: decl.tags.iter().map(|t| t.value.clone()).collect(),
            entity: *entity,
            channels: privacy::channel_rules(&decl.channels, *entity, checker.schema, errors),
            holdout: privacy::holdout(decl.holdout.as_ref(), name, errors),
            criteria: criteria.flatten(),
            criteria_parts: criteria_parts(decl.criteria.as_ref(), checker.sources),
            decl_span: decl.span,
            span: decl.name.span,
        });
    }
    (segments, edges)
}

/// The text of each part of a segment's top-level `and`, for explanations.
fn criteria_parts(criteria: Option<&ast::Cond>, sources: &SourceMap) -> Vec<String> {
    match criteria {
        Some(ast::Cond::And(parts, _)) => parts
            .iter()
            .map(|p| sources.snippet(p.span()).to_string())
            .collect(),
        Some(c) => vec![sources.snippet(c.span()).to_string()],
        None => Vec::new(),
    }
}

/// One error per reference cycle among segments, pointing at the reference that closes it.
/// A depth-first walk kept on a heap stack, not the call stack: a chain of tens of thousands of
/// segments, each referring to the next one declared, walks as deep as it is long.
pub fn find_cycles(headers: &[Header], edges: &[Vec<(SegmentId, Span)>]) -> Vec<CheckError> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let mut marks = vec![Mark::New; headers.len()];
    let mut out = Vec::new();
    for root in 0..headers.len() {
        if marks[root] != Mark::New {
            continue;
        }
        marks[root] = Mark::Active;
        // The walk's path from `root`: each segment on it, with the index of its next reference.
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&(node, next)) = path.last() {
            let Some(&(target, span)) = edges.get(node).and_then(|e| e.get(next)) else {
                marks[node] = Mark::Done;
                path.pop();
                continue;
            };
            if let Some(top) = path.last_mut() {
                top.1 += 1;
            }
            match marks[target.0] {
                Mark::New => {
                    marks[target.0] = Mark::Active;
                    path.push((target.0, 0));
                }
                Mark::Active => {
                    let start = path.iter().position(|(n, _)| *n == target.0).unwrap_or(0);
                    let mut names: Vec<&str> = path[start..]
                        .iter()
                        .map(|(n, _)| headers[*n].0.as_str())
                        .collect();
                    names.push(headers[target.0].0.as_str());
                    let path = names.join(" → ");
                    out.push(CheckError::new(span, SegmentError::Cycle { path }));
                }
                Mark::Done => {}
            }
        }
    }
    out
}
