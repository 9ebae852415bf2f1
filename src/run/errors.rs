//! Errors of the run stage: data that does not match the schema, and engine failures, each named
//! by file, table and column so the user can fix the data rather than read an engine trace.

use miette::Diagnostic;
use thiserror::Error;

/// A problem while loading data or executing segments.
#[derive(Debug, Error, Diagnostic)]
pub enum RunError {
    #[error("no data for table `{table}`: expected {expected}")]
    #[diagnostic(code(E0601), help("put one CSV (or Parquet) file per declared table in the data directory, named after the table"))]
    MissingDataFile { table: String, expected: String },

    #[error("{file} has no column `{column}`, which `{table}` declares")]
    #[diagnostic(code(E0602), help("the first line of a CSV file names its columns; add `{column}` or remove it from the schema"))]
    MissingColumn {
        file: String,
        table: String,
        column: String,
    },

    #[error("{file}, line {line}: `{value}` is not {expected} (column `{column}`)")]
    #[diagnostic(code(E0603), help("{help}"))]
    BadValue {
        file: String,
        line: u64,
        column: String,
        value: String,
        expected: String,
        help: String,
    },

    #[error(
        "{file}, line {line}: column `{column}` is empty, but `{table}` declares it without `?`"
    )]
    #[diagnostic(
        code(E0604),
        help("fill the value in, or declare the column nullable with `?`")
    )]
    MissingValue {
        file: String,
        line: u64,
        table: String,
        column: String,
    },

    #[error("cannot read {file}: {reason}")]
    #[diagnostic(
        code(E0605),
        help("check that the file is a CSV with a header line (or a Parquet file)")
    )]
    UnreadableFile { file: String, reason: String },

    #[error("the database has no table {table} for `{declared}`")]
    #[diagnostic(
        code(E0606),
        help("create it, or point `from \"...\"` in the schema at the table that holds the data")
    )]
    MissingTable { table: String, declared: String },

    #[error("{engine} failed: {message}")]
    #[diagnostic(code(E0607), help("this is likely a bug in seg's SQL or in the database setup; the statement is in the message"))]
    Engine {
        engine: &'static str,
        message: String,
    },

    #[error("cannot connect to PostgreSQL: {message}")]
    #[diagnostic(code(E0608), help("check the URL, e.g. postgres://user@localhost:5432/dbname, and that the server accepts connections"))]
    Connect { message: String },

    #[error("no data directory: {reason}")]
    #[diagnostic(code(E0609), help("give one with --data DIR, or --duckdb FILE / --postgres URL; `seg demo` writes sample data for the examples"))]
    NoData { reason: String },

    #[error("{segments} {verb} no channel: analytics-only segments cannot be exported")]
    #[diagnostic(
        code(E0611),
        help("add `channel email` (or sms, phone, push, post) to a segment meant for activation, or choose channel segments with --segment")
    )]
    AnalyticsOnly {
        segments: String,
        verb: &'static str,
    },

    #[error("the key `{column}` of `{entity}` is personal data (`pii`) and would be exported")]
    #[diagnostic(
        code(E0612),
        help("pass --with-pii to export it anyway, knowing the file then holds personal data")
    )]
    PiiKey { column: String, entity: String },

    #[error("no trait `{name}` to export")]
    #[diagnostic(code(E0613), help("{help}"))]
    UnknownTrait { name: String, help: String },

    #[error(
        "trait `{name}` reads `{column}`, which is personal data (`pii`), and would be exported"
    )]
    #[diagnostic(
        code(E0614),
        help("pass --with-pii to export it anyway, knowing the file then holds personal data")
    )]
    PiiTrait { name: String, column: String },

    #[error("cannot write {path}: {reason}")]
    #[diagnostic(code(E0610), help("check that the directory exists and is writable"))]
    Write { path: String, reason: String },

    #[error("the membership tables already hold {previous}; {date} is earlier")]
    #[diagnostic(
        code(E0615),
        help("materialize {previous} or a later date, or add --rebuild to forget what was recorded from {date} on and materialize again from there")
    )]
    EarlierDate { date: String, previous: String },

    #[error("another `seg materialize` is writing {tables} on this server")]
    #[diagnostic(
        code(E0616),
        help("runs are serialized by a PostgreSQL advisory lock: run again when the other one has finished (nothing was written)")
    )]
    MaterializeLocked { tables: String },

    #[error("{file} is in use by another process: {reason}")]
    #[diagnostic(
        code(E0617),
        help("DuckDB lets one process write a file at a time: run again when the other run (or program) has closed it (nothing was written)")
    )]
    DuckDbFileLocked { file: String, reason: String },

    #[error("`--from {from}` is after `--to {to}`")]
    #[diagnostic(
        code(E0618),
        help("a backfill goes forward: give the earlier date to --from")
    )]
    BackwardRange { from: String, to: String },

    #[error("the project has no segment to materialize")]
    #[diagnostic(
        code(E0619),
        help("declare a segment or a segmentation; the membership tables were left as they were")
    )]
    NothingToMaterialize,

    #[error("`--from {from}` is not before `--as-of {as_of}`")]
    #[diagnostic(
        code(E0620),
        help("lifecycle moves go forward in time: give --from a date earlier than the evaluation date")
    )]
    FromNotBeforeAsOf { from: String, as_of: String },

    #[error("the project declares no kpi{for_segments}")]
    #[diagnostic(
        code(E0630),
        help("declare one, e.g. `kpi average_basket on customers = ratio(orders.sum(amount, last 365 days), orders.count(last 365 days))` (docs/kpis.md)")
    )]
    NoKpis { for_segments: String },

    /// A plan the engine's dialect cannot express (reported with its own code).
    #[error(transparent)]
    #[diagnostic(transparent)]
    Emit(#[from] crate::sql::EmitError),
}

impl RunError {
    /// Whether the error is about the user's data or setup (exit 1) rather than seg itself (exit 2).
    pub fn is_user_error(&self) -> bool {
        !matches!(self, RunError::Engine { .. } | RunError::Write { .. })
    }
}
