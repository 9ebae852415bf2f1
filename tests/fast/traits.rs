//! Traits and CLV models are checked in the order of what they read, not the order declared: a
//! trait may read a model's field and a model's margin or lifespan a trait, in any order and any
//! file. A cycle among them is one E0228 at the reference that closes it, with no error following
//! from it. Chains and cycles of 20,000 traits are walked without recursion (on the test threads'
//! 2 MiB stacks, where a recursive walk would overflow), in time linear in their length.

use crate::support::program;
use seglang::check::CheckOptions;
use seglang::ir::AsOf;
use seglang::sql::Target;
use seglang::{CompileOptions, Statements};

const SCHEMA: &str = "entity customers {
  key customer_id: string
  years: int?
  margin: decimal(4, 2)?
}

entity stores {
  key store_id: string
}

facts orders of customers(customer_id) at ordered_at {
  ordered_at: timestamp
  amount: decimal(12, 2)
  discount_used: bool
}
";

/// The code and message of each diagnostic of a project of one file besides the schema.
fn diagnostics(text: &str) -> Vec<(String, String)> {
    let analysis = seglang::analyze_sources(
        &[("project.seg", text), ("schema.seg", SCHEMA)],
        &CheckOptions::default(),
    );
    analysis
        .diagnostics
        .iter()
        .map(|d| (d.code(), d.message()))
        .collect()
}

fn codes(text: &str) -> Vec<String> {
    diagnostics(text)
        .into_iter()
        .map(|(code, _)| code)
        .collect()
}

#[test]
fn traits_and_models_may_be_declared_in_any_order() {
    // Each declaration reads the ones after it: a trait reads a CLV model, whose margin and
    // lifespan are traits, one of which reads an RFM model.
    let text = "
segment valuable on customers { where value_floor >= spend_year }
trait value_floor on customers = lifetime.value otherwise 0
clv lifetime on customers over orders {
  amount amount
  window last 2 years
  margin margin_rate
  lifespan expected_years
}
trait margin_rate on customers = 0.20 + 0.05 * value.m
trait expected_years on customers = years otherwise 1
trait spend_year on customers = orders.sum(amount, last 1 years)
rfm value on customers over orders { monetary sum(amount) }
";
    assert_eq!(codes(text), Vec::<String>::new());
    let program = program(&[("project.seg", text), ("schema.seg", SCHEMA)]);
    let names: Vec<&str> = program.traits.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        ["margin_rate", "expected_years", "value_floor", "spend_year"],
        "each trait after what it reads"
    );
    for target in Target::ALL {
        let options = CompileOptions {
            target,
            as_of: AsOf::Today,
            segments: Vec::new(),
            statements: Statements::All,
        };
        let sql = seglang::compile(&program, &options).expect("the project compiles");
        assert!(sql.statements.iter().all(|s| !s.sql.is_empty()));
    }
}

#[test]
fn a_trait_may_read_a_trait_declared_after_it_in_another_file() {
    let first = "segment hunters on customers { where doubled >= 1 }\n\
                 trait doubled on customers = share * 2\n";
    let second = "trait share on customers = orders.count(where discount_used) / orders.count()\n";
    let program = program(&[
        ("first.seg", first),
        ("second.seg", second),
        ("schema.seg", SCHEMA),
    ]);
    assert_eq!(program.traits.len(), 2);
}

#[test]
fn a_cycle_through_a_model_is_one_error_at_the_reference_that_closes_it() {
    let text = "
trait loyalty_margin on customers = 0.30 + lifetime.value / 100000
clv lifetime on customers over orders {
  amount amount
  window last 2 years
  margin loyalty_margin
  lifespan 3
}
segment loyal on customers { where loyalty_margin > 0.5 and lifetime.value > 100 }
";
    let found = diagnostics(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "E0228");
    assert!(
        found[0]
            .1
            .ends_with("loyalty_margin → lifetime → loyalty_margin"),
        "{}",
        found[0].1
    );
}

#[test]
fn a_cycle_of_traits_names_each_trait_on_it() {
    let text = "
trait a on customers = b + 1
trait b on customers = c otherwise 0
trait c on customers = a * 2
trait d on customers = c + 1
segment s on customers { where d > 1 }
";
    let found = diagnostics(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.ends_with("a → b → c → a"), "{}", found[0].1);
}

#[test]
fn a_trait_that_reads_itself_is_a_cycle_of_one() {
    let found = diagnostics("trait t on customers = t + 1\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "E0228");
    assert!(found[0].1.ends_with("t → t"), "{}", found[0].1);
}

#[test]
fn a_trait_of_another_entity_still_says_whose_it_is() {
    let text = "trait spend on customers = orders.sum(amount)\n\
                segment big_stores on stores { where spend > 100 }\n";
    let analysis = seglang::analyze_sources(
        &[("project.seg", text), ("schema.seg", SCHEMA)],
        &CheckOptions::default(),
    );
    let rendered = seglang::report::render(
        &analysis.diagnostics,
        &analysis.sources,
        seglang::report::Format::Human { color: false },
    );
    assert!(
        rendered.contains("`spend` is a trait of `customers`, not of `stores`"),
        "{rendered}"
    );
}

#[test]
fn a_margin_may_be_a_trait_but_not_any_value() {
    let text = "
trait share on customers = orders.count(where discount_used) / orders.count()
clv by_share on customers over orders { amount amount window last 1 years margin share lifespan 2 }
clv computed on customers over orders { amount amount window last 1 years margin share * 2 lifespan 2 }
";
    let found = diagnostics(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "E0118");
    assert!(found[0].1.contains("`margin` must be"), "{}", found[0].1);
}

#[test]
fn a_margin_cannot_read_a_lifetime_value_through_a_trait() {
    let text = "
trait base_value on customers = base.value otherwise 0
clv base on customers over orders { amount amount window last 1 years margin 0.3 lifespan 1 }
clv stacked on customers over orders { amount amount window last 1 years margin base_value lifespan 1 }
";
    let found = diagnostics(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "E0118");
    assert!(
        found[0]
            .1
            .contains("reads a lifetime value through the trait `base_value`"),
        "{}",
        found[0].1
    );
}

#[test]
fn a_chain_of_20000_traits_declared_backwards_is_ordered_and_refused_once() {
    // Each trait reads the next one declared: ordering walks the chain 20,000 deep, and the
    // nesting limit holds whatever the order.
    let n = 20_000;
    let mut text = String::new();
    for i in 0..n - 1 {
        text.push_str(&format!(
            "trait t{i} on customers = t{} otherwise 1\n",
            i + 1
        ));
    }
    text.push_str(&format!(
        "trait t{} on customers = orders.max(amount)\n",
        n - 1
    ));
    text.push_str("segment deep on customers { where t0 > 0 }\n");
    assert_eq!(codes(&text), ["E0227"]);
}

#[test]
fn a_cycle_of_20000_traits_is_one_error_with_its_middle_left_out() {
    let n = 20_000;
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!(
            "trait t{i} on customers = t{} otherwise 1\n",
            (i + 1) % n
        ));
    }
    let found = diagnostics(&text);
    assert_eq!(found.len(), 1);
    assert!(
        found[0]
            .1
            .ends_with("t0 → t1 → t2 → t3 → … 19993 more … → t19997 → t19998 → t19999 → t0"),
        "{}",
        found[0].1
    );
}
