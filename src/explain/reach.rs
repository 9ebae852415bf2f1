//! Whose rows an aggregate reads, in words: the member's own ("their invoices"), those of the
//! entity the member belongs to ("the invoices of their account"), or those of the entities
//! that belong to the member ("the contact_events of their contacts").

use super::words::singular;
use super::Explainer;
use crate::check::typed::{FactsId, Reach};

impl Explainer<'_> {
    /// "their invoices", "the invoices of their account", "the contact_events of their
    /// contacts", "the contacts of their account (them included)".
    pub(super) fn their(&self, facts: FactsId, qualifier: &str) -> String {
        let name = &self.program.schema.facts(facts).name;
        match self.whose(facts) {
            None => format!("their {name}{qualifier}"),
            Some(whose) => format!("the {name}{qualifier} of {whose}"),
        }
    }

    /// " of their account" after "at least one invoice", or nothing for the member's own rows.
    pub(super) fn of_whom(&self, facts: FactsId) -> String {
        self.whose(facts)
            .map(|w| format!(" of {w}"))
            .unwrap_or_default()
    }

    /// Who the rows belong to when not to the member: "their account", "their contacts".
    fn whose(&self, facts: FactsId) -> Option<String> {
        let schema = &self.program.schema;
        let table = schema.facts(facts);
        let one = |name: &str| singular(name).unwrap_or_else(|| format!("`{name}` row"));
        match schema.reach(self.entity_id, facts)? {
            Reach::Own => None,
            Reach::Up => {
                let owner = one(&schema.entity(table.entity).name);
                Some(match table.rows_of {
                    Some(_) => format!("their {owner} (them included)"),
                    None => format!("their {owner}"),
                })
            }
            Reach::Down => Some(format!("their {}", schema.entity(table.entity).name)),
        }
    }
}
