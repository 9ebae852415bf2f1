//! The order CLV models and traits are checked in: each after the traits and models its value
//! reads, whatever the order they are declared in, so that a trait may read a model's field and
//! a model's margin may read a trait. A cycle among them is refused (E0228). The walks are kept
//! on heap stacks, not the call stack, and names are looked up in hash maps: a chain of 100,000
//! traits, each reading the next one declared, orders in time linear in its length.

use super::errors::{CheckError, TraitError};
use crate::source::Span;
use crate::syntax::ast;
use std::collections::{HashMap, VecDeque};

/// A declaration whose value may read traits or models.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Decl {
    /// A CLV model (its margin and lifespan), by its index in the models given.
    Clv(usize),
    /// A trait, by its index in the traits given.
    Trait(usize),
}

/// One declaration to check, in order.
#[derive(Debug, Clone, Copy)]
pub(super) struct Step {
    pub decl: Decl,
    /// On a cycle: not checked, the cycle is reported instead.
    pub on_cycle: bool,
}

/// The declarations in the order to check them, and one error per cycle.
pub(super) struct Order {
    pub steps: Vec<Step>,
    pub errors: Vec<CheckError>,
}

/// Orders `clv` and `traits` so that each comes after every declaration it reads. `clv` holds
/// each model name once (duplicates were refused before); a trait name declared twice refers to
/// its first declaration.
pub(super) fn order(clv: &[&ast::ClvDecl], traits: &[&ast::TraitDecl]) -> Order {
    let graph = Graph::of(clv, traits);
    let components = components(&graph.reads);
    let mut component_of = vec![0; graph.reads.len()];
    for (c, members) in components.iter().enumerate() {
        for &m in members {
            component_of[m] = c;
        }
    }
    let decl = |node: usize| match node.checked_sub(clv.len()) {
        None => Decl::Clv(node),
        Some(t) => Decl::Trait(t),
    };
    let mut steps = Vec::with_capacity(graph.reads.len());
    let mut errors = Vec::new();
    let mut parents = vec![None; graph.reads.len()];
    for (c, members) in components.iter().enumerate() {
        let on_cycle =
            members.len() > 1 || graph.reads[members[0]].iter().any(|r| r.0 == members[0]);
        if on_cycle {
            errors.push(graph.cycle(members, c, &component_of, &mut parents));
        }
        steps.extend(members.iter().map(|&m| Step {
            decl: decl(m),
            on_cycle,
        }));
    }
    Order { steps, errors }
}

/// CLV models then traits, as nodes: what each is called and where it is declared, and what it
/// reads.
struct Graph<'d> {
    names: Vec<&'d str>,
    declared: Vec<Span>,
    /// The nodes each node reads, with the span of the reference, in the order written.
    reads: Vec<Vec<(usize, Span)>>,
}

impl<'d> Graph<'d> {
    fn of(clv: &[&'d ast::ClvDecl], traits: &[&'d ast::TraitDecl]) -> Graph<'d> {
        let mut names = Vec::new();
        let mut declared = Vec::new();
        let mut entities = Vec::new();
        let mut values: Vec<Vec<&'d ast::Value>> = Vec::new();
        for m in clv {
            names.push(m.name.name.as_str());
            declared.push(m.span);
            entities.push(m.entity.name.as_str());
            values.push(m.margin.iter().chain(m.lifespan.iter()).collect());
        }
        for t in traits {
            names.push(t.name.name.as_str());
            declared.push(t.span);
            entities.push(t.entity.name.as_str());
            values.push(vec![&t.value]);
        }
        let mut models: HashMap<&str, usize> = HashMap::new();
        for (i, m) in clv.iter().enumerate() {
            models.entry(m.name.name.as_str()).or_insert(i);
        }
        let mut trait_nodes: HashMap<&str, usize> = HashMap::new();
        for (i, t) in traits.iter().enumerate() {
            trait_nodes
                .entry(t.name.name.as_str())
                .or_insert(clv.len() + i);
        }
        let mut reads = Vec::with_capacity(values.len());
        let mut found = Vec::new();
        for (node, roots) in values.iter().enumerate() {
            for root in roots {
                references(root, &mut found);
            }
            // Only a trait or model of the same entity can be what a name means here.
            let same_entity = |target: &usize| entities[*target] == entities[node];
            reads.push(
                found
                    .drain(..)
                    .filter_map(|r| match r {
                        Reference::Name(id) => {
                            trait_nodes.get(id.name.as_str()).map(|t| (*t, id.span))
                        }
                        Reference::Model(id, span) => {
                            models.get(id.name.as_str()).map(|m| (*m, span))
                        }
                    })
                    .filter(|(target, _)| same_entity(target))
                    .collect(),
            );
        }
        Graph {
            names,
            declared,
            reads,
        }
    }

    /// The cycle error of component `c` (`members`): the shortest cycle through the member
    /// declared first, pointing at the reference that closes it. `parents` is scratch space of
    /// one entry per node, left all `None`.
    fn cycle(
        &self,
        members: &[usize],
        c: usize,
        component_of: &[usize],
        parents: &mut [Option<(usize, Span)>],
    ) -> CheckError {
        let start = members
            .iter()
            .copied()
            .min_by_key(|&m| (self.declared[m].file.0, self.declared[m].start))
            .unwrap_or(members[0]);
        // Breadth first from `start` inside the component, until a reference leads back to it.
        let mut queue = VecDeque::from([start]);
        let mut touched = Vec::new();
        let mut closing = None;
        'walk: while let Some(node) = queue.pop_front() {
            for &(target, span) in &self.reads[node] {
                if target == start {
                    closing = Some((node, span));
                    break 'walk;
                }
                if component_of[target] == c && parents[target].is_none() {
                    parents[target] = Some((node, span));
                    touched.push(target);
                    queue.push_back(target);
                }
            }
        }
        // A component on a cycle has a path back to each member; `start` alone reads itself.
        let (last, span) = closing.unwrap_or((start, self.declared[start]));
        let mut path = vec![last];
        let mut node = last;
        while node != start {
            let Some((parent, _)) = parents[node] else {
                break;
            };
            path.push(parent);
            node = parent;
        }
        path.reverse();
        path.push(start);
        for t in touched {
            parents[t] = None;
        }
        let names: Vec<&str> = path.iter().map(|&n| self.names[n]).collect();
        CheckError::new(
            span,
            TraitError::Cycle {
                path: written(&names),
            },
        )
    }
}

/// `a → b → a`; a long cycle with its middle left out, so that the message stays one line.
fn written(names: &[&str]) -> String {
    const SHOWN: usize = 4;
    if names.len() <= 2 * SHOWN + 1 {
        return names.join(" → ");
    }
    let (head, rest) = names.split_at(SHOWN);
    let (middle, tail) = rest.split_at(rest.len() - SHOWN);
    format!(
        "{} → … {} more … → {}",
        head.join(" → "),
        middle.len(),
        tail.join(" → ")
    )
}

/// What a value may read as a trait or a model.
enum Reference<'v> {
    /// A name, which is a trait's when no column or parameter has it.
    Name(&'v ast::Ident),
    /// `model.field`, with the span of the whole field.
    Model(&'v ast::Ident, Span),
}

/// The names and model fields `value` reads in its entity's scope: everywhere but inside an
/// aggregate's rows (its column and `where` name the facts table's columns), window bounds
/// included.
fn references<'v>(value: &'v ast::Value, out: &mut Vec<Reference<'v>>) {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match &v.kind {
            ast::ValueKind::Name(id) => out.push(Reference::Name(id)),
            ast::ValueKind::Field(field) => out.push(Reference::Model(&field.0, v.span)),
            ast::ValueKind::Literal(_) | ast::ValueKind::Ago(..) => {}
            ast::ValueKind::DaysSince(x)
            | ast::ValueKind::DaysUntil(x)
            | ast::ValueKind::Age(x)
            | ast::ValueKind::DatePart(_, x)
            | ast::ValueKind::Anniversary(x)
            | ast::ValueKind::Text(_, x)
            | ast::ValueKind::Negate(x) => stack.push(x),
            ast::ValueKind::Binary(b) => {
                stack.push(&b.right);
                stack.push(&b.left);
            }
            ast::ValueKind::Call(_, values) => stack.extend(values.iter().rev()),
            ast::ValueKind::Aggregate(agg) => {
                for arg in agg.args.iter().rev() {
                    match arg {
                        ast::AggArg::Window(ast::Window::Before(b) | ast::Window::After(b), _) => {
                            stack.push(b)
                        }
                        ast::AggArg::Window(ast::Window::Between(low, high), _) => {
                            stack.push(high);
                            stack.push(low);
                        }
                        ast::AggArg::Window(ast::Window::Last(..) | ast::Window::Next(..), _)
                        | ast::AggArg::Column(_)
                        | ast::AggArg::Distinct(..)
                        | ast::AggArg::Where(..) => {}
                    }
                }
            }
        }
    }
}

/// The strongly connected components of the graph (Tarjan's algorithm, on heap stacks), each
/// after every component it reads: the order to check them in. Nodes that read only nodes
/// before them stay in their order.
fn components(reads: &[Vec<(usize, Span)>]) -> Vec<Vec<usize>> {
    let mut walk = Tarjan {
        index: vec![UNSEEN; reads.len()],
        low: vec![0; reads.len()],
        on_stack: vec![false; reads.len()],
        stack: Vec::new(),
        path: Vec::new(),
        next_index: 0,
    };
    let mut out = Vec::new();
    for root in 0..reads.len() {
        if walk.index[root] != UNSEEN {
            continue;
        }
        walk.enter(root);
        while let Some(&(node, next)) = walk.path.last() {
            if let Some(&(target, _)) = reads[node].get(next) {
                if let Some(top) = walk.path.last_mut() {
                    top.1 += 1;
                }
                if walk.index[target] == UNSEEN {
                    walk.enter(target);
                } else if walk.on_stack[target] {
                    walk.low[node] = walk.low[node].min(walk.index[target]);
                }
                continue;
            }
            walk.path.pop();
            if let Some(&(parent, _)) = walk.path.last() {
                walk.low[parent] = walk.low[parent].min(walk.low[node]);
            }
            if walk.low[node] == walk.index[node] {
                let mut component = Vec::new();
                while let Some(member) = walk.stack.pop() {
                    walk.on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                out.push(component);
            }
        }
    }
    out
}

/// A node not reached yet.
const UNSEEN: usize = usize::MAX;

/// The state of Tarjan's walk: each node's visit number and the lowest one it reaches, the
/// nodes of components not finished yet, and the path from the root.
struct Tarjan {
    index: Vec<usize>,
    low: Vec<usize>,
    on_stack: Vec<bool>,
    stack: Vec<usize>,
    /// Each node on the path, with the position of its next reference.
    path: Vec<(usize, usize)>,
    next_index: usize,
}

impl Tarjan {
    fn enter(&mut self, node: usize) {
        self.index[node] = self.next_index;
        self.low[node] = self.next_index;
        self.next_index += 1;
        self.on_stack[node] = true;
        self.stack.push(node);
        self.path.push((node, 0));
    }
}
