//! `seg run` on the bundled examples' data: embedded DuckDB, a real PostgreSQL server loaded from
//! the same CSV files, and the reference evaluator give the same members for every segment.

use crate::pg_server::PgServer;
use crate::support::*;
use seglang::check::typed::{Program, Type};
use seglang::ir::{lower, AsOf, LowerOptions};
use seglang::run::reference::evaluate;
use seglang::sample::{generate, Demo};
use seglang::sql::{create_tables, Target};
use seglang::value::{Cell, Dataset, Table};
use std::path::Path;
use std::process::Command;

/// A bundled example, checked.
pub fn example(name: &str) -> Program {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("example exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "seg"))
        .collect();
    files.sort();
    let read = |p: &Path| std::fs::read(p);
    seglang::analyze(&files, &read, &Default::default())
        .expect("readable")
        .program
        .expect("the example checks")
}

/// RFC 4180 fields of one CSV text; `None` for an empty unquoted field (missing).
fn parse_csv(text: &str) -> Vec<Vec<Option<String>>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let (mut quoted, mut in_quotes, mut chars) = (false, false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (in_quotes, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => in_quotes = false,
            (true, c) => field.push(c),
            (false, '"') => {
                in_quotes = true;
                quoted = true;
            }
            (false, ',' | '\n') => {
                row.push((quoted || !field.is_empty()).then(|| std::mem::take(&mut field)));
                quoted = false;
                if c == '\n' {
                    rows.push(std::mem::take(&mut row));
                }
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

/// The example's CSV files as typed rows for the reference evaluator.
fn dataset(program: &Program, dir: &Path) -> Dataset {
    let mut data = Dataset::new();
    for (name, _, columns) in program.schema.declared_tables() {
        let text = std::fs::read_to_string(dir.join(format!("{name}.csv"))).expect("data file");
        let mut rows = parse_csv(&text).into_iter();
        let header: Vec<String> = rows
            .next()
            .expect("header")
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect();
        let types: Vec<&Type> = header
            .iter()
            .map(|h| {
                &columns
                    .iter()
                    .find(|c| &c.name == h)
                    .expect("declared column")
                    .ty
            })
            .collect();
        let rows = rows
            .map(|r| {
                r.into_iter()
                    .zip(&types)
                    .map(|(v, ty)| match v {
                        None => Cell::Null,
                        Some(v) => ty
                            .parse_cell(&v)
                            .unwrap_or_else(|| panic!("{v:?} is not a {ty:?}")),
                    })
                    .collect()
            })
            .collect();
        data.insert(
            name.to_string(),
            Table {
                columns: header,
                rows,
            },
        );
    }
    data
}

/// `seg ARGS`, run from the crate's root: its JSON report, or a failure unless it exits 0.
pub fn seg_json(args: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_seg"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("seg runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON report")
}

/// Each segment's name and member count in a `seg run --format json` report.
pub fn sizes(report: &serde_json::Value) -> Vec<(String, u64)> {
    report["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap_or("").to_string(),
                s["members"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn committed_demo_data_is_what_seg_demo_writes() {
    for (name, demo) in [("retail", Demo::Retail), ("b2b", Demo::B2b)] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(name)
            .join("data");
        for (file, text) in generate(demo, 1) {
            let on_disk = std::fs::read_to_string(dir.join(&file)).expect("committed data file");
            assert!(
                on_disk == text,
                "examples/{name}/data/{file} differs from `seg demo` output"
            );
        }
    }
}

/// Loads the CSV files of `dir` into PostgreSQL with COPY, creating the tables first.
pub fn copy_into_postgres(client: &mut postgres::Client, program: &Program, dir: &Path) {
    for ddl in create_tables(&program.schema, Target::Postgres) {
        client
            .batch_execute(&ddl.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"))
            .expect("DDL");
    }
    for (table, path, _) in program.schema.declared_tables() {
        let text = std::fs::read_to_string(dir.join(format!("{table}.csv"))).expect("data file");
        let header = text.lines().next().expect("header").to_string();
        let sql = format!(
            "COPY {} ({header}) FROM STDIN WITH (FORMAT csv, HEADER true)",
            path.0.join(".")
        );
        let mut writer = client.copy_in(sql.as_str()).expect("COPY starts");
        std::io::Write::write_all(&mut writer, text.as_bytes()).expect("COPY data");
        writer.finish().expect("COPY ends");
    }
}

#[test]
fn seg_run_gives_the_same_sizes_on_duckdb_postgres_and_the_reference() {
    let server = PgServer::start().expect("a PostgreSQL server can be started for the tests");
    for name in ["retail", "b2b"] {
        let program = example(name);
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(name)
            .join("data");
        let mut client = server.connect();
        copy_into_postgres(&mut client, &program, &dir);
        let project = format!("examples/{name}");
        let on_duckdb = seg_json(&["run", &project, "--as-of", "2026-11-22", "--format", "json"]);
        let on_postgres = seg_json(&[
            "run",
            &project,
            "--as-of",
            "2026-11-22",
            "--format",
            "json",
            "--postgres",
            &server.url(),
        ]);
        assert_eq!(
            sizes(&on_duckdb),
            sizes(&on_postgres),
            "{name}: DuckDB and PostgreSQL disagree"
        );
        assert_eq!(on_duckdb["entities"], on_postgres["entities"]);
        // Sizes are counted by the engine; `--overlap` fetches the members' keys instead
        // (the membership statement), and counts the same on both.
        let with_keys = |extra: &[&str]| {
            let mut args = vec!["run", &project, "--as-of", "2026-11-22", "--format", "json"];
            args.extend(["--overlap"].iter().chain(extra));
            let report = seg_json(&args);
            let diagonal: Vec<u64> = (report["overlap"].as_array().expect("overlap").iter())
                .enumerate()
                .map(|(i, row)| row[i].as_u64().unwrap_or(0))
                .collect();
            let counted: Vec<u64> = sizes(&report).into_iter().map(|(_, n)| n).collect();
            assert_eq!(
                diagonal, counted,
                "{name}: a segment overlaps itself entirely"
            );
            sizes(&report)
        };
        assert_eq!(
            with_keys(&[]),
            sizes(&on_duckdb),
            "{name}: DuckDB keys vs counts"
        );
        assert_eq!(
            with_keys(&["--postgres", &server.url()]),
            sizes(&on_postgres),
            "{name}: PostgreSQL keys vs counts"
        );
        if name == "retail" {
            exported_traits_are_the_same_digits_on_both(&project, &server.url());
        }

        let data = dataset(&program, &dir);
        let mut plans = lower(
            &program,
            &LowerOptions {
                as_of: AsOf::Fixed(date("2026-11-22")),
                segments: Vec::new(),
            },
        );
        // `seg run` also reports the stages of every segmentation.
        plans.extend(
            (0..program.segmentations.len())
                .map(|i| seglang::ir::lower_stages(&program, AsOf::Fixed(date("2026-11-22")), i)),
        );
        let mut reference = Vec::new();
        for plan in &plans {
            let members = evaluate(plan, &data, date("2026-11-22")).expect("reference evaluates");
            reference.extend(
                plan.segments
                    .iter()
                    .map(|s| (s.name(), members[&s.name()].len() as u64)),
            );
        }
        assert_eq!(
            sizes(&on_duckdb),
            reference,
            "{name}: DuckDB and the reference evaluator disagree"
        );
        assert!(
            sizes(&on_duckdb).iter().all(|(_, n)| *n > 0),
            "{name}: every example segment has members"
        );
    }
}

#[test]
fn seg_run_names_the_file_line_and_column_of_bad_data() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (file, text) in generate(Demo::Retail, 1) {
        let text = match file.as_str() {
            "orders.csv" => text.replacen(",2026-", ",2026-13-", 1),
            _ => text,
        };
        std::fs::write(dir.path().join(file), text).expect("write");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_seg"))
        .args([
            "run",
            "examples/retail",
            "--data",
            dir.path().to_str().expect("utf-8"),
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("seg runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("E0603")
            && stderr.contains("orders.csv, line")
            && stderr.contains("column `ordered_at`"),
        "{stderr}"
    );
}

#[test]
fn export_writes_consent_evidence_and_refuses_analytics_only_segments() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_dir = dir.path().to_str().expect("utf-8").to_string();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_seg"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("NO_COLOR", "1")
            .output()
            .expect("seg runs")
    };
    let refused = run(&[
        "run",
        "examples/retail",
        "--as-of",
        "2026-11-22",
        "--export",
        &out_dir,
    ]);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("E0611") && stderr.contains("employees"),
        "{stderr}"
    );
    assert!(
        std::fs::read_dir(dir.path())
            .map(|d| d.count())
            .unwrap_or(0)
            == 0,
        "nothing is written when refused"
    );

    let done = run(&[
        "run",
        "examples/retail",
        "--as-of",
        "2026-11-22",
        "--segment",
        "lapsing_vips",
        "--segment",
        "south_swimwear",
        "--export",
        &out_dir,
    ]);
    assert_eq!(
        done.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let text = std::fs::read_to_string(dir.path().join("lapsing_vips.csv")).expect("export file");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("customer_id,email_consent_granted_at,email_consent_source,email_consent_basis")
    );
    let rows: Vec<&str> = lines.collect();
    assert!(!rows.is_empty());
    for row in &rows {
        let fields: Vec<&str> = row.split(',').collect();
        assert!(
            fields.len() == 4 && !fields[1].is_empty() && fields[3] == "consent",
            "{row}"
        );
        assert!(!row.contains('@'), "no personal data in exports: {row}");
    }
    let swim = std::fs::read_to_string(dir.path().join("south_swimwear.csv")).expect("export file");
    assert!(swim.starts_with("customer_id,email_consent_granted_at,email_consent_source,email_consent_basis,post_consent_granted_at"));
}

/// `--trait` adds the traits' values to the export: a decimal with its declared digits, a
/// quotient rounded half away from zero to 9 digits, the same text from DuckDB and PostgreSQL.
fn exported_traits_are_the_same_digits_on_both(project: &str, postgres: &str) {
    let export = |engine: &[&str]| {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().to_str().expect("utf-8").to_string();
        let mut args = vec![
            "run",
            project,
            "--as-of",
            "2026-11-22",
            "--segment",
            "lapsing_vips",
            "--export",
        ];
        args.push(&out);
        args.extend(["--trait", "spend_365", "--trait", "discount_share"]);
        args.extend(engine);
        let done = Command::new(env!("CARGO_BIN_EXE_seg"))
            .args(&args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("seg runs");
        assert_eq!(
            done.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
        std::fs::read_to_string(dir.path().join("lapsing_vips.csv")).expect("export file")
    };
    let on_duckdb = export(&[]);
    assert_eq!(on_duckdb, export(&["--postgres", postgres]));
    let mut lines = on_duckdb.lines();
    assert_eq!(
        lines.next(),
        Some("customer_id,email_consent_granted_at,email_consent_source,email_consent_basis,spend_365,discount_share")
    );
    for row in lines {
        let fields: Vec<&str> = row.split(',').collect();
        let spend = fields[4].split_once('.').map(|(_, f)| f.len());
        let share = fields[5].split_once('.').map(|(_, f)| f.len());
        assert_eq!((spend, share), (Some(2), Some(9)), "{row}");
    }
}

#[test]
fn parquet_files_give_the_same_sizes_as_csv() {
    let dir = tempfile::tempdir().expect("temp dir");
    let conn = duckdb::Connection::open_in_memory().expect("DuckDB");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/retail/data");
    let program = example("retail");
    for (table, _, _) in program.schema.declared_tables() {
        let csv = data.join(format!("{table}.csv"));
        let parquet = dir.path().join(format!("{table}.parquet"));
        conn.execute_batch(&format!(
            "COPY (SELECT * FROM read_csv('{}', header = true, all_varchar = true, allow_quoted_nulls = false)) TO '{}' (FORMAT PARQUET)",
            csv.display(),
            parquet.display()
        ))
        .expect("CSV converts to Parquet");
    }
    let from_parquet = seg_json(&[
        "run",
        "examples/retail",
        "--as-of",
        "2026-11-22",
        "--format",
        "json",
        "--data",
        dir.path().to_str().expect("utf-8"),
    ]);
    let from_csv = seg_json(&[
        "run",
        "examples/retail",
        "--as-of",
        "2026-11-22",
        "--format",
        "json",
    ]);
    assert_eq!(sizes(&from_parquet), sizes(&from_csv));
}

#[test]
fn holdout_control_group_is_about_its_share_and_apart_from_the_treatment() {
    let report = seg_json(&[
        "run",
        "examples/retail",
        "--as-of",
        "2026-11-22",
        "--format",
        "json",
    ]);
    let sizes = sizes(&report);
    let size = |name: &str| {
        sizes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| *s)
            .expect("segment reported")
    };
    let (treatment, control) = (size("one_time_buyers"), size("one_time_buyers:control"));
    let share = control as f64 / (treatment + control) as f64;
    // 10% of ~350 members: three standard deviations are about 5 points.
    assert!(
        (0.05..=0.15).contains(&share),
        "control share {share:.3} ({control} of {})",
        treatment + control
    );
}

#[test]
fn transitions_put_every_customer_in_exactly_one_cell() {
    let report = seg_json(&[
        "run",
        "examples/retail",
        "--transitions",
        "lifecycle",
        "--from",
        "2026-05-22",
        "--to",
        "2026-11-22",
        "--format",
        "json",
    ]);
    let matrix: Vec<Vec<u64>> = report["matrix"]
        .as_array()
        .expect("matrix")
        .iter()
        .map(|row| {
            row.as_array()
                .expect("row")
                .iter()
                .map(|n| n.as_u64().unwrap_or(0))
                .collect()
        })
        .collect();
    let total: u64 = matrix.iter().flatten().sum();
    assert_eq!(
        total, 3028,
        "every customer moves from one stage to one stage"
    );
    // The columns are the stage sizes on the second date, as `seg run` reports them.
    let now = seg_json(&[
        "run",
        "examples/retail",
        "--as-of",
        "2026-11-22",
        "--format",
        "json",
    ]);
    let stages = report["stages"].as_array().expect("stages");
    for (j, stage) in stages.iter().enumerate() {
        let name = format!("lifecycle:{}", stage.as_str().unwrap_or(""));
        let size = sizes(&now)
            .into_iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| s)
            .expect("stage size");
        assert_eq!(matrix.iter().map(|r| r[j]).sum::<u64>(), size, "{name}");
    }
    // Nobody goes back to being a prospect once they have ordered.
    let prospect = stages
        .iter()
        .position(|s| s == "prospect")
        .expect("prospect stage");
    for (i, row) in matrix.iter().enumerate() {
        if i != prospect {
            assert_eq!(row[prospect], 0, "{} → prospect", stages[i]);
        }
    }
}

#[test]
fn samples_mask_personal_keys_of_control_groups_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/retail");
    for file in ["schema.seg", "segments.seg"] {
        let text = std::fs::read_to_string(root.join(file)).expect("example file");
        // The customer key becomes personal data.
        let text = text.replace("key customer_id: string", "key customer_id: string pii");
        std::fs::write(dir.path().join(file), text).expect("write");
    }
    let data = root.join("data");
    let report = seg_json(&[
        "run",
        dir.path().to_str().expect("utf-8"),
        "--data",
        data.to_str().expect("utf-8"),
        "--as-of",
        "2026-11-22",
        "--sample",
        "2",
        "--format",
        "json",
    ]);
    let rows = report["segments"].as_array().expect("segments array");
    let mut checked = Vec::new();
    for row in rows {
        let name = row["name"].as_str().expect("name");
        for key in row["sample"].as_array().expect("sample array") {
            assert_eq!(key, "(pii: use --with-pii)", "{name} shows a personal key");
        }
        if !row["sample"].as_array().expect("sample").is_empty() {
            checked.push(name.to_string());
        }
    }
    assert!(
        checked.iter().any(|n| n.ends_with(":control")),
        "a control group's sample was checked: {checked:?}"
    );
}
