//! Go to definition and find references: the declaration a name at the cursor names, and every
//! place the project names it, across files.

use super::workspace::Snapshot;
use crate::source::FileId;
use lsp_types::Location;

/// Where the name at a byte offset is declared; `None` off a name, or for a name declared by a
/// standard-library module, which is no file.
pub fn definition(snapshot: &Snapshot, file: FileId, offset: usize) -> Option<Location> {
    let (_, id) = snapshot.index.at(file, offset)?;
    snapshot.location(snapshot.index.symbols[id].span)
}

/// Every place the name at a byte offset is used, its declaration first when asked for.
pub fn references(
    snapshot: &Snapshot,
    file: FileId,
    offset: usize,
    include_declaration: bool,
) -> Vec<Location> {
    let Some((_, id)) = snapshot.index.at(file, offset) else {
        return Vec::new();
    };
    let declaration = snapshot.index.symbols[id].span;
    snapshot
        .index
        .uses_of(id)
        .filter(|span| include_declaration || *span != declaration)
        .filter_map(|span| snapshot.location(span))
        .collect()
}
