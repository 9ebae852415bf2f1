//! Segment references are computed once: the SQL of a chain or a diamond of references grows
//! linearly with its length on every dialect, and a single segment's query holds only the
//! segments it needs.

use crate::compile::{compile_all, program};
use seglang::check::typed::Program;
use seglang::ir::AsOf;
use seglang::sql::Target;
use seglang::value::Date;
use seglang::{CompileOptions, Statements};

const SCHEMA: &str = r#"
entity customers from "crm.customers" {
  key id: string
  spend: int?
}
"#;

/// `s0 … s{n-1}`, each `spend >= i and not in s{i-1}`: a priority chain.
fn chain(n: usize) -> String {
    let mut text = String::from("segment s0 on customers { where spend >= 0 }\n");
    for i in 1..n {
        text.push_str(&format!(
            "segment s{i} on customers {{ where spend >= {i} and not in s{} }}\n",
            i - 1
        ));
    }
    text
}

/// `d0 … d{n-1}`, each `in d{i-1} or in d{i-2}` (and a test of its own): inlined, its size would
/// grow like Fibonacci.
fn diamond(n: usize) -> String {
    let mut text = String::from(
        "segment d0 on customers { where spend >= 0 }\n\
         segment d1 on customers { where spend >= 1 }\n",
    );
    for i in 2..n {
        text.push_str(&format!(
            "segment d{i} on customers {{ where (in d{} or in d{}) and spend != {i} }}\n",
            i - 1,
            i - 2
        ));
    }
    text
}

fn checked(segments: &str) -> Program {
    program(&[("schema.seg", SCHEMA), ("segments.seg", segments)])
}

fn fixed() -> AsOf {
    AsOf::Fixed(Date::parse("2026-03-31").expect("a valid date"))
}

/// Bytes of the membership query of every segment.
fn membership_bytes(segments: &str, target: Target) -> usize {
    let compiled = compile_all(&checked(segments), fixed(), target, Statements::Membership);
    compiled.statements.iter().map(|s| s.sql.len()).sum()
}

/// The query of segment `name` alone.
fn single_sql(segments: &str, name: &str, target: Target) -> String {
    let options = CompileOptions {
        target,
        as_of: fixed(),
        segments: vec![name.to_string()],
        statements: Statements::Members,
    };
    let compiled = seglang::compile(&checked(segments), &options).expect("the segment compiles");
    compiled.statements.into_iter().map(|s| s.sql).collect()
}

/// Doubling the project at most a little more than doubles the SQL (headers and the shared
/// CTEs are paid once, so the ratio is near 2; inlined references would make it 4 or worse).
fn assert_linear(what: &str, small: usize, large: usize) {
    let ratio = large as f64 / small as f64;
    assert!(
        (1.5..2.3).contains(&ratio),
        "{what}: {small} bytes at 50, {large} at 100 (ratio {ratio:.2})"
    );
}

#[test]
fn a_reference_chain_compiles_to_sql_linear_in_its_length() {
    for target in Target::ALL {
        let (small, large) = (chain(50), chain(100));
        assert_linear(
            &format!("{target:?} chain membership"),
            membership_bytes(&small, target),
            membership_bytes(&large, target),
        );
        assert_linear(
            &format!("{target:?} chain, last segment"),
            single_sql(&small, "s49", target).len(),
            single_sql(&large, "s99", target).len(),
        );
    }
}

#[test]
fn a_reference_diamond_compiles_to_sql_linear_in_its_depth() {
    for target in Target::ALL {
        let (small, large) = (diamond(50), diamond(100));
        assert_linear(
            &format!("{target:?} diamond membership"),
            membership_bytes(&small, target),
            membership_bytes(&large, target),
        );
        assert_linear(
            &format!("{target:?} diamond, last segment"),
            single_sql(&small, "d49", target).len(),
            single_sql(&large, "d99", target).len(),
        );
    }
}

#[test]
fn a_single_segment_query_computes_each_reference_once_and_nothing_else() {
    let sql = single_sql(&diamond(6), "d4", Target::Postgres);
    // d4 needs d0 … d3; d5 is not asked for.
    assert!(!sql.contains("d5"), "d5 appears:\n{sql}");
    // d2 and d1 are read twice (d2 by d4 and d3, d1 by d3 and d2): one CTE each. d3 is read
    // once but reads other helpers: a CTE too, so that nothing written in place holds another
    // helper written in place. d0 is read once and reads none: written where it is read.
    for (helper, shared) in [("d1", 1), ("d2", 1), ("d3", 1), ("d0", 0)] {
        let definition = format!("{helper}_rule AS (");
        assert_eq!(sql.matches(&definition).count(), shared, "{helper}:\n{sql}");
    }
    // Each test is written once.
    for test in ["spend <> 2", "spend <> 3", "spend >= 0", "spend >= 1"] {
        assert_eq!(sql.matches(test).count(), 1, "{test}:\n{sql}");
    }
}

#[test]
fn a_single_segment_at_the_end_of_a_3000_long_chain_compiles_on_a_small_stack() {
    // Lowering follows references on a heap stack, and no helper written in place holds
    // another, so the depth of the chain never becomes depth of recursion (the harness's
    // threads have 2 MiB stacks).
    let project = chain(3000);
    for target in Target::ALL {
        let sql = single_sql(&project, "s2999", target);
        assert!(
            sql.contains("s2998_rule AS ("),
            "{target:?}: s2998 is computed"
        );
    }
}

/// `s0 … s{n-1}`, each but the last `spend >= i and not in s{i+1}`: every reference points to
/// a segment declared after it.
fn forward_chain(n: usize) -> String {
    let mut text = String::new();
    for i in 0..n - 1 {
        text.push_str(&format!(
            "segment s{i} on customers {{ where spend >= {i} and not in s{} }}\n",
            i + 1
        ));
    }
    text.push_str(&format!(
        "segment s{} on customers {{ where spend >= 0 }}\n",
        n - 1
    ));
    text
}

#[test]
fn a_chain_of_5000_forward_references_checks_and_compiles_on_a_small_stack() {
    // The checker's search for reference cycles walks from s0 through the whole chain; it
    // keeps its path on a heap stack (a 50,000-long chain once overflowed the main thread's).
    let program = checked(&forward_chain(5000));
    for target in Target::ALL {
        let compiled = compile_all(&program, fixed(), target, Statements::Membership);
        assert!(compiled.statements[0].sql.contains("s4999"), "{target:?}");
    }
}
