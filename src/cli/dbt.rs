//! `seg dbt`: writes a dbt project fragment (models, `sources.yml`, `schema.yml`) into a
//! directory.

use super::args::{ProjectArgs, SelectionArgs};
use super::commands::{cli_error, load_program_and_file, write_files};
use super::Outcome;
use clap::Args;
use seglang::sql::Target;
use seglang::DbtOptions;
use std::path::PathBuf;

/// `seg dbt` options.
#[derive(Debug, Args)]
pub struct DbtArgs {
    #[command(flatten)]
    project: ProjectArgs,
    /// The directory to write the fragment into, inside the dbt project's `models/`.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The SQL engine the dbt project runs on (default: seg.toml's `target`, else duckdb).
    #[arg(long, short, value_enum)]
    target: Option<Target>,
    #[command(flatten)]
    selection: SelectionArgs,
}

/// Runs `seg dbt`.
pub fn dbt(args: &DbtArgs) -> Outcome {
    let (file, _, program) = match load_program_and_file(&args.project.paths, &args.project.params)
    {
        Ok(x) => x,
        Err(outcome) => return outcome,
    };
    let target = args.target.or(file.target).unwrap_or(Target::DuckDb);
    let options = DbtOptions {
        target,
        as_of: args.selection.as_of(),
        segments: args.selection.segments.clone(),
    };
    let files = match seglang::dbt_project(&program, &options) {
        Ok(files) => files,
        Err(e) => return cli_error(e),
    };
    let files: Vec<(String, String)> = files.into_iter().map(|f| (f.name, f.text)).collect();
    write_files(&args.out, &files, target)
}
