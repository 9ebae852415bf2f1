//! Sequences in the reference evaluator, from their definition: a member holds `A followed by
//! B within N days` when one of its A rows has one of its B rows, not the same row, at the same
//! time or later and at most N days (N × 86,400 seconds between timestamps) later, with equal,
//! present `same` values; `A not followed by B` when one of its A rows has none. Rows after the
//! evaluation date, or without a time, are no step's. Every pair of rows is compared: the
//! quadratic loop the SQL avoids, kept for its obviousness.

use super::features::{qualified, with_parents};
use super::{column_index, compare_cells, day_of, table, ReferenceError, Scope};
use crate::ir::{Cond, Plan, ScalarType, Sequence, SequenceStep};
use crate::value::{Cell, Dataset, Date, Table};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

/// Seconds in a day: the bound between timestamps, per day.
const SECONDS_PER_DAY: i64 = 86_400;

/// One row of a step: its position in its table, its time as a number, its `same` values.
struct StepRow {
    index: usize,
    time: i64,
    same: Vec<Cell>,
}

/// For each sequence of `plan`, the keys of the members it holds for.
pub(super) fn compute_sequences(
    plan: &Plan,
    data: &Dataset,
    as_of: Date,
) -> Result<Vec<HashSet<Cell>>, ReferenceError> {
    plan.sequences
        .iter()
        .map(|s| members(plan, s, data, as_of))
        .collect()
}

fn members(
    plan: &Plan,
    s: &Sequence,
    data: &Dataset,
    as_of: Date,
) -> Result<HashSet<Cell>, ReferenceError> {
    let first_same: Vec<String> = s.same.iter().map(|(f, _)| qualified(f)).collect();
    let then_same: Vec<String> = s.same.iter().map(|(_, t)| qualified(t)).collect();
    let firsts = step_rows(plan, &s.first, &first_same, false, data, as_of)?;
    let thens = step_rows(plan, &s.then, &then_same, true, data, as_of)?;
    let one_table = s.first.rows.name == s.then.rows.name;
    let bound = match s.first.rows.time.ty {
        ScalarType::Timestamp => s.within_days.saturating_mul(SECONDS_PER_DAY),
        _ => s.within_days,
    };
    let mut out = HashSet::new();
    for (member, rows) in &firsts {
        let candidates = thens.get(member).map(Vec::as_slice).unwrap_or_default();
        let holds = rows.iter().any(|a| {
            let followed = candidates.iter().any(|b| {
                !(one_table && a.index == b.index)
                    && b.time >= a.time
                    && b.time - a.time <= bound
                    && a.same.iter().zip(&b.same).all(|(x, y)| {
                        *x != Cell::Null
                            && *y != Cell::Null
                            && compare_cells(x, y) == Ordering::Equal
                    })
            });
            followed == s.followed
        });
        if holds {
            out.insert(member.clone());
        }
    }
    Ok(out)
}

/// The rows of one step, by member: dated on or before the evaluation date, with a member, and
/// satisfying the step's filter (a second step's row also needs every `same` value).
fn step_rows(
    plan: &Plan,
    step: &SequenceStep,
    same: &[String],
    needs_same: bool,
    data: &Dataset,
    as_of: Date,
) -> Result<HashMap<Cell, Vec<StepRow>>, ReferenceError> {
    let rows = &step.rows;
    let own = table(data, &rows.name)?;
    let widened = with_parents(&rows.name, &rows.parents, own, data)?;
    let facts = super::lookups::with_lookups(&rows.name, &rows.lookups, &widened, data)?;
    let link = match rows.parents.last() {
        Some(top) => format!("{}.{}", top.name, rows.link),
        None => rows.link.clone(),
    };
    let link = column_index(&facts, &rows.name, &link)?;
    let time = column_index(&facts, &rows.name, &qualified(&rows.time))?;
    let same: Vec<usize> = same
        .iter()
        .map(|c| column_index(&facts, &rows.name, c))
        .collect::<Result<_, _>>()?;
    let mut out: HashMap<Cell, Vec<StepRow>> = HashMap::new();
    for (index, row) in facts.rows.iter().enumerate() {
        match day_of(&row[time], plan.time_zone.as_ref()) {
            Some(d) if d <= as_of => {}
            _ => continue,
        }
        if row[link] == Cell::Null {
            continue;
        }
        let values: Vec<Cell> = same.iter().map(|&i| row[i].clone()).collect();
        if needs_same && values.contains(&Cell::Null) {
            continue;
        }
        if !passes(plan, step.filter.as_ref(), &facts, row, as_of)? {
            continue;
        }
        let Some(time) = instant(&row[time]) else {
            continue;
        };
        out.entry(row[link].clone()).or_default().push(StepRow {
            index,
            time,
            same: values,
        });
    }
    Ok(out)
}

/// Whether a row satisfies a step's filter.
fn passes(
    plan: &Plan,
    filter: Option<&Cond>,
    facts: &Table,
    row: &[Cell],
    as_of: Date,
) -> Result<bool, ReferenceError> {
    let Some(c) = filter else {
        return Ok(true);
    };
    Scope::of_facts_row(facts, row, as_of).holds(plan, c)
}

/// A date as its day number, a timestamp as its seconds since 1970-01-01 00:00 UTC.
fn instant(cell: &Cell) -> Option<i64> {
    match cell {
        Cell::Date(d) => Some(d.to_days()),
        Cell::Timestamp(t) => Some(t.date.to_days() * SECONDS_PER_DAY + i64::from(t.seconds)),
        _ => None,
    }
}
