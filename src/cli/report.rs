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
use seglang::value::Date;
use std::path::PathBuf;

/// Arguments of `seg report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    #[command(flatten)]
    pub source: DataArgs,
    /// Evaluation date (YYYY-MM-DD); default: today (UTC).
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
    let as_of = args.as_of.unwrap_or_else(today);
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

/// Today's date in UTC, from the system clock.
fn today() -> Date {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    // The clock's days since 1970 (0 if it is set earlier) are a date until the year 9999.
    #[allow(
        clippy::expect_used,
        reason = "days since 1970 from a clock are in years 1..=9999"
    )]
    Date::from_days(i64::try_from(days).unwrap_or(0)).expect("today is a date of years 1..=9999")
}
