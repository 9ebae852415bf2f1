//! Facts of facts: a facts table that belongs to another facts table
//! (`facts order_lines of orders(order_id)`), linked after its parent whatever the order of the
//! declarations, with its link column typed as the parent's and its time column its own `at`
//! (without one, it is dated by its parent: `Schema::time_of`).

use super::errors::{a, did_you_mean, CheckError, LinkError};
use super::names::Declared;
use super::schema::{columns, implied_link, table_path, time_column};
use super::typed::*;
use crate::suggest::closest;
use crate::syntax::ast;

/// Whether a facts declaration names something other than an entity after `of`: a facts
/// table, or nothing known (both are linked, or refused, by [`link_facts_of_facts`]).
pub(super) fn belongs_to_facts(decl: &ast::FactsDecl, schema: &Schema) -> bool {
    let parent = &decl.header.link.entity.name;
    schema.entities.iter().all(|e| &e.name != parent)
}

/// Links each of `children` (facts declarations whose `of` names no entity) to its parent facts
/// table, parents first, so a chain of any length and in any order links. `all` is every facts
/// declaration and `others` the names of the consent logs and suppression lists, for the
/// wording of a parent that cannot be followed.
pub(super) fn link_facts_of_facts(
    children: &[&ast::FactsDecl],
    all: &[&ast::FactsDecl],
    others: &[String],
    schema: &mut Schema,
    seen: &mut Declared,
    errors: &mut Vec<CheckError>,
) {
    let mut pending: Vec<&ast::FactsDecl> = children.to_vec();
    loop {
        let before = pending.len();
        let mut rest = Vec::new();
        for decl in pending {
            let parent = &decl.header.link.entity.name;
            match schema.facts.iter().position(|f| &f.name == parent) {
                Some(p) => link_child(decl, FactsId(p), schema, seen, errors),
                None => rest.push(decl),
            }
        }
        pending = rest;
        if pending.len() == before {
            break;
        }
    }
    let mut reported: Vec<&str> = Vec::new();
    for decl in &pending {
        let link = &decl.header.link.entity;
        if let Some(path) = cycle_through(decl, &pending) {
            if !path.iter().any(|n| reported.contains(n)) {
                reported.extend(path.iter().copied());
                let mut words: Vec<&str> = path.clone();
                words.push(path[0]);
                errors.push(CheckError::new(
                    link.span,
                    LinkError::ParentCycle {
                        path: words
                            .iter()
                            .map(|n| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(" of "),
                    },
                ));
            }
            continue;
        }
        if all.iter().any(|d| d.name.name == link.name) {
            // A facts table that could not be checked (its errors are at its declaration), or
            // one below a cycle (reported on the cycle).
            continue;
        }
        let help = if others.contains(&link.name) {
            Some(format!(
                "`{}` is a consent log or suppression list; a facts table belongs to an entity or to another facts table",
                link.name
            ))
        } else {
            let candidates = schema
                .entities
                .iter()
                .map(|e| e.name.as_str())
                .chain(all.iter().map(|d| d.name.name.as_str()));
            did_you_mean(closest(&link.name, candidates))
        };
        errors.push(CheckError::new(
            link.span,
            LinkError::UnknownParent {
                child: decl.name.name.clone(),
                name: link.name.clone(),
                help,
            },
        ));
    }
}

/// The names of the cycle of parents `decl` is on, starting with `decl`, when it is on one.
fn cycle_through<'a>(
    decl: &'a ast::FactsDecl,
    pending: &[&'a ast::FactsDecl],
) -> Option<Vec<&'a str>> {
    let mut path = vec![decl.name.name.as_str()];
    let mut at = decl;
    for _ in 0..=pending.len() {
        let parent = at.header.link.entity.name.as_str();
        if parent == decl.name.name {
            return Some(path);
        }
        at = pending.iter().find(|d| d.name.name == parent)?;
        if path.contains(&at.name.name.as_str()) {
            // A cycle above `decl`, which is not on it.
            return None;
        }
        path.push(at.name.name.as_str());
    }
    None
}

/// Adds `decl`, a table of the facts table `parent`, to the schema.
fn link_child(
    decl: &ast::FactsDecl,
    parent_id: FactsId,
    schema: &mut Schema,
    seen: &mut Declared,
    errors: &mut Vec<CheckError>,
) {
    if !seen.is_new("table", &decl.name.name, decl.name.span, errors) {
        return;
    }
    let mut columns = columns(&decl.name.name, &decl.header.columns, errors);
    let table = table_path(decl.header.table.as_ref(), &decl.name, errors);
    let parent = schema.facts(parent_id);
    let link = &decl.header.link.column;
    let Some(parent_column) = parent.columns.iter().position(|c| c.name == link.name) else {
        errors.push(CheckError::new(
            link.span,
            LinkError::UnknownParentColumn {
                child: decl.name.name.clone(),
                parent: parent.name.clone(),
                column: link.name.clone(),
                help: did_you_mean(closest(
                    &link.name,
                    parent.columns.iter().map(|c| c.name.as_str()),
                ))
                .or(Some(format!(
                    "a row links to the `{}` rows whose `{}` holds its own: declare the column in `{}`",
                    parent.name, link.name, parent.name
                ))),
            },
        ));
        return;
    };
    let expected = &parent.columns[parent_column];
    let link_column = match columns.iter().position(|c| c.name == link.name) {
        Some(i) => {
            if columns[i].ty != expected.ty {
                errors.push(CheckError::new(
                    link.span,
                    LinkError::ParentTypeMismatch {
                        child: decl.name.name.clone(),
                        parent: parent.name.clone(),
                        column: link.name.clone(),
                        expected: a(&expected.ty.describe()),
                        found: a(&columns[i].ty.describe()),
                    },
                ));
            }
            i
        }
        None => {
            // Not declared in the body: implied, with the parent column's type.
            columns.push(implied_link(link, &expected.ty));
            columns.len() - 1
        }
    };
    // Only `at` gives a table of a facts table a time of its own: a line's `shipped_at` does
    // not silently replace the date of its order.
    let own_time = match decl.time_column {
        Some(_) => time_column(&decl.name, decl.time_column.as_ref(), &columns, errors),
        None => None,
    };
    let entity = parent.entity;
    schema.facts.push(Facts {
        name: decl.name.name.clone(),
        docs: decl.header.docs.clone(),
        entity,
        table,
        link_column,
        time_column: own_time,
        parent: Some(ParentLink {
            facts: parent_id,
            column: parent_column,
        }),
        rows_of: None,
        columns,
        span: decl.name.span,
    });
}
