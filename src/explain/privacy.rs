//! Consent, legal-basis and suppression rules in words, for the channels section.

use crate::check::typed::{
    ChannelRule, ConsentColumns, ConsentRef, ConsentSource, Suppression, TablePath,
};

use super::text::Text;
use super::words::or_list;
use super::Explainer;

impl Explainer<'_> {
    pub(super) fn channel_rule(&self, rule: &ChannelRule) -> String {
        match rule.source {
            ConsentRef::Log(i) => self.log_rule(rule, &self.program.schema.consents[i]),
            ConsentRef::Columns(i) => self.columns_rule(rule, &self.entity.consent_columns[i]),
        }
    }

    /// A consent log: the latest grant on or before the evaluation date decides.
    fn log_rule(&self, rule: &ChannelRule, log: &ConsentSource) -> String {
        let ch = &rule.channel;
        format!(
            "{ch}: consent is recorded in the consent log {} ({}). Only people whose most recent \
             {ch} grant dated on or before the evaluation date is still in force: not withdrawn \
             on or before that date, and {}; a grant dated after the evaluation date does not \
             count; people with no grant are out. When several grants share that most recent \
             time, one that is withdrawn or on another basis is enough to leave the person out.",
            log.name,
            table_name(&log.table),
            self.basis_rule(rule, log)
        )
    }

    fn basis_rule(&self, rule: &ChannelRule, log: &ConsentSource) -> String {
        let accepted = match rule.bases.len() {
            1 => format!("given on the legal basis {}", rule.bases[0]),
            _ => format!("given on one of the legal bases {}", or_list(&rule.bases)),
        };
        match log.basis_column.map(|b| &log.columns[b]) {
            None => format!(
                "{accepted} (the log records no basis: every grant in it counts as consent)"
            ),
            Some(c) if c.nullable => {
                format!("{accepted} (a grant with no `{}` does not count)", c.name)
            }
            Some(_) => accepted,
        }
    }

    /// Opt-in columns on the entity.
    fn columns_rule(&self, rule: &ChannelRule, cc: &ConsentColumns) -> String {
        let ch = &rule.channel;
        let flag = &self.entity.columns[cc.flag];
        let head = format!(
            "{ch}: consent is recorded in the opt-in columns of {} (an opt-in counts as the \
             legal basis consent).",
            self.entity.name
        );
        let missing_flag = match flag.nullable {
            true => format!(" A missing `{}` means no consent.", flag.name),
            false => String::new(),
        };
        match cc.since.map(|s| &self.entity.columns[s]) {
            Some(since) => format!(
                "{head} Only people whose `{}` is true with `{}` on or before the evaluation \
                 date; a missing date means no consent.{missing_flag}",
                flag.name, since.name
            ),
            None => format!(
                "{head} Only people whose `{}` is true; no `since` column is declared, so when \
                 the opt-in was given is not checked.{missing_flag}",
                flag.name
            ),
        }
    }

    /// After a blank line, so that Markdown does not read it as part of the last channel item.
    pub(super) fn suppressions(&self, text: &mut Text) {
        text.blank();
        let lists: Vec<&Suppression> = self
            .program
            .schema
            .suppressions
            .iter()
            .filter(|s| s.entity == self.entity_id)
            .collect();
        if lists.is_empty() {
            text.para(&format!(
                "No suppression list is declared for {}.",
                self.entity.name
            ));
        }
        for list in lists {
            text.para(&format!("Suppression: {}", suppression_rule(list)));
        }
    }
}

fn table_name(table: &TablePath) -> String {
    table.0.join(".")
}

fn suppression_rule(list: &Suppression) -> String {
    let time = list.time_column.map(|t| &list.columns[t]);
    let when = match time {
        Some(_) => "on or before the evaluation date",
        None => "at any date (the list has no time column)",
    };
    let scope = match list.channel_column.map(|c| &list.columns[c]) {
        None => " from every channel".to_string(),
        Some(c) if c.nullable => format!(
            " (a row with a `{}` excludes that channel only; a row without one excludes every \
             channel)",
            c.name
        ),
        Some(c) => format!(" (a row excludes its `{}` only)", c.name),
    };
    let undated = match time {
        Some(t) if t.nullable => format!(" A row with no `{}` applies whatever the date.", t.name),
        _ => String::new(),
    };
    format!(
        "people recorded in {} ({}) {when} are excluded{scope}.{undated}",
        list.name,
        table_name(&list.table)
    )
}
