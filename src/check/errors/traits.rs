//! Errors about traits: a name that clashes, and values nested too deep once the traits they
//! read are written in.

use miette::Diagnostic;
use thiserror::Error;

/// A trait declaration that cannot be used as written.
#[derive(Debug, Clone, Error, Diagnostic)]
pub enum TraitError {
    #[error("trait `{name}` has the name of {what}")]
    #[diagnostic(
        code(E0226),
        help("a name in a condition must mean one thing: rename the trait (e.g. `{name}_value`)")
    )]
    Clash { name: String, what: String },

    #[error("trait `{name}` nests {depth} levels deep with the traits it reads written in; the limit is {limit}")]
    #[diagnostic(
        code(E0227),
        help("a trait is written in place wherever it is used: build long chains of traits from a few wider ones")
    )]
    TooDeep {
        name: String,
        depth: usize,
        limit: usize,
    },
}

impl TraitError {
    /// The text of the label at the error's span.
    pub(super) fn label(&self) -> String {
        match self {
            Self::Clash { .. } => "already a name in this scope".into(),
            Self::TooDeep { .. } => "too deep".into(),
        }
    }
}
