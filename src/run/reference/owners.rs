//! Linked entities in the reference evaluator: each row of an entity that belongs to another
//! (a contact) read with its owner's row (its account), and the value a member's features are
//! found under — its key, or the key of its owner's row for the features of the owner's tables
//! (missing without an owner row: no features).

use super::{column_index, table, FeatureValues, ReferenceError};
use crate::ir::Plan;
use crate::value::{Cell, Dataset, Table};
use std::collections::HashMap;

/// The entity's rows, each followed by its owner's cells under `owner.column` names when the
/// plan reads them: the owner row whose key the row's link holds, or missing cells when the
/// link is missing or names no row (entity keys identify one row: the first is read).
pub(super) fn with_owner(
    plan: &Plan,
    entity: &Table,
    data: &Dataset,
) -> Result<Table, ReferenceError> {
    let Some(owner) = plan.entity.owner.as_ref().filter(|o| o.joined) else {
        return Ok(entity.clone());
    };
    let owners = table(data, &owner.name)?;
    let key = column_index(owners, &owner.name, &owner.key)?;
    let link = column_index(entity, &plan.entity.name, &owner.link)?;
    let mut by_key: HashMap<&Cell, &Vec<Cell>> = HashMap::new();
    for row in &owners.rows {
        if row[key] != Cell::Null {
            by_key.entry(&row[key]).or_insert(row);
        }
    }
    let missing = vec![Cell::Null; owners.columns.len()];
    let mut columns = entity.columns.clone();
    columns.extend(owners.columns.iter().map(|c| format!("{}.{c}", owner.name)));
    let rows = (entity.rows.iter())
        .map(|row| {
            let mut widened = row.clone();
            widened.extend(
                by_key
                    .get(&row[link])
                    .map_or(&missing, |r| *r)
                    .iter()
                    .cloned(),
            );
            widened
        })
        .collect();
    Ok(Table { columns, rows })
}

/// For each feature table of the plan, the position in the (widened) entity rows of the value
/// its features are found under: the key, or the owner row's key for a table of the owner.
pub(super) fn member_columns(
    plan: &Plan,
    entity: &Table,
    key: usize,
) -> Result<Vec<usize>, ReferenceError> {
    (plan.feature_tables.iter())
        .map(|ft| match (ft.of_owner, &plan.entity.owner) {
            (true, Some(owner)) => {
                let name = format!("{}.{}", owner.name, owner.key);
                column_index(entity, &plan.entity.name, &name)
            }
            _ => Ok(key),
        })
        .collect()
}

/// A member's values in each feature table, `None` where it has no row.
pub(super) fn features_of<'a>(
    features: &'a [FeatureValues],
    members: &[usize],
    row: &[Cell],
) -> Vec<Option<&'a Vec<Cell>>> {
    (features.iter().zip(members))
        .map(|(values, &at)| values.get(&row[at]))
        .collect()
}
