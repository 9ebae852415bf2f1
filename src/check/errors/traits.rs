//! Errors about traits: a name that clashes, values nested too deep once the traits they read
//! are written in, and traits and models that read each other in a cycle.

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

    #[error("traits and models cannot read each other in a cycle: {path}")]
    #[diagnostic(
        code(E0228),
        help("traits and models may be declared in any order, but none may read itself, directly or through others: write one of them from columns, aggregates and parameters instead of the name that leads back")
    )]
    Cycle { path: String },
}

impl TraitError {
    /// The text of the label at the error's span.
    pub(super) fn label(&self) -> String {
        match self {
            Self::Clash { .. } => "already a name in this scope".into(),
            Self::TooDeep { .. } => "too deep".into(),
            Self::Cycle { .. } => "this reference closes the cycle".into(),
        }
    }
}
