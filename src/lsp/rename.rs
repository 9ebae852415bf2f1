//! Rename a segment or a parameter: its declaration and every use of it, in every file of the
//! project. Other names are refused: a column or table is renamed in the warehouse too, and a
//! stage's name is data in the membership tables.

use super::errors::LspError;
use super::index::Kind;
use super::workspace::Snapshot;
use crate::source::FileId;
use crate::syntax::is_name;
use lsp_types::{TextEdit, Uri, WorkspaceEdit};
use std::collections::HashMap;

/// The edits renaming the segment or parameter at a byte offset to `new_name`.
#[allow(
    clippy::mutable_key_type,
    reason = "`WorkspaceEdit::changes` is keyed by `Uri`, whose parse cache is a `Cell`; it hashes its text alone"
)]
pub fn rename(
    snapshot: &Snapshot,
    file: FileId,
    offset: usize,
    new_name: &str,
) -> Result<WorkspaceEdit, LspError> {
    let (_, id) = snapshot
        .index
        .at(file, offset)
        .ok_or(LspError::NothingToRename)?;
    let symbol = &snapshot.index.symbols[id];
    if !matches!(symbol.kind, Kind::Segment | Kind::Param) {
        return Err(LspError::NotRenamable {
            name: symbol.name.clone(),
        });
    }
    if !is_name(new_name) {
        return Err(LspError::InvalidName {
            name: new_name.to_string(),
        });
    }
    let taken = [Kind::Segment, Kind::Param, Kind::Trait, Kind::Segmentation]
        .into_iter()
        .any(|kind| snapshot.index.find(kind, None, new_name).is_some());
    // A parameter may not share a column's name (E0115): a condition could read either.
    let column = symbol.kind == Kind::Param
        && snapshot
            .index
            .of_kind(Kind::Column, None)
            .any(|c| c.name == new_name);
    if (taken || column) && new_name != symbol.name {
        return Err(LspError::NameTaken {
            name: new_name.to_string(),
        });
    }
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for span in snapshot.index.uses_of(id) {
        // A use inside a standard-library module cannot be edited; it names no user segment
        // or parameter anyway.
        let Some(location) = snapshot.location(span) else {
            continue;
        };
        changes
            .entry(location.uri)
            .or_default()
            .push(TextEdit::new(location.range, new_name.to_string()));
    }
    Ok(WorkspaceEdit::new(changes))
}
