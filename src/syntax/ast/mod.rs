//! The untyped syntax tree: what the user wrote, with a span on every node. Names are unresolved.
//!
//! One file per noun of the language, as in the parser; every type is re-exported here, so a
//! node is always named `ast::X`.

use crate::source::{FileId, Span};

mod conditions;
mod declarations;
mod models;
mod tables;
mod values;

pub use conditions::*;
pub use declarations::*;
pub use models::*;
pub use tables::*;
pub use values::*;

/// One parsed `.seg` file.
#[derive(Debug, Clone)]
pub struct Module {
    pub file: FileId,
    pub items: Vec<Item>,
}

/// A top-level declaration.
#[derive(Debug, Clone)]
pub enum Item {
    Use(UseDecl),
    Param(ParamDecl),
    TimeZone(TimeZoneDecl),
    Entity(EntityDecl),
    Facts(FactsDecl),
    Lookup(LookupDecl),
    Costs(CostsDecl),
    Consents(ConsentsDecl),
    Suppressions(SuppressionsDecl),
    Segment(Box<SegmentDecl>),
    Segmentation(SegmentationDecl),
    Rfm(RfmDecl),
    Clv(ClvDecl),
    Trait(TraitDecl),
    Kpi(Box<KpiDecl>),
    Test(TestDecl),
}

/// A name as written, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A string literal with escapes resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringLit {
    pub value: String,
    pub span: Span,
}
