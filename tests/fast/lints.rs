//! Lints and their levels: each lint fires on an example and not on its near miss, and
//! `seg.toml`, `-A`/`-W`/`-D` and `// seg: allow(CODE)` set what `seg check` reports and its
//! exit code, through the real binary; `seg.toml`'s parameters per `--env`, and its problems.

use seglang::check::CheckOptions;
use std::path::Path;
use std::process::{Command, Output};

pub(crate) const SCHEMA: &str = r#"entity customers {
  key customer_id: string
  email: string? pii
}

facts orders of customers(customer_id) at ordered_at {
  order_id: string
  ordered_at: timestamp
  amount: decimal(12, 2)
}

consents of customers(customer_id) {
  channel: enum("email", "sms")
  granted_at: timestamp
  withdrawn_at: timestamp?
}
"#;

/// The lints' codes on `segments` (checked with `SCHEMA`), in the order found, W0008 aside:
/// most examples here are one segment that nothing uses, and W0008's tests ask for it alone
/// (`unused`).
fn lint_codes(segments: &str) -> Vec<String> {
    all_lint_codes(segments)
        .into_iter()
        .filter(|code| code != "W0008")
        .collect()
}

/// The names of the segments W0008 reports on `segments`.
fn unused(segments: &str) -> Vec<String> {
    let analysis = seglang::analyze_sources(
        &[("segments.seg", segments), ("schema.seg", SCHEMA)],
        &CheckOptions::default(),
    );
    assert_eq!(analysis.error_count(), 0, "{:?}", analysis.diagnostics);
    let program = analysis.program.expect("checked");
    seglang::lint::lint(&program, &seglang::lint::LintOptions::default())
        .iter()
        .filter(|d| d.code() == "W0008")
        .filter_map(|d| d.message().split('`').nth(1).map(str::to_string))
        .collect()
}

/// Every lint's code on `segments`.
fn all_lint_codes(segments: &str) -> Vec<String> {
    let analysis = seglang::analyze_sources(
        &[("segments.seg", segments), ("schema.seg", SCHEMA)],
        &CheckOptions::default(),
    );
    assert_eq!(analysis.error_count(), 0, "{:?}", analysis.diagnostics);
    let program = analysis.program.expect("checked");
    let options = seglang::lint::LintOptions {
        history: seglang::lint::Duration::parse("2 years"),
    };
    seglang::lint::lint(&program, &options)
        .iter()
        .map(|d| d.code())
        .collect()
}

const USE: &str = "use \"schema.seg\"\n";

#[test]
fn a_segment_without_an_owner_is_w0004_and_one_with_an_owner_is_not() {
    let without = format!("{USE}segment a on customers {{ where orders.count() > 1 }}\n");
    assert_eq!(lint_codes(&without), ["W0004"]);
    let with = format!(
        "{USE}segment a on customers {{\n  owner \"crm\"\n  where orders.count() > 1\n}}\n"
    );
    assert!(lint_codes(&with).is_empty());
}

#[test]
fn a_channel_segment_without_a_holdout_is_w0005_and_analytics_or_held_out_ones_are_not() {
    let sent = format!("{USE}segment a on customers {{\n  owner \"crm\"\n  channel email\n  where orders.count() > 1\n}}\n");
    assert_eq!(lint_codes(&sent), ["W0005"]);
    let held = format!("{USE}segment a on customers {{\n  owner \"crm\"\n  channel email\n  holdout 10%\n  where orders.count() > 1\n}}\n");
    assert!(lint_codes(&held).is_empty());
    let analytics = format!(
        "{USE}segment a on customers {{\n  owner \"crm\"\n  where orders.count() > 1\n}}\n"
    );
    assert!(lint_codes(&analytics).is_empty());
}

#[test]
fn segments_whose_conditions_mean_the_same_are_w0006_and_ones_that_differ_are_not() {
    let same = format!(
        "{USE}segment a on customers {{\n  owner \"crm\"\n  where orders.count() > 1 and orders.sum(amount) > 10\n}}\n\
         segment b on customers {{\n  owner \"crm\"\n  where (orders.count() > 1) and (orders.sum(amount) > 10)\n}}\n"
    );
    assert_eq!(lint_codes(&same), ["W0006"]);
    let other_bound = format!(
        "{USE}segment a on customers {{\n  owner \"crm\"\n  where orders.count() > 1\n}}\n\
         segment b on customers {{\n  owner \"crm\"\n  where orders.count() > 2\n}}\n"
    );
    assert!(lint_codes(&other_bound).is_empty());
    // The same criteria for two channels select different people: each needs its consent.
    let two_channels = format!(
        "{USE}segment a on customers {{\n  owner \"crm\"\n  channel email\n  holdout 10%\n  where orders.count() > 1\n}}\n\
         segment b on customers {{\n  owner \"crm\"\n  channel sms\n  holdout 10%\n  where orders.count() > 1\n}}\n"
    );
    assert!(lint_codes(&two_channels).is_empty());
}

#[test]
fn a_window_longer_than_the_history_kept_is_w0007_and_one_within_it_is_not() {
    // `lint_codes` lints as if seg.toml kept 2 years.
    let long = format!("{USE}segment a on customers {{\n  owner \"crm\"\n  where orders.count(last 3 years) > 1\n}}\n");
    assert_eq!(lint_codes(&long), ["W0007"]);
    let within = format!("{USE}segment a on customers {{\n  owner \"crm\"\n  where orders.count(last 24 months) > 1\n}}\n");
    assert!(lint_codes(&within).is_empty());
    let in_filter = format!("{USE}segment a on customers {{\n  owner \"crm\"\n  where orders.count(where ordered_at within last 800 days) > 1\n}}\n");
    assert_eq!(lint_codes(&in_filter), ["W0007"]);
}

#[test]
fn seg_toml_history_turns_w0007_on() {
    let segments = "use \"schema.seg\"\n\nsegment a on customers {\n  owner \"crm\"\n  where orders.count(last 5 years) > 1\n}\n";
    let dir = project(segments, None);
    let out = seg(dir.path(), &["check", "."]);
    assert!(
        !text(&out.stderr).contains("W0007"),
        "{}",
        text(&out.stderr)
    );
    let dir = project(segments, Some("[data]\nhistory = \"3 years\"\n"));
    let out = seg(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stderr).contains("W0007"), "{}", text(&out.stderr));
}

/// A project in a temporary directory: the schema, `segments` and, if given, a `seg.toml`.
pub(crate) fn project(segments: &str, seg_toml: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("schema.seg"), SCHEMA).expect("writable");
    std::fs::write(dir.path().join("segments.seg"), segments).expect("writable");
    if let Some(text) = seg_toml {
        std::fs::write(dir.path().join("seg.toml"), text).expect("writable");
    }
    dir
}

pub(crate) fn seg(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_seg"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the seg binary runs")
}

pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

pub(crate) const UNOWNED: &str = "use \"schema.seg\"\n\n/// Big spenders.\nsegment big on customers {\n  where orders.sum(amount) > 100\n}\n";

#[test]
fn a_lint_warns_by_default_and_check_passes() {
    let dir = project(UNOWNED, None);
    let out = seg(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("W0004"), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("0 errors, 1 warning"));
}

#[test]
fn a_lint_denied_in_seg_toml_fails_check_with_the_error_level_in_json_and_github() {
    let dir = project(UNOWNED, Some("[lints]\nW0004 = \"deny\"\n"));
    let out = seg(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("1 error, 0 warnings"));
    let out = seg(dir.path(), &["check", ".", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json[0]["code"], "W0004");
    assert_eq!(json[0]["severity"], "error");
    let out = seg(dir.path(), &["check", ".", "--format", "github"]);
    assert!(
        text(&out.stdout).starts_with("::error "),
        "{}",
        text(&out.stdout)
    );
    assert!(text(&out.stdout).contains("title=W0004"));
}

#[test]
fn a_lint_is_named_by_its_name_in_seg_toml_and_allowed_ones_are_not_printed() {
    let dir = project(UNOWNED, Some("[lints]\nmissing_owner = \"allow\"\n"));
    let out = seg(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        !text(&out.stderr).contains("W0004"),
        "{}",
        text(&out.stderr)
    );
    assert!(text(&out.stderr).contains("0 errors, 0 warnings"));
}

#[test]
fn flags_override_seg_toml_and_a_code_beats_warnings() {
    let dir = project(UNOWNED, Some("[lints]\nW0004 = \"deny\"\n"));
    let out = seg(dir.path(), &["check", ".", "-W", "W0004"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("W0004"));
    let out = seg(dir.path(), &["check", ".", "-A", "missing_owner"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!text(&out.stderr).contains("W0004"));

    let dir = project(UNOWNED, None);
    let out = seg(dir.path(), &["check", ".", "-D", "warnings"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let out = seg(dir.path(), &["check", ".", "-D", "warnings", "-A", "W0004"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = seg(dir.path(), &["check", ".", "-D", "W0004"]);
    assert_eq!(out.status.code(), Some(1));
    let out = seg(dir.path(), &["check", ".", "-D", "W9999"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("E0553"), "{}", text(&out.stderr));
}

#[test]
fn an_inline_allow_silences_one_declaration_only() {
    let segments = "use \"schema.seg\"\n\n// seg: allow(W0004)\n/// Big spenders.\nsegment big on customers {\n  where orders.sum(amount) > 100\n}\n\n\
                    segment small on customers {\n  where orders.sum(amount) < 10\n}\n";
    let dir = project(segments, None);
    let out = seg(
        dir.path(),
        &["check", ".", "-D", "warnings", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let items = json.as_array().expect("an array");
    assert_eq!(items.len(), 1, "{json}");
    assert!(items[0]["message"]
        .as_str()
        .unwrap_or("")
        .contains("`small`"));
    assert_eq!(out.status.code(), Some(1));

    let by_name = segments.replace("allow(W0004)", "allow(missing_holdout, missing_owner)");
    let dir = project(&by_name, Some("[lints]\nW0004 = \"deny\"\n"));
    let out = seg(dir.path(), &["check", ".", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json.as_array().map(Vec::len), Some(1), "{json}");
}

#[test]
fn env_picks_its_params_over_the_defaults_and_param_overrides_both() {
    let segments = "use \"schema.seg\"\n\nparam min_orders: int = 1\n\nsegment regulars on customers {\n  owner \"crm\"\n  where orders.count() >= min_orders\n}\n";
    let toml = "[params]\nmin_orders = 3\n\n[env.prod.params]\nmin_orders = 7\n";
    let dir = project(segments, Some(toml));
    let compile = |extra: &[&str]| {
        let mut args = vec![
            "compile",
            ".",
            "--target",
            "duckdb",
            "--as-of",
            "2026-11-22",
        ];
        args.extend_from_slice(extra);
        let out = seg(dir.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    assert!(compile(&[]).contains(">= 3"), "{}", compile(&[]));
    assert!(compile(&["--env", "prod"]).contains(">= 7"));
    assert!(compile(&["--env", "prod", "--param", "min_orders=9"]).contains(">= 9"));
    let out = seg(dir.path(), &["check", ".", "--env", "staging"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("E0554"), "{}", text(&out.stderr));
}

#[test]
fn compile_takes_its_target_from_seg_toml_and_target_overrides_it() {
    let segments = "use \"schema.seg\"\n\nsegment regulars on customers {\n  owner \"crm\"\n  where orders.count() >= 2\n}\n";
    let dir = project(segments, None);
    let out = seg(dir.path(), &["compile", "."]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("E0557"), "{}", text(&out.stderr));

    let dir = project(segments, Some("target = \"bigquery\"\n"));
    let compile = |extra: &[&str]| {
        let mut args = vec!["compile", ".", "--as-of", "2026-11-22"];
        args.extend_from_slice(extra);
        let out = seg(dir.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let bigquery = compile(&["--target", "bigquery"]);
    assert_eq!(compile(&[]), bigquery);
    assert_ne!(compile(&["--target", "postgres"]), bigquery);
}

#[test]
fn a_malformed_seg_toml_or_an_unknown_key_is_a_diagnostic_with_its_line() {
    let dir = project(UNOWNED, Some("[lints]\nW0004 = \"deny\"\n[params\n"));
    let out = seg(dir.path(), &["check", ".", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json[0]["code"], "E0550");
    assert_eq!(json[0]["line"], 3);
    assert!(json[0]["file"].as_str().unwrap_or("").ends_with("seg.toml"));

    let dir = project(
        UNOWNED,
        Some("[lints]\nW0004 = \"deny\"\n\n[targets]\nname = 1\n"),
    );
    let out = seg(dir.path(), &["check", ".", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json[0]["code"], "E0551");
    assert_eq!(json[0]["line"], 4);
}

/// The `toml` examples of docs/diagnostics.md, each as a project's `seg.toml`, give their code.
#[test]
fn every_catalogued_seg_toml_example_gives_its_code() {
    let catalogue = include_str!("../../docs/diagnostics.md");
    let mut code = None;
    let mut checked = 0;
    let mut lines = catalogue.lines();
    while let Some(line) = lines.next() {
        if let Some(heading) = line.strip_prefix("## ") {
            code = heading.split_once(':').map(|(c, _)| c.to_string());
        }
        if line != "```toml" {
            continue;
        }
        let block: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
        let code = code.clone().expect("a toml example under a code's heading");
        let dir = project(UNOWNED, Some(&(block.join("\n") + "\n")));
        let out = seg(dir.path(), &["check", "."]);
        assert_eq!(out.status.code(), Some(1), "{code}");
        assert!(
            text(&out.stderr).contains(&code),
            "{code}: {}",
            text(&out.stderr)
        );
        checked += 1;
    }
    assert_eq!(
        checked, 10,
        "E0550–E0553, E0555, E0556, E0558, E0559, E0565 and E0567 have a seg.toml example"
    );
}

#[test]
fn the_project_seg_init_writes_checks_clean_with_every_warning_denied() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = seg(dir.path(), &["init", "new"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = seg(
        &dir.path().join("new"),
        &["check", ".", "-D", "warnings", "--env", "prod"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("0 errors, 0 warnings"));
    // seg.toml's target: no --target needed.
    let out = seg(
        &dir.path().join("new"),
        &["compile", ".", "--as-of", "2026-11-22"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn missing_holdout_is_allowed_unless_named_and_minus_d_warnings_leaves_it_allowed() {
    let sent = format!("{USE}segment a on customers {{\n  owner \"crm\"\n  channel email\n  where orders.count() > 1\n}}\n");
    allowed_unless_named(&sent, "W0005", "W0005", "missing_holdout");
}

/// A lint allowed by default: `seg check`, even with `-D warnings`, says nothing of `code`;
/// `-W warn` shows it without failing; `NAME = "deny"` in `seg.toml` fails the check with it.
fn allowed_unless_named(source: &str, code: &str, warn: &str, name: &str) {
    let dir = project(source, None);
    for args in [&["check", "."][..], &["check", ".", "-D", "warnings"]] {
        let out = seg(dir.path(), args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(!text(&out.stderr).contains(code), "{}", text(&out.stderr));
    }
    let out = seg(dir.path(), &["check", ".", "-W", warn]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stderr).contains(code), "{}", text(&out.stderr));
    let dir = project(source, Some(&format!("[lints]\n{name} = \"deny\"\n")));
    let out = seg(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains(code), "{}", text(&out.stderr));
}

#[test]
fn a_segment_nothing_uses_is_w0008_and_its_near_misses_are_not() {
    let segments = format!(
        "{USE}\
         segment scratch on customers {{\n  owner \"crm\"\n  where orders.count() > 5\n}}\n\n\
         // Read only through an exclusion, by a channel segment: both used.\n\
         segment staff on customers {{\n  owner \"crm\"\n  where email is missing\n}}\n\n\
         segment sent on customers {{\n  owner \"crm\"\n  channel email\n  holdout 10%\n  where orders.count() > 1 and not in staff\n}}\n\n\
         // Read only by a test.\n\
         segment tested on customers {{\n  owner \"crm\"\n  where orders.count() >= 2\n}}\n\n\
         test \"nobody without orders\" {{\n  segment tested\n  as_of 2026-11-22\n  rows customers [ {{ customer_id: \"c1\", email: null }} ]\n  expect []\n}}\n\n\
         // Read only by a segment nothing reads: the outer one is reported, not the inner.\n\
         segment inner on customers {{\n  owner \"crm\"\n  where orders.count() >= 3\n}}\n\n\
         segment outer on customers {{\n  owner \"crm\"\n  where in inner and orders.sum(amount) > 50\n}}\n"
    );
    assert_eq!(unused(&segments), ["scratch", "outer"]);
}

#[test]
fn unused_segment_is_allowed_unless_named_and_an_inline_allow_silences_it() {
    let scratch = format!(
        "{USE}segment scratch on customers {{\n  owner \"crm\"\n  where orders.count() > 5\n}}\n"
    );
    allowed_unless_named(&scratch, "W0008", "unused_segment", "unused_segment");
    let allowed = scratch.replace("segment scratch", "// seg: allow(W0008)\nsegment scratch");
    let dir = project(&allowed, Some("[lints]\nunused_segment = \"deny\"\n"));
    let out = seg(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("0 errors, 0 warnings"));
}

#[test]
fn the_examples_check_without_a_warning_and_would_warn_of_their_analytics_segments() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for example in ["examples/retail", "examples/b2b"] {
        let out = seg(root, &["check", example]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains(" 0 warnings"),
            "{example}: {}",
            text(&out.stderr)
        );
        // The lint on: their analytics-only segments, read by nothing in the project.
        let out = seg(root, &["check", example, "-W", "W0008"]);
        assert!(text(&out.stderr).contains("W0008"), "{example}");
    }
}
