//! Facts of facts in the checked schema: the link of a facts table to its parent facts table,
//! the chain of parents a table's rows reach the entity through, and the time column it inherits.

use super::{FactsId, Schema};

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
