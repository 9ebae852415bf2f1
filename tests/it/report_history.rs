//! `seg report`'s members over time: the sizes of each date `seg materialize` recorded, read
//! from the schema and prefix it was given, on DuckDB and PostgreSQL.

use crate::pg_server::PgServer;
use crate::report::{n, report_json, root, section, seg, AS_OF};
use crate::run::{copy_into_postgres, example};
use seglang::run::load::load_directory;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
/// A DuckDB file holding the retail data, materialized at three weekly dates.
pub(crate) fn materialized_retail(dir: &Path) -> PathBuf {
    let file = retail_duckdb(dir);
    let place = ["--duckdb", file.to_str().expect("a UTF-8 path")];
    materialize_retail(&place, &["2026-11-08", "2026-11-15", AS_OF], &[]);
    file
}

/// A DuckDB file holding the retail data.
fn retail_duckdb(dir: &Path) -> PathBuf {
    let file = dir.join("retail.duckdb");
    let conn = duckdb::Connection::open(&file).expect("a DuckDB file");
    load_directory(
        &conn,
        &example("retail").schema,
        &root().join("examples/retail/data"),
    )
    .expect("the retail data loads");
    file
}

/// `seg materialize` of the retail example at each of `days`, into the database `place`
/// (`--duckdb FILE` or `--postgres URL`), with `extra` arguments.
fn materialize_retail(place: &[&str], days: &[&str], extra: &[&str]) {
    for day in days {
        let mut args = vec!["materialize", "examples/retail"];
        args.extend_from_slice(place);
        args.extend_from_slice(&["--as-of", day]);
        args.extend_from_slice(extra);
        seg(&args);
    }
}

#[test]
fn members_over_time_are_the_sizes_of_each_materialized_date() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = materialized_retail(dir.path()).display().to_string();
    let report = report_json(dir.path(), "history.json", &["--duckdb", &file]);
    let history = section(&report, "history");
    assert_eq!(history["available"], true);
    assert_eq!(
        history["dates"],
        serde_json::json!(["2026-11-08", "2026-11-15", AS_OF])
    );
    for (d, day) in ["2026-11-08", "2026-11-15", AS_OF].iter().enumerate() {
        let run: Value = serde_json::from_str(&seg(&[
            "run",
            "examples/retail",
            "--as-of",
            day,
            "--format",
            "json",
        ]))
        .expect("seg run's JSON");
        let sizes: BTreeMap<&str, u64> = run["segments"]
            .as_array()
            .expect("segments")
            .iter()
            .map(|s| (s["name"].as_str().unwrap_or(""), n(&s["members"])))
            .collect();
        let series = history["series"].as_array().expect("series");
        assert!(!series.is_empty());
        for s in series {
            let name = s["segment"].as_str().unwrap_or("");
            // A holdout's treatment group is the segment's name; its control group is apart.
            assert_eq!(n(&s["members"][d]), sizes[name], "{name} on {day}");
        }
    }
    let without = report_json(dir.path(), "no-history.json", &[]);
    assert_eq!(section(&without, "history")["available"], false);
}

/// The schema and prefix the history tests give `seg materialize`, and the dates.
const PLACED: [&str; 4] = ["--schema", "crm", "--prefix", "mkt_"];
const PLACED_DAYS: [&str; 2] = ["2026-11-15", AS_OF];

/// The membership tables `seg materialize` made in schema `crm` with prefix `mkt_`, from the
/// catalogue of the database.
const PLACED_TABLES: &str = "SELECT CAST(COUNT(*) AS INTEGER) FROM information_schema.tables \
     WHERE table_schema = 'crm' AND table_name LIKE 'mkt\\_%' ESCAPE '\\'";

/// The report on `place`, materialized under [`PLACED`], shows the history with the same
/// `--schema` and `--prefix`, and none without them or with only one.
fn assert_history_read_where_materialized(dir: &Path, place: &[&str]) {
    let mut placed = place.to_vec();
    placed.extend_from_slice(&PLACED);
    let report = report_json(dir, "placed.json", &placed);
    let history = section(&report, "history");
    assert_eq!(history["available"], true, "{place:?}");
    assert_eq!(history["dates"], serde_json::json!(PLACED_DAYS));
    let sizes = section(&report, "sizes")["segments"]
        .as_array()
        .expect("segments");
    let series = history["series"].as_array().expect("series");
    assert!(!series.is_empty());
    for s in series {
        // The last materialized date is the report's: its members are the sizes.
        let size = sizes
            .iter()
            .find(|z| z["segment"] == s["segment"])
            .expect("a size");
        assert_eq!(s["members"][1], size["members"], "{}", s["segment"]);
    }
    // Elsewhere than where the tables are, there is no history.
    let misplaced: [&[&str]; 3] = [&[], &["--prefix", "mkt_"], &["--schema", "crm"]];
    for (i, extra) in misplaced.into_iter().enumerate() {
        let mut args = place.to_vec();
        args.extend_from_slice(extra);
        let report = report_json(dir, &format!("misplaced-{i}.json"), &args);
        assert_eq!(section(&report, "history")["available"], false, "{extra:?}");
    }
}

#[test]
fn the_history_is_read_from_the_schema_and_prefix_seg_materialize_was_given_on_duckdb() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = retail_duckdb(dir.path()).display().to_string();
    let place = ["--duckdb", file.as_str()];
    materialize_retail(&place, &PLACED_DAYS, &PLACED);
    let conn = duckdb::Connection::open(&file).expect("the DuckDB file opens");
    let tables: i32 = conn
        .query_row(PLACED_TABLES, [], |r| r.get(0))
        .expect("the catalogue");
    drop(conn);
    assert!(tables >= 3, "seg materialize wrote crm.mkt_* tables");
    assert_history_read_where_materialized(dir.path(), &place);
}

#[test]
fn the_history_is_read_from_the_schema_and_prefix_seg_materialize_was_given_on_postgres() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let server = PgServer::start().expect("a PostgreSQL server can be started for the tests");
    let mut client = server.connect();
    copy_into_postgres(
        &mut client,
        &example("retail"),
        &root().join("examples/retail/data"),
    );
    let url = server.url();
    let place = ["--postgres", url.as_str()];
    materialize_retail(&place, &PLACED_DAYS, &PLACED);
    let tables: i32 = client
        .query_one(PLACED_TABLES, &[])
        .expect("the catalogue")
        .get(0);
    assert!(tables >= 3, "seg materialize wrote crm.mkt_* tables");
    assert_history_read_where_materialized(dir.path(), &place);
}
