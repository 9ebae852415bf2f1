//! Errors in the links of facts tables to facts tables (`facts order_lines of orders(order_id)`)
//! and of entities to entities (`entity contacts of accounts(account_id)`), and in the names
//! that read a parent's columns (`orders.channel` inside an aggregate, `accounts.region` on a
//! contact).

use miette::Diagnostic;
use thiserror::Error;

/// A facts table whose parent cannot be followed, or a parent's column read where it is not one.
#[derive(Debug, Clone, Error, Diagnostic)]
pub enum LinkError {
    #[error("`{child}` belongs to `{name}`, which is neither an entity nor a facts table")]
    #[diagnostic(code(E0234))]
    UnknownParent {
        child: String,
        name: String,
        #[help]
        help: Option<String>,
    },

    #[error("facts tables belong to each other in a cycle: {path}")]
    #[diagnostic(
        code(E0235),
        help("a facts table belongs to an entity, or to a facts table whose chain of parents ends at an entity")
    )]
    ParentCycle { path: String },

    #[error("`{parent}` has no column `{column}` for `{child}` to link to")]
    #[diagnostic(code(E0236))]
    UnknownParentColumn {
        child: String,
        parent: String,
        column: String,
        #[help]
        help: Option<String>,
    },

    #[error("`{child}.{column}` is {found} but `{parent}.{column}` is {expected}")]
    #[diagnostic(
        code(E0237),
        help("the column that links a facts table to its parent has the parent column's type")
    )]
    ParentTypeMismatch {
        child: String,
        parent: String,
        column: String,
        expected: String,
        found: String,
    },

    #[error("`{named}` is not a parent of `{facts}`: its columns cannot be read here")]
    #[diagnostic(code(E0238))]
    NotAParent {
        named: String,
        facts: String,
        #[help]
        help: Option<String>,
    },

    #[error("entity `{child}` belongs to `{name}`, which is not an entity")]
    #[diagnostic(code(E0258))]
    UnknownOwner {
        child: String,
        name: String,
        #[help]
        help: Option<String>,
    },

    #[error("entity `{child}` cannot belong to `{owner}`: {reason}")]
    #[diagnostic(code(E0259), help("{help}"))]
    OwnerChain {
        child: String,
        owner: String,
        reason: String,
        help: String,
    },

    #[error("`{named}` is not the entity `{entity}` belongs to: its columns cannot be read here")]
    #[diagnostic(code(E0260))]
    NotTheOwner {
        named: String,
        entity: String,
        #[help]
        help: Option<String>,
    },
}

impl LinkError {
    /// The text of the label at the error's span.
    pub(super) fn label(&self) -> String {
        match self {
            Self::UnknownParent { .. } => "not an entity or a facts table".into(),
            Self::ParentCycle { .. } => "this link closes the cycle".into(),
            Self::UnknownParentColumn { parent, .. } => format!("not a column of `{parent}`"),
            Self::ParentTypeMismatch { parent, .. } => format!("links to `{parent}`"),
            Self::NotAParent { facts, .. } => format!("not a parent of `{facts}`"),
            Self::UnknownOwner { .. } => "not an entity".into(),
            Self::OwnerChain { .. } => "one level of entities only".into(),
            Self::NotTheOwner { entity, .. } => format!("not the entity `{entity}` belongs to"),
        }
    }
}
