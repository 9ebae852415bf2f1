//! `seg graph --uses TABLE.COLUMN`: which declarations read a column (or any column of a
//! table), directly or through the declarations they read. The question to ask before a schema
//! change.

use super::{describe, table_columns, tables, Graph, Node, Table};
use crate::check::typed::Program;
use crate::suggest::closest;
use std::collections::{BTreeMap, VecDeque};

/// One declaration that depends on the column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Usage {
    /// `segment`, `segmentation`, `rfm`, `clv` or `trait`.
    pub kind: &'static str,
    pub name: String,
    /// `file:line` of the declaration.
    pub location: String,
    /// `None` when it reads the column itself; otherwise the declaration it reads that does
    /// (`segment vip`, `trait spend_365` …), the first on a shortest path.
    pub through: Option<String>,
}

/// A `--uses` that names nothing of the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsesError {
    UnknownTable {
        name: String,
        suggestion: Option<String>,
    },
    UnknownColumn {
        table: String,
        column: String,
        suggestion: Option<String>,
    },
}

/// The declarations that depend on `target` (`table.column`, or `table` for any of its columns),
/// those reading it directly first, then by distance, each once.
pub fn uses(program: &Program, graph: &Graph, target: &str) -> Result<Vec<Usage>, UsesError> {
    let targets = resolve(program, target)?;
    // Who reads each node: the edges reversed.
    let mut readers: BTreeMap<Node, Vec<Node>> = BTreeMap::new();
    for (from, to) in &graph.edges {
        readers.entry(*to).or_default().push(*from);
    }
    // Breadth first from the column, so that each declaration is reached by a shortest path
    // and listed once, nearest first.
    let mut reached: BTreeMap<Node, Option<Node>> = BTreeMap::new();
    let mut order = Vec::new();
    let mut queue: VecDeque<(Node, Option<Node>)> = VecDeque::new();
    for node in &targets {
        for reader in readers.get(node).into_iter().flatten() {
            queue.push_back((*reader, None));
        }
    }
    while let Some((node, through)) = queue.pop_front() {
        if reached.contains_key(&node) || !is_declaration(node) {
            continue;
        }
        reached.insert(node, through);
        order.push(node);
        for reader in readers.get(&node).into_iter().flatten() {
            queue.push_back((*reader, Some(node)));
        }
    }
    Ok(order
        .into_iter()
        .map(|node| {
            let d = describe(program, node);
            let through = reached[&node].map(|via| {
                let v = describe(program, via);
                format!("{} {}", v.kind, v.name)
            });
            Usage {
                kind: d.kind,
                name: d.name,
                location: d.location,
                through,
            }
        })
        .collect())
}

/// A declaration, as opposed to a table, a column or a parameter.
fn is_declaration(node: Node) -> bool {
    matches!(
        node,
        Node::Segment(_)
            | Node::Segmentation(_)
            | Node::Rfm(_)
            | Node::Clv(_)
            | Node::Trait(_)
            | Node::Kpi(_)
    )
}

/// The nodes `target` names: one column, or a table and each of its columns.
fn resolve(program: &Program, target: &str) -> Result<Vec<Node>, UsesError> {
    let (table_name, column_name) = match target.split_once('.') {
        Some((t, c)) => (t, Some(c)),
        None => (target, None),
    };
    let all = tables(program);
    let Some(&(table, _)) = all.iter().find(|(_, name)| *name == table_name) else {
        return Err(UsesError::UnknownTable {
            name: table_name.to_string(),
            suggestion: closest(table_name, all.iter().map(|(_, n)| *n)),
        });
    };
    let columns = table_columns(program, table);
    match column_name {
        None => {
            let mut nodes = vec![Node::Table(table)];
            nodes.extend((0..columns.len()).map(|c| Node::Column(table, c)));
            Ok(nodes)
        }
        Some(column) => match columns.iter().position(|c| c.name == column) {
            Some(c) => {
                let mut nodes = vec![Node::Column(table, c)];
                if joins(program, table, c) {
                    nodes.push(Node::Table(table));
                }
                Ok(nodes)
            }
            None => Err(UsesError::UnknownColumn {
                table: table_name.to_string(),
                column: column.to_string(),
                suggestion: closest(column, columns.iter().map(|c| c.name.as_str())),
            }),
        },
    }
}

/// Whether every reader of the table reads the column: the entity's key, the column that links
/// a table to its entity, a lookup's key, and every column of a consent or suppression table (a channel's rule
/// reads them all). The graph draws these as the table.
fn joins(program: &Program, table: Table, column: usize) -> bool {
    let schema = &program.schema;
    match table {
        Table::Entity(id) => schema.entity(id).key == column,
        Table::Facts(id) => schema.facts[id.0].link_column == column,
        Table::Consents(_) | Table::Suppressions(_) => true,
        Table::Lookup(id) => schema.lookup(id).key == column,
        Table::Costs(_) => false,
    }
}
