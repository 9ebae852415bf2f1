//! `seg materialize` on an engine: one transaction that merges one evaluation per date into the
//! membership tables (`sql::merge_parts`, prepared by the `seglang::materialize_passes` facade),
//! with the statements of `sql::materialize` around each merge. Runs are serialized (a
//! PostgreSQL advisory lock; DuckDB's own lock on its file, see [`open_duckdb`]), an earlier
//! date than one materialized is refused unless a rebuild is asked for, and nothing is visible
//! to others before the one `COMMIT`: a run killed at any point leaves the tables as they were.

use super::engine::Engine;
use super::errors::RunError;
use crate::check::typed::Schema;
use crate::sql::{
    close_removed_segments, create_materialized_tables, dates_query, pass_counts_query, record_run,
    restore_before_staged_date, MembershipTable, MergeParts, Placement,
};
use crate::value::Date;
use md5::{Digest, Md5};
use std::path::Path;

/// What to materialize.
pub struct Request<'a> {
    /// The project's schema: its tables must exist before anything begins.
    pub schema: &'a Schema,
    /// One merge per date, in date order ([`backfill_dates`]).
    pub passes: &'a [MergeParts],
    /// Where the membership tables live.
    pub placement: &'a Placement,
    /// Forget what the tables recorded at or after the first date before merging it, instead
    /// of refusing a date earlier than the last one materialized.
    pub rebuild: bool,
}

/// How far a run has got, told to the caller's observer as it happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The lock is held, the transaction begun and the tables exist.
    Begun,
    /// A date's evaluation is staged; nothing is merged yet.
    Staged { date: String },
    /// A date is merged (inside the transaction, not yet committed).
    Merged(PassReport),
    /// Every date is merged; the transaction commits next.
    Committing,
}

/// What one date's pass left in the tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassReport {
    /// The evaluation date, `YYYY-MM-DD`.
    pub date: String,
    /// Rows of the membership table after the pass.
    pub members: u64,
    /// Events the pass recorded (none when the date was materialized already, on the same
    /// data and definitions).
    pub entered: u64,
    pub exited: u64,
}

/// How often a backfill evaluates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Every {
    /// Every day.
    Day,
    /// Every seven days from the first date.
    Week,
    /// The same day of every month (the month's last day when it has fewer).
    Month,
}

/// The dates of a backfill: `from`, then every `every` after it, up to `to` included. A month
/// is a calendar month from `from` (its day clamped to the month's end, never drifting).
pub fn backfill_dates(from: Date, to: Date, every: Every) -> Result<Vec<Date>, RunError> {
    if from > to {
        return Err(RunError::BackwardRange {
            from: from.to_string(),
            to: to.to_string(),
        });
    }
    let mut out = Vec::new();
    for k in 0_i64.. {
        let next = match every {
            Every::Day => from.add_days(k),
            Every::Week => from.add_days(7 * k),
            Every::Month => from.add_months(k),
        };
        match next {
            Some(d) if d <= to => out.push(d),
            _ => break,
        }
    }
    Ok(out)
}

/// Opens a DuckDB file for a run. DuckDB lets one process write a file and locks it; a second
/// process is refused at once, which is the serialization of DuckDB runs.
pub fn open_duckdb(file: &Path) -> Result<Engine, RunError> {
    duckdb::Connection::open(file)
        .map(Engine::DuckDb)
        .map_err(|e| {
            let reason = e.to_string();
            match reason.contains("lock") {
                true => RunError::DuckDbFileLocked {
                    file: file.display().to_string(),
                    reason,
                },
                false => RunError::UnreadableFile {
                    file: file.display().to_string(),
                    reason,
                },
            }
        })
}

/// Runs every pass of `request` in one transaction, under the lock, telling `observe` each
/// step. On any error the transaction is rolled back and the tables are left as they were.
pub fn materialize(
    engine: &mut Engine,
    request: &Request,
    observe: &mut dyn FnMut(&Step),
) -> Result<Vec<PassReport>, RunError> {
    if request.passes.is_empty() {
        return Err(RunError::NothingToMaterialize);
    }
    for (declared, table, _) in request.schema.declared_tables() {
        engine.has_rows(table, declared)?;
    }
    let lock = lock_key(request.placement, engine);
    if let Engine::Postgres(_) = engine {
        let taken = single(
            engine,
            &format!("SELECT CAST(pg_try_advisory_lock({lock}) AS TEXT)"),
        )?;
        if taken != "true" {
            return Err(RunError::MaterializeLocked {
                tables: request
                    .placement
                    .table(MembershipTable::Membership, engine.target()),
            });
        }
    }
    let begin = engine.target().dialect().scripts.begin;
    let result = engine
        .batch(begin)
        .and_then(|()| transaction(engine, request, observe));
    let result = match result {
        Ok(reports) => engine
            .batch(engine.target().dialect().scripts.commit)
            .map(|()| reports),
        Err(e) => {
            // The error is what the user needs; a failed rollback leaves nothing committed.
            let _ = engine.batch("ROLLBACK");
            Err(e)
        }
    };
    if let Engine::Postgres(_) = engine {
        // The lock is the session's; closing the connection would release it too.
        let _ = engine.batch(&format!("SELECT pg_advisory_unlock({lock})"));
    }
    result
}

/// The statements inside the transaction.
fn transaction(
    engine: &mut Engine,
    request: &Request,
    observe: &mut dyn FnMut(&Step),
) -> Result<Vec<PassReport>, RunError> {
    let target = engine.target();
    let placement = request.placement;
    for ddl in create_materialized_tables(placement, target) {
        engine.batch(&ddl)?;
    }
    observe(&Step::Begun);
    let mut reports = Vec::new();
    for (i, pass) in request.passes.iter().enumerate() {
        for sql in &pass.stage {
            engine.batch(sql)?;
        }
        let dates = engine.text_rows(&dates_query(placement, target), 2)?;
        let (date, previous) = match &dates[..] {
            [row] => (row[0].clone(), row[1].clone()),
            _ => return Err(RunError::NothingToMaterialize),
        };
        if i == 0 && request.rebuild {
            for sql in restore_before_staged_date(placement, target) {
                engine.batch(&sql)?;
            }
        } else if !previous.is_empty() && date < previous {
            return Err(RunError::EarlierDate { date, previous });
        }
        observe(&Step::Staged { date: date.clone() });
        let before = counts(engine, placement)?;
        engine.batch(&pass.refuse)?;
        let statements = pass.apply.iter().cloned();
        let around = close_removed_segments(placement, target)
            .into_iter()
            .chain(record_run(placement, target));
        for sql in statements.chain(around) {
            engine.batch(&sql)?;
        }
        let after = counts(engine, placement)?;
        let report = PassReport {
            date,
            members: after[0],
            entered: after[1].saturating_sub(before[1]),
            exited: after[2].saturating_sub(before[2]),
        };
        for sql in &pass.drop_staging {
            engine.batch(sql)?;
        }
        observe(&Step::Merged(report.clone()));
        reports.push(report);
    }
    observe(&Step::Committing);
    Ok(reports)
}

/// The advisory lock of the tables `placement` names: 63 bits of an MD5 of the membership
/// table's qualified name, so runs on other schemas or prefixes do not wait for each other.
fn lock_key(placement: &Placement, engine: &Engine) -> i64 {
    let name = placement.table(MembershipTable::Membership, engine.target());
    let digest = Md5::digest(format!("seg materialize {name}").as_bytes());
    let mut bytes = [0_u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    (u64::from_be_bytes(bytes) >> 1) as i64
}

/// The current members, and the entries and exits recorded at the staged date.
fn counts(engine: &mut Engine, placement: &Placement) -> Result<[u64; 3], RunError> {
    let row = single_row(engine, &pass_counts_query(placement, engine.target()), 3)?;
    let number = |i: usize| row.get(i).and_then(|n| n.parse().ok()).unwrap_or(0);
    Ok([number(0), number(1), number(2)])
}

fn single(engine: &mut Engine, sql: &str) -> Result<String, RunError> {
    Ok(single_row(engine, sql, 1)?
        .into_iter()
        .next()
        .unwrap_or_default())
}

fn single_row(engine: &mut Engine, sql: &str, width: usize) -> Result<Vec<String>, RunError> {
    Ok(engine
        .text_rows(sql, width)?
        .into_iter()
        .next()
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).expect("a date")
    }

    #[test]
    fn a_monthly_backfill_keeps_the_day_of_its_first_date() {
        let dates =
            backfill_dates(date("2026-01-31"), date("2026-04-30"), Every::Month).expect("forward");
        let texts: Vec<String> = dates.iter().map(Date::to_string).collect();
        assert_eq!(
            texts,
            ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]
        );
    }

    #[test]
    fn a_weekly_backfill_stops_at_its_last_date_included() {
        let dates =
            backfill_dates(date("2026-03-01"), date("2026-03-15"), Every::Week).expect("forward");
        assert_eq!(dates.len(), 3);
        let one = backfill_dates(date("2026-03-01"), date("2026-03-01"), Every::Day);
        assert_eq!(one.expect("one date").len(), 1);
    }

    #[test]
    fn a_backfill_backwards_is_refused() {
        let error = backfill_dates(date("2026-03-02"), date("2026-03-01"), Every::Day);
        assert!(matches!(error, Err(RunError::BackwardRange { .. })));
    }
}
