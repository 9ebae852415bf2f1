//! Option groups that several commands share, and the parser that types dates as clap reads them,
//! so a bad value is refused before any file is loaded.

#[cfg(feature = "engines")]
use super::config::{self, ProjectFile};
#[cfg(feature = "engines")]
use super::data_place::DataPlace;
use super::errors::CliError;
#[cfg(feature = "engines")]
use super::Outcome;
use clap::Args;
use seglang::ir::AsOf;
use seglang::value::Date;
use std::path::PathBuf;

/// The project a command works on: its files and the parameters overridden for this run.
#[derive(Debug, Args)]
pub struct ProjectArgs {
    /// Files or directories of the project.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub params: ParamArgs,
}

/// The parameter values of this run: `--param NAME=VALUE`, kept as text (only the checked
/// program knows each parameter's type), and `--env NAME`, the environment of `seg.toml` whose
/// values (and data location) stand over its defaults. Every command that checks a project
/// takes both, so a value means the same to all of them.
#[derive(Debug, Default, Args)]
pub struct ParamArgs {
    /// Override a parameter, e.g. `--param vip_spend=800` (repeatable).
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub overrides: Vec<String>,
    /// Use seg.toml's `[env.NAME]`: its parameter values over `[params]` (`--param` overrides
    /// them) and its `[env.NAME.data]` over `[data]`.
    #[arg(long, value_name = "NAME")]
    pub env: Option<String>,
}

/// The levels of warnings for this run, over those of `seg.toml`: a code (`W0004`), a lint name
/// (`missing_owner`) or `warnings` for all. A code beats `warnings`; for one code, deny beats
/// warn beats allow.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Report this warning as an error, so that the check fails (`-D warnings`: all of them).
    #[arg(short = 'D', long = "deny", value_name = "LINT")]
    pub deny: Vec<String>,
    /// Report this warning as a warning, whatever seg.toml says.
    #[arg(short = 'W', long = "warn", value_name = "LINT")]
    pub warn: Vec<String>,
    /// Do not report this warning.
    #[arg(short = 'A', long = "allow", value_name = "LINT")]
    pub allow: Vec<String>,
}

/// Where the data a command evaluates segments on lives: files, a DuckDB file or PostgreSQL.
#[cfg(feature = "engines")]
#[derive(Debug, Clone, Default, Args)]
pub struct DataArgs {
    /// Directory of CSV/Parquet files, one per declared table.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["duckdb", "postgres"])]
    pub data: Option<PathBuf>,
    /// A DuckDB database file that already holds the tables.
    #[arg(long, value_name = "FILE", conflicts_with = "postgres")]
    pub duckdb: Option<PathBuf>,
    /// A PostgreSQL connection URL; the tables must exist there.
    #[arg(long, value_name = "URL")]
    pub postgres: Option<String>,
}

#[cfg(feature = "engines")]
impl DataArgs {
    /// These flags when one is given (the command line always wins, and `seg.toml`'s place is
    /// then not even read: an unset `postgres_env` is no error), else the place of `file`; with
    /// neither, no flag, and the command's own default.
    pub fn or_file(&self, file: &ProjectFile) -> Result<DataArgs, Outcome> {
        if self.data.is_some() || self.duckdb.is_some() || self.postgres.is_some() {
            return Ok(self.clone());
        }
        let args = match config::place(file)? {
            None => DataArgs::default(),
            Some(DataPlace::Dir(dir)) => DataArgs {
                data: Some(dir),
                ..DataArgs::default()
            },
            Some(DataPlace::DuckDb(file)) => DataArgs {
                duckdb: Some(file),
                ..DataArgs::default()
            },
            Some(DataPlace::Postgres(url)) => DataArgs {
                postgres: Some(url),
                ..DataArgs::default()
            },
        };
        Ok(args)
    }
}

/// Which segments to evaluate, and as of when.
#[derive(Debug, Args)]
pub struct SelectionArgs {
    /// Only this segment (repeatable). Segments it refers to are inlined.
    #[arg(long = "segment", short = 's', value_name = "NAME")]
    pub segments: Vec<String>,
    /// Evaluation date (YYYY-MM-DD); default: the engine's current date in the project's time
    /// zone (UTC unless declared).
    #[arg(long, value_name = "DATE", value_parser = date)]
    pub as_of: Option<Date>,
}

impl SelectionArgs {
    /// The evaluation date the options ask for.
    pub fn as_of(&self) -> AsOf {
        self.as_of.map_or(AsOf::Today, AsOf::Fixed)
    }
}

/// Reads a `YYYY-MM-DD` date. clap keeps the error as the source of its own, and `cli::main`
/// reports it as the CLI's E0503 diagnostic.
pub fn date(text: &str) -> Result<Date, CliError> {
    Date::parse(text).ok_or_else(|| CliError::InvalidAsOf {
        text: text.to_string(),
    })
}
