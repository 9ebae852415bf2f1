//! Lookups in the checked schema: dimension tables (`lookup products(product_id)`), the facts
//! columns that reference them (`product_id: string? -> products`), and which reference the rows
//! of a facts table read a lookup through.

use super::{Column, FactsId, Schema, TablePath};
use crate::source::Span;

/// Index of a lookup in [`Schema::lookups`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LookupId(pub usize);

/// A dimension table: one row per value of its key, read through the facts columns that
/// reference it. A key found on no row, or on several, identifies no row: every column then
/// reads as missing (docs/language.md 4.2.2).
#[derive(Debug, Clone)]
pub struct Lookup {
    pub name: String,
    pub docs: Option<String>,
    pub table: TablePath,
    /// The key column, never nullable (declared, or implied as a `string`).
    pub key: usize,
    pub columns: Vec<Column>,
    pub span: Span,
}

impl Lookup {
    /// The key column.
    pub fn key_column(&self) -> &Column {
        &self.columns[self.key]
    }
}

/// `product_id: string? -> products` in a facts table: column `column` of `facts` holds the key
/// of a row of `lookup`. A table references one lookup through one column at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference {
    pub facts: FactsId,
    pub column: usize,
    pub lookup: LookupId,
}

impl Schema {
    /// The lookup behind an id.
    pub fn lookup(&self, id: LookupId) -> &Lookup {
        &self.lookups[id.0]
    }

    /// The lookup declared as `name`.
    pub fn lookup_named(&self, name: &str) -> Option<LookupId> {
        self.lookups
            .iter()
            .position(|l| l.name == name)
            .map(LookupId)
    }

    /// The reference the rows of `facts` read `lookup` through: the table's own, else that of
    /// its nearest parent that has one (`orders.store_id -> stores` for the lines of an order).
    pub fn reference_to(&self, facts: FactsId, lookup: LookupId) -> Option<Reference> {
        std::iter::once(facts)
            .chain(self.ancestors(facts))
            .find_map(|f| {
                self.references
                    .iter()
                    .find(|r| r.facts == f && r.lookup == lookup)
                    .copied()
            })
    }

    /// The lookup column `column` of `facts` references, if any.
    pub fn referenced_by(&self, facts: FactsId, column: usize) -> Option<LookupId> {
        self.references
            .iter()
            .find(|r| r.facts == facts && r.column == column)
            .map(|r| r.lookup)
    }
}
