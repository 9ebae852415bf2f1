//! The graph as text: Mermaid (renders in GitHub and GitLab markdown), Graphviz DOT, or JSON.

use super::{describe, Graph, Node};
use crate::check::typed::Program;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// How `seg graph` prints the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    Mermaid,
    Dot,
    Json,
}

/// The graph in `format`, nodes and edges in a stable order (the order of declaration).
pub fn render(program: &Program, graph: &Graph, format: GraphFormat) -> String {
    let ids: BTreeMap<Node, usize> = graph
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (*n, i))
        .collect();
    match format {
        GraphFormat::Mermaid => mermaid(program, graph, &ids),
        GraphFormat::Dot => dot(program, graph, &ids),
        GraphFormat::Json => json(program, graph),
    }
}

/// A node's label: its kind and name. Names are ASCII letters, digits and `_` (the grammar's
/// `ident`), so they need no escaping in either format.
fn label(program: &Program, node: Node) -> String {
    let d = describe(program, node);
    match node {
        Node::Column(..) => d.name,
        _ => format!("{} {}", d.kind, d.name),
    }
}

fn mermaid(program: &Program, graph: &Graph, ids: &BTreeMap<Node, usize>) -> String {
    let mut out = String::from("flowchart LR\n");
    for (node, id) in ids {
        let text = label(program, *node);
        let _ = match node {
            Node::Segment(_) => writeln!(out, "  n{id}([\"{text}\"])"),
            Node::Table(_) => writeln!(out, "  n{id}[(\"{text}\")]"),
            Node::Param(_) => writeln!(out, "  n{id}>\"{text}\"]"),
            Node::Column(..) => writeln!(out, "  n{id}[\"{text}\"]"),
            _ => writeln!(out, "  n{id}{{{{\"{text}\"}}}}"),
        };
    }
    for (from, to) in &graph.edges {
        let _ = writeln!(out, "  n{} --> n{}", ids[from], ids[to]);
    }
    out
}

fn dot(program: &Program, graph: &Graph, ids: &BTreeMap<Node, usize>) -> String {
    let mut out = String::from("digraph seglang {\n  rankdir=LR;\n");
    for (node, id) in ids {
        let shape = match node {
            Node::Segment(_) => "box, style=rounded",
            Node::Table(_) => "cylinder",
            Node::Column(..) => "box",
            Node::Param(_) => "note",
            _ => "hexagon",
        };
        let _ = writeln!(
            out,
            "  n{id} [label=\"{}\", shape={shape}];",
            label(program, *node)
        );
    }
    for (from, to) in &graph.edges {
        let _ = writeln!(out, "  n{} -> n{};", ids[from], ids[to]);
    }
    out.push_str("}\n");
    out
}

/// One node in the JSON form.
#[derive(Serialize)]
struct JsonNode {
    /// `kind:name`, unique: `segment:vip`, `column:customers.email`.
    id: String,
    kind: &'static str,
    name: String,
    location: String,
}

/// One edge in the JSON form: `from` reads `to`.
#[derive(Serialize)]
struct JsonEdge {
    from: String,
    to: String,
}

#[derive(Serialize)]
struct JsonGraph {
    nodes: Vec<JsonNode>,
    edges: Vec<JsonEdge>,
}

fn json(program: &Program, graph: &Graph) -> String {
    let id = |node: Node| {
        let d = describe(program, node);
        format!("{}:{}", d.kind, d.name)
    };
    let document = JsonGraph {
        nodes: graph
            .nodes
            .iter()
            .map(|n| {
                let d = describe(program, *n);
                JsonNode {
                    id: format!("{}:{}", d.kind, d.name),
                    kind: d.kind,
                    name: d.name,
                    location: d.location,
                }
            })
            .collect(),
        edges: graph
            .edges
            .iter()
            .map(|(from, to)| JsonEdge {
                from: id(*from),
                to: id(*to),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}
