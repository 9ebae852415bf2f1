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
        reason = "segmentations are only named on the command line by `seg run`"
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

    #[error("no `.seg` file found in {path}")]
    #[diagnostic(
        code(E0505),
        help("point seg at a .seg file or a directory that contains some")
    )]
    NoSources { path: String },
}
