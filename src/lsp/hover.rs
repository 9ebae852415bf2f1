//! Hover: what a name is. A column's type, flags and doc; a segment's doc, owner, channels and
//! the `seg explain` text; a parameter's type and default; a table's, model's, trait's,
//! segmentation's or stage's declaration and doc.

use super::index::Kind;
use super::workspace::Snapshot;
use crate::explain::explain_segment;
use crate::source::FileId;
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

/// The hover of the name at a byte offset of a file, if a name is there.
pub fn hover(snapshot: &Snapshot, file: FileId, offset: usize) -> Option<Hover> {
    let (span, id) = snapshot.index.at(file, offset)?;
    let symbol = &snapshot.index.symbols[id];
    let mut text = format!("```seg\n{}\n```\n", symbol.signature);
    if let Some(docs) = &symbol.docs {
        text.push('\n');
        text.push_str(docs.trim());
        text.push('\n');
    }
    if !symbol.notes.is_empty() {
        text.push('\n');
        for note in &symbol.notes {
            text.push_str(&format!("- {note}\n"));
        }
    }
    if !symbol.values.is_empty() && symbol.kind == Kind::Column {
        let values: Vec<String> = symbol.values.iter().map(|v| format!("`\"{v}\"`")).collect();
        text.push_str(&format!("\nvalues: {}\n", values.join(", ")));
    }
    if symbol.kind == Kind::Segment {
        // The plain words need the checked program: none while the project has errors.
        let explained = snapshot
            .program
            .as_ref()
            .and_then(|p| p.segment(&symbol.name).map(|id| explain_segment(p, id)));
        if let Some(explained) = explained {
            text.push_str("\n---\n\n");
            text.push_str(&explained);
        }
    }
    let lines = super::positions::LineIndex::new(snapshot.text(file));
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: Some(lines.range(span.start as usize, span.end as usize)),
    })
}
