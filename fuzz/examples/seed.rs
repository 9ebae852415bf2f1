//! Writes the seed corpus (`seglang_fuzz::seeds`) into a directory, one file per seed:
//! `cargo run --manifest-path fuzz/Cargo.toml --example seed -- fuzz/seeds`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(out) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: seed DIR (the directory to write the seed corpus into)");
        return ExitCode::from(2);
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let written = seglang_fuzz::seeds(&root).and_then(|seeds| {
        std::fs::create_dir_all(&out)?;
        for (name, data) in &seeds {
            std::fs::write(out.join(name), data)?;
        }
        Ok(seeds.len())
    });
    match written {
        Ok(n) => {
            println!("{n} seeds written to {}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write the seeds: {e}");
            ExitCode::from(2)
        }
    }
}
