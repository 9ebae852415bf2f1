//! What each name of the project is and where it is used: the declarations of segments, tables,
//! columns, parameters, models, traits, segmentations and stages, and every span that names
//! one, across files. Built from the syntax trees alone, so it answers while other files have
//! type errors; names are resolved in the scope the checker reads them in (the facts table
//! inside an aggregate, then the segment's entity, then traits, parameters and segmentations).

use crate::source::{SourceMap, Span};
use crate::syntax::ast;
use std::collections::HashMap;

/// The kinds of declared names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Segment,
    /// An entity, facts table, lookup, consent log or suppression list.
    Table,
    Column,
    Param,
    /// An `rfm` or `clv` model.
    Model,
    Trait,
    Segmentation,
    Stage,
}

/// One declared name.
#[derive(Debug, Clone)]
pub struct Symbol {
    pub kind: Kind,
    pub name: String,
    /// The table of a column, the segmentation of a stage.
    pub container: Option<String>,
    /// Where the name is declared.
    pub span: Span,
    /// The declaration in one line, such as `orders.amount: decimal(12, 2)`.
    pub signature: String,
    pub docs: Option<String>,
    /// Facts worth a line each in a hover: a column's flags, a segment's owner and channels.
    pub notes: Vec<String>,
    /// The words that go with it: a column's enum values, a segmentation's stages, a model's
    /// fields; for a table, its kind (`entity`, `facts`, `lookup`, `consents`, `suppressions`).
    pub values: Vec<String>,
}

/// The symbols of a project and the spans that use them (declarations included).
#[derive(Debug, Default)]
pub struct Index {
    pub symbols: Vec<Symbol>,
    /// Each span naming a symbol, with the symbol's index.
    pub uses: Vec<(Span, usize)>,
    by_key: HashMap<(Kind, Option<String>, String), usize>,
}

/// Where a name is read: the entity of the declaration, and the facts table of the aggregate
/// or sequence step around it.
#[derive(Debug, Clone, Copy, Default)]
struct Scope<'a> {
    entity: Option<&'a str>,
    facts: Option<&'a str>,
}

impl Index {
    /// Indexes the parsed files of a project.
    pub fn build(modules: &[ast::Module], sources: &SourceMap) -> Index {
        let mut index = Index::default();
        for item in modules.iter().flat_map(|m| &m.items) {
            index.declare_item(item, sources);
        }
        for item in modules.iter().flat_map(|m| &m.items) {
            index.use_item(item);
        }
        index
    }

    /// The symbol of a kind and name (a column's or stage's container given).
    pub fn find(&self, kind: Kind, container: Option<&str>, name: &str) -> Option<usize> {
        self.by_key
            .get(&(kind, container.map(str::to_string), name.to_string()))
            .copied()
    }

    /// The symbol named at a byte offset of a file, with the span naming it there (the
    /// innermost when spans nest).
    pub fn at(&self, file: crate::source::FileId, offset: usize) -> Option<(Span, usize)> {
        self.uses
            .iter()
            .filter(|(s, _)| {
                s.file == file && s.start as usize <= offset && offset <= s.end as usize
            })
            .min_by_key(|(s, _)| s.len())
            .copied()
    }

    /// Every span naming a symbol, its declaration included, in the order indexed.
    pub fn uses_of(&self, symbol: usize) -> impl Iterator<Item = Span> + '_ {
        self.uses
            .iter()
            .filter(move |(_, s)| *s == symbol)
            .map(|(span, _)| *span)
    }

    /// The symbols of one kind (and container, for columns and stages).
    pub fn of_kind<'a>(
        &'a self,
        kind: Kind,
        container: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Symbol> + 'a {
        self.symbols.iter().filter(move |s| {
            s.kind == kind && (container.is_none() || s.container.as_deref() == container)
        })
    }

    fn declare(&mut self, symbol: Symbol) {
        let key = (symbol.kind, symbol.container.clone(), symbol.name.clone());
        if self.by_key.contains_key(&key) {
            // Declared twice: the checker reports it; the first declaration is the one named.
            return;
        }
        let id = self.symbols.len();
        self.uses.push((symbol.span, id));
        self.by_key.insert(key, id);
        self.symbols.push(symbol);
    }

    fn use_of(&mut self, kind: Kind, container: Option<&str>, ident: &ast::Ident) {
        if let Some(id) = self.find(kind, container, &ident.name) {
            self.uses.push((ident.span, id));
        }
    }

    fn declare_item(&mut self, item: &ast::Item, sources: &SourceMap) {
        match item {
            ast::Item::Use(_) | ast::Item::TimeZone(_) | ast::Item::Test(_) => {}
            ast::Item::Param(p) => self.declare(Symbol {
                kind: Kind::Param,
                name: p.name.name.clone(),
                container: None,
                span: p.name.span,
                signature: format!(
                    "param {}: {} = {}",
                    p.name.name,
                    type_text(&p.ty, sources),
                    sources.snippet(p.default.span)
                ),
                docs: p.docs.clone(),
                notes: vec![format!("default: `{}`", sources.snippet(p.default.span))],
                values: Vec::new(),
            }),
            ast::Item::Entity(e) => {
                let from = e.table.as_ref().map(|t| format!(" from \"{}\"", t.value));
                self.table("entity", &e.name, from, e.docs.clone());
                for c in &e.columns {
                    self.column(&e.name.name, c, sources);
                }
            }
            ast::Item::Facts(f) => {
                let header = format!(
                    " of {}({})",
                    f.header.link.entity.name, f.header.link.column.name
                );
                self.table("facts", &f.name, Some(header), f.header.docs.clone());
                for c in &f.header.columns {
                    self.column(&f.name.name, c, sources);
                }
            }
            ast::Item::Lookup(l) => {
                self.table(
                    "lookup",
                    &l.name,
                    Some(format!("({})", l.key.name)),
                    l.docs.clone(),
                );
                if !l.columns.iter().any(|c| c.name.name == l.key.name) {
                    self.declare(Symbol {
                        kind: Kind::Column,
                        name: l.key.name.clone(),
                        container: Some(l.name.name.clone()),
                        span: l.key.span,
                        signature: format!("{}.{}: string", l.name.name, l.key.name),
                        docs: None,
                        notes: vec!["the lookup's key".to_string()],
                        values: Vec::new(),
                    });
                }
                for c in &l.columns {
                    self.column(&l.name.name, c, sources);
                }
            }
            ast::Item::Consents(c) => {
                self.header_table("consents", c.name.as_ref(), &c.header, sources)
            }
            ast::Item::Suppressions(s) => {
                self.header_table("suppressions", s.name.as_ref(), &s.header, sources)
            }
            ast::Item::Segment(s) => {
                let mut notes = Vec::new();
                if let Some(owner) = &s.owner {
                    notes.push(format!("owner: {}", owner.value));
                }
                if !s.tags.is_empty() {
                    let tags: Vec<&str> = s.tags.iter().map(|t| t.value.as_str()).collect();
                    notes.push(format!("tags: {}", tags.join(", ")));
                }
                for c in &s.channels {
                    notes.push(format!("`{}`", one_line(sources.snippet(c.span))));
                }
                if let Some(h) = &s.holdout {
                    notes.push(format!("`{}`", one_line(sources.snippet(h.span))));
                }
                if s.channels.is_empty() {
                    notes.push("no channel: for analysis only".to_string());
                }
                self.declare(Symbol {
                    kind: Kind::Segment,
                    name: s.name.name.clone(),
                    container: None,
                    span: s.name.span,
                    signature: format!("segment {} on {}", s.name.name, s.entity.name),
                    docs: s.docs.clone(),
                    notes,
                    values: Vec::new(),
                })
            }
            ast::Item::Segmentation(s) => {
                let stages: Vec<String> = s.stages.iter().map(|st| st.name.name.clone()).collect();
                self.declare(Symbol {
                    kind: Kind::Segmentation,
                    name: s.name.name.clone(),
                    container: None,
                    span: s.name.span,
                    signature: format!("segmentation {} on {}", s.name.name, s.entity.name),
                    docs: s.docs.clone(),
                    notes: vec![format!("stages, first match wins: {}", stages.join(", "))],
                    values: stages,
                });
                for stage in &s.stages {
                    let test = match &stage.when {
                        Some(c) => format!("when {}", one_line(sources.snippet(c.span()))),
                        None => "otherwise".to_string(),
                    };
                    self.declare(Symbol {
                        kind: Kind::Stage,
                        name: stage.name.name.clone(),
                        container: Some(s.name.name.clone()),
                        span: stage.name.span,
                        signature: format!("{}: stage {} {test}", s.name.name, stage.name.name),
                        docs: stage.docs.clone(),
                        notes: Vec::new(),
                        values: Vec::new(),
                    });
                }
            }
            ast::Item::Rfm(m) => self.declare(Symbol {
                kind: Kind::Model,
                name: m.name.name.clone(),
                container: None,
                span: m.name.span,
                signature: format!(
                    "rfm {} on {} over {}",
                    m.name.name, m.entity.name, m.facts.name
                ),
                docs: m.docs.clone(),
                notes: vec![
                    "fields: r, f, m, code, recency, frequency, monetary, scored".to_string(),
                ],
                values: [
                    "r",
                    "f",
                    "m",
                    "code",
                    "recency",
                    "frequency",
                    "monetary",
                    "scored",
                ]
                .map(str::to_string)
                .to_vec(),
            }),
            ast::Item::Clv(m) => self.declare(Symbol {
                kind: Kind::Model,
                name: m.name.name.clone(),
                container: None,
                span: m.name.span,
                signature: format!(
                    "clv {} on {} over {}",
                    m.name.name, m.entity.name, m.facts.name
                ),
                docs: m.docs.clone(),
                notes: vec!["field: value".to_string()],
                values: vec!["value".to_string()],
            }),
            ast::Item::Trait(t) => self.declare(Symbol {
                kind: Kind::Trait,
                name: t.name.name.clone(),
                container: None,
                span: t.name.span,
                signature: format!(
                    "trait {} on {} = {}",
                    t.name.name,
                    t.entity.name,
                    one_line(sources.snippet(t.value.span))
                ),
                docs: t.docs.clone(),
                notes: Vec::new(),
                values: Vec::new(),
            }),
        }
    }

    fn table(&mut self, word: &str, name: &ast::Ident, rest: Option<String>, docs: Option<String>) {
        self.declare(Symbol {
            kind: Kind::Table,
            name: name.name.clone(),
            container: None,
            span: name.span,
            signature: format!("{word} {}{}", name.name, rest.unwrap_or_default()),
            docs,
            notes: Vec::new(),
            values: vec![word.to_string()],
        });
    }

    fn header_table(
        &mut self,
        word: &str,
        name: Option<&ast::Ident>,
        header: &ast::TableHeader,
        sources: &SourceMap,
    ) {
        let table = name.map_or(word.to_string(), |n| n.name.clone());
        if let Some(name) = name {
            let rest = format!(
                " of {}({})",
                header.link.entity.name, header.link.column.name
            );
            self.table(word, name, Some(rest), header.docs.clone());
        }
        for c in &header.columns {
            self.column(&table, c, sources);
        }
    }

    fn column(&mut self, table: &str, c: &ast::ColumnDecl, sources: &SourceMap) {
        let mut notes = Vec::new();
        if c.is_key {
            notes.push("key: the entity's identifier".to_string());
        }
        if c.flags.pii.is_some() {
            notes.push("pii: personal data, never exported unless asked for".to_string());
        }
        if c.flags.special.is_some() {
            notes.push("special: GDPR art. 9 category, never usable in a criterion".to_string());
        }
        if let Some(r) = &c.reference {
            notes.push(format!(
                "-> {}: holds the key of lookup `{}`",
                r.name, r.name
            ));
        }
        let values = match &c.ty.kind {
            ast::TypeKind::Enum(values) => values.iter().map(|v| v.value.clone()).collect(),
            _ => Vec::new(),
        };
        self.declare(Symbol {
            kind: Kind::Column,
            name: c.name.name.clone(),
            container: Some(table.to_string()),
            span: c.name.span,
            signature: format!("{table}.{}: {}", c.name.name, type_text(&c.ty, sources)),
            docs: c.docs.clone(),
            notes,
            values,
        });
    }

    fn use_item(&mut self, item: &ast::Item) {
        match item {
            ast::Item::Use(_) | ast::Item::TimeZone(_) | ast::Item::Param(_) => {}
            ast::Item::Entity(e) => {
                for c in &e.columns {
                    self.use_reference(c);
                }
                for consent in &e.consent_columns {
                    self.use_of(Kind::Column, Some(&e.name.name), &consent.flag);
                    if let Some(since) = &consent.since {
                        self.use_of(Kind::Column, Some(&e.name.name), since);
                    }
                }
            }
            ast::Item::Facts(f) => {
                self.use_header(&f.header);
                if let Some(time) = &f.time_column {
                    self.use_of(Kind::Column, Some(&f.name.name), time);
                }
            }
            ast::Item::Lookup(l) => {
                if l.columns.iter().any(|c| c.name.name == l.key.name) {
                    self.use_of(Kind::Column, Some(&l.name.name), &l.key);
                }
            }
            ast::Item::Consents(c) => self.use_header(&c.header),
            ast::Item::Suppressions(s) => {
                self.use_header(&s.header);
                let table = s.name.as_ref().map_or("suppressions", |n| n.name.as_str());
                if let Some(time) = &s.time_column {
                    self.use_of(Kind::Column, Some(table), time);
                }
            }
            ast::Item::Segment(s) => {
                self.use_of(Kind::Table, None, &s.entity);
                let scope = Scope {
                    entity: Some(&s.entity.name),
                    facts: None,
                };
                if let Some(c) = &s.criteria {
                    self.cond(c, scope);
                }
            }
            ast::Item::Segmentation(s) => {
                self.use_of(Kind::Table, None, &s.entity);
                if let Some(grid) = &s.grid {
                    self.use_of(Kind::Model, None, grid);
                }
                let scope = Scope {
                    entity: Some(&s.entity.name),
                    facts: None,
                };
                for stage in &s.stages {
                    if let Some(c) = &stage.when {
                        self.cond(c, scope);
                    }
                }
            }
            ast::Item::Rfm(m) => {
                self.use_of(Kind::Table, None, &m.entity);
                self.use_of(Kind::Table, None, &m.facts);
                if let Some((count, _, _)) = &m.window {
                    self.count(count);
                }
                for metric in &m.metrics {
                    if let Some((_, column)) = &metric.measure {
                        self.use_of(Kind::Column, Some(&m.facts.name), column);
                    }
                }
            }
            ast::Item::Clv(m) => {
                self.use_of(Kind::Table, None, &m.entity);
                self.use_of(Kind::Table, None, &m.facts);
                if let Some(amount) = &m.amount {
                    self.use_of(Kind::Column, Some(&m.facts.name), amount);
                }
                if let Some((count, _, _)) = &m.window {
                    self.count(count);
                }
                let scope = Scope {
                    entity: Some(&m.entity.name),
                    facts: None,
                };
                for v in [&m.margin, &m.lifespan].into_iter().flatten() {
                    self.value(v, scope);
                }
            }
            ast::Item::Trait(t) => {
                self.use_of(Kind::Table, None, &t.entity);
                let scope = Scope {
                    entity: Some(&t.entity.name),
                    facts: None,
                };
                self.value(&t.value, scope);
            }
            ast::Item::Test(t) => {
                if let Some(segment) = &t.segment {
                    self.use_of(Kind::Segment, None, segment);
                }
                for rows in &t.rows {
                    self.use_of(Kind::Table, None, &rows.table);
                    for record in &rows.records {
                        for (field, _) in &record.fields {
                            self.use_of(Kind::Column, Some(&rows.table.name), field);
                        }
                    }
                }
            }
        }
    }

    fn use_header(&mut self, header: &ast::TableHeader) {
        self.use_of(Kind::Table, None, &header.link.entity);
        self.use_of(
            Kind::Column,
            Some(&header.link.entity.name),
            &header.link.column,
        );
        for c in &header.columns {
            self.use_reference(c);
        }
    }

    fn use_reference(&mut self, column: &ast::ColumnDecl) {
        if let Some(lookup) = &column.reference {
            self.use_of(Kind::Table, None, lookup);
        }
    }

    fn count(&mut self, count: &ast::Count) {
        if let Some(name) = &count.param {
            let ident = ast::Ident {
                name: name.clone(),
                span: count.span,
            };
            self.use_of(Kind::Param, None, &ident);
        }
    }

    /// What a bare name in a condition or value names, in the checker's order.
    fn resolve(&self, name: &str, scope: Scope) -> Option<usize> {
        let columns = [scope.facts, scope.entity].into_iter().flatten();
        columns
            .filter_map(|table| self.find(Kind::Column, Some(table), name))
            .chain(
                [Kind::Trait, Kind::Param, Kind::Segmentation]
                    .into_iter()
                    .filter_map(|kind| self.find(kind, None, name)),
            )
            .next()
    }

    fn cond(&mut self, cond: &ast::Cond, scope: Scope) {
        match cond {
            ast::Cond::Or(parts, _) | ast::Cond::And(parts, _) => {
                for c in parts {
                    self.cond(c, scope);
                }
            }
            ast::Cond::Not(c, _) => self.cond(c, scope),
            ast::Cond::InSegment(segment, _) => self.use_of(Kind::Segment, None, segment),
            ast::Cond::Bare(v) => self.value(v, scope),
            ast::Cond::Test(v, test, _) => {
                self.value(v, scope);
                self.stages(v, test, scope);
                self.test(v, test, scope);
            }
        }
    }

    /// `lifecycle = "lapsed"`, `lifecycle in ["new", "active"]`: the strings name stages.
    fn stages(&mut self, value: &ast::Value, test: &ast::Test, scope: Scope) {
        let ast::ValueKind::Name(name) = &value.kind else {
            return;
        };
        let Some(id) = self.resolve(&name.name, scope) else {
            return;
        };
        if self.symbols[id].kind != Kind::Segmentation {
            return;
        }
        let segmentation = self.symbols[id].name.clone();
        let literals: Vec<&ast::Value> = match test {
            ast::Test::Compare(_, _, v) => vec![v],
            ast::Test::InList { items, .. } => items.iter().collect(),
            _ => Vec::new(),
        };
        for v in literals {
            if let ast::ValueKind::Literal(ast::Literal {
                kind: ast::LiteralKind::String(stage),
                span,
            }) = &v.kind
            {
                // The stage's name, inside the quotes.
                let inner = ast::Ident {
                    name: stage.clone(),
                    span: crate::source::Span {
                        file: span.file,
                        start: span.start + 1,
                        end: span.end.saturating_sub(1).max(span.start + 1),
                    },
                };
                self.use_of(Kind::Stage, Some(&segmentation), &inner);
            }
        }
    }

    fn test(&mut self, first: &ast::Value, test: &ast::Test, scope: Scope) {
        match test {
            ast::Test::Compare(_, _, v)
            | ast::Test::StartsWith(v)
            | ast::Test::EndsWith(v)
            | ast::Test::Contains(v)
            | ast::Test::Matches(v)
            | ast::Test::Before(v)
            | ast::Test::After(v) => self.value(v, scope),
            ast::Test::InList { items, .. } => {
                for v in items {
                    self.value(v, scope);
                }
            }
            ast::Test::Between(a, b) => {
                self.value(a, scope);
                self.value(b, scope);
            }
            ast::Test::IsMissing | ast::Test::IsPresent => {}
            ast::Test::WithinLast(count, _) | ast::Test::WithinNext(count, _) => self.count(count),
            ast::Test::IgnoringCase(test, _) => self.test(first, test, scope),
            ast::Test::FollowedBy(step) => {
                self.use_of(Kind::Table, None, &step.facts);
                self.count(&step.within);
                let first_facts = match &first.kind {
                    ast::ValueKind::Aggregate(a) => Some(a.facts.name.clone()),
                    _ => None,
                };
                let inner = Scope {
                    entity: scope.entity,
                    facts: Some(&step.facts.name),
                };
                for arg in &step.args {
                    match arg {
                        ast::StepArg::Arg(arg) => self.agg_arg(arg, inner),
                        ast::StepArg::Same {
                            column,
                            first_column,
                            ..
                        } => {
                            self.use_of(Kind::Column, Some(&step.facts.name), column);
                            if let Some(first_column) = first_column {
                                self.use_of(Kind::Column, first_facts.as_deref(), first_column);
                            }
                        }
                    }
                }
            }
        }
    }

    fn value(&mut self, value: &ast::Value, scope: Scope) {
        match &value.kind {
            ast::ValueKind::Name(name) => {
                if let Some(id) = self.resolve(&name.name, scope) {
                    self.uses.push((name.span, id));
                }
            }
            ast::ValueKind::Literal(_) => {}
            ast::ValueKind::Ago(count, _) => self.count(count),
            ast::ValueKind::DaysSince(v)
            | ast::ValueKind::DaysUntil(v)
            | ast::ValueKind::Age(v)
            | ast::ValueKind::DatePart(_, v)
            | ast::ValueKind::Anniversary(v)
            | ast::ValueKind::Text(_, v)
            | ast::ValueKind::Negate(v) => self.value(v, scope),
            ast::ValueKind::Aggregate(a) => {
                self.use_of(Kind::Table, None, &a.facts);
                let inner = Scope {
                    entity: scope.entity,
                    facts: Some(&a.facts.name),
                };
                for arg in &a.args {
                    self.agg_arg(arg, inner);
                }
            }
            ast::ValueKind::Field(field) => {
                let (owner, name) = field.as_ref();
                match self.find(Kind::Model, None, &owner.name) {
                    Some(model) => self.uses.push((owner.span, model)),
                    // `orders.channel` (a parent's column) or `products.brand` (a lookup's).
                    None => {
                        self.use_of(Kind::Table, None, owner);
                        self.use_of(Kind::Column, Some(&owner.name), name);
                    }
                }
            }
            ast::ValueKind::Binary(b) => {
                self.value(&b.left, scope);
                self.value(&b.right, scope);
            }
            ast::ValueKind::Call(_, args) => {
                for v in args {
                    self.value(v, scope);
                }
            }
        }
    }

    fn agg_arg(&mut self, arg: &ast::AggArg, scope: Scope) {
        let facts = scope.facts;
        match arg {
            ast::AggArg::Column(c) | ast::AggArg::Distinct(c, _) => {
                self.use_of(Kind::Column, facts, c)
            }
            ast::AggArg::Where(c, _) => self.cond(c, scope),
            ast::AggArg::Window(window, _) => match window {
                ast::Window::Last(count, _) => self.count(count),
                ast::Window::Before(v) | ast::Window::After(v) => self.value(v, scope),
                ast::Window::Between(a, b) => {
                    self.value(a, scope);
                    self.value(b, scope);
                }
            },
        }
    }
}

/// A type as written, with its `?`.
fn type_text(ty: &ast::TypeExpr, sources: &SourceMap) -> String {
    let text = one_line(sources.snippet(ty.span));
    match ty.nullable && !text.ends_with('?') {
        true => format!("{text}?"),
        false => text,
    }
}

/// Text spread over lines, on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
