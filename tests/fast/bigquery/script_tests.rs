//! The scripts of `seg compile --emit` on BigQuery are documented BigQuery, statement by
//! statement; and the script walk refuses what the documentation forbids.

use super::scripts::check_script;
use super::signatures::EXPECTED_CALLS;
use crate::emit::{emit_program, emitted};
use seglang::sql::Target;

#[test]
fn every_emit_script_passes_the_signature_checker() {
    let program = emit_program();
    let mut report = Vec::new();
    for (form, sql) in emitted(&program, Target::BigQuery) {
        let checked = check_script(&program, &sql);
        if form != "select" {
            // The walk reaches the queries inside the DDL and DML: the holdout's hash is there.
            assert!(
                checked.calls.iter().any(|c| c.name == "MD5"),
                "--emit {form}: the walk never met the membership query"
            );
        }
        if !checked.problems.is_empty() {
            report.push(format!(
                "--emit {form}:\n  - {}",
                checked.problems.join("\n  - ")
            ));
        }
        for call in &checked.calls {
            assert!(
                EXPECTED_CALLS.contains(&call.name.as_str()),
                "--emit {form} calls {}, which no documented signature covers",
                call.name
            );
        }
    }
    assert!(
        report.is_empty(),
        "BigQuery scripts contradict BigQuery's documentation:\n\n{}",
        report.join("\n\n")
    );
}

#[test]
fn the_merge_uses_merge_statements_inside_one_transaction() {
    let program = emit_program();
    let merge = emitted(&program, Target::BigQuery)
        .into_iter()
        .find(|(form, _)| form == "merge")
        .map(|(_, sql)| sql)
        .expect("a merge script");
    assert_eq!(
        merge.matches("\nMERGE INTO ").count(),
        3,
        "history, membership, segments"
    );
    assert_eq!(merge.matches("BEGIN TRANSACTION;").count(), 1);
    assert!(merge.trim_end().ends_with("COMMIT TRANSACTION;"));
    assert!(!merge.contains("\nUPDATE ") && !merge.contains("\nDELETE "));
}

#[test]
fn the_script_walk_refuses_what_the_documentation_forbids() {
    let program = emit_program();
    let problems = |sql: &str| check_script(&program, sql).problems;
    let table = "CREATE TABLE IF NOT EXISTS t (a STRING, d DATE)";
    assert!(problems(&format!(
        "{table}; INSERT INTO t (a, d) SELECT 'x', DATE '2026-01-01'"
    ))
    .is_empty());
    assert!(
        !problems(&format!("BEGIN TRANSACTION; {table}; COMMIT TRANSACTION")).is_empty(),
        "a permanent table created inside a transaction"
    );
    assert!(
        !problems("BEGIN TRANSACTION; CREATE TEMP TABLE x AS SELECT 1 AS a").is_empty(),
        "a transaction never committed"
    );
    assert!(
        !problems(&format!("{table}; INSERT INTO t (a, d) SELECT 'x', 'y'")).is_empty(),
        "a STRING into a DATE column"
    );
    assert!(
        !problems(&format!(
            "{table}; MERGE t AS t USING t AS s ON t.a = s.a WHEN MATCHED THEN UPDATE SET b = s.a"
        ))
        .is_empty(),
        "an update of a column the target lacks"
    );
    assert!(
        !problems(&format!(
            "{table}; MERGE t AS t USING t AS s ON t.a = s.a WHEN NOT MATCHED THEN INSERT (a, d) VALUES (t.a, s.d)"
        ))
        .is_empty(),
        "an inserted row reads the target"
    );
}

#[test]
fn every_example_merge_passes_the_signature_checker() {
    for example in crate::sql_snapshots::example_projects() {
        let options = seglang::CompileOptions {
            target: Target::BigQuery,
            as_of: seglang::ir::AsOf::Today,
            segments: Vec::new(),
            statements: seglang::Statements::Membership,
        };
        let placement = seglang::sql::Placement {
            schema: Some("crm".into()),
            prefix: "seg_".into(),
        };
        let merge = seglang::merge(&example.program, &options, &placement, true).expect("compiles");
        let checked = check_script(&example.program, &seglang::script_text(&merge));
        assert!(
            checked.problems.is_empty(),
            "{}: {}",
            example.name,
            checked.problems.join("\n")
        );
    }
}
