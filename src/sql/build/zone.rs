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
//! or the year's starting offset: `K` comparisons, `K` the most changes any year has. Years
//! outside the range use its first or last year's rules (docs/language.md §9.4).

use super::{Builder, EVALUATION};
use crate::sql::tree::{Cte, Select, SelectItem, SqlExpr};
use crate::value::{Zone, OFFSET_YEARS};

/// Name of the one-row CTE holding the zone's offsets.
pub const ZONE_OFFSETS: &str = "time_zone";

impl Builder<'_> {
    /// The zone whose offsets the statement must carry: the plan's zone, when the dialect has no
    /// zone rules of its own.
    pub(super) fn offsets_zone(&self) -> Option<&Zone> {
        let zone = self.plan.time_zone.as_ref()?;
        self.d
            .current_date_in_zone(zone.name())
            .is_none()
            .then_some(zone)
    }

    /// The day of a timestamp in the plan's zone (UTC without one).
    pub(super) fn local_day(&self, timestamp: SqlExpr) -> SqlExpr {
        match &self.plan.time_zone {
            None => self.d.date_of(timestamp),
            Some(zone) => match self.d.date_in_zone(timestamp.clone(), zone.name()) {
                Some(day) => day,
                None => self.offset_day(timestamp, EVALUATION, zone),
            },
        }
    }

    /// The current date in the plan's zone, for the evaluation CTE.
    pub(super) fn local_today(&self) -> SqlExpr {
        let now = SqlExpr::Keyword(self.dialect().current_date_utc);
        match &self.plan.time_zone {
            None => SqlExpr::cast(now, "DATE"),
            Some(zone) => match self.d.current_date_in_zone(zone.name()) {
                Some(today) => today,
                None => self.offset_day(now, ZONE_OFFSETS, zone),
            },
        }
    }

    /// The columns the evaluation CTE passes on from [`ZONE_OFFSETS`], and the table it reads
    /// them from.
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

    /// The one-row CTE of the zone's offsets and changes per year.
    pub(super) fn zone_cte(&self, zone: &Zone) -> Cte {
        let years = zone.yearly_transitions();
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
        Cte {
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
        }
    }

    /// `CAST(ts + TO_SECONDS(offset) AS DATE)`, the offset read from the zone columns of `table`.
    fn offset_day(&self, ts: SqlExpr, table: &str, zone: &Zone) -> SqlExpr {
        let most_changes = zone
            .yearly_transitions()
            .iter()
            .map(|(_, changes)| changes.len())
            .max()
            .unwrap_or(0);
        let year_count = i64::from(OFFSET_YEARS.end() - OFFSET_YEARS.start() + 1);
        let year = SqlExpr::func("YEAR", vec![ts.clone()]);
        let index = SqlExpr::func(
            "LEAST",
            vec![
                SqlExpr::func(
                    "GREATEST",
                    vec![
                        SqlExpr::binary(
                            "-",
                            year,
                            SqlExpr::Int(i64::from(*OFFSET_YEARS.start()) - 1),
                        ),
                        SqlExpr::Int(1),
                    ],
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
        let whens: Vec<(SqlExpr, SqlExpr)> = (1..=most_changes)
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
