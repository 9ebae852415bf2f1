//! `seg dbt` with real dbt: the retail example exported into a dbt project over a DuckDB file
//! loaded with its sample data; `dbt build` runs the models and their tests, and the membership
//! and segmentation models hold exactly the members the compiled queries return on the engine.

use crate::emit::{members_by_query, Db};
use crate::run::example;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

const AS_OF: &str = "2026-11-22";

/// The `dbt` command, or a failure that says how to install it: this test never skips.
fn dbt() -> Command {
    let found = Command::new("dbt").arg("--version").output();
    assert!(
        found.is_ok_and(|o| o.status.success()),
        "dbt is not installed: run `pip install dbt-core dbt-duckdb`"
    );
    Command::new("dbt")
}

/// `(segment, key, group)` rows of the models, read back from the DuckDB file dbt built.
fn model_members(db: &mut Db, models: &[&str], key: &str) -> BTreeSet<(String, String, String)> {
    let mut out = BTreeSet::new();
    for model in models {
        let sql = format!("SELECT CAST({key} AS VARCHAR), segment FROM main.{model}");
        for row in db.rows(&sql, 2) {
            let (segment, group) = match row[1].strip_suffix(":control") {
                Some(segment) => (segment.to_string(), "control"),
                None => (row[1].clone(), "treatment"),
            };
            out.insert((segment, row[0].clone(), group.to_string()));
        }
    }
    out
}

#[test]
fn dbt_build_of_the_retail_export_returns_the_members_of_seg_run() {
    let mut dbt = dbt();
    let program = example("retail");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    let warehouse = dir.path().join("warehouse.duckdb");
    let expected = {
        let conn = duckdb::Connection::open(&warehouse).expect("a DuckDB file");
        seglang::run::load::load_directory(
            &conn,
            &program.schema,
            &root.join("examples/retail/data"),
        )
        .expect("loads the sample data");
        members_by_query(&mut Db::DuckDb(conn), &program, AS_OF)
    };
    let project = dir.path().join("project");
    let out = Command::new(env!("CARGO_BIN_EXE_seg"))
        .args([
            "dbt",
            "examples/retail",
            "--target",
            "duckdb",
            "--as-of",
            AS_OF,
            "--out",
        ])
        .arg(project.join("models/segments"))
        .current_dir(root)
        .output()
        .expect("runs seg");
    assert!(
        out.status.success(),
        "seg dbt failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(
        project.join("dbt_project.yml"),
        "name: 'retail'\nversion: '1.0.0'\nconfig-version: 2\nprofile: 'retail'\nmodel-paths: ['models']\n",
    )
    .expect("writes dbt_project.yml");
    std::fs::write(
        project.join("profiles.yml"),
        format!(
            "retail:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: '{}'\n      threads: 1\n",
            warehouse.display()
        ),
    )
    .expect("writes profiles.yml");
    let built = dbt
        .arg("build")
        .arg("--project-dir")
        .arg(&project)
        .arg("--profiles-dir")
        .arg(&project)
        .current_dir(&project)
        .env("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
        .output()
        .expect("runs dbt");
    assert!(
        built.status.success(),
        "dbt build failed:\n{}{}",
        String::from_utf8_lossy(&built.stdout),
        String::from_utf8_lossy(&built.stderr)
    );
    let conn = duckdb::Connection::open(&warehouse).expect("the DuckDB file dbt built");
    let mut models = vec!["customers_membership"];
    models.extend(program.segmentations.iter().map(|s| s.name.as_str()));
    assert!(models.len() > 1, "retail has segmentations");
    let actual = model_members(&mut Db::DuckDb(conn), &models, "customer_id");
    assert!(
        expected.len() > 1000,
        "the sample data has members: {}",
        expected.len()
    );
    assert_eq!(
        actual.len(),
        expected.len(),
        "as many members in dbt's models"
    );
    assert_eq!(actual, expected, "dbt's models hold seg's members");
}
