//! Problems with the command line itself (not inside a `.seg` file). An unknown `--segment`
//! (E0501) is the library's `CompileError`, since `seglang::compile` resolves segment names.

use miette::Diagnostic;
use thiserror::Error;

/// A command-line problem; reported like any diagnostic, without a source snippet.
#[derive(Debug, Error, Diagnostic)]
#[cfg_attr(
    not(feature = "engines"),
    allow(
        dead_code,
        reason = "segmentations and project versions are only named by `seg run` and `seg diff`"
    )
)]
pub enum CliError {
    #[error("no parameter named `{name}`")]
    #[diagnostic(code(E0502))]
    UnknownParam {
        name: String,
        #[help]
        help: Option<String>,
    },

    #[error("`{text}` is not a date")]
    #[diagnostic(
        code(E0503),
        help("write the evaluation date as YYYY-MM-DD, e.g. --as-of 2026-11-22")
    )]
    InvalidAsOf { text: String },

    #[error("`--param {text}` is not of the form name=value")]
    #[diagnostic(code(E0504), help("write --param vip_spend=800"))]
    InvalidParamSyntax { text: String },

    #[error("no segmentation named `{name}`")]
    #[diagnostic(code(E0506))]
    UnknownSegmentation {
        name: String,
        #[help]
        help: Option<String>,
    },

    #[error("`seg diff` needs two versions of a project; {count} path(s) were given without `--base` or `--from`/`--to`")]
    #[diagnostic(
        code(E0507),
        help("give two projects (`seg diff before/ after/`), one project and a git revision (`seg diff examples/retail --base main`), or one project and two dates (`--from 2026-11-15 --to 2026-11-22`)")
    )]
    DiffVersions { count: usize },

    #[error("cannot read the project at git revision `{reference}`: {reason}")]
    #[diagnostic(
        code(E0508),
        help("run seg diff inside a git checkout and name a branch, tag or commit of it (`git log --oneline` lists them); nothing is fetched")
    )]
    GitBase { reference: String, reason: String },

    #[error("no table named `{name}` in the schema")]
    #[diagnostic(code(E0520))]
    UnknownTable {
        name: String,
        #[help]
        help: Option<String>,
    },

    #[error("table `{table}` has no column `{column}`")]
    #[diagnostic(code(E0521))]
    UnknownColumn {
        table: String,
        column: String,
        #[help]
        help: Option<String>,
    },

    #[error("`{option}` has no effect with `--emit select`")]
    #[diagnostic(
        code(E0510),
        help("add `--emit view`, `--emit table` or `--emit merge`, or leave `{option}` out")
    )]
    OptionNeedsEmit { option: &'static str },

    #[error("no `.seg` file found in {path}")]
    #[diagnostic(
        code(E0505),
        help("point seg at a .seg file or a directory that contains some")
    )]
    NoSources { path: String },
}
