//! Turning command-line paths into the list of `.seg` files, and reading them.

use std::io;
use std::path::{Path, PathBuf};

/// Expands each path: a file stays as is, a directory gives its `.seg` files (recursively, sorted).
pub fn expand(paths: &[PathBuf]) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| with_path(p, e))?;
        if meta.is_dir() {
            collect(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| with_path(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "seg") {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads a source file's bytes; the loader decodes them, so that a file that is not UTF-8 is a
/// diagnostic with its offset rather than an IO error.
pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    std::fs::read(path)
}

fn with_path(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}
