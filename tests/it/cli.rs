//! The `seg` binary's commands that execute segments: `seg test` on the embedded engine.

use std::path::Path;
use std::process::{Command, Output};

fn seg(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_seg"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("the seg binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

#[test]
fn seg_test_passes_the_example_tests_and_explains_a_failure() {
    let out = seg(&["test", "examples/retail"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).ends_with("11 passed, 0 failed\n"),
        "{}",
        text(&out.stdout)
    );

    let dir = tempfile::tempdir().expect("temp dir");
    for file in ["schema.seg", "segments.seg", "tests.seg"] {
        let source = std::fs::read_to_string(Path::new("examples/retail").join(file))
            .or_else(|_| {
                std::fs::read_to_string(
                    Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("examples/retail")
                        .join(file),
                )
            })
            .expect("example file");
        let source = source.replace("expect [\"c1\"]", "expect [\"c1\", \"c3\"]");
        std::fs::write(dir.path().join(file), source).expect("write");
    }
    let out = seg(&["test", dir.path().to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("c3 is missing: false: `orders.last(ordered_at) before 90 days ago`"),
        "{stdout}"
    );
    assert!(stdout.contains("[reference, DuckDB]"), "{stdout}");
    assert!(stdout.ends_with("8 passed, 1 failed\n"), "{stdout}");
}

/// The `seg …` commands of a generated workflow file or hook (`run: seg check . --format
/// github`, `entry: seg check` with `args: ["."]`), as argument lists.
fn seg_commands_in(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("- run: seg "))
        .map(|c| c.split_whitespace().map(str::to_string).collect())
        .collect()
}

#[test]
fn an_initialised_project_checks_tests_and_runs_as_its_workflow_says() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = dir.path().join("segments");
    let path = project.to_string_lossy().to_string();
    let out = seg(&["init", &path]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    // The workflow's commands, run in the project as CI would run them.
    let workflow = std::fs::read_to_string(project.join(".github/workflows/seg.yml"))
        .expect("the workflow is written");
    let commands = seg_commands_in(&workflow);
    assert!(commands.len() >= 2, "{workflow}");
    for args in &commands {
        let out = Command::new(env!("CARGO_BIN_EXE_seg"))
            .args(args)
            .current_dir(&project)
            .env("NO_COLOR", "1")
            .output()
            .expect("the seg binary runs");
        assert_eq!(
            out.status.code(),
            Some(0),
            "seg {}: {}{}",
            args.join(" "),
            text(&out.stdout),
            text(&out.stderr)
        );
    }
    let out = seg(&["test", &path]);
    assert!(
        text(&out.stdout).ends_with("1 passed, 0 failed\n"),
        "{}",
        text(&out.stdout)
    );

    // The sample data has members for the starter segment, and a control group.
    let out = seg(&["run", &path, "--as-of", "2026-11-22", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON sizes");
    let members = |name: &str| {
        json["segments"]
            .as_array()
            .and_then(|s| s.iter().find(|s| s["name"] == name))
            .and_then(|s| s["members"].as_u64())
            .unwrap_or_else(|| panic!("no size for {name}: {json}"))
    };
    let (treated, control) = (
        members("recent_email_buyers"),
        members("recent_email_buyers:control"),
    );
    assert!(treated > 0 && control > 0, "{json}");
    // A 10 % holdout: the control group is about a tenth of everyone the rule selects.
    let share = control as f64 / (treated + control) as f64;
    assert!(
        (0.03..0.2).contains(&share),
        "control share {share}: {json}"
    );
}
