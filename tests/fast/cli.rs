//! The `seg` binary: exit codes, output formats and files, as a CI pipeline uses them.

use std::path::Path;
use std::process::{Command, Output};

/// `seg ARGS` run from the repository root without colour, so that files are named as the tests
/// name them and nothing depends on the checkout's path or the terminal.
fn seg_command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_seg"));
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1");
    command
}

fn seg(args: &[&str]) -> Output {
    seg_command(args).output().expect("the seg binary runs")
}

/// Snapshots what `seg ARGS` writes to stdout and stderr, and its exit code, as
/// `snapshots/cli/NAME.snap`.
fn assert_seg_snapshot(name: &str, args: &[&str]) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/cli");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta_cmd::assert_cmd_snapshot!(name, seg_command(args)));
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

#[test]
fn check_passes_on_the_examples_with_exit_code_0() {
    let out = seg(&["check", "examples/retail"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("0 errors"));
}

#[test]
fn check_reports_errors_with_exit_code_1_and_json_for_machines() {
    let out = seg(&[
        "check",
        "tests/fast/bad/double_equals.seg",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("valid JSON on stdout");
    let first = &json[0];
    assert_eq!(first["code"], "E0001");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], "tests/fast/bad/double_equals.seg");
    assert_eq!(first["line"], 7);
}

#[test]
fn check_writes_github_annotations() {
    let out = seg(&[
        "check",
        "tests/fast/bad/single_quotes.seg",
        "--format",
        "github",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("::error file=tests/fast/bad/single_quotes.seg,line=2,"),
        "{stdout}"
    );
}

#[test]
fn unreadable_path_exits_with_code_2() {
    let out = seg(&["check", "no/such/dir"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bad_command_line_exits_with_code_1() {
    assert_eq!(
        seg(&["compile", "examples/retail", "--target", "oracle"])
            .status
            .code(),
        Some(1)
    );
    let out = seg(&[
        "compile",
        "examples/retail",
        "--target",
        "duckdb",
        "--segment",
        "lapsing_vip",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("did you mean `lapsing_vips`?"),
        "{}",
        text(&out.stderr)
    );
    let out = seg(&[
        "compile",
        "examples/retail",
        "--target",
        "duckdb",
        "--as-of",
        "2026-13-01",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("E0503"));
}

#[test]
fn a_bad_date_is_refused_before_the_project_is_read() {
    // The path does not exist: reading it would exit with code 2.
    let compile = [
        "compile",
        "no/such/dir",
        "--target",
        "duckdb",
        "--as-of",
        "2026-02-30",
    ];
    let ir = ["ir", "no/such/dir", "--as-of", "2026-02-30"];
    for args in [&compile[..], &ir[..]] {
        let out = seg(args);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        let stderr = text(&out.stderr);
        assert!(stderr.contains("E0503"), "{stderr}");
        assert!(stderr.contains("`2026-02-30` is not a date"), "{stderr}");
    }
}

#[test]
fn a_bad_target_is_refused_before_the_project_is_read() {
    let out = seg(&["compile", "no/such/dir", "--target", "oracle"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("[possible values: postgres, bigquery, duckdb]"),
        "{stderr}"
    );
}

#[test]
fn postgresql_is_another_name_for_the_postgres_target() {
    let compile = |target| {
        seg(&[
            "compile",
            "examples/retail",
            "--target",
            target,
            "--as-of",
            "2026-11-22",
        ])
    };
    let (alias, name) = (compile("postgresql"), compile("postgres"));
    assert_eq!(alias.status.code(), Some(0), "{}", text(&alias.stderr));
    assert_eq!(alias.stdout, name.stdout);
}

#[test]
fn compile_prints_sql_for_each_target() {
    for target in ["postgres", "bigquery", "duckdb"] {
        let out = seg(&[
            "compile",
            "examples/retail",
            "--target",
            target,
            "--as-of",
            "2026-11-22",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let sql = text(&out.stdout);
        assert!(sql.contains("UNION ALL"), "{sql}");
        assert!(sql.contains("'lapsing_vips' AS segment"));
    }
}

#[test]
fn compile_applies_param_overrides_and_rejects_bad_ones() {
    let out = seg(&[
        "compile",
        "examples/retail",
        "--target",
        "postgres",
        "--segment",
        "lapsing_vips",
        "--param",
        "vip_spend=812.50",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(">= 812.50"));
    let out = seg(&[
        "compile",
        "examples/retail",
        "--target",
        "postgres",
        "--param",
        "vip_spend=lots",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("E0210"));
    let out = seg(&[
        "compile",
        "examples/retail",
        "--target",
        "postgres",
        "--param",
        "vip_spnd=1",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("did you mean `vip_spend`?"));
}

#[test]
fn compile_out_writes_one_file_per_segment_and_the_membership_query() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_dir = dir.path().join("sql");
    let out = seg(&[
        "compile",
        "examples/retail",
        "--target",
        "bigquery",
        "--out",
        out_dir.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(Path::new(&out_dir.join("membership.sql")).exists());
    let segment =
        std::fs::read_to_string(out_dir.join("lapsing_vips.sql")).expect("per-segment file");
    assert!(segment.contains("DATE_SUB"));
}

#[test]
fn check_reports_a_bad_file_for_people_on_stderr_and_for_machines_on_stdout() {
    let file = "tests/fast/bad/two_broken_segments.seg";
    assert_seg_snapshot("check_human", &["check", file]);
    assert_seg_snapshot("check_json", &["check", file, "--format", "json"]);
    assert_seg_snapshot("check_github", &["check", file, "--format", "github"]);
}

#[test]
fn compile_of_one_segment_prints_its_members_query() {
    assert_seg_snapshot(
        "compile_one_segment",
        &[
            "compile",
            "examples/retail",
            "--target",
            "postgres",
            "--segment",
            "lapsing_vips",
            "--as-of",
            "2026-11-22",
        ],
    );
}

#[test]
fn explain_describes_a_segment_in_words() {
    assert_seg_snapshot("explain", &["explain", "lapsing_vips", "examples/retail"]);
}

#[test]
fn help_lists_the_commands() {
    // `seg run` and `seg test` exist only in builds with the engines.
    let name = if cfg!(feature = "engines") {
        "help_with_engines"
    } else {
        "help"
    };
    assert_seg_snapshot(name, &["--help"]);
}

#[test]
fn an_unknown_target_is_refused_with_the_known_ones() {
    assert_seg_snapshot(
        "unknown_target",
        &["compile", "examples/retail", "--target", "oracle"],
    );
}

/// A project whose `latin1.seg` says `café` in Latin-1 (the byte 0xE9 at offset 42) and whose
/// `typo.seg` has a syntax error: both are reported, each with its code.
fn project_with_a_latin1_file() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut latin1 = b"entity customers { key id: string }\n// caf".to_vec();
    latin1.extend_from_slice(&[0xE9, b'\n']);
    std::fs::write(dir.path().join("latin1.seg"), latin1).expect("write latin1.seg");
    std::fs::write(
        dir.path().join("typo.seg"),
        "segment s on customers { where == }\n",
    )
    .expect("write typo.seg");
    dir
}

#[test]
fn a_file_that_is_not_utf8_is_reported_at_its_first_bad_byte_with_exit_code_1() {
    let dir = project_with_a_latin1_file();
    let path = dir.path().to_string_lossy().to_string();
    let out = seg(&["check", &path]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("E0120"), "{stderr}");
    assert!(
        stderr.contains("latin1.seg` is not UTF-8: byte 0xE9 at offset 42"),
        "{stderr}"
    );
    assert!(stderr.contains("re-save the file as UTF-8"), "{stderr}");
    assert!(
        stderr.contains("E0001"),
        "the other file is still checked: {stderr}"
    );
}

#[test]
fn a_file_that_is_not_utf8_is_located_for_machines() {
    let dir = project_with_a_latin1_file();
    let path = dir.path().to_string_lossy().to_string();
    let out = seg(&["check", &path, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("valid JSON on stdout");
    let diagnostics = json.as_array().expect("a list of diagnostics");
    let not_utf8 = diagnostics
        .iter()
        .find(|d| d["code"] == "E0120")
        .expect("an E0120 diagnostic");
    assert!(
        not_utf8["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("latin1.seg")),
        "{not_utf8}"
    );
    assert_eq!(not_utf8["line"], 2);
    assert!(diagnostics.iter().any(|d| d["code"] == "E0001"));
}

#[test]
fn an_error_on_a_very_long_line_exits_with_code_1_not_a_panic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let conditions = vec!["id = \"x\""; 10_000].join(" and ");
    let source = format!("entity customers {{ key id: string }}\nsegment s on customers {{ where {conditions} and nope = 1 }}\n");
    let file = dir.path().join("long.seg");
    std::fs::write(&file, source).expect("temp file written");
    let out = seg(&["check", &file.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("E0104"), "{}", text(&out.stderr));
}

#[test]
fn graph_prints_mermaid_and_uses_lists_the_readers_of_a_column() {
    let out = seg(&["graph", "examples/retail"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("flowchart LR\n"));
    let out = seg(&["graph", "examples/retail", "--uses", "customers.email"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("segment employees"),
        "{}",
        text(&out.stdout)
    );
    let out = seg(&["graph", "examples/retail", "--uses", "customers.emial"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("E0521"), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("customers.email"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn init_writes_a_project_that_checks_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = dir.path().join("segments");
    let path = project.to_string_lossy().to_string();
    let out = seg(&["init", &path]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    for file in [
        "seg.toml",
        "schema.seg",
        "segments.seg",
        "tests.seg",
        "README.md",
        ".gitignore",
        ".github/workflows/seg.yml",
        ".pre-commit-config.yaml",
        "data/customers.csv",
        "data/orders.csv",
        "data/consents.csv",
    ] {
        assert!(project.join(file).is_file(), "{file} was not written");
    }
    let out = seg(&["check", &path]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("1 segment, 0 errors, 0 warnings"));

    let before = std::fs::read(project.join("segments.seg")).expect("written");
    std::fs::write(project.join("segments.seg"), b"// mine\n").expect("writable");
    let out = seg(&["init", &path]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("E0522"), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read(project.join("segments.seg")).expect("kept"),
        b"// mine\n",
        "a refused init leaves the directory alone"
    );
    assert_ne!(before, b"// mine\n");
}

#[test]
fn compile_emit_writes_views_tables_and_a_merge_script() {
    let view = seg(&[
        "compile",
        "examples/retail",
        "--target",
        "bigquery",
        "--emit",
        "view",
        "--segment",
        "lapsing_vips",
        "--schema",
        "crm",
    ]);
    assert_eq!(view.status.code(), Some(0), "{}", text(&view.stderr));
    assert!(text(&view.stdout).contains("CREATE OR REPLACE VIEW crm.seg_lapsing_vips AS\n"));
    let table = seg(&[
        "compile",
        "examples/retail",
        "--target",
        "postgres",
        "--emit",
        "table",
        "--prefix",
        "",
    ]);
    assert_eq!(table.status.code(), Some(0), "{}", text(&table.stderr));
    assert!(text(&table.stdout).contains("DROP TABLE IF EXISTS customers_membership;\n"));
    let dir = tempfile::tempdir().expect("temp dir");
    let out = seg(&[
        "compile",
        "examples/retail",
        "--target",
        "duckdb",
        "--emit",
        "merge",
        "--no-create-tables",
        "--out",
        dir.path().to_str().expect("utf-8 path"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let merge = std::fs::read_to_string(dir.path().join("merge.sql")).expect("merge.sql");
    assert!(merge.starts_with("BEGIN TRANSACTION;\n") && merge.ends_with("COMMIT;\n"));
    assert!(!merge.contains("CREATE TABLE IF NOT EXISTS"));
}

#[test]
fn a_placement_option_without_emit_is_refused() {
    assert_seg_snapshot(
        "compile_schema_without_emit",
        &[
            "compile",
            "examples/retail",
            "--target",
            "duckdb",
            "--schema",
            "marketing",
        ],
    );
}
