//! The outline of a document: its declarations, with a table's columns and a segmentation's
//! stages under it.

use super::index::{Kind, Symbol};
use super::positions::LineIndex;
use super::workspace::Snapshot;
use crate::source::FileId;
use lsp_types::{DocumentSymbol, SymbolKind};

/// The declarations of a file, in the order written.
pub fn outline(snapshot: &Snapshot, file: FileId) -> Vec<DocumentSymbol> {
    let lines = LineIndex::new(snapshot.text(file));
    let symbols = &snapshot.index.symbols;
    let in_file = |s: &&Symbol| s.span.file == file;
    symbols
        .iter()
        .filter(in_file)
        .filter(|s| !matches!(s.kind, Kind::Column | Kind::Stage | Kind::File))
        .map(|s| {
            let children: Vec<DocumentSymbol> = symbols
                .iter()
                .filter(in_file)
                .filter(|c| matches!(c.kind, Kind::Column | Kind::Stage))
                .filter(|c| c.container.as_deref() == Some(s.name.as_str()))
                .filter(|c| {
                    matches!(
                        (s.kind, c.kind),
                        (Kind::Table, Kind::Column) | (Kind::Segmentation, Kind::Stage)
                    )
                })
                .map(|c| entry(c, &lines, None))
                .collect();
            entry(s, &lines, (!children.is_empty()).then_some(children))
        })
        .collect()
}

#[allow(
    deprecated,
    reason = "lsp-types' DocumentSymbol has no constructor, and its deprecated field `deprecated` must be written out"
)]
fn entry(
    symbol: &Symbol,
    lines: &LineIndex,
    children: Option<Vec<DocumentSymbol>>,
) -> DocumentSymbol {
    let range = lines.range(symbol.span.start as usize, symbol.span.end as usize);
    DocumentSymbol {
        name: symbol.name.clone(),
        detail: Some(symbol.signature.clone()),
        kind: match symbol.kind {
            Kind::Segment => SymbolKind::FUNCTION,
            Kind::Table => SymbolKind::STRUCT,
            Kind::Column => SymbolKind::FIELD,
            Kind::Param => SymbolKind::CONSTANT,
            Kind::Model => SymbolKind::CLASS,
            Kind::Trait => SymbolKind::PROPERTY,
            Kind::Kpi => SymbolKind::NUMBER,
            Kind::Segmentation => SymbolKind::ENUM,
            Kind::Stage => SymbolKind::ENUM_MEMBER,
            Kind::File => SymbolKind::FILE,
        },
        tags: None,
        deprecated: None,
        range,
        selection_range: range,
        children,
    }
}
