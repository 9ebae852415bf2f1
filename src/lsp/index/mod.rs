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
use std::path::{Component, Path, PathBuf};

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
    /// A `kpi`: declared, never read by another declaration.
    Kpi,
    Segmentation,
    Stage,
    /// A file of the project, named by a `use "…"`.
    File,
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
        for module in modules {
            index.declare_file(module.file, sources);
        }
        for item in modules.iter().flat_map(|m| &m.items) {
            index.use_item(item);
        }
        for module in modules {
            index.use_imports(module, sources);
        }
        index
    }

    /// A file, as a symbol whose declaration is its start; no span of it names it.
    fn declare_file(&mut self, file: crate::source::FileId, sources: &SourceMap) {
        let Some(name) = sources.file(file).map(|f| f.name.clone()) else {
            return;
        };
        let key = (Kind::File, None, name.clone());
        if self.by_key.contains_key(&key) {
            return;
        }
        self.by_key.insert(key, self.symbols.len());
        self.symbols.push(Symbol {
            kind: Kind::File,
            signature: format!("file {name}"),
            name,
            container: None,
            span: Span::new(file, 0, 0),
            docs: None,
            notes: Vec::new(),
            values: Vec::new(),
        });
    }

    /// `use "schema.seg"`: the string names the file, found beside the importing one as the
    /// loader finds it.
    fn use_imports(&mut self, module: &ast::Module, sources: &SourceMap) {
        let Some(importer) = sources.file(module.file).map(|f| PathBuf::from(&f.name)) else {
            return;
        };
        let base = importer.parent().unwrap_or(Path::new(""));
        for item in &module.items {
            let ast::Item::Use(ast::UseDecl {
                target: ast::UseTarget::File(path),
                ..
            }) = item
            else {
                continue;
            };
            let name = normalized(&base.join(&path.value));
            if let Some(id) = self.find(Kind::File, None, &name) {
                self.uses.push((path.span, id));
            }
        }
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

/// A path as the loader names a file: `.` removed, `dir/..` folded, `/` between parts.
fn normalized(path: &Path) -> String {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                _ => out.push(".."),
            },
            other => out.push(other.as_os_str()),
        }
    }
    out.to_string_lossy().replace('\\', "/")
}
