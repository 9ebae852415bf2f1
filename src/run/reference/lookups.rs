//! Lookups in the reference evaluator, from the language's definition (docs/language.md 4.2.2):
//! every row of a facts table is read once; when exactly one row of the lookup has the key its
//! reference holds, that row's cells follow it under `lookup.column` names, and otherwise (a
//! missing reference, a key no row has, a key on several rows) every one of them is missing.

use super::{column_index, table, ReferenceError};
use crate::ir::LookupTable;
use crate::value::{Cell, Dataset, Table};
use std::collections::HashMap;

/// `facts` (the rows of the table `name`, already with their parents' cells) with the cells of
/// the lookup row of each row, for every one of `lookups`.
pub(super) fn with_lookups(
    name: &str,
    lookups: &[LookupTable],
    facts: &Table,
    data: &Dataset,
) -> Result<Table, ReferenceError> {
    let mut columns = facts.columns.clone();
    let mut rows = facts.rows.clone();
    for lookup in lookups {
        let reference = match &lookup.holder {
            Some(holder) => format!("{holder}.{}", lookup.column),
            None => lookup.column.clone(),
        };
        let at = column_index(facts, name, &reference)?;
        let looked_up = table(data, &lookup.name)?;
        let key = column_index(looked_up, &lookup.name, &lookup.key)?;
        // Each present key, with the rows that have it.
        let mut by_key: HashMap<&Cell, Vec<&Vec<Cell>>> = HashMap::new();
        for row in &looked_up.rows {
            if row[key] != Cell::Null {
                by_key.entry(&row[key]).or_default().push(row);
            }
        }
        for row in &mut rows {
            match by_key.get(&row[at]).map(Vec::as_slice) {
                Some([only]) => row.extend(only.iter().cloned()),
                _ => row.extend(std::iter::repeat_n(Cell::Null, looked_up.columns.len())),
            }
        }
        columns.extend((looked_up.columns.iter()).map(|c| format!("{}.{c}", lookup.name)));
    }
    Ok(Table { columns, rows })
}
