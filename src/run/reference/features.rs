//! Features in the reference evaluator: each facts table's rows grouped by entity, filtered by
//! the feature's condition and aggregated, from the semantics alone.

use super::{column_index, compare_cells, day_of, table, FeatureValues, ReferenceError, Scope};
use crate::ir::{Agg, Column, Feature, Plan};
use crate::value::{Cell, Dataset, Date, Num, Table};
use std::collections::{HashMap, HashSet};

pub(super) fn compute_features(
    plan: &Plan,
    data: &Dataset,
    as_of: Date,
) -> Result<Vec<FeatureValues>, ReferenceError> {
    let mut out = Vec::new();
    for ft in &plan.feature_tables {
        let facts = table(data, &ft.name)?;
        let link = column_index(facts, &ft.name, &ft.link)?;
        let time = match &ft.time {
            Some(t) => Some(column_index(facts, &ft.name, &t.name)?),
            None => None,
        };
        // Rows after the evaluation date (or without a time) never count.
        let mut groups: HashMap<&Cell, Vec<&Vec<Cell>>> = HashMap::new();
        for row in &facts.rows {
            if let Some(t) = time {
                match day_of(&row[t], plan.time_zone.as_ref()) {
                    Some(d) if d <= as_of => {}
                    _ => continue,
                }
            }
            if row[link] != Cell::Null {
                groups.entry(&row[link]).or_default().push(row);
            }
        }
        let mut values: FeatureValues = HashMap::new();
        for (key, rows) in groups {
            let mut per_feature = Vec::new();
            for f in &ft.features {
                per_feature.push(aggregate(plan, f, facts, &ft.name, &rows, as_of)?);
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
        let scope = Scope {
            table: facts,
            row,
            features: Vec::new(),
            scores: Vec::new(),
            referenced: Vec::new(),
            as_of,
        };
        let keep = match &f.filter {
            Some(c) => scope.holds(plan, c)?,
            None => true,
        };
        if keep {
            kept.push(*row);
        }
    }
    let col = |c: &Column| column_index(facts, name, &c.name);
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
