//! Members over time: the counts `seg materialize` recorded in its membership history, when the
//! database has one where the report is told to look (`--schema`, `--prefix`).

use crate::check::typed::TablePath;
use crate::dashboard::{History, Series};
use crate::run::engine::Engine;
use crate::run::RunError;
use crate::sql::{history_counts, MembershipTable, Placement};
use std::collections::BTreeMap;

/// The members of each of `segments` on every materialized date, or an unavailable history
/// when the database has no membership tables at `placement` (the schema and prefix `seg
/// materialize` was given).
pub(super) fn history(
    engine: &mut Engine,
    segments: &[String],
    placement: &Placement,
) -> Result<History, RunError> {
    let name = format!("{}{}", placement.prefix, MembershipTable::Runs.name());
    let runs = TablePath(placement.schema.iter().cloned().chain([name]).collect());
    let unavailable = History {
        available: false,
        dates: Vec::new(),
        series: Vec::new(),
    };
    match engine.has_rows(&runs, MembershipTable::Runs.name()) {
        Ok(true) => {}
        Ok(false) | Err(RunError::MissingTable { .. }) => return Ok(unavailable),
        Err(e) => return Err(e),
    }
    let rows = engine.text_rows(&history_counts(placement, engine.target()), 3)?;
    let mut dates: Vec<String> = rows.iter().map(|r| r[0].clone()).collect();
    dates.dedup();
    let mut counts: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    for r in &rows {
        counts.insert((r[1].as_str(), r[0].as_str()), r[2].parse().unwrap_or(0));
    }
    let series = segments
        .iter()
        .filter(|s| rows.iter().any(|r| &r[1] == *s))
        .map(|s| Series {
            segment: s.clone(),
            members: dates
                .iter()
                .map(|d| counts.get(&(s.as_str(), d.as_str())).copied().unwrap_or(0))
                .collect(),
        })
        .collect();
    Ok(History {
        available: true,
        dates,
        series,
    })
}
