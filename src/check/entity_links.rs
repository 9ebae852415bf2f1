//! Linked entities: an entity whose rows belong to another entity's
//! (`entity contacts of accounts(account_id)`), one level deep, its link column typed as the
//! other entity's key; and the rows of such an entity as a facts table of the entity it belongs
//! to, so that a segment on accounts aggregates over their contacts (`Facts::rows_of`).

use super::errors::{a, did_you_mean, CheckError, LinkError, SchemaError};
use super::schema::implied_link;
use super::typed::*;
use crate::suggest::closest;
use crate::syntax::ast;

/// Links every entity declared `of` another to it (E0258, E0259, E0108).
pub(super) fn link_entities(
    decls: &[&ast::EntityDecl],
    schema: &mut Schema,
    errors: &mut Vec<CheckError>,
) {
    for decl in decls {
        let Some(link) = &decl.link else { continue };
        let Some(child) = schema
            .entities
            .iter()
            .position(|e| e.name == decl.name.name)
        else {
            continue;
        };
        if schema.entities[child].span != decl.name.span {
            // A second declaration of the name: reported as such.
            continue;
        }
        let owner_name = &link.entity.name;
        let Some(owner) = schema.entities.iter().position(|e| &e.name == owner_name) else {
            if decls.iter().any(|d| &d.name.name == owner_name) {
                // An entity that could not be checked: its errors are at its declaration.
                continue;
            }
            let candidates = schema.entities.iter().map(|e| e.name.as_str());
            errors.push(CheckError::new(
                link.entity.span,
                LinkError::UnknownOwner {
                    child: decl.name.name.clone(),
                    name: owner_name.clone(),
                    help: did_you_mean(closest(owner_name, candidates)).or(Some(format!(
                        "an entity belongs to another entity, e.g. `entity {} of accounts(account_id)`; facts tables are read with aggregates",
                        decl.name.name
                    ))),
                },
            ));
            continue;
        };
        let above = decls
            .iter()
            .find(|d| &d.name.name == owner_name)
            .and_then(|d| d.link.as_ref());
        let chain = if owner == child {
            Some((
                "an entity cannot belong to itself".to_string(),
                "link the entity to another entity, or drop `of`".to_string(),
            ))
        } else {
            above.map(|above| {
                (
                    format!("`{owner_name}` belongs to `{}` itself", above.entity.name),
                    format!(
                        "an entity belongs to an entity that belongs to none (contacts of accounts): link `{}` to `{}` directly",
                        decl.name.name, above.entity.name
                    ),
                )
            })
        };
        if let Some((reason, help)) = chain {
            errors.push(CheckError::new(
                link.entity.span,
                LinkError::OwnerChain {
                    child: decl.name.name.clone(),
                    owner: owner_name.clone(),
                    reason,
                    help,
                },
            ));
            continue;
        }
        let key = schema.entities[owner].key_column().clone();
        let entity = &mut schema.entities[child];
        let column = match entity
            .columns
            .iter()
            .position(|c| c.name == link.column.name)
        {
            Some(i) => {
                if entity.columns[i].ty != key.ty {
                    errors.push(CheckError::new(
                        link.column.span,
                        SchemaError::LinkTypeMismatch {
                            table: entity.name.clone(),
                            column: link.column.name.clone(),
                            entity: owner_name.clone(),
                            expected: a(&key.ty.describe()),
                            found: a(&entity.columns[i].ty.describe()),
                        },
                    ));
                    continue;
                }
                i
            }
            None => {
                // Not declared in the body: implied, with the key's type.
                entity.columns.push(implied_link(&link.column, &key.ty));
                entity.columns.len() - 1
            }
        };
        entity.parent = Some(EntityLink {
            entity: EntityId(owner),
            column,
        });
    }
}

/// Adds the rows of each linked entity as a facts table of the entity it belongs to, after
/// every declared facts table: linked by its link column, with no time column.
pub(super) fn add_entity_rows(schema: &mut Schema) {
    for (i, entity) in schema.entities.iter().enumerate() {
        let Some(link) = entity.parent else { continue };
        schema.facts.push(Facts {
            name: entity.name.clone(),
            docs: entity.docs.clone(),
            entity: link.entity,
            table: entity.table.clone(),
            link_column: link.column,
            time_column: None,
            parent: None,
            rows_of: Some(EntityId(i)),
            columns: entity.columns.clone(),
            span: entity.span,
        });
    }
}
