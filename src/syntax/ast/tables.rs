//! Table declarations: `entity`, `lookup`, `costs`, and `facts`, `consents` and `suppressions`
//! with the header they share; their columns and types.

use super::{Ident, StringLit};
use crate::source::Span;

/// A column type as written, such as `decimal(12, 2)?`.
#[derive(Debug, Clone)]
pub struct TypeExpr {
    pub kind: TypeKind,
    pub nullable: bool,
    pub span: Span,
}

/// The shape of a type, before validation.
#[derive(Debug, Clone)]
pub enum TypeKind {
    String,
    Int,
    Bool,
    Date,
    Timestamp,
    /// `decimal` or `decimal(precision, scale)`; the numbers are validated by the checker.
    Decimal(Option<(i64, i64, Span)>),
    Enum(Vec<StringLit>),
}

/// Flags on a column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ColumnFlags {
    /// Personal data: never exported unless asked for explicitly.
    pub pii: Option<Span>,
    /// GDPR art. 9 special category: never usable in a criterion.
    pub special: Option<Span>,
}

/// `name: type? flags` inside a table declaration.
#[derive(Debug, Clone)]
pub struct ColumnDecl {
    pub docs: Option<String>,
    pub name: Ident,
    pub ty: TypeExpr,
    pub flags: ColumnFlags,
    /// Declared with `key`: the entity's identifier.
    pub is_key: bool,
    /// `-> products`: the lookup whose key the column holds.
    pub reference: Option<Ident>,
    pub span: Span,
}

/// `entity customers from "crm.customers" { key customer_id: string ... }`.
#[derive(Debug, Clone)]
pub struct EntityDecl {
    pub docs: Option<String>,
    pub name: Ident,
    /// `of accounts(account_id)`: each row belongs to the row of another entity whose key its
    /// column holds (a contact to its account).
    pub link: Option<Link>,
    pub table: Option<StringLit>,
    pub columns: Vec<ColumnDecl>,
    pub consent_columns: Vec<ConsentColumnDecl>,
    pub span: Span,
}

/// `consent email = email_optin since email_optin_at`: a channel's opt-in flag (and when it was
/// given) held on the entity itself.
#[derive(Debug, Clone)]
pub struct ConsentColumnDecl {
    pub channel: Ident,
    pub flag: Ident,
    pub since: Option<Ident>,
    pub span: Span,
}

/// `of customers(customer_id)`: the entity a table belongs to and the column that points at it.
#[derive(Debug, Clone)]
pub struct Link {
    pub entity: Ident,
    pub column: Ident,
}

/// What facts, consents and suppressions declarations share: a table of rows that belong to an
/// entity, `of ENTITY(column) from "schema.table" { columns }`, with its doc comment.
#[derive(Debug, Clone)]
pub struct TableHeader {
    pub docs: Option<String>,
    pub link: Link,
    /// `from "schema.table"`; the declared name without it.
    pub table: Option<StringLit>,
    pub columns: Vec<ColumnDecl>,
    /// The whole declaration.
    pub span: Span,
}

/// `facts orders of customers(customer_id) at ordered_at { ... }`: many rows per entity.
#[derive(Debug, Clone)]
pub struct FactsDecl {
    pub name: Ident,
    pub header: TableHeader,
    /// `at ordered_at`; without it, the one date or timestamp column if there is exactly one.
    pub time_column: Option<Ident>,
}

/// `consents of customers(customer_id) { ... }`: the consent log of an entity.
#[derive(Debug, Clone)]
pub struct ConsentsDecl {
    /// `consents` when not given.
    pub name: Option<Ident>,
    pub header: TableHeader,
}

/// `suppressions of customers(customer_id) at recorded_at { ... }`: people never to contact.
#[derive(Debug, Clone)]
pub struct SuppressionsDecl {
    /// `suppressions` when not given.
    pub name: Option<Ident>,
    pub header: TableHeader,
    /// `at recorded_at`; without it, the one date or timestamp column if there is exactly one.
    pub time_column: Option<Ident>,
}

/// `lookup products(product_id) from "crm.products" { brand: string }`: a dimension table, read
/// through the facts columns that reference it (`product_id: string? -> products`).
#[derive(Debug, Clone)]
pub struct LookupDecl {
    pub docs: Option<String>,
    pub name: Ident,
    /// The key column; declared in the body, or implied as a `string`.
    pub key: Ident,
    /// `from "schema.table"`; the declared name without it.
    pub table: Option<StringLit>,
    pub columns: Vec<ColumnDecl>,
    /// The whole declaration.
    pub span: Span,
}

/// `costs marketing_costs from "finance.marketing_costs" at spent_on { ... }`: spend booked per
/// day by channel or campaign, never per member; only a KPI's spend reads it.
#[derive(Debug, Clone)]
pub struct CostsDecl {
    pub docs: Option<String>,
    pub name: Ident,
    /// `from "schema.table"`; the declared name without it.
    pub table: Option<StringLit>,
    /// `at spent_on`; without it, the one date column if there is exactly one.
    pub time_column: Option<Ident>,
    pub columns: Vec<ColumnDecl>,
    /// The whole declaration.
    pub span: Span,
}
