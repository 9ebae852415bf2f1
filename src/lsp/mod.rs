//! `seg lsp`: a language server. It speaks the Language Server Protocol over a connection the
//! CLI opens on stdio (`lsp-server`'s messages, `lsp-types`' requests and notifications), reads
//! files only through [`Files`], and answers from the stages before it: diagnostics as
//! `seg check` gives them, hover (with `seg explain`'s text), definitions and references, completion,
//! rename, and formatting as `seg fmt` does.
//!
//! One file per job: `server.rs` the protocol loop, `documents.rs` the open documents,
//! `workspace.rs` a project's analysis, `positions.rs` offsets to UTF-16 positions,
//! `diagnostics.rs`, `hover.rs`, `index/` (names and their uses), `navigation.rs`
//! (definition, references), `completion.rs`, `rename.rs`, `formatting.rs`, `outline.rs` (document symbols).

mod completion;
mod diagnostics;
mod documents;
mod errors;
mod formatting;
mod hover;
mod index;
mod navigation;
mod outline;
mod positions;
mod rename;
mod server;
mod workspace;

pub use errors::LspError;
pub use server::serve;
pub use workspace::{Files, ProjectSettings};
