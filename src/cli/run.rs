//! `seg run`: execute every segment of a project on embedded DuckDB or PostgreSQL and show sizes,
//! samples and overlaps; export member lists.

use super::args::{ProjectArgs, SelectionArgs};
use super::commands::{cli_error, load_program};
use super::progress::Progress;
use super::Outcome;
use clap::{Args, ValueEnum};
use seglang::check::typed::Program;
use seglang::diagnostic::Diagnostic;
use seglang::ir::{lower_stages, AsOf, Plan};
use seglang::report::{render, Format};
use seglang::run::demo::{generate, Demo, DEMO_AS_OF};
use seglang::run::engine::{Engine, Outcome as RunOutcome};
use seglang::run::load::load_directory;
use seglang::run::testing::run_test;
use seglang::run::RunError;
use seglang::source::SourceMap;
use seglang::value::Date;
use serde::Serialize;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `seg run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Directory of CSV/Parquet files, one per declared table.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["duckdb", "postgres"])]
    pub data: Option<PathBuf>,
    /// A DuckDB database file that already holds the tables.
    #[arg(long, value_name = "FILE", conflicts_with = "postgres")]
    pub duckdb: Option<PathBuf>,
    /// A PostgreSQL connection URL; the tables must exist there.
    #[arg(long, value_name = "URL")]
    pub postgres: Option<String>,
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
    /// `table` for people, `json` for machines.
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
}

/// `seg run`.
pub fn run(args: &RunArgs) -> Outcome {
    let (_, program) = match load_program(&args.project.paths, &args.project.params.overrides) {
        Ok(x) => x,
        Err(outcome) => return outcome,
    };
    let as_of = args.selection.as_of();
    let plans = match seglang::plan(&program, as_of, &args.selection.segments) {
        Ok(plans) => plans,
        Err(e) => return cli_error(e),
    };
    if let (Some(name), Some(from), Some(to)) = (&args.transitions, args.from, args.to) {
        return transitions(args, &program, name, from, to);
    }
    let whole_project = args.selection.segments.is_empty();
    // Stage sizes of every segmentation, reported with the segments (never exported).
    let stage_plans: Vec<Plan> = match whole_project {
        true => (0..program.segmentations.len())
            .map(|i| lower_stages(&program, as_of, i))
            .collect(),
        false => Vec::new(),
    };
    let mut progress = Progress::new();
    let result = execute(args, &program, &plans, &stage_plans, &mut progress);
    progress.finish();
    let all: Vec<Plan> = plans.into_iter().chain(stage_plans).collect();
    match result {
        Ok((outcome, source)) => report(args, &program, &all, &outcome, &source, as_of),
        Err(e) => run_error(e),
    }
}

/// `seg run --transitions NAME --from D1 --to D2`: how entities moved between the stages of a
/// segmentation from one evaluation date to the other.
fn transitions(args: &RunArgs, program: &Program, name: &str, from: Date, to: Date) -> Outcome {
    let Some(index) = program.segmentations.iter().position(|s| s.name == name) else {
        let help =
            seglang::suggest::closest(name, program.segmentations.iter().map(|s| s.name.as_str()))
                .map(|c| format!("did you mean `{c}`?"));
        return cli_error(super::errors::CliError::UnknownSegmentation {
            name: name.to_string(),
            help,
        });
    };
    let mut progress = Progress::new();
    let result = (|| {
        let (mut engine, source) = open_engine(args, program, &mut progress)?;
        progress.step("evaluating stages at both dates");
        let before = engine.run(&[lower_stages(program, AsOf::Fixed(from), index)])?;
        let after = engine.run(&[lower_stages(program, AsOf::Fixed(to), index)])?;
        Ok::<_, RunError>((before, after, source))
    })();
    progress.finish();
    let (before, after, source) = match result {
        Ok(x) => x,
        Err(e) => return run_error(e),
    };
    let stages = program.segmentations[index].stage_names();
    let members = |outcome: &RunOutcome, stage: &str| {
        outcome
            .members
            .get(&format!("{name}:{stage}"))
            .cloned()
            .unwrap_or_default()
    };
    let matrix: Vec<Vec<usize>> = stages
        .iter()
        .map(|a| {
            let from_members = members(&before, a);
            stages
                .iter()
                .map(|b| from_members.intersection(&members(&after, b)).count())
                .collect()
        })
        .collect();
    let text = if args.format == RunFormat::Json {
        let value = serde_json::json!({
            "segmentation": name,
            "from": from.to_string(),
            "to": to.to_string(),
            "source": source,
            "stages": stages,
            "matrix": matrix,
        });
        serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
    } else {
        transition_table(name, from, to, &source, &stages, &matrix)
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Outcome::Success,
        Err(_) => Outcome::Failure,
    }
}

fn transition_table(
    name: &str,
    from: Date,
    to: Date,
    source: &str,
    stages: &[String],
    matrix: &[Vec<usize>],
) -> String {
    let width = stages.iter().map(String::len).max().unwrap_or(5).max(12);
    let cell = width.max(8);
    let mut out =
        format!("{name}: stages on {from} (rows) → stages on {to} (columns) ({source})\n\n");
    out.push_str(&format!("{:<width$}", "from \\ to"));
    for s in stages {
        out.push_str(&format!(" {s:>cell$}"));
    }
    out.push_str(&format!(" {:>cell$}\n", "total"));
    for (i, row) in matrix.iter().enumerate() {
        out.push_str(&format!("{:<width$}", stages[i]));
        for n in row {
            out.push_str(&format!(" {n:>cell$}"));
        }
        out.push_str(&format!(" {:>cell$}\n", row.iter().sum::<usize>()));
    }
    out.push_str(&format!("{:<width$}", "total"));
    for j in 0..stages.len() {
        let total: usize = matrix.iter().map(|r| r[j]).sum();
        out.push_str(&format!(" {total:>cell$}"));
    }
    out.push('\n');
    out
}

/// Opens the engine the arguments ask for, loads data if needed, runs the plans.
fn execute(
    args: &RunArgs,
    program: &Program,
    plans: &[Plan],
    stage_plans: &[Plan],
    progress: &mut Progress,
) -> Result<(RunOutcome, String), RunError> {
    let (mut engine, source) = open_engine(args, program, progress)?;
    if let Some(dir) = &args.export {
        // Refuse before running anything if the export cannot be allowed.
        progress.step("exporting members with their consent evidence");
        let files = export(dir, program, plans, &mut engine, args.with_pii)?;
        progress.finish();
        eprintln!(
            "exported {files} segment file(s) with consent evidence to {}",
            dir.display()
        );
    }
    progress.step("evaluating segments");
    let all: Vec<Plan> = plans.iter().chain(stage_plans).cloned().collect();
    let outcome = engine.run(&all)?;
    Ok((outcome, source))
}

/// The engine the arguments ask for, with data loaded when it comes from files.
fn open_engine(
    args: &RunArgs,
    program: &Program,
    progress: &mut Progress,
) -> Result<(Engine, String), RunError> {
    let (engine, source) = if let Some(url) = &args.postgres {
        progress.step("connecting to PostgreSQL");
        (Engine::postgres(url)?, "PostgreSQL".to_string())
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
        let dir = data_dir(args)?;
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
fn data_dir(args: &RunArgs) -> Result<PathBuf, RunError> {
    if let Some(d) = &args.data {
        return match d.is_dir() {
            true => Ok(d.clone()),
            false => Err(RunError::NoData {
                reason: format!("{} is not a directory", d.display()),
            }),
        };
    }
    let first = args
        .project
        .paths
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

#[derive(Serialize)]
struct SegmentRow {
    name: String,
    entity: String,
    members: usize,
    share: f64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sample: Vec<String>,
}

#[derive(Serialize)]
struct Report {
    as_of: String,
    source: String,
    entities: std::collections::BTreeMap<String, u64>,
    segments: Vec<SegmentRow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    overlap: Option<Vec<Vec<usize>>>,
}

fn report(
    args: &RunArgs,
    program: &Program,
    plans: &[Plan],
    outcome: &RunOutcome,
    source: &str,
    as_of: AsOf,
) -> Outcome {
    let order: Vec<&str> = plans
        .iter()
        .flat_map(|p| p.segments.iter().map(|s| s.name.as_str()))
        .collect();
    let empty = BTreeSet::new();
    let rows: Vec<SegmentRow> = order
        .iter()
        .map(|name| {
            let members = outcome.members.get(*name).unwrap_or(&empty);
            let entity = outcome
                .segment_entity
                .get(*name)
                .cloned()
                .unwrap_or_default();
            let total = outcome.entity_rows.get(&entity).copied().unwrap_or(0);
            SegmentRow {
                name: name.to_string(),
                entity,
                members: members.len(),
                share: if total == 0 {
                    0.0
                } else {
                    members.len() as f64 / total as f64
                },
                sample: sample(program, name, members, args),
            }
        })
        .collect();
    let overlap = args.overlap.then(|| {
        order
            .iter()
            .map(|a| {
                let sa = outcome.members.get(*a).unwrap_or(&empty);
                order
                    .iter()
                    .map(|b| {
                        sa.intersection(outcome.members.get(*b).unwrap_or(&empty))
                            .count()
                    })
                    .collect()
            })
            .collect()
    });
    let as_of_text = match as_of {
        AsOf::Fixed(d) => d.to_string(),
        AsOf::Today => "today (UTC)".to_string(),
    };
    let report = Report {
        as_of: as_of_text,
        source: source.to_string(),
        entities: outcome.entity_rows.clone(),
        segments: rows,
        overlap,
    };
    let text = if args.format == RunFormat::Json {
        serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
    } else {
        table(&report, &order)
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Outcome::Success,
        Err(_) => Outcome::Failure,
    }
}

fn sample(
    program: &Program,
    segment: &str,
    members: &BTreeSet<String>,
    args: &RunArgs,
) -> Vec<String> {
    if args.sample == 0 {
        return Vec::new();
    }
    let key_is_pii = program
        .segment(segment)
        .map(|id| {
            program
                .schema
                .entity(program.segments[id.0].entity)
                .key_column()
                .pii
        })
        .unwrap_or(false);
    members
        .iter()
        .take(args.sample)
        .map(|k| match key_is_pii && !args.with_pii {
            true => "(pii: use --with-pii)".to_string(),
            false => k.clone(),
        })
        .collect()
}

fn table(report: &Report, order: &[&str]) -> String {
    let mut out = String::new();
    let entities: Vec<String> = report
        .entities
        .iter()
        .map(|(e, n)| format!("{n} {e}"))
        .collect();
    out.push_str(&format!(
        "{} segment{} over {}, as of {} ({})\n\n",
        report.segments.len(),
        if report.segments.len() == 1 { "" } else { "s" },
        entities.join(", "),
        report.as_of,
        report.source
    ));
    let width = order.iter().map(|n| n.len()).max().unwrap_or(7).max(7);
    out.push_str(&format!(
        "{:<width$}  {:>9}  {:>7}\n",
        "segment", "members", "share"
    ));
    for row in &report.segments {
        out.push_str(&format!(
            "{:<width$}  {:>9}  {:>6.1}%\n",
            row.name,
            row.members,
            row.share * 100.0
        ));
        if !row.sample.is_empty() {
            out.push_str(&format!(
                "{:<width$}  sample: {}\n",
                "",
                row.sample.join(", ")
            ));
        }
    }
    if let Some(matrix) = &report.overlap {
        out.push_str("\noverlap (members in both; row segment × column number)\n");
        let label = width + 4;
        out.push_str(&format!("{:<label$}", ""));
        for i in 0..order.len() {
            out.push_str(&format!(" {:>6}", i + 1));
        }
        out.push('\n');
        for (i, row) in matrix.iter().enumerate() {
            out.push_str(&format!("{:<label$}", format!("{:>3} {}", i + 1, order[i])));
            for n in row {
                out.push_str(&format!(" {n:>6}"));
            }
            out.push('\n');
        }
    }
    out
}

/// One CSV per segment: member keys and the evidence of their consent. Analytics-only segments
/// (no channel) are refused, and a key flagged `pii` needs --with-pii.
fn export(
    dir: &Path,
    program: &Program,
    plans: &[Plan],
    engine: &mut Engine,
    with_pii: bool,
) -> Result<usize, RunError> {
    let analytics: Vec<&str> = plans
        .iter()
        .flat_map(|p| p.segments.iter())
        .filter(|s| s.channels.is_empty())
        .map(|s| s.name.as_str())
        .collect();
    if !analytics.is_empty() {
        let verb = if analytics.len() == 1 { "has" } else { "have" };
        return Err(RunError::AnalyticsOnly {
            segments: analytics.join(", "),
            verb,
        });
    }
    for plan in plans {
        let entity = program
            .schema
            .entities
            .iter()
            .find(|e| e.name == plan.entity.name);
        if let Some(e) = entity.filter(|e| e.key_column().pii && !with_pii) {
            return Err(RunError::PiiKey {
                column: e.key_column().name.clone(),
                entity: e.name.clone(),
            });
        }
    }
    let write_error = |path: &Path, e: std::io::Error| RunError::Write {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
    let mut files = 0;
    for plan in plans {
        for (i, rule) in plan.segments.iter().enumerate() {
            let rows = engine.export(plan, i)?;
            let text: String = rows
                .iter()
                .map(|r| r.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(",") + "\n")
                .collect();
            // A control group `x:control` goes to `x.control.csv`, apart from the activation file.
            let path = dir.join(format!("{}.csv", rule.name.replace(':', ".")));
            std::fs::write(&path, text).map_err(|e| write_error(&path, e))?;
            files += 1;
        }
    }
    Ok(files)
}

fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

fn run_error(e: RunError) -> Outcome {
    let user = e.is_user_error();
    let d = Diagnostic::new(None, e);
    eprint!(
        "{}",
        render(
            &[d],
            &SourceMap::new(),
            Format::Human {
                color: super::commands::use_color()
            }
        )
    );
    if user {
        Outcome::UserError
    } else {
        Outcome::Failure
    }
}

/// `seg test`.
pub fn test(paths: &[PathBuf], postgres: Option<&str>, filter: Option<&str>) -> Outcome {
    let (_, program) = match load_program(paths, &[]) {
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
                    report.location,
                    report.engines.join(", ")
                ));
            }
            Ok(report) => {
                failed += 1;
                out.push_str(&format!(
                    "test \"{}\" ({}) on segment {} ... FAILED\n",
                    report.name, report.location, report.segment
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

/// `seg demo`.
pub fn demo(example: &Path, out: Option<&Path>, seed: u64) -> Outcome {
    let name = example
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let Some(kind) = Demo::from_name(&name) else {
        eprintln!(
            "error: no sample data for `{name}`: seg demo knows examples/retail and examples/b2b"
        );
        return Outcome::UserError;
    };
    let dir = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| example.join("data"));
    let files = generate(kind, seed);
    let mut bytes = 0;
    let write = |path: &Path, text: &str| -> Result<(), RunError> {
        std::fs::write(path, text).map_err(|e| RunError::Write {
            path: path.display().to_string(),
            reason: e.to_string(),
        })
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return run_error(RunError::Write {
            path: dir.display().to_string(),
            reason: e.to_string(),
        });
    }
    for (file, text) in &files {
        if let Err(e) = write(&dir.join(file), text) {
            return run_error(e);
        }
        bytes += text.len();
    }
    eprintln!(
        "wrote {} files ({:.1} MB) of sample data to {}; data as of {DEMO_AS_OF}",
        files.len(),
        bytes as f64 / 1e6,
        dir.display()
    );
    Outcome::Success
}
