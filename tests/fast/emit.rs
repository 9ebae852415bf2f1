//! `seg compile --emit select|view|table|merge` on `tests/fixtures/emit.seg`: a snapshot of each
//! form on each dialect, each script re-parsed with sqlparser's dialect for its target, names
//! from the command line quoted, and the definition hashes the merge records. The BigQuery
//! scripts pass the documented-signature checker in `bigquery/scripts.rs`.

use crate::reparse::assert_parses;
use crate::support::{date, program};
use seglang::check::typed::Program;
use seglang::ir::AsOf;
use seglang::sql::{ObjectKind, Placement, Target};
use seglang::{CompileError, CompileOptions, Statements};

pub const FIXTURE: &str = include_str!("../fixtures/emit.seg");

/// The fixture's program.
pub fn emit_program() -> Program {
    program(&[("emit.seg", FIXTURE)])
}

fn options(target: Target, as_of: AsOf, statements: Statements) -> CompileOptions {
    CompileOptions {
        target,
        as_of,
        segments: Vec::new(),
        statements,
    }
}

/// Each form as `seg compile --emit FORM` prints it for the fixture, as of 2026-03-31 (and, for
/// `merge`, as of the engine's current date too), with every statement (`--out`).
pub fn emitted(program: &Program, target: Target) -> Vec<(String, String)> {
    let fixed = AsOf::Fixed(date("2026-03-31"));
    let placement = Placement::default();
    let select =
        seglang::compile(program, &options(target, fixed, Statements::All)).expect("compiles");
    let select: Vec<String> = select.statements.into_iter().map(|s| s.sql).collect();
    let mut out = vec![("select".to_string(), select.join("\n"))];
    for (name, kind) in [("view", ObjectKind::View), ("table", ObjectKind::Table)] {
        let objects = seglang::objects(
            program,
            &options(target, fixed, Statements::All),
            kind,
            &placement,
        )
        .expect("compiles");
        let texts: Vec<String> = objects
            .iter()
            .map(|o| seglang::script_text(&o.sql))
            .collect();
        out.push((name.to_string(), texts.join("\n")));
    }
    for (name, as_of) in [("merge", fixed), ("merge_today", AsOf::Today)] {
        let merge = seglang::merge(
            program,
            &options(target, as_of, Statements::Membership),
            &placement,
            true,
        )
        .expect("compiles");
        out.push((name.to_string(), seglang::script_text(&merge)));
    }
    out
}

#[test]
fn every_emit_form_matches_its_snapshot_on_every_dialect() {
    let program = emit_program();
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/emit");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    for target in Target::ALL {
        for (form, sql) in emitted(&program, target) {
            settings.bind(|| insta::assert_snapshot!(format!("{form}__{target}"), sql));
        }
    }
}

#[test]
fn every_emit_form_reparses_in_its_dialect() {
    let program = emit_program();
    for target in Target::ALL {
        for (form, sql) in emitted(&program, target) {
            let count = assert_parses(&sql, target);
            assert!(count >= 1, "{form} on {target}");
        }
    }
}

#[test]
fn a_merge_is_one_transaction_after_the_tables() {
    let program = emit_program();
    for target in Target::ALL {
        let scripts = target.dialect().scripts;
        let statements = seglang::merge(
            &program,
            &options(target, AsOf::Today, Statements::Membership),
            &Placement::default(),
            true,
        )
        .expect("compiles");
        let begin = statements
            .iter()
            .position(|s| s == scripts.begin)
            .expect("a transaction starts");
        assert!(statements[..begin]
            .iter()
            .all(|s| s.starts_with("CREATE TABLE IF NOT EXISTS")));
        assert_eq!(statements.last().map(String::as_str), Some(scripts.commit));
        assert_eq!(
            statements[begin + 1..]
                .iter()
                .filter(|s| s.contains("CREATE TABLE") && !s.contains("TEMP"))
                .count(),
            0,
            "no permanent table is created inside the transaction ({target})"
        );
        let without = seglang::merge(
            &program,
            &options(target, AsOf::Today, Statements::Membership),
            &Placement::default(),
            false,
        )
        .expect("compiles");
        assert_eq!(without.as_slice(), &statements[begin..]);
    }
}

#[test]
fn schema_and_prefix_from_the_command_line_are_quoted() {
    let program = emit_program();
    let placement = Placement {
        schema: Some("x\"; DROP TABLE t; --".into()),
        // sqlparser's BigQuery tokenizer reads no escape inside a backtick-quoted name (BigQuery
        // does: `\``), so the prefix holds the other quotes; `membership_tables.rs` tests the
        // backtick.
        prefix: "p'\"".into(),
    };
    for target in Target::ALL {
        let statements = seglang::merge(
            &program,
            &options(target, AsOf::Today, Statements::Membership),
            &placement,
            true,
        )
        .expect("compiles");
        let script = seglang::script_text(&statements);
        assert_eq!(
            assert_parses(&script, target),
            statements.len(),
            "the hostile names stay inside their quotes on {target}"
        );
        let views = seglang::objects(
            &program,
            &options(target, AsOf::Today, Statements::All),
            ObjectKind::View,
            &placement,
        )
        .expect("compiles");
        for view in views {
            assert_eq!(assert_parses(&seglang::script_text(&view.sql), target), 1);
        }
    }
}

#[test]
fn an_object_named_like_a_membership_table_is_refused() {
    for table in ["segments", "membership_runs"] {
        let text = format!(
            "entity people from \"people\" {{ key id: string }}\nsegment {table} on people {{ where id = \"a\" }}\n"
        );
        let program = program(&[("p.seg", text.as_str())]);
        let error = seglang::objects(
            &program,
            &options(Target::DuckDb, AsOf::Today, Statements::All),
            ObjectKind::View,
            &Placement::default(),
        )
        .err();
        let taken = format!("seg_{table}");
        assert!(
            matches!(&error, Some(CompileError::ObjectNameTaken { name, .. }) if *name == taken),
            "{error:?}"
        );
    }
}

#[test]
fn a_definition_hash_changes_with_the_definition_only() {
    let hashes = |text: &str, params: &[(&str, &str)]| {
        let options = seglang::check::CheckOptions {
            params: params
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        };
        let analysis = seglang::analyze_sources(&[("emit.seg", text)], &options);
        let program = analysis.program.expect("checks");
        seglang::definition_hashes(&program, &[], Target::Postgres).expect("compiles")
    };
    let base = hashes(FIXTURE, &[]);
    let keys: Vec<&str> = base.keys().map(String::as_str).collect();
    assert_eq!(keys, ["big_spenders", "buyers", "tier:high", "tier:low"]);
    let commented = FIXTURE.replace(
        "segment big_spenders",
        "/// Documented now.\nsegment big_spenders",
    );
    assert_eq!(
        hashes(&commented, &[]),
        base,
        "a doc comment changes nothing"
    );
    let changed = hashes(FIXTURE, &[("threshold", "50")]);
    assert_ne!(changed["big_spenders"], base["big_spenders"]);
    assert_ne!(changed["tier:high"], base["tier:high"]);
    assert_eq!(changed["buyers"], base["buyers"]);
}
