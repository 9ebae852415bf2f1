//! `seg report`: its numbers against `seg run`'s on the retail example, on DuckDB and
//! PostgreSQL; consent coverage, one reason per person in the documented precedence, on a small
//! fixture on both engines (members over time are in `report_history.rs`); user text kept out of
//! the markup; and the page itself in headless Chromium, offline.

use crate::pg_server::PgServer;
use crate::report_history::materialized_retail;
use crate::run::{copy_into_postgres, example};
use crate::support::*;
use seglang::dashboard::{render_html, Lang};
use seglang::ir::{lower, lower_consent_coverage, AsOf, LowerOptions, Reason};
use seglang::run::dashboard::{gather, Request};
use seglang::run::engine::Engine;
use seglang::sql::{create_tables, Placement, Target};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

pub(crate) const AS_OF: &str = "2026-11-22";
const FROM: &str = "2026-05-22";

const COVERAGE: &str = include_str!("../fixtures/report_consent.seg");
const COVERAGE_DATA: &str = include_str!("../fixtures/report_consent_data.sql");

pub(crate) fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the `seg` binary in the crate's root and returns its standard output, failing the test
/// with its standard error when it does not succeed.
pub(crate) fn seg(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_seg"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("seg runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "seg {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `seg report … --format json` with `extra` arguments, parsed.
pub(crate) fn report_json(dir: &Path, name: &str, extra: &[&str]) -> Value {
    let out = dir.join(name);
    let out_text = out.display().to_string();
    let mut args = vec![
        "report",
        "examples/retail",
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--out", &out_text]);
    seg(&args);
    serde_json::from_str(&std::fs::read_to_string(&out).expect("the report is written"))
        .expect("the report is JSON")
}

/// The section of `kind` in a JSON report.
pub(crate) fn section<'a>(report: &'a Value, kind: &str) -> &'a Value {
    report["sections"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["kind"] == kind))
        .unwrap_or_else(|| panic!("a {kind} section"))
}

pub(crate) fn n(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("{v} is a count"))
}

/// The numbers a report adds up: every channel's reasons to its rows, every RFM grid and its
/// unscored rows to the entity's, every lifecycle matrix to the entity's rows, the overlap's
/// diagonal to the sizes.
fn assert_consistent(report: &Value, rows: u64) {
    let channels = section(report, "consent")["channels"]
        .as_array()
        .expect("channels");
    assert!(
        channels.len() >= 2,
        "the retail segments use several channels"
    );
    for c in channels {
        let parts: u64 = [
            "reachable",
            "no_grant",
            "withdrawn",
            "basis_not_accepted",
            "suppressed",
        ]
        .iter()
        .map(|k| n(&c[*k]))
        .sum();
        assert_eq!(parts, n(&c["rows"]), "{c}");
        assert_eq!(n(&c["rows"]), rows);
        assert!(n(&c["reachable"]) > 0 && n(&c["no_grant"]) > 0, "{c}");
    }
    for m in section(report, "rfm")["models"].as_array().expect("models") {
        let scored: u64 = m["cells"]
            .as_array()
            .expect("cells")
            .iter()
            .flat_map(|r| r.as_array().expect("row").iter().map(n))
            .sum();
        assert_eq!(scored + n(&m["unscored"]), rows, "{}", m["model"]);
        assert!(
            m["segmentation"].is_string(),
            "std.rfm's grid labels the cells"
        );
    }
    let flows = section(report, "lifecycle")["flows"]
        .as_array()
        .expect("flows");
    assert!(!flows.is_empty());
    let segmentations = section(report, "sizes")["segmentations"]
        .as_array()
        .expect("segmentations");
    assert_eq!(segmentations.len(), flows.len());
    for (f, sized) in flows.iter().zip(segmentations) {
        let matrix: Vec<Vec<u64>> = f["matrix"]
            .as_array()
            .expect("matrix")
            .iter()
            .map(|r| r.as_array().expect("row").iter().map(n).collect())
            .collect();
        let moved: u64 = matrix.iter().flatten().sum();
        assert_eq!(moved, rows, "{}", f["segmentation"]);
        // Where people are on the evaluation date (the moves' columns) is each stage's size.
        assert_eq!(sized["segmentation"], f["segmentation"]);
        let stages = sized["stages"].as_array().expect("stages");
        for (j, stage) in stages.iter().enumerate() {
            let arrived: u64 = matrix.iter().map(|row| row[j]).sum();
            assert_eq!(n(&stage["members"]), arrived, "{}", stage["segment"]);
        }
    }
    let overlap = section(report, "overlap");
    let sizes: BTreeMap<String, u64> = section(report, "sizes")["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|s| {
            (
                s["segment"].as_str().unwrap_or("").to_string(),
                n(&s["members"]),
            )
        })
        .collect();
    for (i, name) in overlap["segments"]
        .as_array()
        .expect("names")
        .iter()
        .enumerate()
    {
        let name = name.as_str().unwrap_or("");
        assert_eq!(n(&overlap["matrix"][i][i]), sizes[name], "{name}");
    }
}

#[test]
fn report_numbers_are_seg_runs_and_add_up_on_duckdb_and_postgres() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let run: Value = serde_json::from_str(&seg(&[
        "run",
        "examples/retail",
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]))
    .expect("seg run's JSON");
    let on_duckdb = report_json(dir.path(), "duckdb.json", &["--from", FROM]);
    let sizes = section(&on_duckdb, "sizes");
    let stages = sizes["segmentations"]
        .as_array()
        .expect("segmentations")
        .iter()
        .flat_map(|s| s["stages"].as_array().expect("stages"));
    let reported: BTreeMap<&str, (u64, f64)> = sizes["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .chain(stages)
        .map(|s| {
            let share = s["share"].as_f64().expect("a share");
            (
                s["segment"].as_str().unwrap_or(""),
                (n(&s["members"]), share),
            )
        })
        .collect();
    assert!(
        reported.keys().any(|name| name.starts_with("lifecycle:")),
        "the stages of std.lifecycle are among the sizes"
    );
    let run_rows = run["segments"].as_array().expect("seg run's segments");
    for s in run_rows {
        // Segments, control groups and the stages of segmentations, as `seg run` lists them.
        let name = s["name"].as_str().unwrap_or("");
        let (members, share) = reported
            .get(name)
            .unwrap_or_else(|| panic!("{name} is in the report's sizes"));
        assert_eq!(*members, n(&s["members"]), "{name}");
        assert_eq!(Some(*share), s["share"].as_f64(), "{name}");
    }
    assert_eq!(
        run_rows.len(),
        reported.len(),
        "every reported size is one of seg run's"
    );
    let rows = n(&run["entities"]["customers"]);
    assert_eq!(n(&sizes["entities"][0]["rows"]), rows);
    assert_consistent(&on_duckdb, rows);

    let server = PgServer::start().expect("a PostgreSQL server can be started for the tests");
    let program = example("retail");
    copy_into_postgres(
        &mut server.connect(),
        &program,
        &root().join("examples/retail/data"),
    );
    let url = server.url();
    let on_postgres = report_json(dir.path(), "pg.json", &["--from", FROM, "--postgres", &url]);
    assert_eq!(
        on_postgres["sections"], on_duckdb["sections"],
        "DuckDB and PostgreSQL disagree"
    );
}

/// Who each reason of `email` holds in the fixture, on `engine`; and the fixture's segment.
fn coverage_members(
    engine: &mut Engine,
) -> (BTreeMap<&'static str, BTreeSet<String>>, BTreeSet<String>) {
    let program = program(&[("report_consent.seg", COVERAGE)]);
    let as_of = AsOf::Fixed(date("2026-03-31"));
    let uses = lower_consent_coverage(&program, as_of);
    assert_eq!(uses.len(), 1, "the fixture's segments use one channel");
    let (channel, plan) = &uses[0];
    assert_eq!(
        (channel.channel.as_str(), channel.bases.as_slice()),
        ("email", &["consent".to_string()][..])
    );
    let outcome = engine
        .run(std::slice::from_ref(plan))
        .expect("the coverage plan runs");
    let by_reason = Reason::ALL
        .iter()
        .zip(&plan.segments)
        .map(|(r, rule)| (r.name(), outcome.members[&rule.name()].clone()))
        .collect();
    let plans = lower(
        &program,
        &LowerOptions {
            as_of,
            segments: Vec::new(),
        },
    );
    let segment = engine.run(&plans).expect("the segment runs").members["email_people"].clone();
    (by_reason, segment)
}

fn expected_reasons() -> BTreeMap<&'static str, BTreeSet<String>> {
    let set = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect();
    BTreeMap::from([
        // A later grant after a withdrawal restores consent.
        ("reachable", set(&["reachable", "regranted"])),
        // A grant after the evaluation date is none yet; no grant comes before a suppression;
        // another channel's grant does not count.
        (
            "no_grant",
            set(&[
                "no_grant",
                "granted_later",
                "suppressed_no_grant",
                "sms_only",
            ]),
        ),
        // Withdrawn on the evaluation date; a withdrawal at the same instant as a valid grant
        // wins; withdrawn comes before a suppression.
        (
            "withdrawn",
            set(&["withdrawn", "tie_withdrawn", "withdrawn_suppressed"]),
        ),
        ("basis_not_accepted", set(&["basis"])),
        ("suppressed", set(&["suppressed"])),
    ])
}

fn assert_coverage(engine_name: &str, engine: &mut Engine) {
    let (by_reason, segment) = coverage_members(engine);
    assert_eq!(by_reason, expected_reasons(), "{engine_name}");
    assert_eq!(
        by_reason["reachable"], segment,
        "{engine_name}: reachable is the segment's rule"
    );
}

#[test]
fn consent_reasons_follow_the_documented_precedence_on_duckdb() {
    let program = program(&[("report_consent.seg", COVERAGE)]);
    let conn = duckdb::Connection::open_in_memory().expect("DuckDB opens");
    for ddl in create_tables(&program.schema, Target::DuckDb) {
        conn.execute_batch(&ddl).expect("DDL");
    }
    conn.execute_batch(COVERAGE_DATA).expect("fixture data");
    assert_coverage("DuckDB", &mut Engine::DuckDb(conn));
}

#[test]
fn consent_reasons_follow_the_documented_precedence_on_postgres() {
    let program = program(&[("report_consent.seg", COVERAGE)]);
    let server = PgServer::start().expect("a PostgreSQL server can be started for the tests");
    let mut client = server.connect();
    load_postgres(&mut client, &program, COVERAGE_DATA);
    assert_coverage("PostgreSQL", &mut Engine::Postgres(Box::new(client)));
}

#[test]
fn a_hostile_doc_comment_stays_text_in_the_page() {
    let program = program(&[("report_consent.seg", COVERAGE)]);
    let conn = duckdb::Connection::open_in_memory().expect("DuckDB opens");
    for ddl in create_tables(&program.schema, Target::DuckDb) {
        conn.execute_batch(&ddl).expect("DDL");
    }
    conn.execute_batch(COVERAGE_DATA).expect("fixture data");
    let request = Request {
        project: "<b>project</b>".into(),
        as_of: date("2026-03-31"),
        from: Some(date("2026-01-31")),
        source: "<i>source</i>".into(),
        history: Placement::default(),
    };
    let report = gather(&mut Engine::DuckDb(conn), &program, &request).expect("the report");
    for lang in [Lang::En, Lang::Fr] {
        let html = render_html(&report, lang);
        assert!(
            html.contains("&lt;script&gt;alert(&quot;doc&quot;)&lt;/script&gt;"),
            "the doc is shown, as text"
        );
        for tag in ["<script", "<img", "</td></table>", "<b>", "<i>"] {
            assert!(!html.contains(tag), "{tag} got into the page");
        }
    }
}

/// The command that installs what the browser test needs, when it is missing.
fn require(program: &str, install: &str) {
    let found = Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "{program} is missing: install it with `{install}` (the browser test never skips)"
    );
}

#[test]
fn the_page_opens_offline_in_headless_chromium_and_shows_the_json_numbers() {
    require("node", "apt-get install -y nodejs npm");
    require("npm", "apt-get install -y nodejs npm");
    require("/usr/bin/chromium", "apt-get install -y chromium");
    let browser = root().join("tests/browser");
    if !browser.join("node_modules/playwright-core").is_dir() {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&browser)
            .status()
            .expect("npm runs");
        assert!(status.success(), "npm ci in tests/browser failed");
    }
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = materialized_retail(dir.path()).display().to_string();
    let artifacts = root().join("target/report");
    std::fs::create_dir_all(&artifacts).expect("target/report");
    for lang in ["fr", "en"] {
        let html = artifacts.join(format!("retail-{lang}.html"));
        let json = artifacts.join(format!("retail-{lang}.json"));
        let shot = artifacts.join(format!("retail-{lang}.png"));
        for (format, out) in [("html", &html), ("json", &json)] {
            let out = out.display().to_string();
            seg(&[
                "report",
                "examples/retail",
                "--duckdb",
                &file,
                "--as-of",
                AS_OF,
                "--from",
                FROM,
                "--lang",
                lang,
                "--format",
                format,
                "--out",
                &out,
            ]);
        }
        let out = Command::new("node")
            .arg("check-report.mjs")
            .args([&html, &json, &shot])
            .current_dir(&browser)
            .output()
            .expect("node runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        #[allow(
            clippy::print_stderr,
            reason = "the screenshot's path, for whoever looks at the page (shown with --nocapture)"
        )]
        {
            eprintln!("{stdout}");
        }
        assert!(
            out.status.success(),
            "the page failed in Chromium:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.contains(" 0 external requests"), "{stdout}");
        assert!(shot.is_file(), "a screenshot at {}", shot.display());
    }
}

#[test]
fn moves_that_go_backwards_are_refused_before_any_data_is_read() {
    let out = Command::new(env!("CARGO_BIN_EXE_seg"))
        .args([
            "report",
            "examples/retail",
            "--as-of",
            "2026-03-01",
            "--from",
            "2026-03-08",
        ])
        .args(["--data", "no/such/directory", "--out", "never-written.html"])
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("seg runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("E0620"), "{stderr}");
    assert!(!root().join("never-written.html").exists());
}

#[test]
fn kpis_and_their_uplift_are_those_of_seg_run_kpis() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let run: Value = serde_json::from_str(&seg(&[
        "run",
        "examples/retail",
        "--as-of",
        AS_OF,
        "--kpis",
        "--format",
        "json",
    ]))
    .expect("seg run --kpis's JSON");
    let report = report_json(dir.path(), "kpis.json", &[]);
    let kpis = section(&report, "kpis");
    let number = |v: &Value| v.as_str().and_then(|t| t.parse::<f64>().ok());
    let mut compared = 0;
    for row in run["kpis"].as_array().expect("kpi rows") {
        let (kpi, segment) = (row["kpi"].as_str(), row["segment"].as_str());
        let shown = kpis["kpis"]
            .as_array()
            .expect("kpis")
            .iter()
            .find(|k| k["kpi"].as_str() == kpi)
            .and_then(|k| {
                k["groups"]
                    .as_array()?
                    .iter()
                    .find(|g| g["segment"].as_str() == segment)
            })
            .unwrap_or_else(|| panic!("{kpi:?} on {segment:?} in the report"));
        assert_eq!(
            shown["value"].as_f64(),
            number(&row["value"]),
            "{kpi:?} {segment:?}"
        );
        assert_eq!(shown["n"], row["n"]);
        compared += 1;
        if let Some(uplift) = row.get("uplift") {
            let in_report = kpis["uplifts"]
                .as_array()
                .expect("uplifts")
                .iter()
                .find(|u| u["kpi"].as_str() == kpi && u["segment"].as_str() == segment)
                .expect("the uplift in the report");
            assert_eq!(
                in_report["p_value"].as_f64(),
                uplift["test"]["p_value"].as_f64(),
                "{kpi:?} {segment:?}"
            );
        }
    }
    assert!(compared > 100, "{compared} KPI values compared");
}
