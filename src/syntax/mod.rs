//! Parse stage: text → AST with spans. `parse_module` is the stage boundary.

pub mod ast;
mod errors;
mod parser;

pub use errors::SyntaxError;
pub use parser::{is_name, parse_module, parse_module_with, ParseWith, MAX_DEPTH};
