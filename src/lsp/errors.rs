//! What can go wrong in the language server: the connection with the editor (E0530, which ends
//! `seg lsp`), and requests the server refuses, answered to the editor as errors.

use miette::Diagnostic;
use thiserror::Error;

/// A language-server error.
#[derive(Debug, Error, Diagnostic)]
pub enum LspError {
    #[error("the connection with the editor broke: {reason}")]
    #[diagnostic(
        code(E0530),
        help("`seg lsp` is started by an editor, which speaks the Language Server Protocol on its standard input and output (docs/editors.md says how to set one up)")
    )]
    Connection { reason: String },

    #[error("there is no name to rename here")]
    NothingToRename,

    #[error("`{name}` cannot be renamed here: only segments and parameters can")]
    NotRenamable { name: String },

    #[error("`{name}` is not a name: use letters, digits and `_`, not starting with a digit, and no keyword")]
    InvalidName { name: String },

    #[error("`{name}` already names a segment, parameter, trait or segmentation (or, for a parameter, a column)")]
    NameTaken { name: String },
}

impl From<lsp_server::ProtocolError> for LspError {
    fn from(e: lsp_server::ProtocolError) -> Self {
        let reason = match e.channel_is_disconnected() {
            true => "the editor closed the connection".to_string(),
            false => e.to_string(),
        };
        LspError::Connection { reason }
    }
}
