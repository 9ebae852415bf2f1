//! `seg dbt`: writes a dbt project fragment (models, `sources.yml`, `schema.yml`) into a
//! directory.

use super::args::{ProjectArgs, SelectionArgs};
use super::commands::{cli_error, load_program, write_files};
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
    /// The SQL engine the dbt project runs on.
    #[arg(long, short, value_enum, default_value_t = Target::DuckDb)]
    target: Target,
    #[command(flatten)]
    selection: SelectionArgs,
}

/// Runs `seg dbt`.
pub fn dbt(args: &DbtArgs) -> Outcome {
    let (_, program) = match load_program(&args.project.paths, &args.project.params) {
        Ok(x) => x,
        Err(outcome) => return outcome,
    };
    let options = DbtOptions {
        target: args.target,
        as_of: args.selection.as_of(),
        segments: args.selection.segments.clone(),
    };
    let files = match seglang::dbt_project(&program, &options) {
        Ok(files) => files,
        Err(e) => return cli_error(e),
    };
    let files: Vec<(String, String)> = files.into_iter().map(|f| (f.name, f.text)).collect();
    write_files(&args.out, &files, args.target)
}
