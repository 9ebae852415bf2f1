//! Snapshots of the SQL generated for every example segment, on every dialect. Reviewers read
//! the `.snap` diffs under `tests/fast/snapshots/`.

use crate::compile::{compile_all, date};
use seglang::check::typed::Program;
use seglang::check::CheckOptions;
use seglang::ir::AsOf;
use seglang::sql::Target;
use seglang::Statements;
use std::path::{Path, PathBuf};

/// A checked example project from `examples/`.
pub struct Example {
    pub name: String,
    pub program: Program,
}

/// Every project under `examples/`, checked (a failing example fails the test).
pub fn example_projects() -> Vec<Example> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("examples/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| {
            let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
                .expect("example directory is readable")
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "seg"))
                .collect();
            files.sort();
            // Files are named relative to the repository, as a user would name them, so that the
            // locations in SQL comments do not depend on where the repository is checked out.
            let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
            let files: Vec<PathBuf> = files
                .iter()
                .map(|f| {
                    f.strip_prefix(manifest)
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|_| f.clone())
                })
                .collect();
            let read = |p: &Path| std::fs::read(manifest.join(p));
            let analysis = seglang::analyze(&files, &read, &CheckOptions::default())
                .expect("example files are readable");
            let name = dir
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let errors: Vec<String> = analysis
                .diagnostics
                .iter()
                .map(|d| format!("{d:?}"))
                .collect();
            let program = analysis
                .program
                .unwrap_or_else(|| panic!("example {name} has errors: {errors:?}"));
            assert!(errors.is_empty(), "example {name} has warnings: {errors:?}");
            Example { name, program }
        })
        .collect()
}

/// `(label, sql)` for the membership query and each segment's member query, as of 2026-11-22.
pub fn statements(program: &Program, target: Target) -> Vec<(String, String)> {
    let as_of = AsOf::Fixed(date("2026-11-22"));
    compile_all(program, as_of, target, Statements::All)
        .statements
        .into_iter()
        .map(|s| match s.segment {
            Some(segment) => (segment, s.sql),
            None => (format!("membership_{}", s.entity), s.sql),
        })
        .collect()
}

#[test]
fn example_sql_matches_snapshots() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/sql");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for example in example_projects() {
            for target in Target::ALL {
                for (label, sql) in statements(&example.program, target) {
                    insta::assert_snapshot!(
                        format!("{}__{}__{}", example.name, label, target),
                        sql
                    );
                }
            }
        }
    });
}

/// A project with a `time zone`: each engine's conversion of a timestamp to its day and, on
/// DuckDB, the offsets the compiler writes (docs/language.md §9.4).
#[test]
fn time_zone_sql_matches_snapshots() {
    let program = crate::compile::program(&[("zones.seg", include_str!("../fixtures/zones.seg"))]);
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/sql");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for target in Target::ALL {
            for (as_of, when) in [
                (AsOf::Fixed(date("2026-11-30")), "fixed"),
                (AsOf::Today, "today"),
            ] {
                let sql: Vec<String> = compile_all(&program, as_of, target, Statements::Membership)
                    .statements
                    .into_iter()
                    .map(|s| s.sql)
                    .collect();
                insta::assert_snapshot!(
                    format!("zones__membership_{when}__{target}"),
                    sql.join("\n")
                );
            }
        }
    });
}
