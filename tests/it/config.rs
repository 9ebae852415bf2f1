//! `seg.toml`'s data location and `--env` on the commands that execute segments, through the
//! real binary: `seg run` reads `[data]`'s directory (relative to `seg.toml`), `--env` picks
//! `[env.NAME.data]`'s, a flag beats both; `seg diff` reads it too, and `--base` gives the
//! version before its committed `seg.toml`; `seg materialize` keeps its
//! tables in `[data]`'s DuckDB file and refuses a directory (E0568); an unset `postgres_env` is
//! E0566 only when it is read; `seg test --env` runs the tests with that environment's values,
//! and never connects to `[data]`'s PostgreSQL.

use std::path::Path;
use std::process::{Command, Output};

const SCHEMA: &str = "entity customers {\n  key customer_id: string\n}\n\n\
facts orders of customers(customer_id) at ordered_at {\n  order_id: string\n  ordered_at: timestamp\n}\n";

const SEGMENTS: &str = "use \"schema.seg\"\n\nparam min_orders: int = 2\n\n\
segment regulars on customers {\n  owner \"crm\"\n  where orders.count() >= min_orders\n}\n";

/// Two orders for c1, one for c2: c1 is a regular with `min_orders = 2`, nobody with 3.
const TEST: &str = "use \"segments.seg\"\n\ntest \"a regular has two orders\" {\n  segment regulars\n  as_of 2026-11-22\n\
  rows customers [ { customer_id: \"c1\" }, { customer_id: \"c2\" } ]\n\
  rows orders [\n    { customer_id: \"c1\", order_id: \"o1\", ordered_at: 2026-11-01T10:00:00 },\n\
    { customer_id: \"c1\", order_id: \"o2\", ordered_at: 2026-11-02T10:00:00 },\n\
    { customer_id: \"c2\", order_id: \"o3\", ordered_at: 2026-11-02T10:00:00 },\n  ]\n  expect [\"c1\"]\n}\n";

/// A project in `root/project` with `seg.toml`, and two data directories beside its files:
/// `small/` (one regular of two customers) and `large/` (three regulars of three); no `data/`.
fn project(root: &Path, seg_toml: &str) -> std::path::PathBuf {
    let dir = root.join("project");
    write(&dir.join("schema.seg"), SCHEMA);
    write(&dir.join("segments.seg"), SEGMENTS);
    write(&dir.join("tests.seg"), TEST);
    write(&dir.join("seg.toml"), seg_toml);
    write(&dir.join("small/customers.csv"), "customer_id\nc1\nc2\n");
    write(
        &dir.join("small/orders.csv"),
        "customer_id,order_id,ordered_at\nc1,o1,2026-11-01 10:00:00\nc1,o2,2026-11-02 10:00:00\nc2,o3,2026-11-02 10:00:00\n",
    );
    write(
        &dir.join("large/customers.csv"),
        "customer_id\nc1\nc2\nc3\n",
    );
    let orders: String = ["c1", "c2", "c3"]
        .iter()
        .flat_map(|c| (1..=2).map(move |i| format!("{c},{c}-{i},2026-11-0{i} 10:00:00\n")))
        .collect();
    write(
        &dir.join("large/orders.csv"),
        &format!("customer_id,order_id,ordered_at\n{orders}"),
    );
    dir
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("a writable temp dir");
    }
    std::fs::write(path, text).expect("a writable temp dir");
}

/// `seg ARGS` run in `cwd`, without the variables a test sets for another.
fn seg(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_seg"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("SEG_TEST_CONFIG_PG_URL")
        .output()
        .expect("the seg binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

/// The members of `regulars` that `seg run` reports, run from the project's parent directory.
fn regulars(root: &Path, extra: &[&str]) -> u64 {
    let mut args = vec![
        "run",
        "project",
        "--as-of",
        "2026-11-22",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let out = seg(root, &args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{extra:?}: {}",
        text(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    report["segments"][0]["members"].as_u64().expect("a count")
}

const PLACES: &str = "[data]\ndir = \"small\"\n\n[env.prod.data]\ndir = \"large\"\n";

#[test]
fn seg_run_reads_the_data_dir_of_seg_toml_its_environment_s_and_a_flag_over_both() {
    let root = tempfile::tempdir().expect("temp dir");
    project(root.path(), PLACES);
    // Relative to seg.toml, not to where seg runs: the directories are in project/.
    assert_eq!(regulars(root.path(), &[]), 1);
    assert_eq!(regulars(root.path(), &["--env", "prod"]), 3);
    assert_eq!(
        regulars(root.path(), &["--env", "prod", "--data", "project/small"]),
        1
    );
    // Without a place in seg.toml, the default `data/` beside the project is missing.
    let bare = tempfile::tempdir().expect("temp dir");
    project(bare.path(), "");
    let out = seg(bare.path(), &["run", "project", "--as-of", "2026-11-22"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
}

#[test]
fn seg_diff_reads_the_data_dir_of_seg_toml() {
    let root = tempfile::tempdir().expect("temp dir");
    project(root.path(), PLACES);
    let diff = |extra: &[&str]| {
        let mut args = vec![
            "diff",
            "project",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-22",
        ];
        args.extend_from_slice(extra);
        args.extend(["--format", "json"]);
        let out = seg(root.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let small = diff(&[]);
    assert!(small.contains("small"), "{small}");
    let large = diff(&["--env", "prod"]);
    assert!(large.contains("large"), "{large}");
    assert_ne!(small, large);
}

#[test]
fn an_unset_postgres_env_is_e0566_when_read_and_nothing_when_a_flag_replaces_it() {
    let root = tempfile::tempdir().expect("temp dir");
    project(
        root.path(),
        "[data]\ndir = \"small\"\n\n[env.prod.data]\npostgres_env = \"SEG_TEST_CONFIG_PG_URL\"\n",
    );
    let out = seg(
        root.path(),
        &["run", "project", "--env", "prod", "--as-of", "2026-11-22"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("E0566"), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("seg.toml:5"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        regulars(root.path(), &["--env", "prod", "--data", "project/large"]),
        3
    );
}

#[test]
fn seg_materialize_keeps_its_tables_in_the_duckdb_file_of_seg_toml_and_refuses_a_directory() {
    let root = tempfile::tempdir().expect("temp dir");
    let dir = project(
        root.path(),
        "[data]\ndir = \"small\"\n\n[env.prod.data]\nduckdb = \"crm.duckdb\"\n",
    );
    {
        let db = duckdb::Connection::open(dir.join("crm.duckdb")).expect("a DuckDB file");
        db.execute_batch(
            "CREATE TABLE customers (customer_id VARCHAR);\n\
             INSERT INTO customers VALUES ('c1'), ('c2');\n\
             CREATE TABLE orders (customer_id VARCHAR, order_id VARCHAR, ordered_at TIMESTAMP);\n\
             INSERT INTO orders VALUES ('c1', 'o1', '2026-11-01 10:00:00'), ('c1', 'o2', '2026-11-02 10:00:00');",
        )
        .expect("the tables");
    }
    let out = seg(
        root.path(),
        &["materialize", "project", "--as-of", "2026-11-22"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("E0568"), "{}", text(&out.stderr));

    let out = seg(
        root.path(),
        &[
            "materialize",
            "project",
            "--env",
            "prod",
            "--as-of",
            "2026-11-22",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let db = duckdb::Connection::open(dir.join("crm.duckdb")).expect("a DuckDB file");
    let members: i64 = db
        .query_row(
            "SELECT count(*) FROM seg_membership WHERE segment = 'regulars'",
            [],
            |row| row.get(0),
        )
        .expect("the membership table");
    assert_eq!(members, 1);
}

#[test]
fn seg_test_runs_with_the_environment_s_values_and_never_reads_data_postgres() {
    let root = tempfile::tempdir().expect("temp dir");
    // A server nobody listens on: seg test would fail if it connected.
    project(
        root.path(),
        "[data]\npostgres = \"postgres://nobody@127.0.0.1:9/none\"\n\n[env.strict.params]\nmin_orders = 3\n",
    );
    let out = seg(root.path(), &["test", "project"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).ends_with("1 passed, 0 failed\n"),
        "{}",
        text(&out.stdout)
    );
    let out = seg(root.path(), &["test", "project", "--env", "strict"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).ends_with("0 passed, 1 failed\n"),
        "{}",
        text(&out.stdout)
    );
    let out = seg(
        root.path(),
        &[
            "test",
            "project",
            "--env",
            "strict",
            "--param",
            "min_orders=2",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}

#[test]
fn seg_diff_base_reads_the_seg_toml_committed_for_the_version_before() {
    let root = tempfile::tempdir().expect("temp dir");
    // Nobody is a regular with three orders; with the default of two, c1 would be.
    project(
        root.path(),
        "[data]\ndir = \"small\"\n\n[params]\nmin_orders = 3\n",
    );
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(["-c", "user.name=seg", "-c", "user.email=seg@example.com"])
            .args(args)
            .current_dir(root.path())
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "regulars"]);
    let out = seg(
        root.path(),
        &[
            "diff",
            "project",
            "--base",
            "HEAD",
            "--as-of",
            "2026-11-22",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let regulars = &report["segments"][0];
    assert_eq!(regulars["name"], "regulars", "{report}");
    assert_eq!(regulars["definition"], "same", "{report}");
    assert_eq!(
        (&regulars["before"], &regulars["after"]),
        (&0.into(), &0.into()),
        "{report}"
    );
}
