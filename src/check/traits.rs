//! Traits: named values of an entity (`trait spend_365 on customers = ...`), and the CLV models
//! whose margin or lifespan may read them. Both are checked in the order of what they read
//! (`dependencies.rs`), not the order declared, so that a trait may read a model's field and a
//! model a trait; a cycle among them is refused. A trait's value is written in place wherever
//! it is used; its depth, with the traits and models it reads written in, stays within the
//! nesting limit.

use super::dependencies::{order, Decl};
use super::errors::{CheckError, TraitError};
use super::exprs::ExprChecker;
use super::models::check_clv;
use super::names::{resolve_entity, Declared};
use super::typed::*;
use crate::syntax::ast;
use crate::syntax::MAX_DEPTH;

/// Checks every CLV model and every trait, each after the traits and models it reads; each one
/// checked is visible to those after it and to segments. `names` holds the RFM models' names.
/// Returns the valid ones, in the order checked (their ids).
pub(super) fn check_models_and_traits(
    clv_decls: &[&ast::ClvDecl],
    trait_decls: &[&ast::TraitDecl],
    names: &mut Declared,
    checker: &mut ExprChecker,
) -> (Vec<ClvModel>, Vec<Trait>) {
    // Names first, in the order declared: the first declaration of a name is the one meant.
    let clv_decls: Vec<&ast::ClvDecl> = clv_decls
        .iter()
        .copied()
        .filter(|d| names.is_new("model", &d.name.name, d.name.span, &mut checker.errors))
        .collect();
    let mut declared = Declared::default();
    let first: Vec<bool> = trait_decls
        .iter()
        .map(|d| declared.is_new("trait", &d.name.name, d.name.span, &mut checker.errors))
        .collect();
    let order = order(&clv_decls, trait_decls);
    checker.errors.extend(order.errors);
    // A segmentation's stages may read traits and models: one read by them could loop.
    let segmentations = std::mem::take(&mut checker.segmentations);
    let mut traits = Vec::new();
    for step in order.steps {
        match step.decl {
            Decl::Clv(i) => {
                let decl = clv_decls[i];
                match (!step.on_cycle).then(|| check_clv(decl, checker)).flatten() {
                    Some(m) => checker.add_clv(m),
                    None => {
                        checker
                            .failed_models
                            .insert(decl.name.name.clone(), decl.entity.name.clone());
                    }
                }
            }
            Decl::Trait(i) => {
                let decl = trait_decls[i];
                let checked = (!step.on_cycle)
                    .then(|| check_trait(decl, first[i], checker))
                    .flatten();
                match checked {
                    Some((t, depth)) => {
                        checker.add_trait(t.clone(), depth);
                        traits.push(t);
                    }
                    None if first[i] => {
                        checker.failed_traits.insert(decl.name.name.clone());
                    }
                    None => {}
                }
            }
        }
    }
    checker.segmentations = segmentations;
    (checker.clv.clone(), traits)
}

/// One trait and the depth of its value, or `None` (with its errors recorded) when it cannot be
/// used; a later declaration of a name already declared is checked but never used.
fn check_trait(
    decl: &ast::TraitDecl,
    first: bool,
    checker: &mut ExprChecker,
) -> Option<(Trait, usize)> {
    let mut errors = Vec::new();
    let entity = resolve_entity(checker.schema, &decl.entity, &mut errors);
    if let Some(e) = entity {
        clashes(checker, decl, e, &mut errors);
    }
    checker.errors.append(&mut errors);
    let entity = entity?;
    let value = checker.value(&decl.value, Scope::Entity(entity))?;
    if !first {
        return None;
    }
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
        return None;
    }
    let t = Trait {
        name: decl.name.name.clone(),
        docs: decl.docs.clone(),
        entity,
        value,
        decl_span: decl.span,
    };
    Some((t, depth))
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
    /// The depth of a checked value with the traits and models it reads written in.
    pub(super) fn depth(&self, v: &Value) -> usize {
        match &v.kind {
            ValueKind::Trait(id) => self.trait_depths[id.0],
            ValueKind::Clv(id) => self.clv_depth(*id),
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

    /// Whether a checked value reads a CLV model's value, directly or through traits.
    fn reads_clv(&self, v: &Value) -> bool {
        match &v.kind {
            ValueKind::Clv(_) => true,
            ValueKind::Trait(id) => self.trait_reads_clv[id.0],
            _ => v.operands().into_iter().any(|x| self.reads_clv(x)),
        }
    }

    fn add_trait(&mut self, t: Trait, depth: usize) {
        let reads_clv = self.reads_clv(&t.value);
        self.trait_reads_clv.push(reads_clv);
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
