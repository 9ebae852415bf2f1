//! `seg run`: execute every segment of a project on embedded DuckDB or PostgreSQL and show sizes,
//! samples and overlaps (`sizes`), export member lists (`export`) or stage transitions
//! (`transitions`); and `seg test`, which runs on the same engines.

mod export;
mod kpis;
mod sizes;
mod transitions;

use super::args::{DataArgs, ProjectArgs, SelectionArgs};
use super::commands::{cli_error, load_program, load_program_and_file, use_color};
use super::progress::Progress;
use super::Outcome;
use clap::{Args, ValueEnum};
use seglang::check::typed::Program;
use seglang::diagnostic::Diagnostic;
use seglang::ir::{lower_stages, Plan};
use seglang::kpis::KpiSums;
use seglang::report::{render, Format};
use seglang::run::engine::{Engine, Outcome as RunOutcome};
use seglang::run::kpis::{counted, kpi_sums};
use seglang::run::load::load_directory;
use seglang::run::testing::run_test;
use seglang::run::RunError;
use seglang::source::SourceMap;
use seglang::value::Date;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `seg run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    #[command(flatten)]
    pub source: DataArgs,
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// Show this many member keys per segment (keys flagged `pii` only with --with-pii).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub sample: usize,
    /// Allow personal data (`pii` columns) in samples.
    #[arg(long)]
    pub with_pii: bool,
    /// Print the pairwise overlap matrix of the segments.
    #[arg(long)]
    pub overlap: bool,
    /// Write one CSV of member keys per segment into this directory.
    #[arg(long, value_name = "DIR")]
    pub export: Option<PathBuf>,
    /// Add this trait's value as a column of the exported files (repeatable).
    #[arg(long = "trait", value_name = "NAME", requires = "export")]
    pub traits: Vec<String>,
    /// Compute the project's KPIs for each segment, with the uplift of every segment with a
    /// holdout against its control group (docs/kpis.md).
    #[arg(long)]
    pub kpis: bool,
    /// `table` for people, `json` for machines, `csv` (the KPI rows with --kpis, else the
    /// segments) for spreadsheets.
    #[arg(long, value_enum, default_value_t = RunFormat::Table)]
    pub format: RunFormat,
    /// Show how entities moved between the stages of this segmentation from --from to --to.
    #[arg(long, value_name = "SEGMENTATION", requires_all = ["from", "to"])]
    pub transitions: Option<String>,
    /// First evaluation date of --transitions (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = super::args::date)]
    pub from: Option<Date>,
    /// Second evaluation date of --transitions (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = super::args::date)]
    pub to: Option<Date>,
}

/// Output formats of `seg run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RunFormat {
    Table,
    Json,
    Csv,
}

/// `seg run`.
pub fn run(args: &RunArgs) -> Outcome {
    let (file, _, program) = match load_program_and_file(&args.project.paths, &args.project.params)
    {
        Ok(x) => x,
        Err(outcome) => return outcome,
    };
    let source = match args.source.or_file(&file) {
        Ok(source) => source,
        Err(outcome) => return outcome,
    };
    let as_of = args.selection.as_of();
    let plans = match seglang::plan(&program, as_of, &args.selection.segments) {
        Ok(plans) => plans,
        Err(e) => return cli_error(e),
    };
    if let (Some(name), Some(from), Some(to)) = (&args.transitions, args.from, args.to) {
        return transitions::transitions(args, &source, &program, name, from, to);
    }
    // Stage sizes of every segmentation, reported with the segments (never exported).
    let stage_plans: Vec<Plan> = match args.selection.segments.is_empty() {
        true => (0..program.segmentations.len())
            .map(|i| lower_stages(&program, as_of, i))
            .collect(),
        false => Vec::new(),
    };
    if args.kpis && !plans.iter().chain(&stage_plans).any(|p| !p.kpis.is_empty()) {
        let for_segments = match args.selection.segments.is_empty() {
            true => String::new(),
            false => " for the segments chosen".to_string(),
        };
        return run_error(RunError::NoKpis { for_segments });
    }
    let mut progress = Progress::new();
    let result = execute(args, &source, &program, &plans, &stage_plans, &mut progress);
    progress.finish();
    let all: Vec<Plan> = plans.into_iter().chain(stage_plans).collect();
    match result {
        Ok((outcome, sums, source)) => {
            let kpis = sums.map(|s| seglang::kpis::kpi_report(&all, &s));
            let found = sizes::Found {
                outcome: &outcome,
                kpis: kpis.as_ref(),
                source: &source,
            };
            sizes::report(args, &program, &all, &found, as_of)
        }
        Err(e) => run_error(e),
    }
}

/// Opens the engine the arguments ask for, loads data if needed, runs the plans (and their KPI
/// statements with --kpis).
fn execute(
    args: &RunArgs,
    data: &DataArgs,
    program: &Program,
    plans: &[Plan],
    stage_plans: &[Plan],
    progress: &mut Progress,
) -> Result<(RunOutcome, Option<KpiSums>, String), RunError> {
    let (mut engine, source) = open_engine(data, &args.project.paths, program, progress)?;
    if let Some(dir) = &args.export {
        // Refuse before running anything if the export cannot be allowed.
        progress.step("exporting members with their consent evidence");
        let choice = export::Choice {
            traits: &args.traits,
            with_pii: args.with_pii,
        };
        let files = export::export(dir, program, plans, &mut engine, &choice)?;
        progress.finish();
        eprintln!(
            "exported {files} segment file(s) with consent evidence to {}",
            dir.display()
        );
    }
    progress.step("evaluating segments");
    let mut all: Vec<Plan> = plans.iter().chain(stage_plans).cloned().collect();
    // Samples and overlaps need the members' keys; sizes and KPIs are counted by the engine,
    // in one statement per entity.
    if args.sample == 0 && !args.overlap {
        // Without --kpis, the statement counts the members alone.
        if !args.kpis {
            all.iter_mut().for_each(|p| p.kpis.clear());
        }
        let (outcome, sums) = counted(&mut engine, &all)?;
        return Ok((outcome, args.kpis.then_some(sums), source));
    }
    let outcome = engine.run(&all)?;
    let sums = match args.kpis {
        true => {
            progress.step("computing kpis");
            Some(kpi_sums(&mut engine, &all)?)
        }
        false => None,
    };
    Ok((outcome, sums, source))
}

/// The engine the arguments (flags, or `seg.toml`'s place: `DataArgs::or_file`) ask for, with
/// data loaded when it comes from files (by default the `data/` directory beside the project's
/// first path).
pub(super) fn open_engine(
    args: &DataArgs,
    project: &[PathBuf],
    program: &Program,
    progress: &mut Progress,
) -> Result<(Engine, String), RunError> {
    let (engine, source) = if let Some(url) = &args.postgres {
        progress.step("connecting to PostgreSQL");
        let engine = Engine::postgres(url)?;
        let source = engine.name().to_string();
        (engine, source)
    } else if let Some(file) = &args.duckdb {
        progress.step(&format!("opening {}", file.display()));
        let conn = duckdb::Connection::open(file).map_err(|e| RunError::UnreadableFile {
            file: file.display().to_string(),
            reason: e.to_string(),
        })?;
        (
            Engine::DuckDb(conn),
            format!("DuckDB file {}", file.display()),
        )
    } else {
        let dir = data_dir(args, project)?;
        let conn = duckdb::Connection::open_in_memory().map_err(|e| RunError::Engine {
            engine: "DuckDB",
            message: e.to_string(),
        })?;
        progress.step(&format!("loading {}", dir.display()));
        let loaded = load_directory(&conn, &program.schema, &dir)?;
        let rows: u64 = loaded.iter().map(|t| t.rows).sum();
        (
            Engine::DuckDb(conn),
            format!(
                "embedded DuckDB, {} files, {} rows from {}",
                loaded.len(),
                rows,
                dir.display()
            ),
        )
    };
    Ok((engine, source))
}

/// `--data`, else `data/` beside the project's files.
fn data_dir(args: &DataArgs, project: &[PathBuf]) -> Result<PathBuf, RunError> {
    if let Some(d) = &args.data {
        return match d.is_dir() {
            true => Ok(d.clone()),
            false => Err(RunError::NoData {
                reason: format!("{} is not a directory", d.display()),
            }),
        };
    }
    let first = project
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    let base = if first.is_dir() {
        first
    } else {
        first.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let dir = base.join("data");
    match dir.is_dir() {
        true => Ok(dir),
        false => Err(RunError::NoData {
            reason: format!("{} does not exist", dir.display()),
        }),
    }
}

pub(super) fn run_error(e: RunError) -> Outcome {
    let user = e.is_user_error();
    let d = Diagnostic::new(None, e);
    eprint!(
        "{}",
        render(
            &[d],
            &SourceMap::new(),
            Format::Human { color: use_color() }
        )
    );
    if user {
        Outcome::UserError
    } else {
        Outcome::Failure
    }
}

/// `seg test`, with the parameter values of `--param` and `--env`.
pub fn test(project: &ProjectArgs, postgres: Option<&str>, filter: Option<&str>) -> Outcome {
    let (_, program) = match load_program(&project.paths, &project.params) {
        Ok(x) => x,
        Err(outcome) => return outcome,
    };
    let mut pg = match postgres.map(Engine::postgres).transpose() {
        Ok(pg) => pg,
        Err(e) => return run_error(e),
    };
    let tests: Vec<_> = program
        .tests
        .iter()
        .filter(|t| filter.is_none_or(|f| t.name.contains(f)))
        .collect();
    let (mut passed, mut failed) = (0, 0);
    let mut out = String::new();
    for test in tests {
        match run_test(&program, test, pg.as_mut()) {
            Ok(report) if report.passed() => {
                passed += 1;
                out.push_str(&format!(
                    "test \"{}\" ({}) ... ok ({})\n",
                    report.name,
                    program.sources.location(report.span),
                    report.engines.join(", ")
                ));
            }
            Ok(report) => {
                failed += 1;
                out.push_str(&format!(
                    "test \"{}\" ({}) on segment {} ... FAILED\n",
                    report.name,
                    program.sources.location(report.span),
                    report.segment
                ));
                for p in &report.problems {
                    out.push_str(&format!("    {p}\n"));
                }
            }
            Err(e) => return run_error(e),
        }
    }
    out.push_str(&format!("\n{passed} passed, {failed} failed\n"));
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
        .is_err()
    {
        return Outcome::Failure;
    }
    match failed {
        0 => Outcome::Success,
        _ => Outcome::UserError,
    }
}
