//! `seg init [DIR]`: a working project to start from: the retail example's schema, a segment with
//! a channel and a control group, a `test` block, sample data as `seg demo` writes it, a GitHub
//! Actions workflow and a pre-commit hook that check the segments, and the `seg.toml` that
//! denies the lints a first project should not grow.

use super::commands::cli_error;
use super::demo::{write_failed, WriteError};
use super::Outcome;
use seglang::sample::{generate, Demo, DEMO_AS_OF};
use std::path::Path;

/// The files `seg init` writes, by path in the new project.
const FILES: [(&str, &str); 8] = [
    (
        "schema.seg",
        include_str!("../../examples/retail/schema.seg"),
    ),
    ("seg.toml", include_str!("init/seg.toml")),
    ("segments.seg", include_str!("init/segments.seg")),
    ("tests.seg", include_str!("init/tests.seg")),
    ("README.md", include_str!("init/README.md")),
    (".gitignore", include_str!("init/gitignore")),
    (".github/workflows/seg.yml", include_str!("init/seg.yml")),
    (
        ".pre-commit-config.yaml",
        include_str!("init/pre-commit-config.yaml"),
    ),
];

/// A directory that already holds something: nothing is ever overwritten.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{path} already exists and is not an empty directory")]
#[diagnostic(
    code(E0522),
    help("name a new or an empty directory: seg init my-segments")
)]
struct NotEmpty {
    path: String,
}

/// Runs `seg init`: refuses a directory that holds anything, so nothing is ever overwritten.
pub fn init(dir: &Path) -> Outcome {
    let occupied = match std::fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_some(),
        Err(_) => dir.exists(),
    };
    if occupied {
        return cli_error(NotEmpty {
            path: dir.display().to_string(),
        });
    }
    let data = generate(Demo::Retail, 1);
    let sample = data
        .iter()
        .map(|(name, text)| (format!("data/{name}"), text.as_str()));
    let files = FILES
        .iter()
        .map(|(name, text)| (name.to_string(), *text))
        .chain(sample);
    for (name, text) in files {
        let path = dir.join(&name);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, text));
        if let Err(e) = written {
            return write_failed(WriteError::new(&path, &e));
        }
    }
    eprintln!(
        "wrote a seglang project to {}: seg.toml, schema.seg, segments.seg, tests.seg, sample data as of \
         {DEMO_AS_OF} in data/, a GitHub Actions workflow and a pre-commit hook",
        dir.display()
    );
    eprintln!(
        "next: seg check {0} && seg test {0} && seg run {0} --as-of {DEMO_AS_OF}",
        dir.display()
    );
    Outcome::Success
}
