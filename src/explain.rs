//! `seg explain`: a segment in plain English, for analysts and data-protection officers.
//!
//! The text follows the checked program and says what the generated SQL does (docs/language.md,
//! "Meaning"): who is in the segment, which consent, legal-basis and suppression rules apply, and
//! which parameters it uses. Lines are wrapped at 100 characters; the output is Markdown-friendly.

use crate::check::typed::{
    Aggregate, ChannelRule, Column, Cond, ConsentColumns, ConsentRef, ConsentSource, Entity, Facts,
    FactsId, Lit, ParamId, Program, Segment, SegmentId, Suppression, TablePath, TextTest, Type,
    Value, ValueKind, Window,
};
use crate::syntax::ast::{AggFunc, CompareOp, TimeUnit};

/// The longest line written.
const WIDTH: usize = 100;
/// Nesting deeper than this is not indented further, so that every line keeps room for text.
const MAX_DEPTH: usize = 20;

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

// ------------------------------------------------------------------------------------ output

/// Wrapped text being written.
#[derive(Default)]
struct Text {
    out: String,
}

impl Text {
    /// A paragraph; each `\n`-separated line of `text` is wrapped on its own.
    fn para(&mut self, text: &str) {
        for line in text.split('\n') {
            self.wrap("", "", line);
        }
    }

    /// A list item at nesting `depth` (0 = top level).
    fn item(&mut self, depth: usize, text: &str) {
        let indent = "  ".repeat(depth.min(MAX_DEPTH) + 1);
        self.wrap(&format!("{indent}- "), &format!("{indent}  "), text);
    }

    fn blank(&mut self) {
        self.out.push('\n');
    }

    /// Writes `text` in lines of at most [`WIDTH`] characters, the first starting with `first`,
    /// the others with `rest`. A word too long for a line of its own is cut.
    fn wrap(&mut self, first: &str, rest: &str, text: &str) {
        let mut line = first.to_string();
        let mut started = false;
        for word in text.split(' ') {
            if started && width(&line) + 1 + width(word) > WIDTH {
                self.push(&line);
                line = rest.to_string();
                started = false;
            }
            if started {
                line.push(' ');
            }
            line.push_str(word);
            started = true;
            while width(&line) > WIDTH {
                let cut = line
                    .char_indices()
                    .nth(WIDTH)
                    .map_or(line.len(), |(i, _)| i);
                self.push(&line[..cut]);
                line = format!("{rest}{}", &line[cut..]);
            }
        }
        self.push(&line);
    }

    fn push(&mut self, line: &str) {
        self.out.push_str(line.trim_end());
        self.out.push('\n');
    }
}

fn width(text: &str) -> usize {
    text.chars().count()
}

// ------------------------------------------------------------------------------------ sections

/// Which table `ValueKind::Column` indexes refer to.
#[derive(Clone, Copy)]
enum Scope {
    Entity,
    Facts(FactsId),
}

struct Explainer<'a> {
    program: &'a Program,
    segment: &'a Segment,
    entity: &'a Entity,
}

impl<'a> Explainer<'a> {
    fn new(program: &'a Program, id: SegmentId) -> Self {
        let segment = &program.segments[id.0];
        Explainer {
            program,
            segment,
            entity: program.schema.entity(segment.entity),
        }
    }

    /// Name, entity, location, docs, owner and tags.
    fn header(&self, text: &mut Text) {
        let s = self.segment;
        text.para(&format!(
            "Segment {} ({}) — {}",
            s.name, self.entity.name, s.location
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
        match &self.segment.criteria {
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
        let usage = match &self.segment.criteria {
            Some(c) => Usage::of(c),
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
        if usage.temporal || !usage.facts.is_empty() || !self.segment.channels.is_empty() {
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
        let mut out = vec![
            "the evaluation date is the `--as-of` date of the run, or else the current date in UTC."
                .to_string(),
        ];
        if usage.temporal {
            out.push("A timestamp counts by its calendar day in UTC.".to_string());
        }
        for f in &usage.facts {
            out.push(self.facts_time_note(self.program.schema.facts(f.id)));
        }
        out
    }

    fn facts_time_note(&self, facts: &Facts) -> String {
        let name = format!("Their {}", facts.name);
        match facts.time_column.map(|t| &facts.columns[t]) {
            None => format!(
                "All of their {} are read: the table has no time column.",
                facts.name
            ),
            Some(c) if c.nullable => format!(
                "{name} dated after the evaluation date, or with no `{}`, are ignored.",
                c.name
            ),
            Some(_) => format!("{name} dated after the evaluation date are ignored."),
        }
    }

    /// Channels: consent per channel, then suppressions; or analysis only.
    fn holdout(&self, text: &mut Text) {
        let Some(h) = &self.segment.holdout else {
            return;
        };
        text.blank();
        text.para(&format!(
            "Holdout: {}% of the members form the control group {}:control, never contacted, so that \
             the campaign can be measured against it. A member is in it when the first 8 hex \
             digits of md5(\"{}:\" + key) are below {}; the same people on every engine and run. \
             The name {} stands for the others, the people to contact.",
            h.percent, self.segment.name, h.salt, h.threshold, self.segment.name
        ));
    }

    fn channels(&self, text: &mut Text) {
        text.blank();
        let rules = &self.segment.channels;
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

    fn channel_rule(&self, rule: &ChannelRule) -> String {
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
    fn suppressions(&self, text: &mut Text) {
        text.blank();
        let lists: Vec<&Suppression> = self
            .program
            .schema
            .suppressions
            .iter()
            .filter(|s| s.entity == self.segment.entity)
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
    /// (references are inlined, so their parameters change this segment's members too).
    fn used_params(&self) -> Vec<(ParamId, Option<SegmentId>)> {
        let mut out: Vec<(ParamId, Option<SegmentId>)> = Vec::new();
        let mut seen = vec![self.segment.name.as_str()];
        let mut queue: Vec<(Option<SegmentId>, &Segment)> = vec![(None, self.segment)];
        while let Some((via, segment)) = queue.pop() {
            let Some(cond) = &segment.criteria else {
                continue;
            };
            let usage = Usage::of(cond);
            for p in usage.params {
                if !out.iter().any(|(q, _)| *q == p) {
                    out.push((p, via));
                }
            }
            for r in usage.refs.iter().rev() {
                let target = &self.program.segments[r.0];
                if !seen.contains(&target.name.as_str()) {
                    seen.push(&target.name);
                    queue.push((Some(*r), target));
                }
            }
        }
        out
    }
}

// ------------------------------------------------------------------------------------ conditions

impl Explainer<'_> {
    /// A condition of the criteria as a list item, with its parts nested below it.
    fn tree(&self, cond: &Cond, depth: usize, text: &mut Text) {
        match cond {
            Cond::And(parts) => {
                text.item(depth, "all of the following:");
                self.children(parts, true, depth + 1, text);
            }
            Cond::Or(parts) => {
                text.item(depth, "at least one of the following:");
                self.children(parts, false, depth + 1, text);
            }
            Cond::Not(inner) => self.negated_tree(inner, depth, text),
            _ => text.item(depth, &self.leaf(cond, Scope::Entity)),
        }
    }

    /// `not` over a group or a test; conditions are two-valued, so `not not x` is `x`.
    fn negated_tree(&self, inner: &Cond, depth: usize, text: &mut Text) {
        match inner {
            Cond::And(parts) => {
                text.item(
                    depth,
                    "not all of the following (it holds when at least one fails):",
                );
                self.children(parts, true, depth + 1, text);
            }
            Cond::Or(parts) => {
                text.item(depth, "none of the following:");
                self.children(parts, false, depth + 1, text);
            }
            Cond::Not(again) => self.tree(again, depth, text),
            _ => {
                let line = self
                    .negated_leaf(inner, Scope::Entity)
                    .unwrap_or_else(|| format!("not: {}", self.leaf(inner, Scope::Entity)));
                text.item(depth, &line);
            }
        }
    }

    /// The parts of an `and` (`and = true`) or `or`, with nested groups of the same kind merged.
    fn children(&self, parts: &[Cond], and: bool, depth: usize, text: &mut Text) {
        for part in flatten(parts, and) {
            self.tree(part, depth, text);
        }
    }

    /// A condition on one line, as inside an aggregate's `where`.
    fn inline(&self, cond: &Cond, scope: Scope) -> String {
        match cond {
            Cond::And(parts) => self.joined(parts, true, scope),
            Cond::Or(parts) => self.joined(parts, false, scope),
            Cond::Not(inner) => self.inline_not(inner, scope),
            _ => self.leaf(cond, scope),
        }
    }

    fn joined(&self, parts: &[Cond], and: bool, scope: Scope) -> String {
        let shown: Vec<String> = flatten(parts, and)
            .into_iter()
            .map(|p| self.grouped(p, scope))
            .collect();
        shown.join(if and { " and " } else { " or " })
    }

    /// `inline`, in parentheses when it is an `and` or an `or`.
    fn grouped(&self, cond: &Cond, scope: Scope) -> String {
        match cond {
            Cond::And(_) | Cond::Or(_) => format!("({})", self.inline(cond, scope)),
            _ => self.inline(cond, scope),
        }
    }

    fn inline_not(&self, inner: &Cond, scope: Scope) -> String {
        match inner {
            Cond::And(_) | Cond::Or(_) => format!("not ({})", self.inline(inner, scope)),
            Cond::Not(again) => self.inline(again, scope),
            _ => self
                .negated_leaf(inner, scope)
                .unwrap_or_else(|| format!("not ({})", self.leaf(inner, scope))),
        }
    }

    /// The negations with a wording of their own.
    fn negated_leaf(&self, cond: &Cond, scope: Scope) -> Option<String> {
        match cond {
            Cond::InSegment(id) => Some(self.reference(*id, false)),
            Cond::Bool(v) if v.nullable => Some(format!(
                "{} is not true (false or missing)",
                self.value(v, scope)
            )),
            Cond::Bool(v) => Some(format!("{} is false", self.value(v, scope))),
            _ => None,
        }
    }

    /// One test.
    fn leaf(&self, cond: &Cond, scope: Scope) -> String {
        let v = |value: &Value| self.value(value, scope);
        match cond {
            Cond::And(_) | Cond::Or(_) | Cond::Not(_) => self.inline(cond, scope),
            Cond::InSegment(id) => self.reference(*id, true),
            Cond::Bool(value) => format!("{} is true", v(value)),
            Cond::Compare { op, left, right } => self.compare(*op, left, right, scope),
            Cond::InList {
                value,
                items,
                negated,
            } => self.in_list(value, items, *negated, scope),
            Cond::Between { value, low, high } => format!(
                "{} is between {} and {}, both included",
                v(value),
                v(low),
                v(high)
            ),
            Cond::IsMissing(value) => format!("{} is missing", v(value)),
            Cond::IsPresent(value) => format!("{} is present", v(value)),
            Cond::Text {
                test,
                value,
                pattern,
            } => self.text_test(*test, value, pattern, scope),
            Cond::WithinLast { value, count, unit } => format!(
                "{} falls within the last {} up to and including the evaluation date",
                v(value),
                amount(*count, *unit)
            ),
            Cond::Before { value, bound } => format!("{} is on or before {}", v(value), v(bound)),
            Cond::After { value, bound } => format!("{} is after {}", v(value), v(bound)),
        }
    }

    fn compare(&self, op: CompareOp, left: &Value, right: &Value, scope: Scope) -> String {
        let temporal = left.ty.is_temporal() || right.ty.is_temporal();
        // As in the lowering: two timestamps that are not constants compare as instants,
        // everything else temporal by calendar day.
        let instants = is_instant(left) && is_instant(right);
        let suffix = if instants {
            " (compared as exact times)"
        } else {
            ""
        };
        format!(
            "{} {} {}{suffix}",
            self.value(left, scope),
            op_words(op, temporal && !instants),
            self.value(right, scope)
        )
    }

    fn in_list(&self, value: &Value, items: &[Value], negated: bool, scope: Scope) -> String {
        let shown: Vec<String> = items.iter().map(|i| self.value(i, scope)).collect();
        let list = match shown.is_empty() {
            true => "(an empty list)".to_string(),
            false => shown.join(", "),
        };
        match negated {
            true => format!(
                "{} is present and is none of {list}",
                self.value(value, scope)
            ),
            false => format!("{} is one of {list}", self.value(value, scope)),
        }
    }

    fn text_test(&self, test: TextTest, value: &Value, pattern: &Value, scope: Scope) -> String {
        let (v, p) = (self.value(value, scope), self.value(pattern, scope));
        match test {
            TextTest::StartsWith => format!("{v} starts with {p}"),
            TextTest::EndsWith => format!("{v} ends with {p}"),
            TextTest::Contains => format!("{v} contains the text {p}"),
            TextTest::Matches => {
                let escape = match p.contains('\\') {
                    true => ", \\ makes the next character literal",
                    false => "",
                };
                format!("{v} matches the pattern {p} (% = any text, _ = one character{escape})")
            }
        }
    }

    /// `in other` / `not in other`, with the other segment's first doc line.
    fn reference(&self, id: SegmentId, positive: bool) -> String {
        let target = &self.program.segments[id.0];
        let verb = match positive {
            true => "they are in segment",
            false => "they are not in segment",
        };
        let mut out = format!("{verb} {}", target.name);
        if let Some(doc) = target.docs.as_deref().and_then(first_sentence) {
            out.push_str(&format!(" ({doc})"));
        }
        if !target.channels.is_empty() {
            let channels: Vec<&str> = target.channels.iter().map(|c| c.channel.as_str()).collect();
            out.push_str(&format!(
                "; membership of {} includes its channel rules: valid consent for {} and no \
                 suppression",
                target.name,
                channels.join(" and ")
            ));
        }
        out
    }
}

// ------------------------------------------------------------------------------------ values

impl Explainer<'_> {
    fn value(&self, value: &Value, scope: Scope) -> String {
        match &value.kind {
            ValueKind::Column(i) => format!("`{}`", self.column(scope, *i).name),
            ValueKind::Segmentation(i) => {
                let seg = &self.program.segmentations[*i];
                format!(
                    "their stage in segmentation {} (the first of {} that holds)",
                    seg.name,
                    seg.stage_names().join(", ")
                )
            }
            ValueKind::Param(id) => {
                let p = &self.program.params[id.0];
                format!("{} (parameter {})", literal(&p.value), p.name)
            }
            ValueKind::Literal(lit) => literal(lit),
            ValueKind::Ago(n, unit) => format!("{} before the evaluation date", amount(*n, *unit)),
            ValueKind::DaysSince(x) => format!("the number of days since {}", self.value(x, scope)),
            ValueKind::Age(x) => format!("the age in whole years from {}", self.value(x, scope)),
            ValueKind::Aggregate(a) => self.aggregate(a),
        }
    }

    /// Column indexes come from the checker, which resolved them against this very table.
    fn column(&self, scope: Scope, index: usize) -> &Column {
        match scope {
            Scope::Entity => &self.entity.columns[index],
            Scope::Facts(f) => &self.program.schema.facts(f).columns[index],
        }
    }

    fn aggregate(&self, a: &Aggregate) -> String {
        let facts = self.program.schema.facts(a.facts);
        let Some(c) = a.column else {
            // Only `count` goes without a column (E0211 otherwise).
            return format!("the number of {}", self.rows(a, ""));
        };
        let col = &facts.columns[c];
        let name = format!("`{}`", col.name);
        match a.func {
            AggFunc::Count if a.distinct => {
                format!(
                    "the number of distinct {name} values of {}",
                    self.rows(a, "")
                )
            }
            AggFunc::Count => format!(
                "the number of {}",
                self.rows(a, &format!(" with {name} present"))
            ),
            AggFunc::Sum => format!("the sum of {name} of {}", self.rows(a, "")),
            AggFunc::Avg => format!("the average {name} of {}", self.rows(a, "")),
            AggFunc::Min | AggFunc::Max => {
                format!(
                    "the {} {name} of {}",
                    extreme(a.func, &col.ty),
                    self.rows(a, "")
                )
            }
            AggFunc::First | AggFunc::Last => self.first_last(a, facts, c),
        }
    }

    /// `first(x)` / `last(x)`: the value on the earliest / latest row where `x` is present.
    fn first_last(&self, a: &Aggregate, facts: &Facts, c: usize) -> String {
        let col = &facts.columns[c];
        let which = match a.func {
            AggFunc::First => "first",
            _ => "last",
        };
        let is_time = facts.time_column == Some(c);
        let what = match (is_time, &col.ty) {
            (true, Type::Date) => "the date".to_string(),
            (true, _) => "the time".to_string(),
            (false, _) => format!("the `{}`", col.name),
        };
        let qualifier = match !is_time && col.nullable {
            true => format!(" with `{}` present", col.name),
            false => String::new(),
        };
        let plain = a.window.is_none() && a.filter.is_none();
        match (plain, singular(&facts.name)) {
            (true, Some(one)) => format!("{what} of their {which} {one}{qualifier}"),
            _ => format!("{what} of the {which} of {}", self.rows(a, &qualifier)),
        }
    }

    /// "their orders" with the aggregate's window and row filter.
    fn rows(&self, a: &Aggregate, qualifier: &str) -> String {
        let facts = self.program.schema.facts(a.facts);
        let mut out = format!("their {}{qualifier}", facts.name);
        if let Some(w) = &a.window {
            out.push(' ');
            out.push_str(&self.window(w));
        }
        if let Some(f) = &a.filter {
            out.push_str(" where ");
            out.push_str(&self.grouped(f, Scope::Facts(a.facts)));
        }
        out
    }

    /// Window bounds are constants (dates, `n unit ago`, parameters), never columns.
    fn window(&self, window: &Window) -> String {
        let v = |value: &Value| self.value(value, Scope::Entity);
        match window {
            Window::Last(n, unit) => format!("over the last {}", amount(*n, *unit)),
            Window::Before(b) => format!("dated on or before {}", v(b)),
            Window::After(b) => format!("dated after {}", v(b)),
            Window::Between(low, high) => {
                // The closing comma keeps the test that follows apart from "both included".
                format!("dated between {} and {}, both included,", v(low), v(high))
            }
        }
    }
}

// ------------------------------------------------------------------------------------ usage

/// What a condition uses, for the notes and the parameter list.
#[derive(Default)]
struct Usage {
    /// Some tested value can be missing.
    nullable: bool,
    /// A `not` applies to a test whose value can be missing.
    negation: bool,
    /// Relative dates, time tests or windows.
    temporal: bool,
    facts: Vec<FactsUse>,
    params: Vec<ParamId>,
    refs: Vec<SegmentId>,
}

/// The aggregates over one facts table.
struct FactsUse {
    id: FactsId,
    /// Functions that are 0 over no rows.
    zero: Vec<String>,
    /// Functions that are missing over no rows.
    missing: Vec<AggFunc>,
    /// Some of the latter have a window or a row filter.
    narrowed: bool,
}

impl Usage {
    fn of(cond: &Cond) -> Usage {
        let mut usage = Usage::default();
        usage.cond(cond);
        usage
    }

    fn cond(&mut self, cond: &Cond) {
        match cond {
            Cond::And(parts) | Cond::Or(parts) => parts.iter().for_each(|p| self.cond(p)),
            Cond::Not(inner) => {
                if !matches!(**inner, Cond::InSegment(_)) && Usage::of(inner).nullable {
                    self.negation = true;
                }
                self.cond(inner);
            }
            Cond::InSegment(id) => {
                if !self.refs.contains(id) {
                    self.refs.push(*id);
                }
            }
            _ => {
                self.temporal |= matches!(
                    cond,
                    Cond::WithinLast { .. } | Cond::Before { .. } | Cond::After { .. }
                );
                leaf_values(cond).into_iter().for_each(|v| self.value(v));
            }
        }
    }

    fn value(&mut self, value: &Value) {
        self.nullable |= value.nullable;
        match &value.kind {
            ValueKind::Param(id) if !self.params.contains(id) => self.params.push(*id),
            ValueKind::Ago(..) => self.temporal = true,
            ValueKind::DaysSince(x) | ValueKind::Age(x) => {
                self.temporal = true;
                self.value(x);
            }
            ValueKind::Aggregate(a) => self.aggregate(a),
            _ => {}
        }
    }

    fn aggregate(&mut self, a: &Aggregate) {
        self.record(a);
        if let Some(f) = &a.filter {
            self.cond(f);
        }
        match &a.window {
            None => {}
            Some(Window::Last(..)) => self.temporal = true,
            Some(Window::Before(b) | Window::After(b)) => self.value(b),
            Some(Window::Between(low, high)) => {
                self.value(low);
                self.value(high);
            }
        }
    }

    fn record(&mut self, a: &Aggregate) {
        let index = match self.facts.iter().position(|f| f.id == a.facts) {
            Some(i) => i,
            None => {
                self.facts.push(FactsUse {
                    id: a.facts,
                    zero: Vec::new(),
                    missing: Vec::new(),
                    narrowed: false,
                });
                self.facts.len() - 1
            }
        };
        let used = &mut self.facts[index];
        match a.func {
            AggFunc::Count | AggFunc::Sum => {
                let name = a.func.name().to_string();
                if !used.zero.contains(&name) {
                    used.zero.push(name);
                }
            }
            func => {
                if !used.missing.contains(&func) {
                    used.missing.push(func);
                }
                used.narrowed |= a.window.is_some() || a.filter.is_some();
            }
        }
    }
}

/// The values a test reads (not those of `and`, `or`, `not` and references).
fn leaf_values(cond: &Cond) -> Vec<&Value> {
    match cond {
        Cond::And(_) | Cond::Or(_) | Cond::Not(_) | Cond::InSegment(_) => Vec::new(),
        Cond::Bool(v) | Cond::IsMissing(v) | Cond::IsPresent(v) => vec![v],
        Cond::WithinLast { value, .. } => vec![value],
        Cond::Compare { left, right, .. } => vec![left, right],
        Cond::Text { value, pattern, .. } => vec![value, pattern],
        Cond::Before { value, bound } | Cond::After { value, bound } => vec![value, bound],
        Cond::Between { value, low, high } => vec![value, low, high],
        Cond::InList { value, items, .. } => std::iter::once(value).chain(items).collect(),
    }
}

// ------------------------------------------------------------------------------------ words

/// The parts of an `and` (or an `or`), with directly nested groups of the same kind merged.
fn flatten(parts: &[Cond], and: bool) -> Vec<&Cond> {
    let mut out = Vec::new();
    for part in parts {
        match (part, and) {
            (Cond::And(inner), true) | (Cond::Or(inner), false) => out.extend(flatten(inner, and)),
            _ => out.push(part),
        }
    }
    out
}

fn op_words(op: CompareOp, days: bool) -> &'static str {
    match (op, days) {
        (CompareOp::Eq, true) => "is on",
        (CompareOp::Ne, true) => "is not on",
        (CompareOp::Lt, true) => "is before",
        (CompareOp::Le, true) => "is on or before",
        (CompareOp::Gt, true) => "is after",
        (CompareOp::Ge, true) => "is on or after",
        (CompareOp::Eq, false) => "is",
        (CompareOp::Ne, false) => "is not",
        (CompareOp::Lt, false) => "is less than",
        (CompareOp::Le, false) => "is at most",
        (CompareOp::Gt, false) => "is more than",
        (CompareOp::Ge, false) => "is at least",
    }
}

/// A timestamp column or aggregate: compared with another one, as an instant.
fn is_instant(value: &Value) -> bool {
    value.ty == Type::Timestamp
        && !matches!(value.kind, ValueKind::Literal(_) | ValueKind::Param(_))
}

/// `min` and `max` in words: "smallest", or "earliest" for a date.
fn extreme(func: AggFunc, ty: &Type) -> &'static str {
    match (func == AggFunc::Min, ty.is_temporal()) {
        (true, true) => "earliest",
        (true, false) => "smallest",
        (false, true) => "latest",
        (false, false) => "largest",
    }
}

/// What is missing for a member without rows: "average", "last order".
fn empty_word(func: AggFunc, facts: &Facts) -> String {
    let row = singular(&facts.name).unwrap_or_else(|| "row".to_string());
    match func {
        AggFunc::Avg => "average".to_string(),
        AggFunc::Min => "smallest value".to_string(),
        AggFunc::Max => "largest value".to_string(),
        AggFunc::First => format!("first {row}"),
        _ => format!("last {row}"),
    }
}

/// `30 days`, `1 month`.
fn amount(n: i64, unit: TimeUnit) -> String {
    let word = unit.word();
    match n {
        1 => format!("1 {}", word.strip_suffix('s').unwrap_or(word)),
        _ => format!("{n} {word}"),
    }
}

/// A literal as written in seglang.
fn literal(lit: &Lit) -> String {
    match lit {
        Lit::Int(i) => i.to_string(),
        Lit::Decimal(d) => d.clone(),
        Lit::String(s) => quoted(s),
        Lit::Bool(b) => b.to_string(),
        Lit::Date(d) => d.to_string(),
    }
}

/// A string in double quotes, with seglang's escapes.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
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

/// "a", "a or b", "a, b or c".
fn or_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} or {}", init.join(", "), last.as_ref())
        }
    }
}

/// The singular of a table name for "their last order"; `None` when it is not a plain plural.
fn singular(plural: &str) -> Option<String> {
    if let Some(stem) = plural.strip_suffix("ies") {
        return Some(format!("{stem}y"));
    }
    for ending in ["sses", "xes", "ches", "shes"] {
        if plural.ends_with(ending) {
            return Some(plural[..plural.len() - 2].to_string());
        }
    }
    match plural.strip_suffix('s') {
        Some(stem) if !stem.is_empty() && !stem.ends_with('s') => Some(stem.to_string()),
        _ => None,
    }
}

/// The first sentence of a doc comment, as a phrase to put in parentheses.
fn first_sentence(docs: &str) -> Option<String> {
    let joined = one_line(docs);
    let sentence = match joined.find(". ") {
        Some(end) => &joined[..end],
        None => joined.trim_end_matches('.'),
    };
    (!sentence.is_empty()).then(|| decapitalized(sentence))
}

/// A doc comment's lines joined into one.
fn one_line(docs: &str) -> String {
    let lines: Vec<&str> = docs
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines.join(" ")
}

/// `text` with a lowercase first letter, unless it starts an acronym ("VIPs").
fn decapitalized(text: &str) -> String {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    match chars.next().is_some_and(char::is_uppercase) {
        true => text.to_string(),
        false => format!("{}{}", first.to_lowercase(), &text[first.len_utf8()..]),
    }
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => format!("{}{}", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::CheckOptions;

    const SCHEMA: &str = r#"
/// Customers.
entity customers from "crm.customers" {
  key customer_id: string
  email: string? pii
  region: enum("IDF", "PACA", "OCC")?
  birth_date: date?
  signup_at: timestamp
  loyalty_card: bool
}

facts orders of customers(customer_id) from "crm.orders" at ordered_at {
  ordered_at: timestamp
  amount: decimal(12, 2)
  category: string
}

facts events of customers(customer_id) from "crm.events" at occurred_at {
  occurred_at: timestamp
  kind: enum("email_open", "cart_add")
  detail: string?
}
"#;

    const CONSENT_LOG: &str = r#"
consents of customers(customer_id) from "crm.consents" {
  channel: enum("email", "sms", "post")
  granted_at: timestamp
  withdrawn_at: timestamp?
  basis: enum("consent", "legitimate_interest")
  source: string
}

suppressions of customers(customer_id) from "crm.suppressions" at recorded_at {
  recorded_at: timestamp
  channel: enum("email", "sms", "post")?
  reason: string
}
"#;

    /// The explanation of segment `name` in `SCHEMA` + `extra`.
    fn explain(extra: &str, name: &str) -> String {
        let source = format!("{SCHEMA}\n{extra}");
        let analysis =
            crate::analyze_sources(&[("s.seg", source.as_str())], &CheckOptions::default());
        let Some(program) = analysis.program else {
            panic!("does not check: {:#?}", analysis.diagnostics);
        };
        let id = program.segment(name).expect("the segment is declared");
        let text = explain_segment(&program, id);
        assert_short_lines(&text);
        text
    }

    fn assert_short_lines(text: &str) {
        for line in text.lines() {
            assert!(width(line) <= WIDTH, "line too long: {line}");
        }
    }

    /// Asserts that `text` contains `phrase`, ignoring how lines were wrapped.
    fn assert_says(text: &str, phrase: &str) {
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(phrase), "missing {phrase:?} in:\n{text}");
    }

    #[test]
    fn nested_and_or_not_are_indented_lists() {
        let text = explain(
            r#"segment s on customers {
  where loyalty_card
    or (region = "IDF" and not (email is missing or email contains "50%"))
    or (region not in ["OCC"] and not region in ["PACA", "IDF"])
    or not (signup_at within last 30 days and age(birth_date) between 18 and 25)
}"#,
            "s",
        );
        assert_says(
            &text,
            "customers for whom at least one of the following holds",
        );
        assert!(text.contains("\n  - `loyalty_card` is true\n"), "{text}");
        assert!(text.contains("\n  - all of the following:\n    - `region` is \"IDF\"\n"));
        assert!(text.contains("\n    - none of the following:\n      - `email` is missing\n"));
        assert_says(&text, "- `email` contains the text \"50%\"");
        assert_says(&text, "`region` is present and is none of \"OCC\"");
        assert_says(&text, "not: `region` is one of \"PACA\", \"IDF\"");
        assert_says(
            &text,
            "not all of the following (it holds when at least one fails):",
        );
        assert_says(
            &text,
            "`signup_at` falls within the last 30 days up to and including the evaluation date",
        );
        assert_says(
            &text,
            "the age in whole years from `birth_date` is between 18 and 25, both included",
        );
        assert_says(&text, "a negated test holds when its value is missing");
        assert_says(&text, "Parameters: none.");
    }

    #[test]
    fn parameters_show_their_value_and_name() {
        let text = explain(
            r#"/// Yearly spend of a VIP.
param vip_spend: decimal = 500
param lapse_days: int = 90
segment vips on customers {
  where orders.sum(amount, last 365 days) >= vip_spend
    and orders.last(ordered_at) before 90 days ago
    and days since orders.last(ordered_at) >= lapse_days
}"#,
            "vips",
        );
        assert_says(
            &text,
            "- the sum of `amount` of their orders over the last 365 days is at least 500 \
             (parameter vip_spend)",
        );
        assert_says(
            &text,
            "- the time of their last order is on or before 90 days before the evaluation date",
        );
        assert_says(
            &text,
            "the number of days since the time of their last order is at least 90 (parameter \
             lapse_days)",
        );
        assert_says(&text, "- vip_spend = 500: Yearly spend of a VIP.");
        assert_says(&text, "- lapse_days = 90");
        assert_says(&text, "A sum over no orders is 0.");
        assert_says(
            &text,
            "Customers with no orders have no last order, so tests on it are false.",
        );
    }

    #[test]
    fn window_aggregates_show_their_filter_and_window() {
        let text = explain(
            r#"segment s on customers {
  where events.count(where kind = "cart_add", last 30 days) >= 1
    and orders.count(between 364 days ago and 2026-01-31) = 0
    and orders.count(distinct category, before 365 days ago) >= 3
    and orders.avg(amount, after 1 month ago, where category matches "sh_e%") > 20
    and events.first(detail) starts with "promo"
}"#,
            "s",
        );
        assert_says(
            &text,
            "the number of their events over the last 30 days where `kind` is \"cart_add\" is \
             at least 1",
        );
        assert_says(
            &text,
            "the number of their orders dated between 364 days before the evaluation date and \
             2026-01-31, both included, is 0",
        );
        assert_says(
            &text,
            "the number of distinct `category` values of their orders dated on or before 365 \
             days before the evaluation date is at least 3",
        );
        assert_says(
            &text,
            "the average `amount` of their orders dated after 1 month before the evaluation \
             date where `category` matches the pattern \"sh_e%\" (% = any text, _ = one \
             character) is more than 20",
        );
        assert_says(
            &text,
            "the `detail` of their first event with `detail` present starts with \"promo\"",
        );
        assert_says(
            &text,
            "Their events dated after the evaluation date are ignored.",
        );
    }

    #[test]
    fn segment_references_name_the_segment_and_its_doc() {
        let text = explain(
            r#"/// Staff members, recognised by their company address.
/// Second line.
segment employees on customers {
  where email ends with "@maison-exemple.fr"
}
segment campaign on customers {
  where loyalty_card and not in employees
}
segment staff_only on customers {
  where in employees
}"#,
            "campaign",
        );
        assert_says(
            &text,
            "- they are not in segment employees (staff members, recognised by their company \
             address)",
        );
        assert!(!text.contains("Second line"), "{text}");
    }

    #[test]
    fn references_to_channel_segments_carry_their_consent() {
        let source = format!(
            "{CONSENT_LOG}\nsegment mailable on customers {{\n  channel email\n}}\n\
             segment unreachable on customers {{\n  where not in mailable\n}}"
        );
        let text = explain(&source, "unreachable");
        assert_says(
            &text,
            "they are not in segment mailable; membership of mailable includes its channel \
             rules: valid consent for email and no suppression",
        );
        assert_says(&text, "Channel: none.");
    }

    #[test]
    fn analytics_only_segments_say_so() {
        let text = explain(
            "segment all_customers on customers {\n  owner \"analytics\"\n}",
            "all_customers",
        );
        assert_says(&text, "Segment all_customers (customers) — s.seg:");
        assert_says(&text, "Owner: analytics.");
        assert_says(
            &text,
            "Who is in it: all customers (the segment has no `where`).",
        );
        assert_says(
            &text,
            "Channel: none. This segment is for analysis only: seg refuses to export it for \
             activation.",
        );
    }

    #[test]
    fn log_channels_state_consent_basis_and_suppressions() {
        let source = format!(
            "{CONSENT_LOG}\nsegment mail on customers {{\n  channel email\n  \
             channel post basis consent, legitimate_interest\n  where loyalty_card\n}}"
        );
        let text = explain(&source, "mail");
        assert_says(&text, "Channels: email, post.");
        assert_says(
            &text,
            "a member needs valid consent for every channel listed",
        );
        assert_says(
            &text,
            "email: consent is recorded in the consent log consents (crm.consents). Only people \
             whose most recent email grant dated on or before the evaluation date is still in \
             force: not withdrawn on or before that date, and given on the legal basis consent; \
             a grant dated after the evaluation date does not count; people with no grant are \
             out.",
        );
        assert_says(
            &text,
            "given on one of the legal bases consent or legitimate_interest",
        );
        assert_says(
            &text,
            "people recorded in suppressions (crm.suppressions) on or before the evaluation date \
             are excluded (a row with a `channel` excludes that channel only; a row without one \
             excludes every channel).",
        );
    }

    #[test]
    fn opt_in_columns_state_flag_and_date() {
        let text = explain(
            r#"entity people {
  key person_id: string
  email_optin: bool
  email_optin_at: timestamp?
  sms_optin: bool?
  consent email = email_optin since email_optin_at
  consent sms = sms_optin
}
segment newsletter on people {
  channel email
  channel sms
}"#,
            "newsletter",
        );
        assert_says(&text, "Channels: email, sms.");
        assert_says(
            &text,
            "Only people whose `sms_optin` is true; no `since` column is declared, so when the \
             opt-in was given is not checked. A missing `sms_optin` means no consent.",
        );
        assert_says(
            &text,
            "Only people whose `email_optin` is true with `email_optin_at` on or before the \
             evaluation date; a missing date means no consent.",
        );
        assert_says(&text, "No suppression list is declared for people.");
    }

    #[test]
    fn long_words_are_cut_to_the_width() {
        let mut text = Text::default();
        text.item(1, &format!("short {} end", "x".repeat(150)));
        assert_short_lines(&text.out);
        assert_eq!(text.out.lines().count(), 3, "{}", text.out);
    }

    /// Prints every retail segment's explanation (`-- --nocapture` shows them).
    #[test]
    #[allow(
        clippy::print_stdout,
        reason = "the sample output is for a human reading the test"
    )]
    fn retail_examples() {
        let files = [
            (
                "examples/retail/segments.seg",
                include_str!("../examples/retail/segments.seg"),
            ),
            (
                "examples/retail/schema.seg",
                include_str!("../examples/retail/schema.seg"),
            ),
        ];
        let analysis = crate::analyze_sources(&files, &CheckOptions::default());
        let Some(program) = analysis.program else {
            panic!("does not check: {:#?}", analysis.diagnostics);
        };
        for i in 0..program.segments.len() {
            let text = explain_segment(&program, SegmentId(i));
            assert_short_lines(&text);
            println!("{text}\n----------------------------------------");
        }
        let id = program.segment("lapsing_vips").expect("declared");
        let text = explain_segment(&program, id);
        assert_says(
            &text,
            "Segment lapsing_vips (customers) — examples/retail/segments.seg:17",
        );
        assert_says(&text, "- they are not in segment employees (staff members");
    }

    /// Every b2b segment explains within the width (facts without a time column, ties, ...).
    #[test]
    fn b2b_examples_fit_the_width() {
        let files = [
            (
                "examples/b2b/segments.seg",
                include_str!("../examples/b2b/segments.seg"),
            ),
            (
                "examples/b2b/schema.seg",
                include_str!("../examples/b2b/schema.seg"),
            ),
        ];
        let analysis = crate::analyze_sources(&files, &CheckOptions::default());
        let Some(program) = analysis.program else {
            panic!("does not check: {:#?}", analysis.diagnostics);
        };
        for i in 0..program.segments.len() {
            let text = explain_segment(&program, SegmentId(i));
            assert_short_lines(&text);
            assert!(!text.contains("`?`") && !text.contains("  \n"), "{text}");
        }
    }
}
