//! Formatting a document: `seg fmt`'s layout (`format::format_source`), as one edit replacing
//! the whole text. A document that does not parse is left as it is; its diagnostics say why.

use super::positions::LineIndex;
use crate::format::format_source;
use crate::source::FileId;
use lsp_types::TextEdit;

/// The edits that format `text`: none when it is formatted already or does not parse.
pub fn format(text: &str) -> Vec<TextEdit> {
    match format_source(FileId(0), text) {
        Ok(formatted) if formatted != text => {
            vec![TextEdit::new(LineIndex::new(text).whole(), formatted)]
        }
        Ok(_) | Err(_) => Vec::new(),
    }
}
