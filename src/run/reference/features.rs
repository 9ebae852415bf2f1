//! Features in the reference evaluator: each facts table's rows grouped by entity, filtered by
//! the feature's condition and aggregated, from the semantics alone.

use super::{column_index, compare_cells, day_of, table, FeatureValues, ReferenceError, Scope};
use crate::ir::{Agg, Column, Feature, ParentTable, Plan};
use crate::value::{Cell, Dataset, Date, Num, Table};
use std::collections::{HashMap, HashSet};

/// The name a column has in the rows a feature reads: its own, or `parent.column` for a
/// parent's column (no declared name has a dot).
pub(super) fn qualified(c: &Column) -> String {
    match &c.parent {
        Some(parent) => format!("{parent}.{}", c.name),
        None => c.name.clone(),
    }
}

/// The rows of a table of facts tables, each followed by the cells of its parent, its
/// parent's parent …, under `parent.column` names. The meaning, from the language: a row
/// belongs to every parent row whose link column holds its link value; a missing value
/// belongs to none, and a row whose value no parent row holds (a dangling link) belongs to
/// none, so it is not read at all.
pub(super) fn with_parents(
    name: &str,
    parents: &[ParentTable],
    own: &Table,
    data: &Dataset,
) -> Result<Table, ReferenceError> {
    let mut columns = own.columns.clone();
    let mut rows: Vec<Vec<Cell>> = own.rows.clone();
    let Some(first) = parents.first() else {
        return Ok(own.clone());
    };
    // The position, in the widened rows, of the link column of the table below.
    let mut below_name = name.to_string();
    let mut below_link = column_index(own, name, &first.child_column)?;
    for (level, parent) in parents.iter().enumerate() {
        if level > 0 {
            let name = format!("{}.{}", below_name, parent.child_column);
            below_link = columns.iter().position(|c| *c == name).ok_or_else(|| {
                ReferenceError::MissingColumn {
                    table: below_name.clone(),
                    column: parent.child_column.clone(),
                }
            })?;
        }
        let parent_rows = table(data, &parent.name)?;
        let key = column_index(parent_rows, &parent.name, &parent.column)?;
        let mut by_key: HashMap<&Cell, Vec<&Vec<Cell>>> = HashMap::new();
        for row in &parent_rows.rows {
            if row[key] != Cell::Null {
                by_key.entry(&row[key]).or_default().push(row);
            }
        }
        let mut next = Vec::new();
        for row in rows {
            let Some(matches) = by_key.get(&row[below_link]) else {
                continue;
            };
            for parent_row in matches {
                let mut joined = row.clone();
                joined.extend(parent_row.iter().cloned());
                next.push(joined);
            }
        }
        rows = next;
        columns.extend(
            parent_rows
                .columns
                .iter()
                .map(|c| format!("{}.{c}", parent.name)),
        );
        below_name = parent.name.clone();
    }
    Ok(Table { columns, rows })
}

pub(super) fn compute_features(
    plan: &Plan,
    data: &Dataset,
    as_of: Date,
) -> Result<Vec<FeatureValues>, ReferenceError> {
    let mut out = Vec::new();
    for ft in &plan.feature_tables {
        let own = table(data, &ft.name)?;
        let widened;
        let facts = match ft.parents.is_empty() {
            true => own,
            false => {
                widened = with_parents(&ft.name, &ft.parents, own, data)?;
                &widened
            }
        };
        let looked_up;
        let facts = match ft.lookups.is_empty() {
            true => facts,
            false => {
                looked_up = super::lookups::with_lookups(&ft.name, &ft.lookups, facts, data)?;
                &looked_up
            }
        };
        let link = match ft.parents.last() {
            Some(top) => column_index(facts, &ft.name, &format!("{}.{}", top.name, ft.link))?,
            None => column_index(facts, &ft.name, &ft.link)?,
        };
        let time = match &ft.time {
            Some(t) => Some(column_index(facts, &ft.name, &qualified(t))?),
            None => None,
        };
        // Rows without a time never count; rows after the evaluation date count only for a
        // feature with a horizon (a KPI's `next` window, whose filter bounds them).
        let mut groups: HashMap<&Cell, Vec<(&Vec<Cell>, bool)>> = HashMap::new();
        for row in &facts.rows {
            let after = match time {
                None => false,
                Some(t) => match day_of(&row[t], plan.time_zone.as_ref()) {
                    Some(d) => d > as_of,
                    None => continue,
                },
            };
            if row[link] != Cell::Null {
                groups.entry(&row[link]).or_default().push((row, after));
            }
        }
        let mut values: FeatureValues = HashMap::new();
        for (key, rows) in groups {
            let mut per_feature = Vec::new();
            for f in &ft.features {
                let seen: Vec<&Vec<Cell>> = (rows.iter())
                    .filter(|(_, after)| !after || f.horizon.is_some())
                    .map(|(row, _)| *row)
                    .collect();
                per_feature.push(aggregate(plan, f, facts, &ft.name, &seen, as_of)?);
            }
            values.insert(key.clone(), per_feature);
        }
        out.push(values);
    }
    Ok(out)
}

fn aggregate(
    plan: &Plan,
    f: &Feature,
    facts: &Table,
    name: &str,
    rows: &[&Vec<Cell>],
    as_of: Date,
) -> Result<Cell, ReferenceError> {
    let mut kept = Vec::new();
    for row in rows {
        let scope = Scope::of_facts_row(facts, row, as_of);
        let keep = match &f.filter {
            Some(c) => scope.holds(plan, c)?,
            None => true,
        };
        if keep {
            kept.push(*row);
        }
    }
    let col = |c: &Column| column_index(facts, name, &qualified(c));
    let present = |i: usize| {
        kept.iter()
            .map(move |r| &r[i])
            .filter(|c| **c != Cell::Null)
    };
    Ok(match &f.agg {
        Agg::CountRows => Cell::Num(Num::int(kept.len() as i64)),
        Agg::CountValues(c) => Cell::Num(Num::int(present(col(c)?).count() as i64)),
        Agg::CountDistinct(c) => {
            let distinct: HashSet<&Cell> = present(col(c)?).collect();
            Cell::Num(Num::int(distinct.len() as i64))
        }
        Agg::Sum(c) => {
            let mut total: Option<Num> = None;
            for cell in present(col(c)?) {
                if let Cell::Num(n) = cell {
                    let sum = total.unwrap_or(Num::int(0)).checked_add(*n);
                    total = Some(sum.ok_or_else(|| ReferenceError::Overflow(f.comment.clone()))?);
                }
            }
            total.map(Cell::Num).unwrap_or(Cell::Null)
        }
        Agg::Min(c) => present(col(c)?)
            .min_by(|a, b| compare_cells(a, b))
            .cloned()
            .unwrap_or(Cell::Null),
        Agg::Max(c) => present(col(c)?)
            .max_by(|a, b| compare_cells(a, b))
            .cloned()
            .unwrap_or(Cell::Null),
        Agg::First { value, time } | Agg::Last { value, time } => {
            let (v, t) = (col(value)?, col(time)?);
            let candidates = kept
                .iter()
                .filter(|r| r[v] != Cell::Null && r[t] != Cell::Null);
            // Earliest (latest) time; ties go to the smallest (largest) value.
            let order = |a: &&&Vec<Cell>, b: &&&Vec<Cell>| {
                compare_cells(&a[t], &b[t]).then_with(|| compare_cells(&a[v], &b[v]))
            };
            let chosen = match f.agg {
                Agg::First { .. } => candidates.min_by(order),
                _ => candidates.max_by(order),
            };
            chosen.map(|r| r[v].clone()).unwrap_or(Cell::Null)
        }
    })
}
