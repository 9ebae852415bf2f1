//! The declared names of a project: one symbol per segment, table, column, parameter, model,
//! trait, segmentation and stage, with its signature, doc and notes for hover.

use super::{Index, Kind, Symbol};
use crate::source::SourceMap;
use crate::syntax::ast;

impl Index {
    pub(super) fn declare_item(&mut self, item: &ast::Item, sources: &SourceMap) {
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
            ast::Item::Costs(c) => {
                self.table("costs", &c.name, None, c.docs.clone());
                for column in &c.columns {
                    self.column(&c.name.name, column, sources);
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
            ast::Item::Kpi(k) => self.declare(Symbol {
                kind: Kind::Kpi,
                name: k.name.name.clone(),
                container: None,
                span: k.name.span,
                signature: format!(
                    "kpi {} on {} = {}",
                    k.name.name,
                    k.entity.name,
                    one_line(sources.snippet(k.measure.span))
                ),
                docs: k.docs.clone(),
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
