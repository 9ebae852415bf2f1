//! `seg graph`: the dependency graph of a project as Mermaid, DOT or JSON, and `--uses
//! TABLE.COLUMN`, the declarations that read a column.

use super::args::ParamArgs;
use super::commands::{cli_error, load_program, write_stdout};
use super::errors::CliError;
use super::Outcome;
use clap::{Args, ValueEnum};
use seglang::graph::{render, uses, Graph, GraphFormat, Usage, UsesError};
use std::fmt::Write;
use std::path::PathBuf;

/// `seg graph` options.
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// Files or directories of the project.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// How to print the graph; with `--uses`, `json` prints the list as JSON.
    #[arg(long, value_enum, default_value_t = GraphFormatArg::Mermaid)]
    format: GraphFormatArg,
    /// List the segments, stages, models and traits that read this column (`TABLE.COLUMN`) or
    /// any column of this table (`TABLE`), directly or through what they read.
    #[arg(long, value_name = "TABLE.COLUMN")]
    uses: Option<String>,
    #[command(flatten)]
    params: ParamArgs,
}

/// The formats of `seg graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum GraphFormatArg {
    /// A Mermaid flowchart (renders in GitHub and GitLab markdown).
    Mermaid,
    /// Graphviz DOT (`dot -Tsvg`).
    Dot,
    /// Nodes and edges as JSON.
    Json,
}

/// Runs `seg graph`.
pub fn graph(args: &GraphArgs) -> Outcome {
    let (_, program) = match load_program(&args.paths, &args.params) {
        Ok(x) => x,
        Err(outcome) => return outcome,
    };
    let graph = Graph::of(&program);
    let text = match &args.uses {
        None => render(
            &program,
            &graph,
            match args.format {
                GraphFormatArg::Mermaid => GraphFormat::Mermaid,
                GraphFormatArg::Dot => GraphFormat::Dot,
                GraphFormatArg::Json => GraphFormat::Json,
            },
        ),
        Some(target) => match uses(&program, &graph, target) {
            Ok(list) if args.format == GraphFormatArg::Json => {
                let mut text = serde_json::to_string_pretty(&json_list(&list)).unwrap_or_default();
                text.push('\n');
                text
            }
            Ok(list) => usage_text(target, &list),
            Err(e) => return cli_error(uses_error(e)),
        },
    };
    match write_stdout(&text) {
        Ok(()) => Outcome::Success,
        Err(_) => Outcome::Failure,
    }
}

/// The list as a table: one declaration a line, nearest first.
fn usage_text(target: &str, list: &[Usage]) -> String {
    if list.is_empty() {
        return format!("no segment, stage, model or trait reads {target}\n");
    }
    let mut out = format!(
        "{target} is read by {} declaration{}:\n",
        list.len(),
        if list.len() == 1 { "" } else { "s" }
    );
    let name_width = list
        .iter()
        .map(|u| u.kind.len() + 1 + u.name.len())
        .max()
        .unwrap_or(0);
    let place_width = list.iter().map(|u| u.location.len()).max().unwrap_or(0);
    for u in list {
        let who = format!("{} {}", u.kind, u.name);
        let how = match &u.through {
            None => "directly".to_string(),
            Some(via) => format!("through {via}"),
        };
        let _ = writeln!(
            out,
            "  {who:name_width$}  {:place_width$}  {how}",
            u.location
        );
    }
    out
}

fn json_list(list: &[Usage]) -> serde_json::Value {
    list.iter()
        .map(|u| {
            serde_json::json!({
                "kind": u.kind,
                "name": u.name,
                "location": u.location,
                "through": u.through,
            })
        })
        .collect()
}

fn uses_error(e: UsesError) -> CliError {
    match e {
        UsesError::UnknownTable { name, suggestion } => CliError::UnknownTable {
            name,
            help: suggestion.map(|s| format!("did you mean `{s}`?")),
        },
        UsesError::UnknownColumn {
            table,
            column,
            suggestion,
        } => CliError::UnknownColumn {
            help: suggestion.map(|s| format!("did you mean `{table}.{s}`?")),
            table,
            column,
        },
    }
}
