//! Days in the project's time zone. Engines that know zones convert with their own functions
//! (`Semantics::date_in_zone`); for an engine without zone rules (`TimeZones::CompilerOffsets`:
//! DuckDB without ICU) the compiler writes the zone's offsets into the statement, and the SQL
//! adds the offset in effect to the instant before taking its date.
//!
//! The offsets live in a one-row CTE, `time_zone`, that the evaluation CTE reads and passes on,
//! so every query block that reads the evaluation date reads them too. For each UTC year of
//! [`OFFSET_YEARS`] (index 1 for the first) the CTE has:
//! - `zone_offsets[i]`: the offset from UTC in seconds when the year starts, then the offset
//!   after each change in the year;
//! - `zone_changes[i]`: the instants of those changes, in seconds since 1970-01-01 UTC.
//!
//! A timestamp's offset is then the one after the last change of its year that it has reached,
//! or the year's starting offset: `K` comparisons, `K` the most changes any year has. An
//! instant before the range reads the first year's lists (its starting offset), one after it
//! the last year's (the offset after its last change): docs/language.md §9.4.

use super::{Builder, EVALUATION};
use crate::ir::Plan;
use crate::sql::dialect::Semantics;
use crate::sql::tree::{Cte, Select, SelectItem, SqlExpr};
use crate::value::{Zone, OFFSET_YEARS};

/// Name of the one-row CTE holding the zone's offsets.
pub const ZONE_OFFSETS: &str = "time_zone";

/// A zone's changes per UTC year of [`OFFSET_YEARS`], computed once per statement.
pub struct ZoneOffsets {
    zone: Zone,
    /// Per year: the offset when it starts, then each change (instant, offset from then on).
    years: Vec<(i32, Vec<(i64, i32)>)>,
    /// The most changes in any one year: the comparisons a timestamp's offset needs.
    most_changes: usize,
}

impl ZoneOffsets {
    /// The offsets `plan` needs written into its statements for `d`: those of its zone, when
    /// the dialect has no zone rules of its own.
    pub fn for_plan(plan: &Plan, d: &dyn Semantics) -> Option<ZoneOffsets> {
        let zone = plan.time_zone.as_ref()?;
        let native = d.date_in_zone(SqlExpr::Null, zone.name()).is_some()
            && d.current_date_in_zone(zone.name()).is_some();
        if native {
            return None;
        }
        let years = zone.yearly_transitions();
        let most_changes = years.iter().map(|(_, c)| c.len()).max().unwrap_or(0);
        Some(ZoneOffsets {
            zone: zone.clone(),
            years,
            most_changes,
        })
    }
}

impl Builder<'_> {
    /// The day of a timestamp in the plan's zone (UTC without one).
    pub(super) fn local_day(&self, timestamp: SqlExpr) -> SqlExpr {
        match (&self.plan.time_zone, self.offsets) {
            (None, _) => self.d.date_of(timestamp),
            (Some(_), Some(offsets)) => self.offset_day(timestamp, EVALUATION, offsets),
            // `for_plan` wrote offsets unless both hooks convert: the fallback is never taken.
            (Some(zone), None) => self
                .d
                .date_in_zone(timestamp.clone(), zone.name())
                .unwrap_or_else(|| self.d.date_of(timestamp)),
        }
    }

    /// The current date in the plan's zone, for the evaluation CTE.
    pub(super) fn local_today(&self) -> SqlExpr {
        let now = SqlExpr::Keyword(self.dialect().current_date_utc);
        match (&self.plan.time_zone, self.offsets) {
            (None, _) => SqlExpr::cast(now, "DATE"),
            (Some(_), Some(offsets)) => self.offset_day(now, ZONE_OFFSETS, offsets),
            // As in `local_day`: the fallback is never taken.
            (Some(zone), None) => self
                .d
                .current_date_in_zone(zone.name())
                .unwrap_or_else(|| SqlExpr::cast(now, "DATE")),
        }
    }

    /// The columns the evaluation CTE passes on from [`ZONE_OFFSETS`].
    pub(super) fn zone_columns(&self) -> Vec<SelectItem> {
        ["zone_offsets", "zone_changes"]
            .into_iter()
            .map(|name| SelectItem {
                expr: SqlExpr::col(ZONE_OFFSETS, name),
                alias: Some(name.into()),
                comment: None,
            })
            .collect()
    }

    /// The one-row CTE of the zone's offsets and changes per year, when the statement needs it.
    pub(super) fn zone_cte(&self) -> Option<Cte> {
        let ZoneOffsets { zone, years, .. } = self.offsets?;
        let offsets = years
            .iter()
            .map(|(start, changes)| {
                let after = changes.iter().map(|(_, o)| SqlExpr::Int(i64::from(*o)));
                SqlExpr::List(
                    std::iter::once(SqlExpr::Int(i64::from(*start)))
                        .chain(after)
                        .collect(),
                )
            })
            .collect();
        let changes = years
            .iter()
            .map(|(_, changes)| {
                SqlExpr::List(changes.iter().map(|(at, _)| SqlExpr::Int(*at)).collect())
            })
            .collect();
        let item = |expr, alias: &str| SelectItem {
            expr,
            alias: Some(alias.into()),
            comment: None,
        };
        Some(Cte {
            name: ZONE_OFFSETS.into(),
            materialized: false,
            comments: vec![format!(
                "time zone {zone}: per UTC year {}..{}, its offsets from UTC in seconds (at the \
                 start of the year, then after each change) and the instants of the changes \
                 (seconds since 1970-01-01 UTC)",
                OFFSET_YEARS.start(),
                OFFSET_YEARS.end()
            )],
            body: vec![Select {
                items: vec![
                    item(SqlExpr::List(offsets), "zone_offsets"),
                    item(SqlExpr::List(changes), "zone_changes"),
                ],
                ..Select::default()
            }],
        })
    }

    /// `CAST(ts + TO_SECONDS(offset) AS DATE)`, the offset read from the zone columns of `table`.
    fn offset_day(&self, ts: SqlExpr, table: &str, offsets: &ZoneOffsets) -> SqlExpr {
        let year_count = i64::from(OFFSET_YEARS.end() - OFFSET_YEARS.start() + 1);
        let year = SqlExpr::func("YEAR", vec![ts.clone()]);
        let first_year = SqlExpr::Int(i64::from(*OFFSET_YEARS.start()) - 1);
        let index = SqlExpr::func(
            "LEAST",
            vec![
                SqlExpr::func(
                    "GREATEST",
                    vec![SqlExpr::binary("-", year, first_year), SqlExpr::Int(1)],
                ),
                SqlExpr::Int(year_count),
            ],
        );
        let at = |column: &str, k: usize| SqlExpr::Subscript {
            list: Box::new(SqlExpr::Subscript {
                list: Box::new(SqlExpr::col(table, column)),
                index: Box::new(index.clone()),
            }),
            index: Box::new(SqlExpr::Int(i64::try_from(k).unwrap_or(i64::MAX))),
        };
        let epoch = SqlExpr::func("EPOCH", vec![ts.clone()]);
        let whens: Vec<(SqlExpr, SqlExpr)> = (1..=offsets.most_changes)
            .rev()
            .map(|k| {
                (
                    SqlExpr::binary(">=", epoch.clone(), at("zone_changes", k)),
                    at("zone_offsets", k + 1),
                )
            })
            .collect();
        let offset = match whens.is_empty() {
            // A zone without changes in the range (a fixed offset): CASE needs a WHEN.
            true => at("zone_offsets", 1),
            false => SqlExpr::Case {
                whens,
                otherwise: Some(Box::new(at("zone_offsets", 1))),
            },
        };
        let shifted = SqlExpr::binary("+", ts, SqlExpr::func("TO_SECONDS", vec![offset]));
        SqlExpr::cast(shifted, self.dialect().types.date)
    }
}
