//! `seg fmt`: rewrites `.seg` files in seglang's one layout (`seglang::format`), or with
//! `--check` lists those that would change; `--stdin` formats standard input to standard output.

use super::commands::{cli_error, use_color, write_stdout};
use super::demo::{write_failed, WriteError};
use super::errors::CliError;
use super::files;
use super::Outcome;
use clap::Args;
use seglang::diagnostic::Diagnostic;
use seglang::format::format_source;
use seglang::report::{render, Format};
use seglang::source::SourceMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// `seg fmt` options.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Files or directories (searched recursively for `.seg` files).
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Change nothing: list the files that are not formatted, and exit with 1 if there are any.
    #[arg(long)]
    check: bool,
    /// Format standard input and write it to standard output (for editors); takes no PATH.
    #[arg(long, conflicts_with = "paths")]
    stdin: bool,
}

/// A file that cannot be read: seg's environment, not the file's text, hence exit code 2.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("cannot read {what}")]
#[diagnostic(code(E0523), help("check that the file exists and is readable"))]
struct ReadError {
    /// The path and the system's reason.
    what: String,
}

/// A file that is not UTF-8 text: left alone.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{path} is not UTF-8 text; it was left as it is")]
#[diagnostic(
    code(E0524),
    help("re-save the file as UTF-8; seglang reads no other encoding")
)]
struct NotText {
    path: String,
}

/// What became of one file.
enum Formatted {
    Unchanged,
    Changed(String),
    /// It does not parse: its diagnostics were reported.
    Broken,
}

/// Runs `seg fmt`.
pub fn fmt(args: &FmtArgs) -> Outcome {
    if args.stdin {
        return stdin(args.check);
    }
    let entries = match files::expand(&args.paths) {
        Ok(entries) => entries,
        // The error names the path.
        Err(e) => return read_failed(e.to_string()),
    };
    if entries.is_empty() {
        let path = args
            .paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        return cli_error(CliError::NoSources { path });
    }
    let (mut changed, mut broken) = (Vec::new(), 0);
    for path in &entries {
        let bytes = match files::read(path) {
            Ok(bytes) => bytes,
            Err(e) => return read_failed(format!("{}: {e}", path.display())),
        };
        let Ok(text) = String::from_utf8(bytes) else {
            cli_error(NotText {
                path: path.display().to_string(),
            });
            broken += 1;
            continue;
        };
        match format_file(path, &text) {
            Formatted::Unchanged => {}
            Formatted::Broken => broken += 1,
            Formatted::Changed(formatted) => {
                if !args.check {
                    if let Err(e) = std::fs::write(path, formatted) {
                        return write_failed(WriteError::new(path, &e));
                    }
                }
                changed.push(path.display().to_string());
            }
        }
    }
    summary(args.check, entries.len(), &changed, broken)
}

/// Formats one file's text, reporting its syntax errors when it does not parse.
fn format_file(path: &Path, text: &str) -> Formatted {
    let mut sources = SourceMap::new();
    let id = sources.add(path.display().to_string(), text);
    match format_source(id, text) {
        Ok(formatted) if formatted == text => Formatted::Unchanged,
        Ok(formatted) => Formatted::Changed(formatted),
        Err(diagnostics) => {
            report(&diagnostics, &sources);
            Formatted::Broken
        }
    }
}

/// The files that changed (or would), on stdout, and a summary line on stderr.
fn summary(check: bool, files: usize, changed: &[String], broken: usize) -> Outcome {
    let mut listed = String::new();
    for path in changed {
        listed.push_str(path);
        listed.push('\n');
    }
    if write_stdout(&listed).is_err() {
        return Outcome::Failure;
    }
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let verb = if check {
        "would be reformatted"
    } else {
        "reformatted"
    };
    let mut line = format!(
        "{} file{} {verb}, {} already formatted",
        changed.len(),
        plural(changed.len()),
        files - changed.len() - broken
    );
    if broken > 0 {
        line.push_str(&format!(
            ", {broken} left as {} (errors above)",
            if broken == 1 { "it is" } else { "they are" }
        ));
    }
    eprintln!("{line}");
    match (broken > 0) || (check && !changed.is_empty()) {
        true => Outcome::UserError,
        false => Outcome::Success,
    }
}

/// `seg fmt --stdin`: the formatted text on stdout; with `--check`, nothing written and exit
/// code 1 when it would change.
fn stdin(check: bool) -> Outcome {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
        return read_failed(format!("standard input: {e}"));
    }
    let Ok(text) = String::from_utf8(bytes) else {
        return cli_error(NotText {
            path: "<stdin>".to_string(),
        });
    };
    match format_file(Path::new("<stdin>"), &text) {
        Formatted::Broken => Outcome::UserError,
        Formatted::Unchanged if check => Outcome::Success,
        Formatted::Changed(_) if check => Outcome::UserError,
        Formatted::Unchanged => match write_stdout(&text) {
            Ok(()) => Outcome::Success,
            Err(_) => Outcome::Failure,
        },
        Formatted::Changed(formatted) => match write_stdout(&formatted) {
            Ok(()) => Outcome::Success,
            Err(_) => Outcome::Failure,
        },
    }
}

fn report(diagnostics: &[Diagnostic], sources: &SourceMap) {
    eprint!(
        "{}",
        render(diagnostics, sources, Format::Human { color: use_color() })
    );
}

/// Reports a file that cannot be read (E0523, exit code 2).
fn read_failed(what: String) -> Outcome {
    let d = Diagnostic::new(None, ReadError { what });
    report(&[d], &SourceMap::new());
    Outcome::Failure
}
