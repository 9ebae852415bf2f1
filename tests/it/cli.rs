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
        text(&out.stdout).ends_with("8 passed, 0 failed\n"),
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
    assert!(stdout.ends_with("7 passed, 1 failed\n"), "{stdout}");
}
