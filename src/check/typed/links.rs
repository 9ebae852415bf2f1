//! Links in the checked schema: a facts table to its parent facts table and an entity to the
//! entity it belongs to; the chain of parents a table's rows reach the entity through, how a
//! table reaches a segment's members, and the time column a table inherits.

use super::{EntityId, Facts, FactsId, Schema};

/// The link of a facts table to its parent facts table: a row belongs to the parent rows whose
/// `column` equals the row's link column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParentLink {
    pub facts: FactsId,
    /// A column of the parent.
    pub column: usize,
}

impl Schema {
    /// The facts tables a facts table's rows reach the entity through, nearest first: empty for
    /// a table of an entity, `[orders]` for `order_lines of orders`. The checker refuses cycles,
    /// so the chain ends.
    pub fn ancestors(&self, id: FactsId) -> Vec<FactsId> {
        let mut out = Vec::new();
        let mut at = id;
        while let Some(p) = self.facts(at).parent {
            if out.contains(&p.facts) || p.facts == id {
                break;
            }
            out.push(p.facts);
            at = p.facts;
        }
        out
    }

    /// The time column that dates the rows of a facts table: its own, else its nearest
    /// ancestor's (`order_lines` without `at` is dated by its order). `None` when no table of
    /// the chain has one.
    pub fn time_of(&self, id: FactsId) -> Option<(FactsId, usize)> {
        std::iter::once(id)
            .chain(self.ancestors(id))
            .find_map(|f| self.facts(f).time_column.map(|t| (f, t)))
    }
}

/// `entity contacts of accounts(account_id)`: each row of the entity belongs to the row of
/// `entity` whose key its column `column` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntityLink {
    pub entity: EntityId,
    /// A column of the linked entity (the contact's `account_id`).
    pub column: usize,
}

/// How the rows of a facts table reach the members of a segment's entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// The table belongs to the entity (directly or through parent facts tables).
    Own,
    /// The table belongs to an entity of the entity (a contact's events, read for its account):
    /// its rows reach the member through their contact row.
    Down,
    /// The table belongs to the entity the entity belongs to (an account's invoices, read for
    /// each of its contacts): every contact of the account reads the same rows.
    Up,
}

impl Schema {
    /// The facts tables declared as such: without the rows of entities read as facts tables.
    pub fn declared_facts(&self) -> impl Iterator<Item = &Facts> {
        self.facts.iter().filter(|f| f.rows_of.is_none())
    }

    /// The facts table holding the rows of `entity` as facts of the entity it belongs to.
    pub fn rows_of(&self, entity: EntityId) -> Option<FactsId> {
        self.facts
            .iter()
            .position(|f| f.rows_of == Some(entity))
            .map(FactsId)
    }

    /// Whether the rows of `facts` reach the members of `member`, and how; `None` when they do
    /// not (the table belongs to an unrelated entity).
    pub fn reach(&self, member: EntityId, facts: FactsId) -> Option<Reach> {
        let owner = self.facts(facts).entity;
        if owner == member {
            return Some(Reach::Own);
        }
        if self.entity(owner).parent.map(|l| l.entity) == Some(member) {
            return Some(Reach::Down);
        }
        if self.entity(member).parent.map(|l| l.entity) == Some(owner) {
            return Some(Reach::Up);
        }
        None
    }

    /// The tables whose columns an aggregate over `facts` for the members of `member` reads on
    /// each row's parent rows, nearest first: its parent facts tables, then, for a table of an
    /// entity of the member's entity, that entity's rows (`contacts.role` inside an aggregate
    /// over a contact's events, on an account).
    pub fn row_parents(&self, facts: FactsId, member: EntityId) -> Vec<FactsId> {
        let mut out = self.ancestors(facts);
        if self.reach(member, facts) == Some(Reach::Down) {
            out.extend(self.rows_of(self.facts(facts).entity));
        }
        out
    }
}
