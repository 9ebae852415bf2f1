//! `seg diff --base REF`: the project as committed at a git revision, written out to a
//! throw-away directory so that it loads like any other project.
//!
//! Every `.seg` file (and every `seg.toml`) of the repository at that revision is written at its
//! path, so a `use` that climbs out of the project's directory still finds its file. Nothing is
//! fetched: the revision must be in the local repository.

use crate::cli::errors::CliError;
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

/// The project's paths inside a throw-away copy of the repository's `.seg` files at `reference`;
/// the directory is removed when the returned guard is dropped.
pub(super) fn checkout(
    paths: &[PathBuf],
    reference: &str,
) -> Result<(TempDir, Vec<PathBuf>), CliError> {
    let failure = |reason: String| CliError::GitBase {
        reference: reference.to_string(),
        reason,
    };
    let first = paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    let anchor = match first.is_dir() {
        true => first.clone(),
        false => first.parent().map(Path::to_path_buf).unwrap_or_default(),
    };
    let anchor = if anchor.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        anchor
    };
    let top = git(&anchor, &["rev-parse", "--show-toplevel"]).map_err(&failure)?;
    let top = PathBuf::from(top.trim_end());
    let top = top.canonicalize().unwrap_or(top);
    // A revision that is not a commit is refused before any file is read.
    git(
        &top,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{reference}^{{commit}}"),
        ],
    )
    .map_err(|_| failure("no commit of that name in this repository".into()))?;
    let listing =
        git(&top, &["ls-tree", "-r", "-z", "--name-only", reference]).map_err(&failure)?;
    let dir = tempfile::Builder::new()
        .prefix("seg-diff-base-")
        .tempdir()
        .map_err(|e| failure(format!("cannot create a temporary directory: {e}")))?;
    // The `seg.toml` files too, so that the version before keeps its own parameter values
    // (and environments) rather than the defaults.
    let wanted = |f: &&str| f.ends_with(".seg") || Path::new(f).ends_with("seg.toml");
    for file in listing.split('\0').filter(wanted) {
        let text = git(&top, &["show", &format!("{reference}:{file}")]).map_err(&failure)?;
        let target = dir.path().join(file);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| failure(format!("cannot write {}: {e}", target.display())))?;
        }
        std::fs::write(&target, text)
            .map_err(|e| failure(format!("cannot write {}: {e}", target.display())))?;
    }
    let mut moved = Vec::new();
    for path in paths {
        let absolute = path
            .canonicalize()
            .map_err(|e| failure(format!("cannot resolve {}: {e}", path.display())))?;
        let relative = absolute
            .strip_prefix(&top)
            .map_err(|_| failure(format!("{} is outside the repository", path.display())))?;
        let copy = dir.path().join(relative);
        // A project added since the revision has nothing to compare with: say so in its words,
        // not as a missing file of the throw-away copy.
        if !copy.exists() {
            return Err(failure(format!(
                "{} has no `.seg` file at that revision",
                path.display()
            )));
        }
        moved.push(copy);
    }
    Ok((dir, moved))
}

/// Runs `git ARGS` in `dir`; its standard output, or why it failed.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        return String::from_utf8(output.stdout)
            .map_err(|_| "git printed bytes that are not UTF-8".into());
    }
    let message = String::from_utf8_lossy(&output.stderr);
    let first = message.lines().next().unwrap_or("git failed").trim();
    Err(first.trim_start_matches("fatal: ").to_string())
}
