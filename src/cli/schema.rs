//! `seg schema import`: a warehouse's tables (or a dbt manifest's) as a `schema.seg` to review,
//! or with `--check`, the drift between a project's schema and the warehouse as diagnostics (for
//! CI before a deploy).

use super::args::ParamArgs;
use super::commands::{load_program, use_color, write_stdout};
use super::run::run_error;
use super::Outcome;
use clap::{Args, Subcommand};
use seglang::check::typed::Program;
use seglang::diagnostic::Diagnostic;
use seglang::import::{catalog_from_manifest, drift, render_schema, Catalog, Drift};
use seglang::report::{render, Format};
use seglang::run::catalog::{missing_values, read_catalog};
use seglang::run::engine::Engine;
use seglang::run::RunError;
use seglang::Analysis;
use std::path::{Path, PathBuf};

/// `seg schema …`.
#[derive(Debug, Subcommand)]
pub enum SchemaCommand {
    /// Write a schema.seg from a warehouse's catalog or a dbt manifest, or check a project's
    /// schema against it.
    ///
    /// Examples:
    ///   seg schema import --duckdb crm.duckdb --out schema.seg
    ///   seg schema import --dbt target/manifest.json --out schema.seg
    ///   seg schema import --postgres postgres://me@db/crm --schema crm --check examples/retail
    #[command(verbatim_doc_comment)]
    Import(ImportArgs),
}

/// `seg schema import` options.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A DuckDB database file.
    #[arg(long, value_name = "FILE", required_unless_present_any = ["postgres", "dbt"])]
    duckdb: Option<PathBuf>,
    /// A PostgreSQL connection (`postgres://user@host/db` or `host=… dbname=…`).
    #[arg(long, value_name = "URL", conflicts_with = "duckdb")]
    postgres: Option<String>,
    /// A dbt manifest (`target/manifest.json`): its sources and models, typed by their
    /// documented `data_type`s, keyed and linked by their `unique`, `not_null`,
    /// `relationships` and `accepted_values` tests.
    #[arg(long, value_name = "MANIFEST", conflicts_with_all = ["duckdb", "postgres", "schema"])]
    dbt: Option<PathBuf>,
    /// The warehouse schema to read (default: `main` on DuckDB, `public` on PostgreSQL).
    #[arg(long, value_name = "NAME")]
    schema: Option<String>,
    /// Write the schema here instead of printing it.
    #[arg(long, value_name = "FILE", conflicts_with = "check")]
    out: Option<PathBuf>,
    /// Compare this project's schema with the warehouse instead: every difference is a
    /// diagnostic, and any gives exit code 1.
    #[arg(long, value_name = "PATH")]
    check: Option<PathBuf>,
}

/// Runs `seg schema …`.
pub fn schema(command: &SchemaCommand) -> Outcome {
    match command {
        SchemaCommand::Import(args) => import(args),
    }
}

fn import(args: &ImportArgs) -> Outcome {
    if let Some(manifest) = &args.dbt {
        let read = std::fs::read_to_string(manifest).map_err(|e| e.to_string());
        let catalog = match read.and_then(|text| catalog_from_manifest(&text)) {
            Ok(c) => c,
            Err(reason) => {
                return run_error(RunError::UnreadableFile {
                    file: manifest.display().to_string(),
                    reason,
                })
            }
        };
        return match &args.check {
            Some(project) => check(project, None, &catalog),
            None => write(args, &catalog),
        };
    }
    let connected = match (&args.postgres, &args.duckdb) {
        (Some(url), _) => Engine::postgres(url).map(|e| (e, "public")),
        (None, Some(file)) => duckdb::Connection::open(file)
            .map(|c| (Engine::DuckDb(c), "main"))
            .map_err(|e| RunError::UnreadableFile {
                file: file.display().to_string(),
                reason: e.to_string(),
            }),
        (None, None) => unreachable!("clap requires --duckdb, --postgres or --dbt"),
    };
    let (mut engine, default_schema) = match connected {
        Ok(x) => x,
        Err(e) => return run_error(e),
    };
    let schema = args.schema.as_deref().unwrap_or(default_schema);
    let catalog = match read_catalog(&mut engine, schema) {
        Ok(c) => c,
        Err(e) => return run_error(e),
    };
    match &args.check {
        Some(project) => check(project, Some(&mut engine), &catalog),
        None => write(args, &catalog),
    }
}

/// Prints the schema, or writes it to `--out`.
fn write(args: &ImportArgs, catalog: &Catalog) -> Outcome {
    let text = render_schema(catalog);
    match &args.out {
        None => match write_stdout(&text) {
            Ok(()) => Outcome::Success,
            Err(_) => Outcome::Failure,
        },
        Some(path) => match std::fs::write(path, &text) {
            Ok(()) => {
                eprintln!(
                    "wrote {} tables to {}: review its `// review` comments",
                    catalog.tables.len(),
                    path.display()
                );
                Outcome::Success
            }
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", path.display());
                Outcome::Failure
            }
        },
    }
}

/// `--check`: the project's declared tables against the catalog, then, on a warehouse, a count
/// of the missing values of each column declared always present whose column accepts none (a
/// manifest has no rows to count).
fn check(project: &Path, engine: Option<&mut Engine>, catalog: &Catalog) -> Outcome {
    let (analysis, program) = match load_program(&[project.to_path_buf()], &ParamArgs::default()) {
        Ok(x) => x,
        Err(outcome) => return outcome,
    };
    let (mut found, nullable) = drift(&program.schema, catalog);
    if let Some(engine) = engine {
        for (table, column, declared, span) in nullable {
            match missing_values(engine, &catalog.schema, &table, &column) {
                Ok(0) => {}
                Ok(rows) => found.push(Drift::MissingValues {
                    span,
                    table,
                    column,
                    declared,
                    rows,
                }),
                Err(e) => return run_error(e),
            }
        }
    }
    report(&analysis, &program, catalog, found)
}

/// The differences as diagnostics, or a line saying there are none.
fn report(analysis: &Analysis, program: &Program, catalog: &Catalog, found: Vec<Drift>) -> Outcome {
    if found.is_empty() {
        let schema = &program.schema;
        eprintln!(
            "the schema matches the warehouse: {} declared tables found in {}",
            schema.entities.len()
                + schema.declared_facts().count()
                + schema.consents.len()
                + schema.suppressions.len(),
            match catalog.schema.as_str() {
                "" => "the manifest".to_string(),
                name => format!("`{name}`"),
            }
        );
        return Outcome::Success;
    }
    let count = found.len();
    let diagnostics: Vec<Diagnostic> = found
        .into_iter()
        .map(|d| Diagnostic::new(Some(d.span().file), d))
        .collect();
    eprint!(
        "{}",
        render(
            &diagnostics,
            &analysis.sources,
            Format::Human { color: use_color() }
        )
    );
    eprintln!("error: {count} difference(s) between the schema and the warehouse");
    Outcome::UserError
}
