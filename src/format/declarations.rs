//! Declarations that are not tables: `use`, `param`, `time zone`, `trait`, `segment`,
//! `segmentation`, `test`, `rfm` and `clv`. A block's entries are written in the order of the
//! source, one a line, indented by two.

use super::conditions::Place;
use super::out::Gap;
use super::{Printer, WIDTH};
use crate::syntax::ast::*;

/// An entry of a block, with where its source starts.
enum Entry<'d> {
    Owner(&'d StringLit),
    Tags(Vec<&'d StringLit>, usize),
    Channel(&'d ChannelDecl),
    Holdout(&'d HoldoutDecl),
    Where(&'d Cond),
}

impl Printer<'_> {
    /// `use "schema.seg"`, `use std.rfm for value`.
    pub(super) fn use_decl(&mut self, d: &UseDecl, range: (usize, usize)) {
        let text = match &d.target {
            UseTarget::File(path) => format!("use {}", self.slice(path.span)),
            UseTarget::Std { module, subject } => match subject {
                Some(subject) => format!("use std.{} for {}", module.name, subject.name),
                None => format!("use std.{}", module.name),
            },
        };
        self.out.line(0, Gap::Tight, range, &text);
    }

    /// `param vip_spend: decimal = 500`.
    pub(super) fn param_decl(&mut self, d: &ParamDecl, range: (usize, usize)) {
        let text = format!(
            "param {}: {} = {}",
            d.name.name,
            self.type_text(&d.ty),
            self.slice(d.default.span)
        );
        self.out.line(0, Gap::Tight, range, &text);
    }

    /// `time zone "Europe/Paris"`.
    pub(super) fn time_zone_decl(&mut self, d: &TimeZoneDecl, range: (usize, usize)) {
        let text = format!("time zone {}", self.slice(d.name.span));
        self.out.line(0, Gap::Tight, range, &text);
    }

    /// `trait name on entity = value`, the value on the next line when it does not fit.
    pub(super) fn trait_decl(&mut self, d: &TraitDecl, range: (usize, usize)) {
        let head = format!("trait {} on {} =", d.name.name, d.entity.name);
        let value = self.value(&d.value);
        if head.chars().count() + 1 + value.chars().count() <= WIDTH {
            return self
                .out
                .line(0, Gap::Tight, range, &format!("{head} {value}"));
        }
        let equals = self.end_of_token_after(d.entity.span.end as usize);
        self.out.line(0, Gap::Tight, (range.0, equals), &head);
        let value_range = (self.range(d.value.span).0, range.1);
        self.out.line(2, Gap::Tight, value_range, &value);
    }

    /// `kpi name on entity for a, b = measure(…)`, the measure on the next line when it does
    /// not fit.
    pub(super) fn kpi_decl(&mut self, d: &KpiDecl, range: (usize, usize)) {
        let mut head = format!("kpi {} on {}", d.name.name, d.entity.name);
        if !d.segments.is_empty() {
            let names: Vec<&str> = d.segments.iter().map(|s| s.name.as_str()).collect();
            head.push_str(&format!(" for {}", names.join(", ")));
        }
        head.push_str(" =");
        let measure = self.measure(&d.measure);
        if head.chars().count() + 1 + measure.chars().count() <= WIDTH {
            return self
                .out
                .line(0, Gap::Tight, range, &format!("{head} {measure}"));
        }
        let before = d.segments.last().map_or(d.entity.span, |s| s.span);
        let equals = self.end_of_token_after(before.end as usize);
        self.out.line(0, Gap::Tight, (range.0, equals), &head);
        let measure_range = (self.range(d.measure.span).0, range.1);
        match self.measure_parts(&d.measure) {
            Some([first, second]) if 2 + measure.chars().count() > WIDTH => {
                // `word(`, each part on a line of its own, then `)`.
                let open = format!("{}(", d.measure.kind.word());
                self.out
                    .line(2, Gap::Tight, (measure_range.0, first.1 .0), &open);
                self.out.line(4, Gap::Tight, first.1, &first.0);
                self.out.line(4, Gap::Tight, second.1, &second.0);
                let close = (second.1 .1, range.1);
                self.out.line_with_comments_at(2, 4, Gap::Tight, close, ")");
            }
            _ => self.out.line(2, Gap::Tight, measure_range, &measure),
        }
    }

    /// The two parts of a measure that has two (`ratio`'s `x,` and `y`, `share`'s condition and
    /// `among a`, `cost`'s spend and `per c`), each with its source range.
    fn measure_parts(&self, m: &Measure) -> Option<[(String, (usize, usize)); 2]> {
        let keyword_and = |this: &Self, span: crate::source::Span| {
            let (start, end) = this.range(span);
            (this.lexed.before(start).map_or(start, |k| k.0), end)
        };
        Some(match &m.kind {
            MeasureKind::Ratio(x, y) => [
                (format!("{},", self.value(x)), self.range(x.span)),
                (self.value(y), self.range(y.span)),
            ],
            MeasureKind::Share {
                holds,
                among: Some(a),
            } => [
                (self.cond(holds), self.range(holds.span())),
                (
                    format!("among {}", self.cond(a)),
                    keyword_and(self, a.span()),
                ),
            ],
            MeasureKind::Cost { spend, per } => [
                (self.value(spend), self.range(spend.span)),
                (
                    format!("per {}", self.cond(per)),
                    keyword_and(self, per.span()),
                ),
            ],
            MeasureKind::Mean(_) | MeasureKind::Total(_) | MeasureKind::Share { .. } => {
                return None
            }
        })
    }

    /// `mean(v)`, `total(v)`, `ratio(x, y)`, `share(c among a)`, `cost(s per c)` on one line.
    fn measure(&self, m: &Measure) -> String {
        match &m.kind {
            MeasureKind::Mean(v) => format!("mean({})", self.value(v)),
            MeasureKind::Total(v) => format!("total({})", self.value(v)),
            MeasureKind::Ratio(x, y) => format!("ratio({}, {})", self.value(x), self.value(y)),
            MeasureKind::Share { holds, among } => match among {
                None => format!("share({})", self.cond(holds)),
                Some(a) => format!("share({} among {})", self.cond(holds), self.cond(a)),
            },
            MeasureKind::Cost { spend, per } => {
                format!("cost({} per {})", self.value(spend), self.cond(per))
            }
        }
    }

    /// `segment name on entity { owner, tags, channel, holdout, where }`.
    pub(super) fn segment_decl(&mut self, d: &SegmentDecl, range: (usize, usize)) {
        if !d.repeated.is_empty() {
            return self.keep_as_written();
        }
        let head = format!("segment {} on {}", d.name.name, d.entity.name);
        let brace = self.end_of_token_after(d.entity.span.end as usize);
        let mut entries: Vec<(usize, Entry)> = Vec::new();
        if let Some(owner) = &d.owner {
            let keyword = self.lexed.before(owner.span.start as usize);
            entries.push((keyword.map_or(0, |k| k.0), Entry::Owner(owner)));
        }
        for keyword in self.lexed.find(self.src, brace, range.1, "tags") {
            let close = self.lexed.find(self.src, keyword, range.1, "]");
            let close = close.first().map_or(range.1, |c| c + 1);
            let tags = d
                .tags
                .iter()
                .filter(|t| (keyword..close).contains(&(t.span.start as usize)))
                .collect();
            entries.push((keyword, Entry::Tags(tags, close)));
        }
        for channel in &d.channels {
            entries.push((self.range(channel.span).0, Entry::Channel(channel)));
        }
        if let Some(holdout) = &d.holdout {
            entries.push((self.range(holdout.span).0, Entry::Holdout(holdout)));
        }
        if let Some(criteria) = &d.criteria {
            let start = self.range(criteria.span()).0;
            let keyword = self.lexed.find(self.src, brace, start, "where");
            entries.push((
                keyword.last().copied().unwrap_or(start),
                Entry::Where(criteria),
            ));
        }
        let tags: usize = entries
            .iter()
            .map(|(_, e)| match e {
                Entry::Tags(tags, _) => tags.len(),
                Entry::Owner(_) | Entry::Channel(_) | Entry::Holdout(_) | Entry::Where(_) => 0,
            })
            .sum();
        if tags != d.tags.len() {
            return self.keep_as_written();
        }
        if self.empty_block(&head, range, entries.is_empty()) {
            return;
        }
        entries.sort_by_key(|(start, _)| *start);
        self.open(&head, range.0, brace);
        for (i, (start, entry)) in entries.iter().enumerate() {
            let gap = if i == 0 { Gap::Tight } else { Gap::KeepBlank };
            self.segment_entry(entry, *start, gap);
        }
        self.close(range);
    }

    fn segment_entry(&mut self, entry: &Entry, start: usize, gap: Gap) {
        let (text, end) = match entry {
            Entry::Owner(owner) => (
                format!("owner {}", self.slice(owner.span)),
                owner.span.end as usize,
            ),
            Entry::Tags(tags, close) => {
                let tags: Vec<String> = tags.iter().map(|t| self.slice(t.span)).collect();
                (format!("tags [{}]", tags.join(", ")), *close)
            }
            Entry::Channel(c) => {
                let bases: Vec<&str> = c.bases.iter().map(|b| b.name.as_str()).collect();
                let text = match bases.is_empty() {
                    true => format!("channel {}", c.channel.name),
                    false => format!("channel {} basis {}", c.channel.name, bases.join(", ")),
                };
                (text, self.range(c.span).1)
            }
            Entry::Holdout(h) => {
                let text = match &h.salt {
                    Some(salt) => format!("holdout {}% salt {}", h.percent, self.slice(salt.span)),
                    None => format!("holdout {}%", h.percent),
                };
                (text, self.range(h.span).1)
            }
            Entry::Where(criteria) => {
                let place = Place {
                    prefix: "where ",
                    indent: 2,
                    continuation: 4,
                    start,
                    gap,
                };
                return self.write_cond(criteria, place);
            }
        };
        self.out.line(2, gap, (start, end), &text);
    }

    /// `segmentation name on entity [grid model] { stages }`, the stages' `when`s aligned.
    pub(super) fn segmentation_decl(&mut self, d: &SegmentationDecl, range: (usize, usize)) {
        let mut head = format!("segmentation {} on {}", d.name.name, d.entity.name);
        let mut last = &d.entity;
        if let Some(grid) = &d.grid {
            head.push_str(&format!(" grid {}", grid.name));
            last = grid;
        }
        if self.empty_block(&head, range, d.stages.is_empty()) {
            return;
        }
        let brace = self.end_of_token_after(last.span.end as usize);
        self.open(&head, range.0, brace);
        let width = d
            .stages
            .iter()
            .map(|s| s.name.name.len())
            .max()
            .unwrap_or(0);
        for (i, stage) in d.stages.iter().enumerate() {
            let gap = if i == 0 { Gap::Tight } else { Gap::KeepBlank };
            let name = format!("{:width$}", stage.name.name);
            let start = stage.name.span.start as usize;
            match &stage.when {
                Some(when) => {
                    let prefix = format!("{name} when ");
                    let place = Place {
                        prefix: &prefix,
                        indent: 2,
                        continuation: 2 + width + 3,
                        start,
                        gap,
                    };
                    self.write_cond(when, place);
                }
                None => {
                    let end = self.range(stage.span).1;
                    self.out
                        .line(2, gap, (start, end), &format!("{name} otherwise"));
                }
            }
        }
        self.close(range);
    }

    /// `rfm name on entity over facts { window, scores, metrics }`.
    pub(super) fn rfm_decl(&mut self, d: &RfmDecl, range: (usize, usize)) {
        let head = format!(
            "rfm {} on {} over {}",
            d.name.name, d.entity.name, d.facts.name
        );
        let mut lines: Vec<((usize, usize), String)> = Vec::new();
        if let Some((count, unit, span)) = &d.window {
            lines.push((
                self.range(*span),
                format!("window last {}", self.count_unit(count, *unit)),
            ));
        }
        if let Some((scores, span)) = &d.scores {
            lines.push((self.range(*span), format!("scores {scores}")));
        }
        for m in &d.metrics {
            let r = self.range(m.span);
            let mut text = m.metric.word().to_string();
            if let Some((func, column)) = &m.measure {
                text.push_str(&format!(" {}({})", func.name(), column.name));
            }
            match &m.thresholds {
                Some(values) => {
                    let values: Vec<String> = values.iter().map(|v| self.slice(v.span)).collect();
                    text.push_str(&format!(" thresholds [{}]", values.join(", ")));
                }
                None if !self.lexed.find(self.src, r.0, r.1, "quantiles").is_empty() => {
                    text.push_str(" quantiles");
                }
                None => {}
            }
            lines.push((r, text));
        }
        self.model_block(&head, &d.facts, range, lines);
    }

    /// `clv name on entity over facts { amount, window, margin, lifespan }`.
    pub(super) fn clv_decl(&mut self, d: &ClvDecl, range: (usize, usize)) {
        let head = format!(
            "clv {} on {} over {}",
            d.name.name, d.entity.name, d.facts.name
        );
        let brace = self.end_of_token_after(d.facts.span.end as usize);
        let mut lines: Vec<((usize, usize), String)> = Vec::new();
        if let Some(amount) = &d.amount {
            let keyword = self
                .lexed
                .before(amount.span.start as usize)
                .map_or(0, |k| k.0);
            lines.push((
                (keyword, amount.span.end as usize),
                format!("amount {}", amount.name),
            ));
        }
        if let Some((count, unit, span)) = &d.window {
            lines.push((
                self.range(*span),
                format!("window last {}", self.count_unit(count, *unit)),
            ));
        }
        for (word, value) in [("margin", &d.margin), ("lifespan", &d.lifespan)] {
            if let Some(value) = value {
                let (start, end) = self.range(value.span);
                let keyword = self.lexed.find(self.src, brace, start, word);
                let keyword = keyword.last().copied().unwrap_or(start);
                lines.push(((keyword, end), format!("{word} {}", self.value(value))));
            }
        }
        self.model_block(&head, &d.facts, range, lines);
    }

    /// A model's block: its entries, one a line, in the order of the source.
    fn model_block(
        &mut self,
        head: &str,
        facts: &Ident,
        range: (usize, usize),
        mut lines: Vec<((usize, usize), String)>,
    ) {
        if self.empty_block(head, range, lines.is_empty()) {
            return;
        }
        let brace = self.end_of_token_after(facts.span.end as usize);
        lines.sort_by_key(|(r, _)| r.0);
        self.open(head, range.0, brace);
        for (i, (r, text)) in lines.iter().enumerate() {
            let gap = if i == 0 { Gap::Tight } else { Gap::KeepBlank };
            self.out.line(2, gap, *r, text);
        }
        self.close(range);
    }
}
