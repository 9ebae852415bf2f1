//! `seg report`: evaluate a project on real data and write one self-contained HTML page for
//! marketers (or the same numbers as JSON): sizes, overlaps, consent coverage, RFM grids,
//! lifecycle moves and members over time.

use super::args::{DataArgs, ProjectArgs};
use super::commands::load_program_and_file;
use super::progress::Progress;
use super::run::{open_engine, run_error};
use super::Outcome;
use clap::{Args, ValueEnum};
use seglang::dashboard::{render_html, render_json, Lang};
use seglang::run::dashboard::{gather, Request};
use seglang::run::RunError;
use seglang::sql::{Placement, DEFAULT_PREFIX};
use seglang::value::{Date, Timestamp, Zone};
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

/// Arguments of `seg report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    #[command(flatten)]
    pub source: DataArgs,
    /// Evaluation date (YYYY-MM-DD); default: today in the project's time zone (UTC without
    /// one).
    #[arg(long, value_name = "DATE", value_parser = super::args::date)]
    pub as_of: Option<Date>,
    /// Show lifecycle moves from this earlier date to the evaluation date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = super::args::date)]
    pub from: Option<Date>,
    /// The language of the page.
    #[arg(long, value_enum, default_value_t = ReportLang::En)]
    pub lang: ReportLang,
    /// `html` for people, `json` for machines (the same numbers).
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    pub format: ReportFormat,
    /// The file to write.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The schema of the membership tables whose history the report shows, as given to `seg
    /// materialize`; default: the connection's.
    #[arg(long, value_name = "NAME")]
    pub schema: Option<String>,
    /// The prefix of their names, as given to `seg materialize`.
    #[arg(long, value_name = "TEXT", default_value = DEFAULT_PREFIX)]
    pub prefix: String,
}

/// Languages of `seg report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportLang {
    En,
    Fr,
}

/// Output formats of `seg report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Html,
    Json,
}

/// `seg report`.
pub fn report(args: &ReportArgs) -> Outcome {
    let (file, _, program) = match load_program_and_file(&args.project.paths, &args.project.params)
    {
        Ok(x) => x,
        Err(outcome) => return outcome,
    };
    let data = match args.source.or_file(&file) {
        Ok(data) => data,
        Err(outcome) => return outcome,
    };
    let as_of = args
        .as_of
        .unwrap_or_else(|| today(program.schema.time_zone.as_ref(), SystemTime::now()));
    if let Some(from) = args.from.filter(|from| *from >= as_of) {
        return run_error(RunError::FromNotBeforeAsOf {
            from: from.to_string(),
            as_of: as_of.to_string(),
        });
    }
    let mut progress = Progress::new();
    let result = (|| {
        let (mut engine, source) =
            open_engine(&data, &args.project.paths, &program, &mut progress)?;
        progress.step("evaluating the report");
        let request = Request {
            project: args
                .project
                .paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(" "),
            as_of,
            from: args.from,
            source,
            history: Placement {
                schema: args.schema.clone(),
                prefix: args.prefix.clone(),
            },
        };
        gather(&mut engine, &program, &request)
    })();
    progress.finish();
    let dashboard = match result {
        Ok(d) => d,
        Err(e) => return run_error(e),
    };
    let text = match args.format {
        ReportFormat::Json => render_json(&dashboard),
        ReportFormat::Html => render_html(
            &dashboard,
            match args.lang {
                ReportLang::En => Lang::En,
                ReportLang::Fr => Lang::Fr,
            },
        ),
    };
    match std::fs::write(&args.out, text) {
        Ok(()) => {
            eprintln!("wrote {}", args.out.display());
            Outcome::Success
        }
        Err(e) => run_error(RunError::Write {
            path: args.out.display().to_string(),
            reason: e.to_string(),
        }),
    }
}

/// The date it is at the instant `now` in `zone` (in UTC without one): the default evaluation
/// date, the day the project's timestamps would be given at that instant.
fn today(zone: Option<&Zone>, now: SystemTime) -> Date {
    // Seconds since 1970: 0 for a clock set earlier, and 1970 for one set after the year 9999.
    let seconds = now
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
    let utc = Timestamp {
        date: Date::from_days(seconds.div_euclid(86_400)).unwrap_or(EPOCH),
        // A remainder of a division by 86,400 is below 86,400.
        seconds: u32::try_from(seconds.rem_euclid(86_400)).unwrap_or(0),
    };
    match zone {
        Some(zone) => zone.local_day(utc).unwrap_or(utc.date),
        None => utc.date,
    }
}

/// 1970-01-01, where the clock's days start.
const EPOCH: Date = Date {
    year: 1970,
    month: 1,
    day: 1,
};

#[cfg(test)]
mod tests {
    use super::today;
    use seglang::value::{Date, Zone};
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    /// The instant `date` `hh:mm` UTC.
    fn at(date: &str, hours: u64, minutes: u64) -> SystemTime {
        let days = Date::parse(date).map_or(0, Date::to_days);
        let seconds = u64::try_from(days).unwrap_or(0) * 86_400 + hours * 3_600 + minutes * 60;
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    fn zone(name: &str) -> Zone {
        Zone::named(name).unwrap_or_else(|| panic!("{name} is in the tz database"))
    }

    #[test]
    fn today_is_the_date_in_the_projects_zone_at_the_instant() {
        // 23:30 UTC on 22 November is already the 23rd in Paris (UTC+1 in winter)…
        let late = at("2026-11-22", 23, 30);
        assert_eq!(today(None, late).to_string(), "2026-11-22");
        let paris = zone("Europe/Paris");
        assert_eq!(today(Some(&paris), late).to_string(), "2026-11-23");
        // … and 02:00 UTC on the 23rd still the 22nd in New York (UTC-5).
        let early = at("2026-11-23", 2, 0);
        assert_eq!(today(None, early).to_string(), "2026-11-23");
        let new_york = zone("America/New_York");
        assert_eq!(today(Some(&new_york), early).to_string(), "2026-11-22");
        // Summer time: 22:30 UTC on 1 July is 00:30 on the 2nd in Paris (UTC+2), still the
        // 1st at UTC+1.
        let summer = at("2026-07-01", 22, 30);
        assert_eq!(today(Some(&paris), summer).to_string(), "2026-07-02");
    }

    #[test]
    fn a_clock_before_1970_counts_as_1970() {
        let before = UNIX_EPOCH - Duration::from_secs(86_400 * 3);
        assert_eq!(today(None, before).to_string(), "1970-01-01");
    }
}
