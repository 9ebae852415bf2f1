//! `seg.toml`'s data location and `--env` on every command that checks a project, through the
//! real binary: what `seg check` accepts and refuses (with the line), and what an environment
//! changes for `seg explain`, `seg ir`, `seg graph` and `seg dbt`. The commands that read the
//! data are driven in `tests/it/config.rs`.

use crate::lints::{project, seg, text, UNOWNED};

const REGULARS: &str = "use \"schema.seg\"\n\nparam min_orders: int = 1\n\nsegment regulars on customers {\n  owner \"crm\"\n  where orders.count() >= min_orders\n}\n";
const ENVIRONMENTS: &str = "[params]\nmin_orders = 3\n\n[env.prod.params]\nmin_orders = 7\n";

/// The JSON diagnostics of `seg check .` on a project whose `seg.toml` is `toml`.
fn check_json(toml: &str) -> (Option<i32>, serde_json::Value) {
    let dir = project(UNOWNED, Some(toml));
    let out = seg(
        dir.path(),
        &["check", ".", "-A", "W0004", "--format", "json"],
    );
    let json = serde_json::from_slice(&out.stdout).expect("JSON");
    (out.status.code(), json)
}

#[test]
fn every_kind_of_data_location_checks_clean_and_check_never_reads_postgres_env() {
    let toml = "[data]\ndir = \"data\"\nhistory = \"2 years\"\n\n\
                [env.local.data]\nduckdb = \"crm.duckdb\"\n\n\
                [env.staging.data]\npostgres = \"postgres://analyst@db.internal/crm\"\n\n\
                [env.prod.data]\npostgres_env = \"SEG_TEST_A_VARIABLE_NOBODY_SETS\"\n";
    for env in [None, Some("local"), Some("staging"), Some("prod")] {
        let dir = project(UNOWNED, Some(toml));
        let mut args = vec!["check", ".", "-A", "W0004"];
        args.extend(env.iter().flat_map(|e| ["--env", e]));
        let out = seg(dir.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{env:?}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains("0 errors, 0 warnings"));
    }
}

#[test]
fn two_places_in_one_table_is_e0565_at_the_second_even_in_an_environment_not_chosen() {
    let (code, json) = check_json(
        "[data]\ndir = \"data\"\n\n[env.prod.data]\ndir = \"a\"\nduckdb = \"b.duckdb\"\n",
    );
    assert_eq!(code, Some(1));
    assert_eq!(json[0]["code"], "E0565", "{json}");
    assert_eq!(json[0]["line"], 6, "{json}");
    // Near miss: one place in each table, of different kinds, is what environments are for.
    let (code, json) =
        check_json("[data]\ndir = \"data\"\n\n[env.prod.data]\nduckdb = \"b.duckdb\"\n");
    assert_eq!(code, Some(0), "{json}");
}

#[test]
fn a_password_in_a_postgres_url_is_e0567_and_a_url_without_one_is_accepted() {
    for url in [
        "postgres://analyst:secret@db/crm",
        "postgresql://db/crm?user=analyst&password=secret",
        "host=db user=analyst password=secret",
    ] {
        let (code, json) = check_json(&format!("[data]\npostgres = \"{url}\"\n"));
        assert_eq!(code, Some(1), "{url}");
        assert_eq!(json[0]["code"], "E0567", "{url}: {json}");
        assert_eq!(json[0]["line"], 2);
    }
    for url in [
        "postgres://analyst@db:5432/crm",
        "host=db user=analyst dbname=crm",
    ] {
        let (code, json) = check_json(&format!("[data]\npostgres = \"{url}\"\n"));
        assert_eq!(code, Some(0), "{url}: {json}");
    }
}

#[test]
fn an_empty_place_is_e0559_and_an_unknown_data_key_is_e0551() {
    let (code, json) = check_json("[data]\npostgres_env = \"  \"\n");
    assert_eq!(code, Some(1));
    assert_eq!(json[0]["code"], "E0559", "{json}");
    let (code, json) = check_json("[env.prod.data]\ndirectory = \"data\"\n");
    assert_eq!(code, Some(1));
    assert_eq!(json[0]["code"], "E0551", "{json}");
}

#[test]
fn env_gives_explain_ir_and_dbt_the_environment_s_values_and_an_unknown_one_is_e0554() {
    let dir = project(REGULARS, Some(ENVIRONMENTS));
    let stdout = |args: &[&str]| {
        let out = seg(dir.path(), args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
        text(&out.stdout)
    };
    assert!(stdout(&["explain", "regulars", "."]).contains("min_orders = 3"));
    let prod = stdout(&["explain", "regulars", ".", "--env", "prod"]);
    assert!(prod.contains("min_orders = 7"), "{prod}");
    let param = stdout(&[
        "explain",
        "regulars",
        ".",
        "--env",
        "prod",
        "--param",
        "min_orders=9",
    ]);
    assert!(param.contains("min_orders = 9"), "{param}");
    assert_ne!(stdout(&["ir", "."]), stdout(&["ir", ".", "--env", "prod"]));

    let models = |env: &[&str]| {
        let out_dir = dir.path().join(format!("models{}", env.len()));
        let out_arg = out_dir.to_str().expect("utf-8").to_string();
        let mut args = vec!["dbt", ".", "--out", &out_arg, "--as-of", "2026-11-22"];
        args.extend_from_slice(env);
        let out = seg(dir.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        std::fs::read_to_string(out_dir.join("regulars.sql")).expect("a model per segment")
    };
    assert!(models(&[]).contains(">= 3"));
    assert!(models(&["--env", "prod"]).contains(">= 7"));

    for command in [
        &["graph", "."][..],
        &["explain", "regulars", "."],
        &["ir", "."],
    ] {
        let mut args = command.to_vec();
        args.extend(["--env", "staging"]);
        let out = seg(dir.path(), &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            text(&out.stderr).contains("E0554"),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn the_seg_toml_of_seg_init_reads_its_sample_data_from_its_data_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = seg(dir.path(), &["init", "new"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let toml = std::fs::read_to_string(dir.path().join("new/seg.toml")).expect("seg.toml");
    let table: toml::Table = toml::from_str(&toml).expect("TOML");
    let data_dir = table["data"]["dir"].as_str().expect("[data] dir");
    assert!(dir
        .path()
        .join("new")
        .join(data_dir)
        .join("customers.csv")
        .is_file());
}

#[test]
fn seg_dbt_takes_its_target_from_seg_toml_as_seg_compile_does() {
    let dir = project(REGULARS, Some("target = \"bigquery\"\n"));
    let models = |name: &str, extra: &[&str]| {
        let out_dir = dir.path().join(name);
        let out_arg = out_dir.to_str().expect("utf-8").to_string();
        let mut args = vec!["dbt", ".", "--out", &out_arg, "--as-of", "2026-11-22"];
        args.extend_from_slice(extra);
        let out = seg(dir.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        std::fs::read_to_string(out_dir.join("customers_membership.sql")).expect("a model")
    };
    let from_file = models("a", &[]);
    assert_eq!(from_file, models("b", &["--target", "bigquery"]));
    assert_ne!(from_file, models("c", &["--target", "duckdb"]));
}
