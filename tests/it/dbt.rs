//! `seg dbt` with real dbt: the retail example exported into a dbt project over a DuckDB file
//! loaded with its sample data (dbt-duckdb), and over the suite's throw-away PostgreSQL server
//! (dbt-postgres). `dbt build` runs the translated unit tests, the models and their data tests;
//! the membership and segmentation models hold exactly the members the compiled queries return
//! on the engine, and a unit test given a wrong expectation fails dbt.

use crate::emit::{members_by_query, Db};
use crate::pg_server::PgServer;
use crate::run::{copy_into_postgres, example, seg_json, sizes};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output};

const AS_OF: &str = "2026-11-22";

/// A `(segment, key, group)` row of a membership.
type Member = (String, String, String);

/// The `dbt` command, or a failure that says how to install it: this test never skips.
fn dbt() -> Command {
    let found = Command::new("dbt").arg("--version").output();
    assert!(
        found.is_ok_and(|o| o.status.success()),
        "dbt is not installed: run `pip install dbt-core dbt-duckdb dbt-postgres`"
    );
    Command::new("dbt")
}

/// `seg dbt examples/retail ARGS --out PROJECT/models/segments`, then the project's
/// `dbt_project.yml` and a `profiles.yml` whose one output is `output`.
fn export(project: &Path, args: &[&str], output: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_seg"))
        .args(["dbt", "examples/retail"])
        .args(args)
        .arg("--out")
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
    let profile =
        format!("retail:\n  target: dev\n  outputs:\n    dev:\n{output}      threads: 1\n");
    std::fs::write(project.join("profiles.yml"), profile).expect("writes profiles.yml");
}

/// `dbt ARGS` on the project, with its output.
fn run_dbt(project: &Path, args: &[&str]) -> Output {
    dbt()
        .args(args)
        .arg("--project-dir")
        .arg(project)
        .arg("--profiles-dir")
        .arg(project)
        .current_dir(project)
        .env("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
        .output()
        .expect("runs dbt")
}

/// Fails with dbt's output unless it succeeded.
fn assert_succeeded(output: &Output, what: &str) {
    assert!(
        output.status.success(),
        "{what} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The status of each unit test of dbt's last run, by name, from `target/run_results.json`.
fn unit_test_results(project: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(project.join("target/run_results.json"))
        .expect("dbt writes its run results");
    let results: serde_json::Value = serde_json::from_str(&text).expect("JSON run results");
    let mut out = BTreeMap::new();
    for result in results["results"].as_array().expect("a list of results") {
        let id = result["unique_id"].as_str().unwrap_or_default();
        if let Some(test) = id.strip_prefix("unit_test.retail.") {
            let status = result["status"].as_str().unwrap_or_default();
            out.insert(test.to_string(), status.to_string());
        }
    }
    out
}

/// Fails unless dbt's last run passed one unit test per `test` block of the retail example.
fn assert_unit_tests_passed(project: &Path) {
    let results = unit_test_results(project);
    assert_eq!(
        results.len(),
        example("retail").tests.len(),
        "one unit test per test block: {results:?}"
    );
    assert!(
        results.values().all(|status| status == "pass"),
        "every unit test passes: {results:?}"
    );
}

/// `(segment, key, group)` rows of the models, read back from the database dbt built.
fn model_members(db: &mut Db, schema: &str, models: &[&str], key: &str) -> BTreeSet<Member> {
    let mut out = BTreeSet::new();
    for model in models {
        let sql = format!("SELECT CAST({key} AS VARCHAR), segment FROM {schema}.{model}");
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

/// The membership and segmentation models of the retail export.
fn membership_models() -> Vec<String> {
    let mut models = vec!["customers_membership".to_string()];
    models.extend(
        example("retail")
            .segmentations
            .iter()
            .map(|s| s.name.clone()),
    );
    assert!(models.len() > 1, "retail has segmentations");
    models
}

/// Fails unless dbt's models hold exactly the members seg's queries found, and there are some.
fn assert_same_members(actual: &BTreeSet<Member>, expected: &BTreeSet<Member>) {
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

#[test]
fn dbt_build_of_the_retail_export_passes_its_unit_tests_and_returns_the_members_of_seg_run() {
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
    let output = format!(
        "      type: duckdb\n      path: '{}'\n",
        warehouse.display()
    );
    export(&project, &["--target", "duckdb", "--as-of", AS_OF], &output);
    let built = run_dbt(&project, &["build"]);
    assert_succeeded(&built, "dbt build");
    assert_unit_tests_passed(&project);
    let conn = duckdb::Connection::open(&warehouse).expect("the DuckDB file dbt built");
    let models = membership_models();
    let models: Vec<&str> = models.iter().map(String::as_str).collect();
    let actual = model_members(&mut Db::DuckDb(conn), "main", &models, "customer_id");
    assert_same_members(&actual, &expected);
}

#[test]
fn a_translated_unit_test_given_a_wrong_expectation_fails_dbt() {
    let program = example("retail");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    let warehouse = dir.path().join("warehouse.duckdb");
    {
        let conn = duckdb::Connection::open(&warehouse).expect("a DuckDB file");
        seglang::run::load::load_directory(
            &conn,
            &program.schema,
            &root.join("examples/retail/data"),
        )
        .expect("loads the sample data");
    }
    let project = dir.path().join("project");
    let output = format!(
        "      type: duckdb\n      path: '{}'\n",
        warehouse.display()
    );
    export(&project, &["--target", "duckdb"], &output);
    // The first expected key of the file becomes a key that no test gives rows for.
    let path = project.join("models/segments/unit_tests.yml");
    let text = std::fs::read_to_string(&path).expect("seg dbt writes unit_tests.yml");
    let marker = "    expect:\n      rows:\n          - {'customer_id': '";
    let at = text.find(marker).expect("a unit test expects a member") + marker.len();
    let planted = format!("{}planted_{}", &text[..at], &text[at..]);
    let failing = text[..at]
        .rsplit("  - name: '")
        .next()
        .and_then(|rest| rest.split('\'').next())
        .expect("the unit test's name")
        .to_string();
    std::fs::write(&path, planted).expect("plants the wrong expectation");
    let tested = run_dbt(&project, &["test", "--select", "test_type:unit"]);
    assert!(
        !tested.status.success(),
        "dbt passes a wrong expectation:\n{}",
        String::from_utf8_lossy(&tested.stdout)
    );
    let results = unit_test_results(&project);
    let failed: Vec<&String> = results
        .iter()
        .filter(|(_, status)| *status != "pass")
        .map(|(name, _)| name)
        .collect();
    assert_eq!(results.len(), program.tests.len(), "{results:?}");
    assert_eq!(failed.len(), 1, "{results:?}");
    assert!(failed[0].ends_with(&failing), "{failed:?} is not {failing}");
}

#[test]
fn dbt_postgres_builds_the_retail_export_with_the_members_of_seg_run_on_postgres() {
    let program = example("retail");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let server = PgServer::start().expect("a PostgreSQL server for the tests");
    let mut client = server.connect();
    copy_into_postgres(&mut client, &program, &root.join("examples/retail/data"));
    let dir = tempfile::tempdir().expect("temp dir");
    let project = dir.path().join("project");
    let output = format!(
        "      type: postgres\n      host: '{}'\n      port: {}\n      user: seg\n      password: ''\n      dbname: postgres\n      schema: segments\n",
        server.socket_dir(),
        server.port()
    );
    // Exported without a date: the models read it from the variable the build sets.
    export(&project, &["--target", "postgres"], &output);
    let vars = format!("{{seg_as_of: '{AS_OF}'}}");
    let built = run_dbt(&project, &["build", "--vars", &vars]);
    assert_succeeded(&built, "dbt build on PostgreSQL");
    assert_unit_tests_passed(&project);

    let url = server.url();
    let on_postgres = seg_json(&[
        "run",
        "examples/retail",
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--postgres",
        &url,
    ]);
    let mut db = Db::Postgres {
        client: Box::new(client),
        _server: Box::new(server),
    };
    let expected = members_by_query(&mut db, &program, AS_OF);
    let models = membership_models();
    let models: Vec<&str> = models.iter().map(String::as_str).collect();
    let actual = model_members(&mut db, "segments", &models, "customer_id");
    assert_same_members(&actual, &expected);
    // And the counts `seg run --postgres` reports, rule by rule.
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for (segment, _, group) in &actual {
        let rule = match group.as_str() {
            "control" => format!("{segment}:control"),
            _ => segment.clone(),
        };
        *counts.entry(rule).or_default() += 1;
    }
    for (rule, members) in sizes(&on_postgres) {
        assert_eq!(
            counts.get(&rule).copied().unwrap_or(0),
            members,
            "{rule}: dbt's models and seg run --postgres"
        );
    }
}
