//! `seg graph`: what reads what, drawn from a checked program, and `--uses`, the declarations a
//! column change touches.

use crate::support::program;
use seglang::graph::{render, uses, Graph, GraphFormat};
use std::collections::BTreeSet;

const SCHEMA: &str = r#"
entity customers from "crm.customers" {
  key customer_id: string
  email: string?
  city: string?
  consent email = email_optin since email_optin_at
  email_optin: bool
  email_optin_at: date?
}
facts orders of customers(customer_id) at ordered_at {
  order_id: string
  amount: decimal(12, 2)
  ordered_at: timestamp
}
"#;

const SEGMENTS: &str = r#"
param big: decimal = 100
trait spend on customers = orders.sum(amount, last 1 years)
segment parisians on customers { where city = "Paris" }
segment big_spenders on customers { where spend >= big }
segment parisian_big_spenders on customers {
  channel email
  where in parisians and in big_spenders
}
segment buyers on customers { where orders.count() > 0 }
"#;

fn project() -> seglang::check::typed::Program {
    program(&[("schema.seg", SCHEMA), ("segments.seg", SEGMENTS)])
}

#[test]
fn the_mermaid_graph_draws_every_declaration_and_what_it_reads() {
    let p = project();
    insta::assert_snapshot!(render(&p, &Graph::of(&p), GraphFormat::Mermaid));
}

#[test]
fn the_dot_graph_has_the_same_nodes_and_edges() {
    let p = project();
    let graph = Graph::of(&p);
    let dot = render(&p, &graph, GraphFormat::Dot);
    assert!(dot.starts_with("digraph seglang {"));
    assert_eq!(dot.matches(" -> ").count(), graph.edges.len());
    assert_eq!(dot.matches("[label=").count(), graph.nodes.len());
}

#[test]
fn every_json_edge_joins_two_listed_nodes() {
    let p = project();
    let json: serde_json::Value =
        serde_json::from_str(&render(&p, &Graph::of(&p), GraphFormat::Json)).expect("JSON");
    let ids: BTreeSet<&str> = json["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| n["id"].as_str().expect("an id"))
        .collect();
    let edges = json["edges"].as_array().expect("edges");
    assert!(!edges.is_empty());
    for edge in edges {
        assert!(ids.contains(edge["from"].as_str().unwrap_or("")), "{edge}");
        assert!(ids.contains(edge["to"].as_str().unwrap_or("")), "{edge}");
    }
    for wanted in [
        "segment:parisian_big_spenders",
        "column:customers.city",
        "column:orders.amount",
        "trait:spend",
        "param:big",
        "facts:orders",
    ] {
        assert!(ids.contains(wanted), "{wanted} missing from {ids:?}");
    }
}

#[test]
fn uses_lists_direct_readers_first_then_those_that_read_them() {
    let p = project();
    let list = uses(&p, &Graph::of(&p), "orders.amount").expect("a column");
    let found: Vec<(String, Option<String>)> = list
        .iter()
        .map(|u| (format!("{} {}", u.kind, u.name), u.through.clone()))
        .collect();
    assert_eq!(
        found,
        [
            ("trait spend".to_string(), None),
            (
                "segment big_spenders".to_string(),
                Some("trait spend".to_string())
            ),
            (
                "segment parisian_big_spenders".to_string(),
                Some("segment big_spenders".to_string())
            ),
        ]
    );
}

#[test]
fn the_time_column_and_the_link_are_read_by_every_aggregate_of_the_table() {
    let p = project();
    let graph = Graph::of(&p);
    let names = |target: &str| -> Vec<String> {
        uses(&p, &graph, target)
            .expect("a column")
            .into_iter()
            .map(|u| u.name)
            .collect()
    };
    // `buyers` counts rows and reads no column by name: the time column and the link still
    // decide which rows it counts.
    assert!(names("orders.ordered_at").contains(&"buyers".to_string()));
    assert!(names("orders.customer_id").contains(&"buyers".to_string()));
    assert!(!names("orders.order_id").contains(&"buyers".to_string()));
    // The channel's consent columns are read by the segment that has the channel.
    assert_eq!(names("customers.email_optin_at"), ["parisian_big_spenders"]);
}

#[test]
fn uses_of_an_unknown_column_suggests_the_closest() {
    let p = project();
    let graph = Graph::of(&p);
    let err = uses(&p, &graph, "orders.amout").expect_err("no such column");
    assert!(format!("{err:?}").contains("amount"), "{err:?}");
    let err = uses(&p, &graph, "ordres.amount").expect_err("no such table");
    assert!(format!("{err:?}").contains("orders"), "{err:?}");
}

#[test]
fn a_table_of_a_facts_table_reads_its_parent_join_and_inherited_time() {
    let p = program(&[
        (
            "schema.seg",
            include_str!("../../examples/retail/schema.seg"),
        ),
        (
            "segments.seg",
            include_str!("../../examples/retail/segments.seg"),
        ),
    ]);
    let graph = Graph::of(&p);
    let names = |target: &str| -> Vec<String> {
        uses(&p, &graph, target)
            .expect("a column")
            .into_iter()
            .map(|u| u.name)
            .collect()
    };
    // `organic_buyers` aggregates order lines, which have no time of their own: they are dated
    // by their order and reach the customer through `orders.order_id`.
    for column in [
        "order_lines.category",
        "orders.ordered_at",
        "orders.order_id",
    ] {
        assert!(
            names(column).contains(&"organic_buyers".to_string()),
            "{column}: {:?}",
            names(column)
        );
    }
    assert!(!names("orders.amount").contains(&"organic_buyers".to_string()));
}
