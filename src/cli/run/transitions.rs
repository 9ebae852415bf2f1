//! `seg run --transitions`: how the entities moved between the stages of a segmentation from one
//! evaluation date to another.

use super::{open_engine, run_error, RunArgs, RunFormat};
use crate::cli::args::DataArgs;
use crate::cli::commands::cli_error;
use crate::cli::errors::CliError;
use crate::cli::progress::Progress;
use crate::cli::Outcome;
use seglang::check::typed::Program;
use seglang::run::transitions::transition_matrix;
use seglang::run::RunError;
use seglang::suggest::closest;
use seglang::value::Date;
use std::io::Write;

/// `seg run --transitions NAME --from D1 --to D2`: how entities moved between the stages of a
/// segmentation from one evaluation date to the other, on the data of `data`.
pub(super) fn transitions(
    args: &RunArgs,
    data: &DataArgs,
    program: &Program,
    name: &str,
    from: Date,
    to: Date,
) -> Outcome {
    let Some(index) = program.segmentations.iter().position(|s| s.name == name) else {
        let help = closest(name, program.segmentations.iter().map(|s| s.name.as_str()))
            .map(|c| format!("did you mean `{c}`?"));
        return cli_error(CliError::UnknownSegmentation {
            name: name.to_string(),
            help,
        });
    };
    let mut progress = Progress::new();
    let result = (|| {
        let (mut engine, source) = open_engine(data, &args.project.paths, program, &mut progress)?;
        progress.step("evaluating stages at both dates");
        let matrix = transition_matrix(&mut engine, program, index, from, to)?;
        Ok::<_, RunError>((matrix, source))
    })();
    progress.finish();
    let (matrix, source) = match result {
        Ok(x) => x,
        Err(e) => return run_error(e),
    };
    let stages = program.segmentations[index].stage_names();
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
