//! What each name of the project is and where it is used: the declarations of segments, tables,
//! columns, parameters, models, traits, segmentations and stages, and every span that names
//! one, across files. Built from the syntax trees alone, so it answers while other files have
//! type errors; names are resolved in the scope the checker reads them in (the facts table
//! inside an aggregate, then the segment's entity, then traits, parameters and segmentations).
//!
//! `declarations.rs` collects the declared names, `uses.rs` the spans that name them.

mod declarations;
mod uses;

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
}
