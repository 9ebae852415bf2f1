//! Traits: named values of an entity (`trait spend_365 on customers = ...`), checked in the order
//! declared, so that a trait reads only the traits before it and no cycle can form. A trait's
//! value is written in place wherever it is used; its depth, with the traits it reads written
//! in, stays within the nesting limit.

use super::errors::{CheckError, TraitError};
use super::exprs::ExprChecker;
use super::names::{resolve_entity, Declared};
use super::typed::*;
use crate::syntax::ast;
use crate::syntax::MAX_DEPTH;

/// Checks every trait in order; each one checked is visible to the traits and segments after it.
pub(super) fn check_traits(decls: &[&ast::TraitDecl], checker: &mut ExprChecker) -> Vec<Trait> {
    let mut declared = Declared::default();
    let mut traits = Vec::new();
    // A segmentation's stages may read traits: a trait reading a segmentation could loop.
    let segmentations = std::mem::take(&mut checker.segmentations);
    for decl in decls {
        let mut errors = Vec::new();
        let entity = resolve_entity(checker.schema, &decl.entity, &mut errors);
        let new = declared.is_new("trait", &decl.name.name, decl.name.span, &mut errors);
        if let Some(e) = entity {
            clashes(checker, decl, e, &mut errors);
        }
        checker.errors.append(&mut errors);
        let value = entity.and_then(|e| checker.value(&decl.value, Scope::Entity(e)));
        let (Some(entity), Some(value), true) = (entity, value, new) else {
            continue;
        };
        let depth = checker.depth(&value);
        if depth > MAX_DEPTH {
            checker.errors.push(CheckError::new(
                decl.name.span,
                TraitError::TooDeep {
                    name: decl.name.name.clone(),
                    depth,
                    limit: MAX_DEPTH,
                },
            ));
            continue;
        }
        let t = Trait {
            name: decl.name.name.clone(),
            docs: decl.docs.clone(),
            entity,
            value,
            decl_span: decl.span,
        };
        checker.add_trait(t.clone(), depth);
        traits.push(t);
    }
    checker.segmentations = segmentations;
    traits
}

/// A trait named like a column of its entity or a parameter would make the name ambiguous.
fn clashes(
    checker: &ExprChecker,
    decl: &ast::TraitDecl,
    entity: EntityId,
    errors: &mut Vec<CheckError>,
) {
    let name = &decl.name.name;
    let e = checker.schema.entity(entity);
    let what = if e.columns.iter().any(|c| c.name == *name) {
        Some(format!("a column of `{}`", e.name))
    } else if checker.param_named(name).is_some() {
        Some("a parameter".to_string())
    } else {
        None
    };
    if let Some(what) = what {
        errors.push(CheckError::new(
            decl.name.span,
            TraitError::Clash {
                name: name.clone(),
                what,
            },
        ));
    }
}

impl ExprChecker<'_> {
    /// The depth of a checked value with the traits it reads written in.
    fn depth(&self, v: &Value) -> usize {
        match &v.kind {
            ValueKind::Trait(id) => self.trait_depths[id.0],
            _ => {
                1 + v
                    .operands()
                    .into_iter()
                    .map(|x| self.depth(x))
                    .max()
                    .unwrap_or(0)
            }
        }
    }

    fn add_trait(&mut self, t: Trait, depth: usize) {
        self.trait_index
            .insert(t.name.clone(), (TraitId(self.traits.len()), t.entity));
        self.traits.push(t);
        self.trait_depths.push(depth);
    }

    /// The trait `name` of `scope`'s entity, as a value.
    pub(super) fn trait_value(&self, id: &ast::Ident, scope: Scope) -> Option<Value> {
        let Scope::Entity(entity) = scope else {
            return None;
        };
        let (tid, of) = *self.trait_index.get(id.name.as_str())?;
        if of != entity {
            return None;
        }
        let t = &self.traits[tid.0];
        Some(Value {
            kind: ValueKind::Trait(tid),
            ty: t.value.ty.clone(),
            nullable: t.value.nullable,
            span: id.span,
        })
    }
}
