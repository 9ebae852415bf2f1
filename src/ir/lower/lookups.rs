//! Lookup columns become columns of the lookup row each facts row is read with, and the feature
//! table that reads one lists the lookup once, whatever the number of features reading it.

use super::values::column;
use super::Lowerer;
use crate::check::typed::{self as t, FactsId, LookupId};
use crate::ir::{Column, Cond, Expr, LookupTable};

impl Lowerer<'_> {
    /// `products.brand`: column `i` of lookup `lookup`, missing on a row that looks up no row.
    pub(super) fn lookup_column(&self, lookup: LookupId, i: usize) -> Expr {
        let lookup = self.program.schema.lookup(lookup);
        Expr::Column(Column {
            parent: Some(lookup.name.clone()),
            nullable: true,
            ..column(&lookup.columns[i])
        })
    }

    /// Adds to the feature table of `feature` (an aggregate over `facts`) the lookups the
    /// feature reads that the table does not list yet.
    pub(super) fn join_lookups(&mut self, feature: &Expr, facts: FactsId) {
        let Expr::Feature { table, feature } = feature else {
            return;
        };
        let schema = &self.program.schema;
        let ft = &mut self.plan.feature_tables[*table];
        let read: Vec<String> = (ft.features[*feature].tables_read().into_iter())
            .map(String::from)
            .collect();
        for name in read {
            if ft.lookups.iter().any(|l| l.name == name) {
                continue;
            }
            // A name read that is no lookup is a parent's.
            let Some(id) = schema.lookup_named(&name) else {
                continue;
            };
            let Some(reference) = schema.reference_to(facts, id) else {
                continue;
            };
            ft.lookups.push(lookup_table(schema, reference, facts));
        }
    }
}

impl Lowerer<'_> {
    /// The lookups a sequence step's `filter` over the rows of `facts` reads.
    pub(super) fn lookups_of(&self, filter: Option<&Cond>, facts: FactsId) -> Vec<LookupTable> {
        let schema = &self.program.schema;
        let read = filter.map(Cond::tables_read).unwrap_or_default();
        (read.into_iter())
            .filter_map(|name| schema.lookup_named(name))
            .filter_map(|id| schema.reference_to(facts, id))
            .map(|reference| lookup_table(schema, reference, facts))
            .collect()
    }
}

/// The plan's lookup for `reference`, read by the rows of `facts`.
fn lookup_table(schema: &t::Schema, reference: t::Reference, facts: FactsId) -> LookupTable {
    let lookup = schema.lookup(reference.lookup);
    let holder = schema.facts(reference.facts);
    LookupTable {
        name: lookup.name.clone(),
        table: lookup.table.clone(),
        key: lookup.key_column().name.clone(),
        columns: lookup.columns.iter().map(|c| c.name.clone()).collect(),
        holder: (reference.facts != facts).then(|| holder.name.clone()),
        column: holder.columns[reference.column].name.clone(),
    }
}
