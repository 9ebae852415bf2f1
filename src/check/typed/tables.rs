//! The declared tables of the checked schema: columns, entities (with their opt-in columns),
//! facts tables, consent logs, suppression lists and costs tables.

use super::{EntityId, EntityLink, ParentLink, Span, TablePath, Type};

/// A declared column.
#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub ty: Type,
    pub nullable: bool,
    pub pii: bool,
    pub special: bool,
    pub docs: Option<String>,
    pub span: Span,
}

/// A customer-like entity: one row per member.
#[derive(Debug, Clone)]
pub struct Entity {
    pub name: String,
    pub docs: Option<String>,
    pub table: TablePath,
    pub key: usize,
    pub columns: Vec<Column>,
    /// Channels whose opt-in is held in the entity's own columns.
    pub consent_columns: Vec<ConsentColumns>,
    /// `entity contacts of accounts(account_id)`: the entity each row belongs to.
    pub parent: Option<EntityLink>,
    pub span: Span,
}

/// `consent email = email_optin since email_optin_at`: opt-in flag and the moment it was given.
#[derive(Debug, Clone)]
pub struct ConsentColumns {
    pub channel: String,
    /// A `bool` column of the entity.
    pub flag: usize,
    /// A date or timestamp column of the entity: the opt-in counts from that day on, and a
    /// missing value means no consent. Without the column the flag alone decides.
    pub since: Option<usize>,
}

impl Entity {
    /// The key column.
    pub fn key_column(&self) -> &Column {
        &self.columns[self.key]
    }
}

/// A table of facts (orders, events): many rows per entity.
#[derive(Debug, Clone)]
pub struct Facts {
    pub name: String,
    pub docs: Option<String>,
    /// The entity the rows belong to: directly, or through the parent facts tables.
    pub entity: EntityId,
    pub table: TablePath,
    /// The column holding the entity's key, or (with a `parent`) the parent's link value.
    pub link_column: usize,
    /// The table's own time column, if any; a table of a facts table without one is dated by
    /// its parent ([`Schema::time_of`]).
    pub time_column: Option<usize>,
    /// For `facts order_lines of orders(order_id)`: the parent and its column `order_id`.
    pub parent: Option<ParentLink>,
    /// `Some(contacts)` for the rows of an entity that belongs to another (`entity contacts of
    /// accounts(account_id)`), read as a facts table of that other entity
    /// (`contacts.count(where …)` on accounts). Not a declared table: its rows are the entity's.
    pub rows_of: Option<EntityId>,
    pub columns: Vec<Column>,
    pub span: Span,
}

/// A consent log: one row per grant of a channel, withdrawal recorded on the row.
#[derive(Debug, Clone)]
pub struct ConsentSource {
    pub name: String,
    pub docs: Option<String>,
    pub entity: EntityId,
    pub table: TablePath,
    pub link_column: usize,
    pub channel_column: usize,
    pub granted_column: usize,
    pub withdrawn_column: usize,
    /// The legal basis of each grant; without it every grant is `consent`.
    pub basis_column: Option<usize>,
    /// Where the grant came from (a form, a store), exported as evidence.
    pub source_column: Option<usize>,
    pub columns: Vec<Column>,
    pub span: Span,
}

impl ConsentSource {
    /// The channels the log can record: its `channel` enum's values, or `None` for a free string.
    pub fn channels(&self) -> Option<&[String]> {
        match &self.columns[self.channel_column].ty {
            Type::Enum(values) => Some(values),
            _ => None,
        }
    }
}

/// People never to contact (objections under GDPR art. 21, hard bounces, ...): excluded from
/// every segment that has a channel, from the day they are recorded.
#[derive(Debug, Clone)]
pub struct Suppression {
    pub name: String,
    pub docs: Option<String>,
    pub entity: EntityId,
    pub table: TablePath,
    pub link_column: usize,
    /// When the suppression was recorded; without it, it applies whatever the evaluation date.
    pub time_column: Option<usize>,
    /// A `channel` column: a row with a channel suppresses that channel only; a missing channel
    /// suppresses all.
    pub channel_column: Option<usize>,
    pub columns: Vec<Column>,
    pub span: Span,
}

/// Spend booked per day (`costs marketing_costs at spent_on`), by channel or campaign and never
/// per member: read only by the spend of a KPI's `cost`, as one amount for every group.
#[derive(Debug, Clone)]
pub struct Costs {
    pub name: String,
    pub docs: Option<String>,
    pub table: TablePath,
    /// The date or timestamp column that dates each amount.
    pub time_column: usize,
    pub columns: Vec<Column>,
    pub span: Span,
}
