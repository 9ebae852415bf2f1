//! The name checks declarations and expressions share: one name per declaration, an entity that
//! exists, and a facts table of that entity.

use super::errors::{did_you_mean, CheckError, KpiError, NameError, PrivacyError};
use super::typed::{Column, EntityId, FactsId, LookupId, Schema};
use crate::source::Span;
use crate::suggest::closest;
use crate::syntax::ast;
use std::collections::HashMap;

/// Names already declared in one namespace, with where they were first declared.
#[derive(Default)]
pub struct Declared {
    first: HashMap<String, Span>,
}

impl Declared {
    /// Records `name`; false (with a duplicate-declaration error) when it was declared before.
    pub fn is_new(
        &mut self,
        kind: &'static str,
        name: &str,
        span: Span,
        errors: &mut Vec<CheckError>,
    ) -> bool {
        if let Some(first) = self.first.get(name) {
            errors.push(CheckError::new(
                span,
                NameError::DuplicateDeclaration {
                    first: *first,
                    kind,
                    name: name.to_string(),
                },
            ));
            return false;
        }
        self.first.insert(name.to_string(), span);
        true
    }
}

/// The entity `name` refers to; an unknown-entity error with a suggestion when there is none.
pub fn resolve_entity(
    schema: &Schema,
    name: &ast::Ident,
    errors: &mut Vec<CheckError>,
) -> Option<EntityId> {
    let found = schema.entities.iter().position(|e| e.name == name.name);
    if found.is_none() {
        let candidates = schema.entities.iter().map(|e| e.name.as_str());
        errors.push(CheckError::new(
            name.span,
            NameError::UnknownEntity {
                name: name.name.clone(),
                help: did_you_mean(closest(&name.name, candidates)),
            },
        ));
    }
    found.map(EntityId)
}

/// The facts table `name` of `entity`; an unknown-facts error with a suggestion when there is none.
pub fn resolve_facts(
    schema: &Schema,
    name: &ast::Ident,
    entity: EntityId,
    errors: &mut Vec<CheckError>,
) -> Option<FactsId> {
    // The entity's own tables, and those of the entities linked to it (section 4.1.1).
    let reaches = |i: usize| schema.reach(entity, FactsId(i)).is_some();
    let of_entity = (schema.facts.iter().enumerate())
        .filter(|(i, _)| reaches(*i))
        .map(|(_, f)| f);
    let found =
        (schema.facts.iter().enumerate()).position(|(i, f)| f.name == name.name && reaches(i));
    if found.is_none() && schema.costs_named(&name.name).is_some() {
        let table = name.name.clone();
        errors.push(CheckError::new(
            name.span,
            KpiError::CostsOutsideSpend { table },
        ));
        return None;
    }
    if found.is_none() {
        let candidates = of_entity.map(|f| f.name.as_str());
        errors.push(CheckError::new(
            name.span,
            NameError::UnknownFacts {
                name: name.name.clone(),
                entity: schema.entity(entity).name.clone(),
                help: match schema.lookup_named(&name.name) {
                    Some(lookup) => Some(lookup_help(schema, lookup, &name.name)),
                    None => did_you_mean(closest(&name.name, candidates)),
                },
            },
        ));
    }
    found.map(FactsId)
}

/// What to write instead of aggregating a lookup: its columns inside an aggregate over a table
/// that references it.
fn lookup_help(schema: &Schema, lookup: LookupId, name: &str) -> String {
    let holder = (schema.references.iter())
        .find(|r| r.lookup == lookup)
        .map_or("FACTS", |r| schema.facts(r.facts).name.as_str());
    format!(
        "`{name}` is a lookup, not aggregated itself: read its columns inside an aggregate over a table that references it, e.g. `{holder}.any(where {name}.column = ...)`"
    )
}

/// The column `name` of table `table` that a rule may read: E0101 (with the closest name) when
/// the table has none, E0400 when it is a special category.
pub(super) fn readable_column(
    table: &str,
    columns: &[Column],
    name: &ast::Ident,
    errors: &mut Vec<CheckError>,
) -> Option<usize> {
    let Some(i) = columns.iter().position(|c| c.name == name.name) else {
        errors.push(CheckError::new(
            name.span,
            NameError::UnknownColumn {
                name: name.name.clone(),
                table: table.to_string(),
                help: did_you_mean(closest(&name.name, columns.iter().map(|c| c.name.as_str()))),
            },
        ));
        return None;
    };
    if columns[i].special {
        errors.push(CheckError::new(
            name.span,
            PrivacyError::SpecialCategory {
                column: columns[i].name.clone(),
                table: table.to_string(),
            },
        ));
        return None;
    }
    Some(i)
}
