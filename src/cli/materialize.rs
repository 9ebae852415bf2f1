//! `seg materialize`: keep the membership tables of a DuckDB file or a PostgreSQL database up to
//! date, for one date or a backfill of dates, in one transaction (`run::materialize`).

use super::args::{date, ProjectArgs};
use super::commands::{cli_error, load_program_and_file};
use super::config;
use super::data_place::{DataError, DataPlace};
use super::progress::Progress;
use super::run::run_error;
use super::Outcome;
use clap::{ArgGroup, Args};
use seglang::ir::AsOf;
use seglang::run::engine::Engine;
use seglang::run::materialize::{
    backfill_dates, materialize as run_materialize, open_duckdb, Every, Request, Step,
};
use seglang::run::RunError;
use seglang::sql::{MembershipTable, Placement, Target, DEFAULT_PREFIX};
use seglang::value::Date;
use std::path::PathBuf;

/// Test-only: the name of a step (`begun`, `staged`, `merged`, `committing`) at which a run
/// stops inside its transaction, says so on stderr and waits for a line on stdin (or its end),
/// so that a test can kill it there. Documented in docs/cli.md as a test hook.
const PAUSE_HOOK: &str = "SEG_MATERIALIZE_PAUSE";

/// Arguments of `seg materialize`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("warehouse").args(["duckdb", "postgres"])))]
pub struct MaterializeArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// A DuckDB database file that holds the tables; the membership tables are kept in it
    /// (default: seg.toml's `[data] duckdb` or `postgres`).
    #[arg(long, value_name = "FILE", conflicts_with = "postgres")]
    pub duckdb: Option<PathBuf>,
    /// A PostgreSQL connection URL; the tables must exist there, and the membership tables are
    /// kept there.
    #[arg(long, value_name = "URL")]
    pub postgres: Option<String>,
    /// Evaluation date (YYYY-MM-DD); default: the engine's current date in the project's time
    /// zone.
    #[arg(long, value_name = "DATE", value_parser = date, conflicts_with_all = ["from", "to"])]
    pub as_of: Option<Date>,
    /// Backfill: the first evaluation date (with --to).
    #[arg(long, value_name = "DATE", value_parser = date, requires = "to")]
    pub from: Option<Date>,
    /// Backfill: the last evaluation date, included (with --from).
    #[arg(long, value_name = "DATE", value_parser = date, requires = "from")]
    pub to: Option<Date>,
    /// Backfill: how often to evaluate between --from and --to.
    #[arg(long, value_enum, default_value_t = Every::Day, requires = "from")]
    pub every: Every,
    /// Forget what the tables recorded at or after the (first) date, then materialize it;
    /// without it an earlier date than the last one materialized is refused.
    #[arg(long)]
    pub rebuild: bool,
    /// The schema of the membership tables (created if needed); default: the connection's.
    #[arg(long, value_name = "NAME")]
    pub schema: Option<String>,
    /// The prefix of their names.
    #[arg(long, value_name = "TEXT", default_value = DEFAULT_PREFIX)]
    pub prefix: String,
}

/// `seg materialize`.
pub fn materialize(args: &MaterializeArgs) -> Outcome {
    let (file, _, program) = match load_program_and_file(&args.project.paths, &args.project.params)
    {
        Ok(x) => x,
        Err(outcome) => return outcome,
    };
    let warehouse = match warehouse(args, &file) {
        Ok(warehouse) => warehouse,
        Err(outcome) => return outcome,
    };
    let dates: Vec<AsOf> = match (args.from, args.to) {
        (Some(from), Some(to)) => match backfill_dates(from, to, args.every) {
            Ok(dates) => dates.into_iter().map(AsOf::Fixed).collect(),
            Err(e) => return run_error(e),
        },
        _ => vec![args.as_of.map_or(AsOf::Today, AsOf::Fixed)],
    };
    let target = match warehouse {
        Warehouse::DuckDb(_) => Target::DuckDb,
        Warehouse::Postgres(_) => Target::Postgres,
    };
    let placement = Placement {
        schema: args.schema.clone(),
        prefix: args.prefix.clone(),
    };
    let passes = match seglang::materialize_passes(&program, &dates, &placement, target) {
        Ok(passes) => passes,
        Err(e) => return cli_error(e),
    };
    let (mut engine, place) = match open(&warehouse) {
        Ok(x) => x,
        Err(e) => return run_error(e),
    };
    let request = Request {
        schema: &program.schema,
        passes: &passes,
        placement: &placement,
        rebuild: args.rebuild,
    };
    let pause = std::env::var(PAUSE_HOOK).ok();
    let mut progress = Progress::new();
    let dates = progress.dates(passes.len(), "materializing");
    let mut observe = |step: &Step| {
        if let Step::Merged(r) = step {
            dates.suspend(|| {
                eprintln!(
                    "{}: {} current members, {} entered, {} exited",
                    r.date, r.members, r.entered, r.exited
                )
            });
            dates.advance(&r.date);
        }
        if pause.as_deref() == Some(step_name(step)) {
            progress.finish();
            eprintln!("paused at {} ({PAUSE_HOOK})", step_name(step));
            let mut line = String::new();
            let _ = std::io::stdin().read_line(&mut line);
        }
    };
    let result = run_materialize(&mut engine, &request, &mut observe);
    progress.finish();
    match result {
        Ok(reports) => {
            eprintln!(
                "materialized {} date{} into {} ({place})",
                reports.len(),
                if reports.len() == 1 { "" } else { "s" },
                placement.table(MembershipTable::Membership, target)
            );
            Outcome::Success
        }
        Err(e) => run_error(e),
    }
}

/// The database whose membership tables a run keeps.
enum Warehouse {
    DuckDb(PathBuf),
    Postgres(String),
}

/// `--duckdb` or `--postgres`, else the place of `seg.toml` (`[env.NAME.data]`, `[data]`),
/// which must be a database: a directory of files cannot hold the membership tables (E0568).
fn warehouse(args: &MaterializeArgs, file: &config::ProjectFile) -> Result<Warehouse, Outcome> {
    match (&args.duckdb, &args.postgres) {
        (Some(path), _) => return Ok(Warehouse::DuckDb(path.clone())),
        (None, Some(url)) => return Ok(Warehouse::Postgres(url.clone())),
        (None, None) => {}
    }
    match config::place(file)? {
        Some(DataPlace::DuckDb(path)) => Ok(Warehouse::DuckDb(path)),
        Some(DataPlace::Postgres(url)) => Ok(Warehouse::Postgres(url)),
        Some(DataPlace::Dir(dir)) => Err(cli_error(DataError::NotADatabase {
            dir: dir.display().to_string(),
        })),
        None => Err(run_error(RunError::NoData {
            reason: "seg materialize needs --duckdb FILE or --postgres URL, or a database in seg.toml's [data]".to_string(),
        })),
    }
}

/// The engine, and where it is for messages.
fn open(warehouse: &Warehouse) -> Result<(Engine, String), RunError> {
    match warehouse {
        Warehouse::DuckDb(file) => Ok((
            open_duckdb(file)?,
            format!("DuckDB file {}", file.display()),
        )),
        Warehouse::Postgres(url) => Ok((Engine::postgres(url)?, "PostgreSQL".to_string())),
    }
}

fn step_name(step: &Step) -> &'static str {
    match step {
        Step::Begun => "begun",
        Step::Staged { .. } => "staged",
        Step::Merged(_) => "merged",
        Step::Committing => "committing",
    }
}
