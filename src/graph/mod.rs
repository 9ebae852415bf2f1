//! The dependency graph of a checked program: which declaration reads which (segments, stages,
//! models, traits, parameters, tables and columns), for `seg graph` and its `--uses` impact
//! question. Pure: the CLI prints what `render` returns.
//!
//! An edge `a → b` means "a reads b": a segment reads the columns and aggregates of its
//! criteria, the segments it refers to, the segmentations, models and traits whose values it
//! tests, the parameters it names, its entity and, for a channel, the consent and suppression
//! tables that decide who may be contacted.

use crate::check::typed::{
    Aggregate, ClvId, Cond, ConsentRef, CostsId, EntityId, FactsId, KpiMeasure, LookupId, ParamId,
    Program, RfmId, SegmentId, TraitId, Value, ValueKind, Window,
};
use std::collections::BTreeSet;

mod render;
mod uses;

pub use render::{render, GraphFormat};
pub use uses::{uses, Usage, UsesError};

/// A table of the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Table {
    Entity(EntityId),
    Facts(FactsId),
    /// `schema.consents[i]`.
    Consents(usize),
    /// `schema.suppressions[i]`.
    Suppressions(usize),
    Lookup(LookupId),
    Costs(CostsId),
}

/// A node of the graph: a declaration, a table or one column of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Node {
    Segment(SegmentId),
    /// `program.segmentations[i]`.
    Segmentation(usize),
    Rfm(RfmId),
    Clv(ClvId),
    Trait(TraitId),
    /// `program.kpis[i]`.
    Kpi(usize),
    Param(ParamId),
    Table(Table),
    Column(Table, usize),
}

/// Every node worth showing and every "reads" edge, each once, in a stable order.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    pub nodes: BTreeSet<Node>,
    pub edges: BTreeSet<(Node, Node)>,
}

impl Graph {
    /// The graph of a program: every declaration, and the tables and columns some declaration
    /// reads.
    pub fn of(program: &Program) -> Graph {
        let mut graph = Graph::default();
        for (i, segment) in program.segments.iter().enumerate() {
            let from = Node::Segment(SegmentId(i));
            let mut reads = Reads::new(program, from, &mut graph);
            reads.add(Node::Table(Table::Entity(segment.entity)));
            if let Some(cond) = &segment.criteria {
                reads.cond(cond, Table::Entity(segment.entity));
            }
            for rule in &segment.channels {
                match rule.source {
                    ConsentRef::Log(log) => reads.add(Node::Table(Table::Consents(log))),
                    ConsentRef::Columns(c) => {
                        let entity = Table::Entity(segment.entity);
                        let columns = &program.schema.entity(segment.entity).consent_columns[c];
                        reads.add(Node::Column(entity, columns.flag));
                        if let Some(since) = columns.since {
                            reads.add(Node::Column(entity, since));
                        }
                    }
                }
                for (s, suppression) in program.schema.suppressions.iter().enumerate() {
                    if suppression.entity == segment.entity {
                        reads.add(Node::Table(Table::Suppressions(s)));
                    }
                }
            }
        }
        for (i, segmentation) in program.segmentations.iter().enumerate() {
            let mut reads = Reads::new(program, Node::Segmentation(i), &mut graph);
            reads.add(Node::Table(Table::Entity(segmentation.entity)));
            if let Some(model) = segmentation.grid {
                reads.add(Node::Rfm(model));
            }
            for stage in &segmentation.stages {
                if let Some(cond) = &stage.when {
                    reads.cond(cond, Table::Entity(segmentation.entity));
                }
            }
        }
        for (i, model) in program.rfm.iter().enumerate() {
            let mut reads = Reads::new(program, Node::Rfm(RfmId(i)), &mut graph);
            reads.facts_rows(model.facts);
            reads.add(Node::Column(
                Table::Facts(model.facts),
                model.monetary_column,
            ));
        }
        for (i, model) in program.clv.iter().enumerate() {
            let mut reads = Reads::new(program, Node::Clv(ClvId(i)), &mut graph);
            reads.facts_rows(model.facts);
            reads.add(Node::Column(Table::Facts(model.facts), model.amount_column));
            reads.value(&model.margin, Table::Entity(model.entity));
            reads.value(&model.lifespan, Table::Entity(model.entity));
        }
        for (i, named) in program.traits.iter().enumerate() {
            let mut reads = Reads::new(program, Node::Trait(TraitId(i)), &mut graph);
            reads.value(&named.value, Table::Entity(named.entity));
        }
        for (i, kpi) in program.kpis.iter().enumerate() {
            let mut reads = Reads::new(program, Node::Kpi(i), &mut graph);
            let entity = Table::Entity(kpi.entity);
            reads.add(Node::Table(entity));
            for segment in &kpi.segments {
                reads.add(Node::Segment(*segment));
            }
            match &kpi.measure {
                KpiMeasure::Mean(v) | KpiMeasure::Total(v) => reads.value(v, entity),
                KpiMeasure::Ratio(x, y) => {
                    reads.value(x, entity);
                    reads.value(y, entity);
                }
                KpiMeasure::Share { holds, among } => {
                    reads.cond(holds, entity);
                    if let Some(a) = among {
                        reads.cond(a, entity);
                    }
                }
                KpiMeasure::Cost { spend, per, .. } => {
                    reads.cond(per, entity);
                    for sum in spend.sums() {
                        let costs = Table::Costs(sum.costs);
                        reads.add(Node::Column(costs, sum.column));
                        let time = program.schema.costs(sum.costs).time_column;
                        reads.add(Node::Column(costs, time));
                        if let Some(f) = &sum.filter {
                            reads.cond(f, costs);
                        }
                    }
                }
            }
        }
        for i in 0..program.params.len() {
            graph.nodes.insert(Node::Param(ParamId(i)));
        }
        graph
    }

    /// The nodes that `node` reads.
    pub fn reads(&self, node: Node) -> impl Iterator<Item = Node> + '_ {
        self.edges
            .range((node, Node::Segment(SegmentId(0)))..)
            .take_while(move |(from, _)| *from == node)
            .map(|(_, to)| *to)
    }
}

/// The walk of one declaration: every value and condition it holds, adding an edge from it to
/// each thing read.
struct Reads<'a> {
    program: &'a Program,
    from: Node,
    graph: &'a mut Graph,
}

impl<'a> Reads<'a> {
    fn new(program: &'a Program, from: Node, graph: &'a mut Graph) -> Reads<'a> {
        graph.nodes.insert(from);
        Reads {
            program,
            from,
            graph,
        }
    }

    fn add(&mut self, to: Node) {
        // The rows of contacts aggregated on accounts are the contacts entity's table.
        let to = match to {
            Node::Table(t) => Node::Table(entity_rows(&self.program.schema, t)),
            Node::Column(t, c) => Node::Column(entity_rows(&self.program.schema, t), c),
            other => other,
        };
        if let Node::Column(table, _) = to {
            self.graph.nodes.insert(Node::Table(table));
        }
        self.graph.nodes.insert(to);
        self.graph.edges.insert((self.from, to));
    }

    /// The rows of a facts table, and its time column: rows after the evaluation date never
    /// count, so every aggregate reads it.
    /// A table of a facts table reads its parents too: each parent's table and the column it is
    /// joined on, and the time column of the nearest table that has one.
    fn facts_rows(&mut self, facts: FactsId) {
        let schema = &self.program.schema;
        self.add(Node::Table(Table::Facts(facts)));
        let mut at = facts;
        while let Some(parent) = schema.facts(at).parent {
            if self
                .graph
                .edges
                .contains(&(self.from, Node::Table(Table::Facts(parent.facts))))
            {
                break;
            }
            self.add(Node::Table(Table::Facts(parent.facts)));
            self.add(Node::Column(Table::Facts(parent.facts), parent.column));
            at = parent.facts;
        }
        if let Some((table, time)) = schema.time_of(facts) {
            self.add(Node::Column(Table::Facts(table), time));
        }
    }

    /// A condition whose columns are those of `scope`.
    fn cond(&mut self, cond: &Cond, scope: Table) {
        match cond {
            Cond::And(parts) | Cond::Or(parts) => parts.iter().for_each(|p| self.cond(p, scope)),
            Cond::Not(inner) => self.cond(inner, scope),
            Cond::InSegment(id) => self.add(Node::Segment(*id)),
            // Both steps read their table's rows as an aggregate does, and the `same` columns.
            Cond::Sequence(sequence) => {
                self.aggregate(&sequence.first);
                self.aggregate(&sequence.then);
                for &(first, then) in &sequence.same {
                    self.add(Node::Column(Table::Facts(sequence.first.facts), first));
                    self.add(Node::Column(Table::Facts(sequence.then.facts), then));
                }
            }
            Cond::Bool(v) | Cond::IsMissing(v) | Cond::IsPresent(v) => self.value(v, scope),
            Cond::WithinLast { value, .. } | Cond::WithinNext { value, .. } => {
                self.value(value, scope)
            }
            Cond::Compare { left, right, .. } => {
                self.value(left, scope);
                self.value(right, scope);
            }
            Cond::InList { value, items, .. } => {
                self.value(value, scope);
                items.iter().for_each(|v| self.value(v, scope));
            }
            Cond::Between { value, low, high } => {
                self.value(value, scope);
                self.value(low, scope);
                self.value(high, scope);
            }
            Cond::Text { value, pattern, .. } => {
                self.value(value, scope);
                self.value(pattern, scope);
            }
            Cond::Before { value, bound } | Cond::After { value, bound } => {
                self.value(value, scope);
                self.value(bound, scope);
            }
        }
    }

    /// A value whose columns are those of `scope`.
    fn value(&mut self, value: &Value, scope: Table) {
        match &value.kind {
            ValueKind::Column(c) => self.add(Node::Column(scope, *c)),
            ValueKind::ParentColumn { facts, column } => {
                self.add(Node::Column(Table::Facts(*facts), *column))
            }
            ValueKind::LinkedColumn { entity, column } => {
                self.add(Node::Column(Table::Entity(*entity), *column))
            }
            // The reference it is read through, and the lookup's column.
            ValueKind::LookupColumn {
                lookup,
                column,
                via,
                reference,
            } => {
                self.add(Node::Column(Table::Facts(*via), *reference));
                self.add(Node::Column(Table::Lookup(*lookup), *column));
            }
            ValueKind::Param(p) => self.add(Node::Param(*p)),
            ValueKind::Literal(_) | ValueKind::Ago(..) => {}
            ValueKind::DaysSince(v)
            | ValueKind::DaysUntil(v)
            | ValueKind::Age(v)
            | ValueKind::DatePart(_, v)
            | ValueKind::Anniversary(v)
            | ValueKind::Text(_, v)
            | ValueKind::Negate(v)
            | ValueKind::Abs(v)
            | ValueKind::Round(v, _) => self.value(v, scope),
            ValueKind::Arith(_, a, b) | ValueKind::Otherwise(a, b) => {
                self.value(a, scope);
                self.value(b, scope);
            }
            ValueKind::Least(vs) | ValueKind::Greatest(vs) => {
                vs.iter().for_each(|v| self.value(v, scope))
            }
            ValueKind::Aggregate(aggregate) => self.aggregate(aggregate),
            ValueKind::Segmentation(i) => self.add(Node::Segmentation(*i)),
            ValueKind::Rfm { model, .. } => self.add(Node::Rfm(*model)),
            ValueKind::Clv(id) => self.add(Node::Clv(*id)),
            ValueKind::Trait(id) => self.add(Node::Trait(*id)),
        }
    }

    /// An aggregate: its facts table, column, row filter and window (whose bounds are constants
    /// or parameters).
    fn aggregate(&mut self, aggregate: &Aggregate) {
        let facts = Table::Facts(aggregate.facts);
        self.facts_rows(aggregate.facts);
        if let Some(column) = aggregate.column {
            self.add(Node::Column(facts, column));
        }
        if let Some(filter) = &aggregate.filter {
            self.cond(filter, facts);
        }
        match &aggregate.window {
            None | Some(Window::Last(..) | Window::Next(..)) => {}
            Some(Window::Before(v) | Window::After(v)) => self.value(v, facts),
            Some(Window::Between(a, b)) => {
                self.value(a, facts);
                self.value(b, facts);
            }
        }
    }
}

/// What a node is called and where it is declared, as `render` and `uses` show it.
pub(crate) struct Described {
    /// `segment`, `column`, …
    pub(crate) kind: &'static str,
    /// `vip`, `customers.email`, …
    pub(crate) name: String,
    /// `file:line` of the declaration, or of the column.
    pub(crate) location: String,
}

/// The kind, name and place of a node.
pub(crate) fn describe(program: &Program, node: Node) -> Described {
    let at = |span| program.sources.location(span);
    let (kind, name, location) = match node {
        Node::Segment(id) => {
            let s = &program.segments[id.0];
            ("segment", s.name.clone(), at(s.decl_span))
        }
        Node::Segmentation(i) => {
            let s = &program.segmentations[i];
            ("segmentation", s.name.clone(), at(s.decl_span))
        }
        Node::Rfm(id) => {
            let m = &program.rfm[id.0];
            ("rfm", m.name.clone(), at(m.decl_span))
        }
        Node::Clv(id) => {
            let m = &program.clv[id.0];
            ("clv", m.name.clone(), at(m.decl_span))
        }
        Node::Trait(id) => {
            let t = &program.traits[id.0];
            ("trait", t.name.clone(), at(t.decl_span))
        }
        Node::Kpi(i) => {
            let k = &program.kpis[i];
            ("kpi", k.name.clone(), at(k.decl_span))
        }
        Node::Param(id) => {
            let p = &program.params[id.0];
            ("param", p.name.clone(), at(p.span))
        }
        Node::Table(table) => {
            let (kind, name, span) = table_parts(program, table);
            (kind, name.to_string(), at(span))
        }
        Node::Column(table, c) => {
            let (_, name, _) = table_parts(program, table);
            let column = &table_columns(program, table)[c];
            ("column", format!("{name}.{}", column.name), at(column.span))
        }
    };
    Described {
        kind,
        name,
        location,
    }
}

/// The entity whose rows a facts table is, when it is one (`Facts::rows_of`), else the table:
/// its columns are the entity's, in the same order.
fn entity_rows(schema: &crate::check::typed::Schema, table: Table) -> Table {
    match table {
        Table::Facts(id) => schema.facts(id).rows_of.map_or(table, Table::Entity),
        other => other,
    }
}

/// A table's kind, name and declaration.
fn table_parts(program: &Program, table: Table) -> (&'static str, &str, crate::source::Span) {
    let schema = &program.schema;
    match table {
        Table::Entity(id) => {
            let e = schema.entity(id);
            ("entity", &e.name, e.span)
        }
        Table::Facts(id) => {
            let f = &schema.facts[id.0];
            ("facts", &f.name, f.span)
        }
        Table::Consents(i) => {
            let c = &schema.consents[i];
            ("consents", &c.name, c.span)
        }
        Table::Suppressions(i) => {
            let s = &schema.suppressions[i];
            ("suppressions", &s.name, s.span)
        }
        Table::Lookup(id) => {
            let l = schema.lookup(id);
            ("lookup", &l.name, l.span)
        }
        Table::Costs(id) => {
            let c = schema.costs(id);
            ("costs", &c.name, c.span)
        }
    }
}

/// A table's columns.
fn table_columns(program: &Program, table: Table) -> &[crate::check::typed::Column] {
    let schema = &program.schema;
    match table {
        Table::Entity(id) => &schema.entity(id).columns,
        Table::Facts(id) => &schema.facts[id.0].columns,
        Table::Consents(i) => &schema.consents[i].columns,
        Table::Suppressions(i) => &schema.suppressions[i].columns,
        Table::Lookup(id) => &schema.lookup(id).columns,
        Table::Costs(id) => &schema.costs(id).columns,
    }
}

/// Every table of the schema with its name, for `uses` to find one by name.
fn tables(program: &Program) -> Vec<(Table, &str)> {
    let schema = &program.schema;
    let entities = (0..schema.entities.len()).map(|i| Table::Entity(EntityId(i)));
    let facts = (0..schema.facts.len())
        .filter(|&i| schema.facts[i].rows_of.is_none())
        .map(|i| Table::Facts(FactsId(i)));
    let consents = (0..schema.consents.len()).map(Table::Consents);
    let suppressions = (0..schema.suppressions.len()).map(Table::Suppressions);
    let lookups = (0..schema.lookups.len()).map(|i| Table::Lookup(LookupId(i)));
    let costs = (0..schema.costs.len()).map(|i| Table::Costs(CostsId(i)));
    entities
        .chain(facts)
        .chain(consents)
        .chain(suppressions)
        .chain(lookups)
        .chain(costs)
        .map(|t| (t, table_parts(program, t).1))
        .collect()
}
