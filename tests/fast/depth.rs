//! Nesting and length never overflow the stack: inputs nested 100,000 deep are refused with
//! E0005 before any stage recurses, inputs at the limit go through every stage, and long flat
//! chains (20,000 terms, 40,000 list items) check and compile on every dialect. The tests run
//! on the test harness's threads, whose 2 MiB stacks are smaller than the main thread's.

use crate::support::program;
use seglang::check::CheckOptions;
use seglang::ir::AsOf;
use seglang::report::{render, Format};
use seglang::sql::Target;
use seglang::syntax::MAX_DEPTH;
use seglang::{CompileOptions, Statements};

const SCHEMA: &str = "entity customers {
  key customer_id: string
  region: enum(\"IDF\", \"PACA\", \"OCC\")?
  loyalty_card: bool
  signup_at: timestamp
}

facts orders of customers(customer_id) at ordered_at {
  ordered_at: timestamp
  amount: decimal(12, 2)
}
";

fn segment(condition: &str) -> String {
    format!("segment deep on customers {{\n  where {condition}\n}}\n")
}

/// The codes of the diagnostics of a one-segment file, rendered in every format on the way.
fn codes(condition: &str) -> Vec<String> {
    let text = segment(condition);
    let analysis = seglang::analyze_sources(
        &[("deep.seg", &text), ("schema.seg", SCHEMA)],
        &CheckOptions::default(),
    );
    for format in [Format::Human { color: false }, Format::Json, Format::Github] {
        let _ = render(&analysis.diagnostics, &analysis.sources, format);
    }
    analysis.diagnostics.iter().map(|d| d.code()).collect()
}

/// Checks the segment, compiles it on every dialect (membership and its own query) and explains
/// it: every stage that walks a condition meets it.
fn goes_through_every_stage(condition: &str) {
    goes_through_every_stage_with("", condition);
}

/// As [`goes_through_every_stage`], with declarations before the segment.
fn goes_through_every_stage_with(before: &str, condition: &str) {
    let text = format!("{before}{}", segment(condition));
    let program = program(&[("deep.seg", &text), ("schema.seg", SCHEMA)]);
    for target in Target::ALL {
        let options = CompileOptions {
            target,
            as_of: AsOf::Today,
            segments: Vec::new(),
            statements: Statements::All,
        };
        let compiled = seglang::compile(&program, &options).expect("the segment compiles");
        assert_eq!(
            compiled.statements.len(),
            2,
            "membership and the segment's members"
        );
    }
    for id in seglang::segment_ids(&program, &[]).expect("every segment") {
        assert!(!seglang::explain::explain_segment(&program, id).is_empty());
    }
}

fn parentheses(depth: usize) -> String {
    format!("{}loyalty_card{}", "(".repeat(depth), ")".repeat(depth))
}

fn negations(depth: usize) -> String {
    format!("{}loyalty_card", "not ".repeat(depth))
}

#[test]
fn parentheses_100_000_deep_are_refused_with_e0005() {
    assert_eq!(codes(&parentheses(100_000)), ["E0005"]);
}

#[test]
fn not_100_000_times_is_refused_with_e0005() {
    assert_eq!(codes(&negations(100_000)), ["E0005"]);
}

#[test]
fn days_since_100_000_times_is_refused_with_e0005() {
    let condition = format!("{}signup_at > 3", "days since ".repeat(100_000));
    assert_eq!(codes(&condition), ["E0005"]);
}

#[test]
fn aggregates_nested_100_000_deep_are_refused_with_e0005() {
    let opening = "orders.count(where not ".repeat(100_000);
    let closing = ") > 0".repeat(100_000);
    assert_eq!(codes(&format!("{opening}amount > 1{closing}")), ["E0005"]);
}

#[test]
fn nesting_is_refused_one_level_past_the_limit() {
    assert_eq!(codes(&parentheses(MAX_DEPTH + 1)), ["E0005"]);
    assert_eq!(codes(&negations(MAX_DEPTH + 1)), ["E0005"]);
    let mixed = format!(
        "{}{}",
        "not (".repeat(MAX_DEPTH / 2),
        negations(1) + &")".repeat(MAX_DEPTH / 2)
    );
    assert_eq!(codes(&mixed), ["E0005"]);
}

#[test]
fn parentheses_at_the_limit_go_through_every_stage() {
    goes_through_every_stage(&parentheses(MAX_DEPTH));
}

#[test]
fn not_at_the_limit_goes_through_every_stage() {
    goes_through_every_stage(&negations(MAX_DEPTH));
}

#[test]
fn mixed_nesting_at_the_limit_goes_through_every_stage() {
    let half = MAX_DEPTH / 2;
    let condition = format!("{}loyalty_card{}", "not (".repeat(half), ")".repeat(half));
    goes_through_every_stage(&condition);
}

#[test]
fn flat_chains_do_not_count_as_nesting() {
    let terms: Vec<String> = (0..=MAX_DEPTH).map(|_| negations(1)).collect();
    goes_through_every_stage(&terms.join(" and "));
    let between = (0..=MAX_DEPTH)
        .map(|i| format!("not signup_at between {i} and 2"))
        .collect::<Vec<_>>();
    assert!(!codes(&between.join(" and ")).contains(&"E0005".to_string()));
}

#[test]
fn an_and_chain_of_20_000_terms_goes_through_every_stage() {
    // Deep enough that any recursion per term would overflow the harness's 2 MiB stack; longer
    // chains only measure compile time, which the benchmarks do.
    let terms: Vec<&str> = (0..20_000)
        .map(|i| match i % 3 {
            0 => "loyalty_card",
            1 => "not region = \"IDF\"",
            _ => "(region is missing or loyalty_card)",
        })
        .collect();
    goes_through_every_stage(&terms.join(" and "));
}

#[test]
fn an_or_chain_of_20_000_terms_goes_through_every_stage() {
    let terms: Vec<&str> = (0..20_000)
        .map(|i| match i % 2 {
            0 => "loyalty_card",
            _ => "region = \"OCC\"",
        })
        .collect();
    goes_through_every_stage(&terms.join(" or "));
}

#[test]
fn a_list_of_40_000_items_goes_through_every_stage() {
    let items: Vec<String> = (0..40_000).map(|i| format!("\"c{i}\"")).collect();
    goes_through_every_stage(&format!("customer_id in [{}]", items.join(", ")));
}

#[test]
fn arithmetic_chains_of_100_000_operators_are_refused_with_e0005() {
    // `a + b + c` is `(a + b) + c`: every operator is a level of the tree it builds.
    let sum = format!("{}1 > 0", "orders.count() + ".repeat(100_000));
    assert_eq!(codes(&sum), ["E0005"]);
    let signs = format!("{}orders.count() > 0", "- ".repeat(100_000));
    assert_eq!(codes(&signs), ["E0005"]);
    let defaults = format!("orders.max(amount){} > 0", " otherwise 1".repeat(100_000));
    assert_eq!(codes(&defaults), ["E0005"]);
    let brackets = format!(
        "{}orders.count(){} > 0",
        "(1 + ".repeat(100_000),
        ")".repeat(100_000)
    );
    assert_eq!(codes(&brackets), ["E0005"]);
}

#[test]
fn arithmetic_below_the_limit_goes_through_every_stage() {
    let defaults = format!(
        "orders.max(amount){} > 0",
        " otherwise 1.5".repeat(MAX_DEPTH - 8)
    );
    goes_through_every_stage(&defaults);
    // A sum of 200 terms checks, but cannot be compared exactly within 38 digits.
    let sum = format!("{}1 > 0", "orders.count() + ".repeat(200));
    assert_eq!(codes(&sum), ["E0222"]);
}

#[test]
fn a_chain_of_traits_is_refused_past_the_nesting_limit() {
    // Each trait reads the one before: written in place, the last is 10,000 levels deep.
    let mut text = String::from("trait t0 on customers = orders.max(amount)\n");
    for i in 1..10_000 {
        text.push_str(&format!(
            "trait t{i} on customers = t{} otherwise 1\n",
            i - 1
        ));
    }
    text.push_str("segment deep on customers {\n  where t9999 > 0\n}\n");
    let analysis = seglang::analyze_sources(
        &[("deep.seg", &text), ("schema.seg", SCHEMA)],
        &CheckOptions::default(),
    );
    let codes: Vec<String> = analysis.diagnostics.iter().map(|d| d.code()).collect();
    assert!(codes.contains(&"E0227".to_string()), "{codes:?}");
    // A chain within the limit goes through every stage.
    let mut text = String::from("trait t0 on customers = orders.max(amount)\n");
    for i in 1..(MAX_DEPTH - 8) {
        text.push_str(&format!(
            "trait t{i} on customers = t{} otherwise 1\n",
            i - 1
        ));
    }
    let last = MAX_DEPTH - 9;
    goes_through_every_stage_with(&text, &format!("t{last} > 0"));
}

/// A chain of traits declared backwards, `t0 = t1 otherwise 1`, ..., `t{k} = orders.max(amount)`
/// (`t0` is k + 1 levels deep), the margin of a CLV model, whose value `top` reads: 5 levels
/// more, the model's 4 and the default's.
fn chain_through_a_model(k: usize) -> String {
    let mut text = String::from(
        "trait top on customers = lifetime.value otherwise 1
         clv lifetime on customers over orders { amount amount window last 1 years margin t0 lifespan 1 }
",
    );
    for i in 0..k {
        text.push_str(&format!(
            "trait t{i} on customers = t{} otherwise 1
",
            i + 1
        ));
    }
    text.push_str(&format!(
        "trait t{k} on customers = orders.max(amount)
"
    ));
    text
}

#[test]
fn a_chain_of_traits_through_a_model_is_refused_past_the_nesting_limit() {
    // `top` is 251 + 6 = 257 levels deep.
    let mut text = chain_through_a_model(251);
    text.push_str("segment deep on customers {\n  where top > 0\n}\n");
    let analysis = seglang::analyze_sources(
        &[("deep.seg", &text), ("schema.seg", SCHEMA)],
        &CheckOptions::default(),
    );
    let codes: Vec<String> = analysis.diagnostics.iter().map(|d| d.code()).collect();
    assert_eq!(codes, ["E0227"]);
    goes_through_every_stage_with(&chain_through_a_model(100), "top > 0");
}
