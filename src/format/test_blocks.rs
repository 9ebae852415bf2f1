//! `test` declarations: `segment`, `as_of`, `expect` one a line, and each `rows` block with one
//! record a line, a record too long for the width filled over several lines.

use super::out::Gap;
use super::{Printer, WIDTH};
use crate::syntax::ast::{FieldValue, Literal, Record, RowsBlock, TestDecl};

/// An entry of a test, with where its keyword starts.
enum TestEntry<'d> {
    Segment(&'d crate::syntax::ast::Ident),
    AsOf(&'d Literal),
    Rows(&'d RowsBlock),
    Expect(&'d [Literal], (usize, usize)),
}

impl Printer<'_> {
    /// `test "name" { segment s  as_of DATE  rows TABLE [ … ]  expect [ … ] }`.
    pub(super) fn test_decl(&mut self, d: &TestDecl, range: (usize, usize)) {
        if !d.repeated.is_empty() {
            return self.keep_as_written();
        }
        let head = format!("test {}", self.slice(d.name.span));
        let keyword_before = |p: &Self, pos: u32| p.lexed.before(pos as usize).map_or(0, |k| k.0);
        let mut entries: Vec<(usize, TestEntry)> = Vec::new();
        if let Some(segment) = &d.segment {
            entries.push((
                keyword_before(self, segment.span.start),
                TestEntry::Segment(segment),
            ));
        }
        if let Some(as_of) = &d.as_of {
            entries.push((
                keyword_before(self, as_of.span.start),
                TestEntry::AsOf(as_of),
            ));
        }
        for rows in &d.rows {
            entries.push((
                keyword_before(self, rows.table.span.start),
                TestEntry::Rows(rows),
            ));
        }
        if let Some((keys, span)) = &d.expect {
            let r = self.range(*span);
            entries.push((r.0, TestEntry::Expect(keys, r)));
        }
        if self.empty_block(&head, range, entries.is_empty()) {
            return;
        }
        entries.sort_by_key(|(start, _)| *start);
        let brace = self.end_of_token_after(d.name.span.end as usize);
        self.open(&head, range.0, brace);
        for (i, (start, entry)) in entries.iter().enumerate() {
            let gap = if i == 0 { Gap::Tight } else { Gap::KeepBlank };
            match entry {
                TestEntry::Segment(s) => {
                    let text = format!("segment {}", s.name);
                    self.out.line(2, gap, (*start, s.span.end as usize), &text);
                }
                TestEntry::AsOf(date) => {
                    let text = format!("as_of {}", self.slice(date.span));
                    self.out
                        .line(2, gap, (*start, date.span.end as usize), &text);
                }
                TestEntry::Rows(rows) => self.rows(rows, *start, gap),
                TestEntry::Expect(keys, r) => {
                    let keys: Vec<String> = keys.iter().map(|k| self.slice(k.span)).collect();
                    self.out
                        .line(2, gap, *r, &format!("expect [{}]", keys.join(", ")));
                }
            }
        }
        self.close(range);
    }

    /// `rows table [`, a record a line, `]`.
    fn rows(&mut self, rows: &RowsBlock, start: usize, gap: Gap) {
        let open = self.end_of_token_after(rows.table.span.end as usize);
        let close = self.lexed.find(self.src, open, self.src.len(), "]");
        let close = close.first().map_or(open, |c| *c);
        let head = format!("rows {} [", rows.table.name);
        if rows.records.is_empty() && !self.lexed.has_comment(open, close) {
            return self
                .out
                .line(2, gap, (start, close + 1), &format!("{head}]"));
        }
        self.out.line(2, gap, (start, open), &head);
        for (i, record) in rows.records.iter().enumerate() {
            let gap = if i == 0 { Gap::Tight } else { Gap::KeepBlank };
            self.record(record, gap);
        }
        self.out
            .line_with_comments_at(2, 4, Gap::Tight, (close, close + 1), "]");
    }

    /// `{ column: value, … },` on one line, or filled over lines indented under its first field.
    fn record(&mut self, record: &Record, gap: Gap) {
        let range = self.range(record.span);
        let fields: Vec<((usize, usize), String)> = record
            .fields
            .iter()
            .map(|(name, value)| {
                let (text, end) = match value {
                    FieldValue::Literal(l) => (self.slice(l.span), l.span.end),
                    FieldValue::Timestamp(text, span) => (text.clone(), span.end),
                    FieldValue::Null(span) => ("null".to_string(), span.end),
                };
                (
                    (name.span.start as usize, end as usize),
                    format!("{}: {text}", name.name),
                )
            })
            .collect();
        if fields.is_empty() {
            return self.out.line(4, gap, range, "{},");
        }
        let texts: Vec<&str> = fields.iter().map(|(_, t)| t.as_str()).collect();
        let flat = format!("{{ {} }},", texts.join(", "));
        if 4 + flat.chars().count() <= WIDTH && !self.lexed.has_comment(range.0, range.1) {
            return self.out.line(4, gap, range, &flat);
        }
        // Each line is a run `from..to` of the fields; `used` is the current line's width.
        let mut lines: Vec<(usize, usize)> = vec![(0, 0)];
        let mut used = 4 + 2;
        for (i, (_, text)) in fields.iter().enumerate() {
            let room = text.chars().count() + if i + 1 == fields.len() { 3 } else { 1 };
            match lines.last_mut() {
                Some(line) if line.1 > line.0 && used + 1 + room > WIDTH => {
                    lines.push((i, i + 1));
                    used = 6 + room;
                }
                Some(line) => {
                    used += usize::from(line.1 > line.0) + room;
                    line.1 = i + 1;
                }
                None => {}
            }
        }
        let count = lines.len();
        for (n, (from, to)) in lines.into_iter().enumerate() {
            let mut text = texts[from..to].join(", ");
            let mut start = fields[from].0 .0;
            let mut end = fields[to - 1].0 .1;
            if n == 0 {
                text = format!("{{ {text}");
                start = range.0;
            }
            match n + 1 == count {
                true => {
                    text.push_str(" },");
                    end = range.1;
                }
                false => text.push(','),
            }
            let (indent, gap) = if n == 0 { (4, gap) } else { (6, Gap::Tight) };
            self.out.line(indent, gap, (start, end), &text);
        }
    }
}
