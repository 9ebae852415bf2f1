//! Command-line interface: argument parsing, dispatch and exit codes.
//!
//! The only module that writes to the terminal, hence the print lints allowed here.
//!
//! Exit codes: 0 success (warnings allowed), 1 problems in the user's files or arguments,
//! 2 input/output or internal failures.

#![allow(clippy::print_stderr, reason = "the CLI reports to the terminal")]

mod args;
mod commands;
mod config;
mod data_place;
mod dbt;
mod demo;
#[cfg(feature = "engines")]
mod diff;
mod errors;
mod files;
mod fmt;
mod graph;
mod init;
mod lsp;
#[cfg(feature = "engines")]
mod materialize;
#[cfg(feature = "engines")]
mod progress;
#[cfg(feature = "engines")]
mod report;
#[cfg(feature = "engines")]
mod run;
#[cfg(feature = "engines")]
mod schema;

use args::{LintArgs, ParamArgs, ProjectArgs, SelectionArgs};
use clap::{Parser, Subcommand, ValueEnum};
use errors::CliError;
use std::error::Error;
use std::path::PathBuf;
use std::process::ExitCode;

/// seg — compile customer segments to SQL for PostgreSQL, BigQuery and DuckDB.
///
/// A project is a set of `.seg` files: a schema (entities, facts, consents), parameters and
/// segments. Start with `seg check examples/retail`, then
/// `seg compile examples/retail --target duckdb --as-of 2026-11-22`.
#[derive(Debug, Parser)]
#[command(name = "seg", version, about, long_about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Hide the progress line that the commands evaluating segments on an engine draw on a
    /// terminal (stderr); messages and errors are still printed.
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

/// The commands of `seg`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse and type-check segment files; report every problem found.
    #[command(verbatim_doc_comment)]
    ///
    /// Needs no database and no network. Warnings and lints have the levels of seg.toml's
    /// `[lints]`, of -A/-W/-D and of `// seg: allow(CODE)` comments. Exit code 0 when there is
    /// no error (warnings are allowed), 1 when a file has errors or a warning is denied, 2 when a
    /// file cannot be read.
    ///
    /// Examples:
    ///   seg check                                  # every .seg file under the current directory
    ///   seg check -D warnings --env prod           # in CI: any warning fails
    ///   seg check examples/retail --format github  # annotations for a GitHub pull request
    Check {
        /// Files or directories (searched recursively for `.seg` files).
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
        /// How to write diagnostics: `human` to stderr; `json` and `github` to stdout.
        #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
        format: DiagnosticFormat,
        #[command(flatten)]
        params: ParamArgs,
        #[command(flatten)]
        lints: LintArgs,
    },
    /// Compile segments to SQL for one engine.
    #[command(verbatim_doc_comment)]
    ///
    /// Without `--segment`, prints one membership query returning `(key, segment)` for every
    /// segment, computing each facts table's aggregates in a single pass. With `--segment NAME`,
    /// prints a query returning the keys of that segment's members.
    ///
    /// Examples:
    ///   seg compile examples/retail --target postgres --as-of 2026-11-22
    ///   seg compile examples/retail --target bigquery --segment lapsing_vips --param vip_spend=800
    ///   seg compile examples/retail --target duckdb --out build/sql
    Compile(commands::CompileArgs),
    /// Run every segment on real data and show how many members each has.
    ///
    /// By default the data is a directory of CSV or Parquet files, one per declared table and
    /// named after it (`customers.csv`, `orders.csv`, ...), loaded into an embedded DuckDB after
    /// checking them against the schema. The directory is `--data DIR`, else `data/` beside the
    /// project. `--duckdb FILE` and `--postgres URL` run on existing tables instead. Without any
    /// of the three, seg.toml's `[data]` (`[env.NAME.data]` with --env) says where the data is.
    ///
    /// Examples:
    ///   seg run examples/retail --as-of 2026-11-22
    ///   seg run examples/retail --sample 5 --overlap
    ///   seg run examples/retail --postgres postgres://analyst@localhost/crm --format json
    ///   seg run examples/retail --export build/members --segment win_back
    ///   seg run examples/retail --transitions lifecycle --from 2026-05-22 --to 2026-11-22
    #[command(verbatim_doc_comment)]
    #[cfg(feature = "engines")]
    Run(run::RunArgs),
    /// Show who enters and who leaves each segment: between two versions of a project, or
    /// between two evaluation dates of one.
    ///
    /// Both sides are evaluated on the same data (as for `seg run`: `--data DIR`, `--duckdb FILE`
    /// or `--postgres URL`, else the `[data]` of the seg.toml of the project after the change,
    /// else `data/` beside it). Per segment and
    /// segmentation stage: members before and after, entered, exited, churn, and whether its
    /// definition (its compiled query, comments aside) changed.
    ///
    /// Examples:
    ///   seg diff before/ after/ --as-of 2026-11-22
    ///   seg diff examples/retail --base main --as-of 2026-11-22 --format markdown
    ///   seg diff examples/retail --from 2026-11-15 --to 2026-11-22
    ///   seg diff examples/retail --base origin/main --format github --fail-above 20
    #[command(verbatim_doc_comment)]
    #[cfg(feature = "engines")]
    Diff(diff::DiffArgs),
    /// Write one offline HTML page of the segments' numbers and charts, for marketers.
    ///
    /// Sizes, overlaps, consent coverage per channel, RFM grids, lifecycle moves and members over
    /// time. The data is read as for `seg run` (`--data DIR`, else `data/` beside the project, or
    /// `--duckdb FILE`, `--postgres URL`). The page works offline: inline styles and charts,
    /// nothing fetched. `--format json` writes the same numbers. docs/report.md explains each
    /// section.
    ///
    /// Examples:
    ///   seg report examples/retail --as-of 2026-11-22 --out report.html
    ///   seg report examples/retail --as-of 2026-11-22 --from 2026-05-22 --lang fr --out rapport.html
    ///   seg report examples/retail --duckdb crm.duckdb --format json --out report.json
    #[command(verbatim_doc_comment)]
    #[cfg(feature = "engines")]
    Report(report::ReportArgs),
    /// Keep segment membership, its history and its entry and exit events in the warehouse.
    ///
    /// Evaluates every segment and segmentation stage on the tables of a DuckDB file or a
    /// PostgreSQL database (`--duckdb`, `--postgres`, else seg.toml's `[data]`) and merges the
    /// result into `seg_membership`, `seg_membership_history` and `seg_membership_events` there
    /// (docs/production.md), in one transaction: a run that fails or is killed leaves them as
    /// they were. The same date twice changes nothing; an earlier date than the last one is
    /// refused unless --rebuild; two runs at once are refused (PostgreSQL advisory lock, DuckDB
    /// file lock). A backfill replays dates in order, reading the entity columns as they are now.
    ///
    /// Examples:
    ///   seg materialize examples/retail --duckdb crm.duckdb --as-of 2026-11-22
    ///   seg materialize examples/retail --postgres postgres://me@db/crm --schema marketing
    ///   seg materialize examples/retail --duckdb crm.duckdb --from 2026-01-04 --to 2026-11-22 --every week
    #[command(verbatim_doc_comment)]
    #[cfg(feature = "engines")]
    Materialize(materialize::MaterializeArgs),
    /// Run the `test` blocks of a project: fixture rows in, expected members out.
    ///
    /// Each test is evaluated by the reference evaluator and an embedded DuckDB (and PostgreSQL
    /// with --postgres, inside a rolled-back transaction, so use a database without the tables).
    /// A failure names the member and the criterion that was false for it.
    ///
    /// Example:
    ///   seg test examples/retail
    #[command(verbatim_doc_comment)]
    #[cfg(feature = "engines")]
    Test {
        #[command(flatten)]
        project: ProjectArgs,
        /// Also run on this PostgreSQL server (never seg.toml's `[data]`: the tests create
        /// their tables, so it is a database without them).
        #[arg(long, value_name = "URL")]
        postgres: Option<String>,
        /// Only tests whose name contains this text.
        #[arg(long, value_name = "TEXT")]
        filter: Option<String>,
    },
    /// Write deterministic sample data for a bundled example (`retail`, `b2b`).
    ///
    /// Thousands of customers, years of orders and events, consent grants and withdrawals,
    /// missing values, ties and the edge rows of the semantics, as one CSV per table.
    ///
    /// Example:
    ///   seg demo examples/retail            # writes examples/retail/data/*.csv
    #[command(verbatim_doc_comment)]
    Demo {
        /// The example's directory; its name says which data to generate.
        example: PathBuf,
        /// Where to write the CSV files (default: EXAMPLE/data).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Seed of the generator; the same seed writes the same bytes.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Describe a segment in plain words: who is in it, and which consent, legal basis and
    /// suppression rules apply; or a KPI: what it measures and how a holdout is compared.
    ///
    /// Examples:
    ///   seg explain lapsing_vips examples/retail
    ///   seg explain average_basket examples/retail
    #[command(verbatim_doc_comment)]
    Explain {
        /// The segment, or the KPI, to describe.
        segment: String,
        /// Files or directories of the project.
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        params: ParamArgs,
    },
    /// Rewrite `.seg` files in the one layout, comments kept and meaning unchanged; `--check`
    /// only lists the files that would change.
    ///
    /// The layout: two-space indentation, long `and`/`or` chains one operand a line, aligned
    /// stages, spaces around operators and after commas (docs/cli.md). A file that does not
    /// parse is left as it is and its errors reported. Exit code 0 when every file is formatted
    /// (or was rewritten), 1 with `--check` when a file would change, or when a file has syntax
    /// errors; 2 when a file cannot be read or written.
    ///
    /// Examples:
    ///   seg fmt                            # every .seg file under the current directory
    ///   seg fmt --check examples/retail    # in CI or a pre-commit hook: list, change nothing
    ///   seg fmt --stdin < segments.seg     # for editors: the formatted text on stdout
    #[command(verbatim_doc_comment)]
    Fmt(fmt::FmtArgs),
    /// Start the language server, for editors: diagnostics as you type, hover, go to definition,
    /// references, completion, rename and formatting.
    ///
    /// It speaks the Language Server Protocol on standard input and output, and is started by
    /// the editor, not by hand (docs/editors.md shows VS Code, Neovim and Helix set-ups). A
    /// document's project is the `.seg` files of its directory, as `seg check DIR` reads them,
    /// with the editor's unsaved text in place of the files on disk. Exit code 0 after the
    /// editor shuts it down, 2 when the connection breaks first.
    ///
    /// Example:
    ///   seg lsp
    #[command(verbatim_doc_comment)]
    Lsp,
    /// Show what reads what: segments, stages, models, traits, parameters, tables and columns,
    /// as a Mermaid flowchart, Graphviz DOT or JSON; `--uses` lists what reads one column.
    ///
    /// Examples:
    ///   seg graph examples/retail > graph.mmd
    ///   seg graph examples/retail --uses customers.email
    #[command(verbatim_doc_comment)]
    Graph(graph::GraphArgs),
    /// Export a dbt project fragment: one model per entity's membership and per segment, each
    /// table read through `{{ source(…) }}`, with `sources.yml` and `schema.yml` (tests).
    ///
    /// Example:
    ///   seg dbt examples/retail --out my_dbt/models/segments --target duckdb
    #[command(verbatim_doc_comment)]
    Dbt(dbt::DbtArgs),
    /// Start a project: a schema, a segment with a channel and a control group, a test, sample
    /// data, a GitHub Actions workflow and a pre-commit hook. Never overwrites anything.
    ///
    /// Example:
    ///   seg init my-segments && seg test my-segments
    #[command(verbatim_doc_comment)]
    Init {
        /// A new or empty directory.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Import a schema.seg from a warehouse's catalog, or check a project's schema against it.
    #[cfg(feature = "engines")]
    #[command(subcommand)]
    Schema(schema::SchemaCommand),
    /// Show the syntax tree of files (for debugging seglang itself).
    Parse {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Show the engine-free plan that every SQL dialect is generated from.
    Ir {
        #[command(flatten)]
        project: ProjectArgs,
        #[command(flatten)]
        selection: SelectionArgs,
    },
}

/// Diagnostic output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticFormat {
    /// Source snippets with labels and help, like rustc (stderr).
    Human,
    /// A JSON array of diagnostics with file, line, column, code and help (stdout).
    Json,
    /// GitHub Actions workflow commands (`::error file=...`), one per line (stdout).
    Github,
}

/// How a command ended.
pub enum Outcome {
    Success,
    UserError,
    Failure,
}

/// Parses the command line, runs the command and maps the outcome to an exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    #[cfg(feature = "engines")]
    if cli.quiet {
        progress::silence();
    }
    let outcome = match cli.command {
        Command::Check {
            paths,
            format,
            params,
            lints,
        } => commands::check(&paths, format, &params, &lints),
        Command::Compile(args) => commands::compile(&args),
        #[cfg(feature = "engines")]
        Command::Run(args) => run::run(&args),
        #[cfg(feature = "engines")]
        Command::Diff(args) => diff::diff(&args),
        #[cfg(feature = "engines")]
        Command::Report(args) => report::report(&args),
        #[cfg(feature = "engines")]
        Command::Materialize(args) => materialize::materialize(&args),
        #[cfg(feature = "engines")]
        Command::Test {
            project,
            postgres,
            filter,
        } => run::test(&project, postgres.as_deref(), filter.as_deref()),
        Command::Demo { example, out, seed } => demo::demo(&example, out.as_deref(), seed),
        Command::Explain {
            segment,
            paths,
            params,
        } => commands::explain(&segment, &paths, &params),
        Command::Fmt(args) => fmt::fmt(&args),
        Command::Lsp => lsp::lsp(),
        Command::Graph(args) => graph::graph(&args),
        Command::Dbt(args) => dbt::dbt(&args),
        Command::Init { dir } => init::init(&dir),
        #[cfg(feature = "engines")]
        Command::Schema(command) => schema::schema(&command),
        Command::Parse { paths } => commands::parse(&paths),
        Command::Ir { project, selection } => commands::ir(&project, &selection),
    };
    match outcome {
        Outcome::Success => ExitCode::SUCCESS,
        Outcome::UserError => ExitCode::from(1),
        Outcome::Failure => ExitCode::from(2),
    }
}

/// A malformed command line is the user's to fix: exit 1, like errors in files. A date that
/// does not parse is reported as the CLI's own diagnostic (E0503), with its help line.
fn usage_error(e: &clap::Error) -> ExitCode {
    if let Some(CliError::InvalidAsOf { text }) = e.source().and_then(|s| s.downcast_ref()) {
        commands::cli_error(CliError::InvalidAsOf { text: text.clone() });
        return ExitCode::from(1);
    }
    let _ = e.print();
    match e.use_stderr() {
        true => ExitCode::from(1),
        false => ExitCode::SUCCESS,
    }
}
