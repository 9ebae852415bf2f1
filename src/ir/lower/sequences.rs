//! Sequences: each checked sequence becomes one [`Sequence`] of the plan, its two steps the rows
//! of their facts tables with their `where` and window as row filters; identical sequences are
//! computed once.

use super::values::column;
use super::Lowerer;
use crate::check::typed as t;
use crate::ir::{Cond, Sequence, SequenceId, SequenceRows, SequenceStep};

impl Lowerer<'_> {
    /// `FIRST.any(…) [not] followed by THEN(…) within N days`, read through `Cond::Sequence`.
    pub(super) fn sequence(&mut self, s: &t::Sequence) -> Cond {
        let schema = &self.program.schema;
        let (first_table, then_table) = (schema.facts(s.first.facts), schema.facts(s.then.facts));
        let same = s
            .same
            .iter()
            .map(|&(f, c)| {
                (
                    column(&first_table.columns[f]),
                    column(&then_table.columns[c]),
                )
            })
            .collect();
        let first = self.step(&s.first);
        let then = self.step(&s.then);
        let mut sequence = Sequence {
            name: format!("{}_then_{}", first.rows.name, then.rows.name),
            first,
            then,
            same,
            within_days: s.within_days,
            followed: s.followed,
            comment: s.source.clone(),
        };
        let known = |other: &Sequence| {
            other.first == sequence.first
                && other.then == sequence.then
                && other.same == sequence.same
                && other.within_days == sequence.within_days
                && other.followed == sequence.followed
        };
        if let Some(i) = self.plan.sequences.iter().position(known) {
            return Cond::Sequence(SequenceId(i));
        }
        let base = sequence.name.clone();
        let mut n = 1;
        while self.plan.sequences.iter().any(|o| o.name == sequence.name) {
            n += 1;
            sequence.name = format!("{base}_{n}");
        }
        self.plan.sequences.push(sequence);
        Cond::Sequence(SequenceId(self.plan.sequences.len() - 1))
    }

    /// One step's rows: its table as an aggregate over it would read it, and its row filter.
    fn step(&mut self, agg: &t::Aggregate) -> SequenceStep {
        let desc = self.table_desc(agg.facts);
        let filter = self.row_filter(agg, desc.time.as_ref());
        let lookups = self.lookups_of(filter.as_ref(), agg.facts);
        // The checker gives both steps a time column (E0251); without one, the plan would still
        // be well formed, ordering by the first column.
        let time = desc
            .time
            .unwrap_or_else(|| column(&self.program.schema.facts(agg.facts).columns[0]));
        SequenceStep {
            rows: SequenceRows {
                name: desc.name,
                table: desc.table,
                parents: desc.parents,
                link: desc.link,
                time,
                lookups,
            },
            filter,
        }
    }
}
