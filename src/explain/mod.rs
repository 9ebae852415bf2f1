//! `seg explain`: a segment in plain English, for analysts and data-protection officers.
//!
//! The text follows the checked program and says what the generated SQL does (docs/language.md,
//! "Meaning"): who is in the segment, which consent, legal-basis and suppression rules apply, and
//! which parameters it uses. Lines are wrapped at 100 characters; the output is Markdown-friendly.

mod conditions;
mod kpis;
mod privacy;
mod quantifiers;
mod reach;
#[cfg(test)]
mod tests;
mod text;
mod usage;
mod values;
mod words;

use crate::check::typed::{Cond, Entity, EntityId, FactsId, ParamId, Program, Segment, SegmentId};

pub use kpis::explain_kpi;
use std::collections::HashSet;
use text::Text;
use usage::{FactsUse, Usage};
use values::{empty_word, literal};
use words::{capitalized, decapitalized, one_line, or_list};

/// A plain-language description of a segment for analysts and data-protection officers: who is
/// in it, which consent, legal basis and suppression rules apply, and which parameters it uses.
pub fn explain_segment(program: &Program, segment: SegmentId) -> String {
    let explainer = Explainer::new(program, segment);
    let mut text = Text::default();
    explainer.header(&mut text);
    explainer.criteria(&mut text);
    explainer.notes(&mut text);
    explainer.channels(&mut text);
    explainer.holdout(&mut text);
    explainer.params(&mut text);
    text.out
}

struct Explainer<'a> {
    program: &'a Program,
    /// The segment explained; `None` when a KPI is (`kpis.rs`), whose words need only the entity.
    explained: Option<&'a Segment>,
    entity: &'a Entity,
    entity_id: EntityId,
}

impl<'a> Explainer<'a> {
    fn new(program: &'a Program, id: SegmentId) -> Self {
        let segment = &program.segments[id.0];
        Explainer {
            program,
            explained: Some(segment),
            entity: program.schema.entity(segment.entity),
            entity_id: segment.entity,
        }
    }

    /// Words for values and conditions of `entity`, outside any segment.
    fn of_entity(program: &'a Program, entity: EntityId) -> Self {
        Explainer {
            program,
            explained: None,
            entity: program.schema.entity(entity),
            entity_id: entity,
        }
    }

    /// The segment explained. Only `explain_segment` calls the methods that read it, and it
    /// builds the explainer with its segment (`new`).
    fn segment(&self) -> &'a Segment {
        self.explained
            .expect("segment explanations are built with their segment")
    }

    /// Name, entity, location, docs, owner and tags.
    fn header(&self, text: &mut Text) {
        let s = self.segment();
        text.para(&format!(
            "Segment {} ({}) — {}",
            s.name,
            self.entity.name,
            self.program.sources.location(s.decl_span)
        ));
        if let Some(docs) = &s.docs {
            text.para(docs);
        }
        let owner = match &s.owner {
            Some(o) => format!("Owner: {o}."),
            None => "Owner: not declared.".to_string(),
        };
        match s.tags.is_empty() {
            true => text.para(&owner),
            false => text.para(&format!("{owner} Tags: {}.", s.tags.join(", "))),
        }
    }

    /// "Who is in it": the criteria as a tree.
    fn criteria(&self, text: &mut Text) {
        text.blank();
        let who = &self.entity.name;
        match &self.segment().criteria {
            None => text.para(&format!(
                "Who is in it: all {who} (the segment has no `where`)."
            )),
            Some(Cond::And(parts)) => {
                text.para(&format!(
                    "Who is in it: {who} for whom all of the following hold"
                ));
                self.children(parts, true, 0, text);
            }
            Some(Cond::Or(parts)) => {
                text.para(&format!(
                    "Who is in it: {who} for whom at least one of the following holds"
                ));
                self.children(parts, false, 0, text);
            }
            Some(cond) => {
                text.para(&format!("Who is in it: {who} for whom the following holds"));
                self.tree(cond, 0, text);
            }
        }
    }

    /// Missing values and time: the rules of "Meaning" that this segment's criteria meet.
    fn notes(&self, text: &mut Text) {
        let usage = match &self.segment().criteria {
            Some(c) => Usage::of(c, self.program),
            None => Usage::default(),
        };
        let missing = self.missing_note(&usage);
        if !missing.is_empty() {
            text.blank();
            text.para(&format!(
                "Missing values: {}",
                decapitalized(&missing.join(" "))
            ));
        }
        if usage.temporal || !usage.facts.is_empty() || !self.segment().channels.is_empty() {
            text.blank();
            text.para(&format!("Time: {}", self.time_note(&usage).join(" ")));
        }
    }

    fn missing_note(&self, usage: &Usage) -> Vec<String> {
        let mut out = Vec::new();
        if usage.nullable {
            out.push(
                "a test on a missing value is false, \"is not\" and \"is none of\" included; \
                 only \"is missing\" is true of it."
                    .to_string(),
            );
        }
        if usage.negation {
            out.push(
                "\"not\" turns such a false test into true, so a negated test holds when its \
                 value is missing."
                    .to_string(),
            );
        }
        for f in &usage.facts {
            out.extend(self.empty_rows_note(f));
        }
        out
    }

    /// What an aggregate is over no rows: 0 for `count` and `sum`, missing for the others.
    fn empty_rows_note(&self, used: &FactsUse) -> Vec<String> {
        let facts = self.program.schema.facts(used.id);
        let mut out = Vec::new();
        if !used.zero.is_empty() {
            out.push(format!(
                "A {} over no {} is 0.",
                or_list(&used.zero),
                facts.name
            ));
        }
        if !used.missing.is_empty() {
            let words: Vec<String> = used.missing.iter().map(|f| empty_word(*f, facts)).collect();
            let matching = if used.narrowed { "matching " } else { "" };
            let it = if words.len() == 1 { "it" } else { "them" };
            out.push(format!(
                "{} with no {matching}{} have no {}, so tests on {it} are false.",
                capitalized(&self.entity.name),
                facts.name,
                or_list(&words)
            ));
        }
        out
    }

    fn time_note(&self, usage: &Usage) -> Vec<String> {
        let zone = match &self.program.schema.time_zone {
            Some(zone) => zone.name().to_string(),
            None => "UTC".to_string(),
        };
        let mut out = vec![format!(
            "the evaluation date is the `--as-of` date of the run, or else the current date in {zone}."
        )];
        if usage.temporal {
            out.push(format!("A timestamp counts by its calendar day in {zone}."));
        }
        for f in &usage.facts {
            out.push(self.facts_time_note(f.id));
        }
        out
    }

    fn facts_time_note(&self, id: FactsId) -> String {
        let schema = &self.program.schema;
        let facts = schema.facts(id);
        let ancestors = schema.ancestors(id);
        if ancestors.is_empty() {
            return self.own_time_note(id);
        }
        // A table of facts tables: how its rows reach the member, then what dates them.
        let mut reach = Vec::new();
        let mut below = facts;
        for p in &ancestors {
            let parent = schema.facts(*p);
            reach.push(format!(
                "the {} row its `{}` names",
                parent.name, below.columns[below.link_column].name
            ));
            below = parent;
        }
        let read = format!(
            "Their {} reach them through {}: a row is read with {}, and a row whose link is \
             missing or names no such row is not read.",
            facts.name,
            ancestors
                .iter()
                .map(|p| schema.facts(*p).name.as_str())
                .collect::<Vec<_>>()
                .join(", then "),
            reach.join(", then ")
        );
        let dated = match schema.time_of(id) {
            None => "All of them are read: no table of the chain has a time column.".to_string(),
            Some((f, _)) if f == id => self.own_time_note(id),
            Some((f, c)) => {
                let parent = schema.facts(f);
                let col = &parent.columns[c];
                let missing = match col.nullable {
                    true => format!(", or whose {} has no `{}`,", parent.name, col.name),
                    false => String::new(),
                };
                format!(
                    "They are dated by the `{}` of their {} row: those dated after the evaluation \
                     date{missing} are ignored, and windows apply to that day.",
                    col.name, parent.name
                )
            }
        };
        format!("{read} {dated}")
    }

    fn own_time_note(&self, id: FactsId) -> String {
        let facts = self.program.schema.facts(id);
        let name = capitalized(&self.their(id, ""));
        match facts.time_column.map(|t| &facts.columns[t]) {
            None if facts.rows_of.is_some() => format!(
                "All of {} are read, as they are now: an entity's rows have no time column.",
                self.their(id, "")
            ),
            None => format!(
                "All of {} are read: the table has no time column.",
                self.their(id, "")
            ),
            Some(c) if c.nullable => format!(
                "{name} dated after the evaluation date, or with no `{}`, are ignored.",
                c.name
            ),
            Some(_) => format!("{name} dated after the evaluation date are ignored."),
        }
    }

    /// The control group of a segment with a holdout.
    fn holdout(&self, text: &mut Text) {
        let Some(h) = &self.segment().holdout else {
            return;
        };
        text.blank();
        text.para(&format!(
            "Holdout: {}% of the members form the control group {}:control, never contacted, so that \
             the campaign can be measured against it. A member is in it when the first 8 hex \
             digits of md5(\"{}:\" + key) are below {}; the same people on every engine and run. \
             The name {} stands for the others, the people to contact.",
            h.percent, self.segment().name, h.salt, h.threshold, self.segment().name
        ));
    }

    /// Channels: consent per channel, then suppressions; or analysis only.
    fn channels(&self, text: &mut Text) {
        text.blank();
        let rules = &self.segment().channels;
        if rules.is_empty() {
            text.para(
                "Channel: none. This segment is for analysis only: seg refuses to export it for \
                 activation.",
            );
            return;
        }
        let names: Vec<&str> = rules.iter().map(|r| r.channel.as_str()).collect();
        let intro = match rules.len() {
            1 => format!(
                "Channel: {}. Besides the criteria above, a member needs a valid consent for it \
                 and must not be suppressed:",
                names[0]
            ),
            _ => format!(
                "Channels: {}. Besides the criteria above, a member needs valid consent for every \
                 channel listed, and must not be suppressed for any of them:",
                names.join(", ")
            ),
        };
        text.para(&intro);
        for rule in rules {
            text.item(0, &self.channel_rule(rule));
        }
        self.suppressions(text);
    }

    /// The parameters the criteria use, directly or through referenced segments.
    fn params(&self, text: &mut Text) {
        text.blank();
        let used = self.used_params();
        if used.is_empty() {
            text.para("Parameters: none.");
            return;
        }
        text.para("Parameters (values in force; `--param name=value` changes them):");
        for (id, via) in used {
            text.item(0, &self.param_line(id, via));
        }
    }

    fn param_line(&self, id: ParamId, via: Option<SegmentId>) -> String {
        let p = &self.program.params[id.0];
        let mut line = format!("{} = {}", p.name, literal(&p.value));
        if let Some(s) = via {
            line.push_str(&format!(
                " (used by segment {})",
                self.program.segments[s.0].name
            ));
        }
        if let Some(docs) = &p.docs {
            line.push_str(&format!(": {}", one_line(docs)));
        }
        line
    }

    /// Parameters of this segment's criteria, then those of the segments it refers to
    /// (a reference reads their members, so their parameters change this segment's members too).
    fn used_params(&self) -> Vec<(ParamId, Option<SegmentId>)> {
        let mut out: Vec<(ParamId, Option<SegmentId>)> = Vec::new();
        // A set: the segments reached through references may be thousands (a long chain).
        let mut seen = HashSet::from([self.segment().name.as_str()]);
        let mut queue: Vec<(Option<SegmentId>, &Segment)> = vec![(None, self.segment())];
        while let Some((via, segment)) = queue.pop() {
            let Some(cond) = &segment.criteria else {
                continue;
            };
            // The parameters of CLV models' margins and lifespans are among them.
            let usage = Usage::of(cond, self.program);
            for p in usage.params.iter().copied() {
                if !out.iter().any(|(q, _)| *q == p) {
                    out.push((p, via));
                }
            }
            for r in usage.refs.iter().rev() {
                let target = &self.program.segments[r.0];
                if seen.insert(target.name.as_str()) {
                    queue.push((Some(*r), target));
                }
            }
        }
        out
    }
}
