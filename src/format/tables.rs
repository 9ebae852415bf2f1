//! Table declarations: `entity`, `facts`, `lookup`, `consents` and `suppressions`, a column a line
//! (`name: type? flags`, not aligned: the house layout), an `enum` too long for the width filled
//! over lines aligned under its first value.

use super::out::Gap;
use super::{Printer, WIDTH};
use crate::syntax::ast::*;

impl Printer<'_> {
    /// `entity name [of parent(column)] [from "table"] { columns and consent columns }`.
    pub(super) fn entity_decl(&mut self, d: &EntityDecl, range: (usize, usize)) {
        let mut head = format!("entity {}", d.name.name);
        let mut last = d.name.span.end;
        if let Some(link) = &d.link {
            head.push_str(&format!(" of {}({})", link.entity.name, link.column.name));
            // The link's `)` ends after its column's name.
            last = self.end_of_token_after(link.column.span.end as usize) as u32;
        }
        if let Some(table) = &d.table {
            head.push_str(&format!(" from {}", self.slice(table.span)));
            last = table.span.end;
        }
        let empty = d.columns.is_empty() && d.consent_columns.is_empty();
        if self.empty_block(&head, range, empty) {
            return;
        }
        let brace = self.end_of_token_after(last as usize);
        self.open(&head, range.0, brace);
        let mut rows: Vec<(usize, Result<&ColumnDecl, &ConsentColumnDecl>)> = Vec::new();
        for column in &d.columns {
            rows.push((self.column_start(column), Ok(column)));
        }
        for consent in &d.consent_columns {
            rows.push((self.range(consent.span).0, Err(consent)));
        }
        rows.sort_by_key(|(start, _)| *start);
        for (i, (start, row)) in rows.into_iter().enumerate() {
            let gap = if i == 0 { Gap::Tight } else { Gap::KeepBlank };
            match row {
                Ok(column) => self.column(column, start, gap),
                Err(consent) => {
                    let mut text =
                        format!("consent {} = {}", consent.channel.name, consent.flag.name);
                    if let Some(since) = &consent.since {
                        text.push_str(&format!(" since {}", since.name));
                    }
                    let end = self.range(consent.span).1;
                    self.out.line(2, gap, (start, end), &text);
                }
            }
        }
        self.close(range);
    }

    /// `facts name of parent(column) [from "table"] [at time] { columns }`.
    pub(super) fn facts_decl(&mut self, d: &FactsDecl, range: (usize, usize)) {
        let head = format!("facts {}", d.name.name);
        self.table(head, &d.header, d.time_column.as_ref(), range);
    }

    /// `lookup name(key) [from "table"] { columns }`.
    pub(super) fn lookup_decl(&mut self, d: &LookupDecl, range: (usize, usize)) {
        let mut head = format!("lookup {}({})", d.name.name, d.key.name);
        // The key's `)` ends after its name.
        let mut last = self.end_of_token_after(d.key.span.end as usize);
        if let Some(table) = &d.table {
            head.push_str(&format!(" from {}", self.slice(table.span)));
            last = table.span.end as usize;
        }
        self.columns_block(&head, last, &d.columns, range);
    }

    /// `costs name [from "table"] [at time] { columns }`.
    pub(super) fn costs_decl(&mut self, d: &CostsDecl, range: (usize, usize)) {
        let mut head = format!("costs {}", d.name.name);
        let mut last = d.name.span.end as usize;
        if let Some(table) = &d.table {
            head.push_str(&format!(" from {}", self.slice(table.span)));
            last = table.span.end as usize;
        }
        if let Some(time) = &d.time_column {
            head.push_str(&format!(" at {}", time.name));
            last = time.span.end as usize;
        }
        self.columns_block(&head, last, &d.columns, range);
    }

    /// `consents [name] of entity(column) [from "table"] { columns }`.
    pub(super) fn consents_decl(&mut self, d: &ConsentsDecl, range: (usize, usize)) {
        let head = match &d.name {
            Some(name) => format!("consents {}", name.name),
            None => "consents".to_string(),
        };
        self.table(head, &d.header, None, range);
    }

    /// `suppressions [name] of entity(column) [from "table"] [at time] { columns }`.
    pub(super) fn suppressions_decl(&mut self, d: &SuppressionsDecl, range: (usize, usize)) {
        let head = match &d.name {
            Some(name) => format!("suppressions {}", name.name),
            None => "suppressions".to_string(),
        };
        self.table(head, &d.header, d.time_column.as_ref(), range);
    }

    /// The header and columns the facts, consents and suppressions declarations share.
    fn table(
        &mut self,
        mut head: String,
        h: &TableHeader,
        time: Option<&Ident>,
        range: (usize, usize),
    ) {
        head.push_str(&format!(
            " of {}({})",
            h.link.entity.name, h.link.column.name
        ));
        // The link's `)` ends after its column's name.
        let mut last = self.end_of_token_after(h.link.column.span.end as usize);
        if let Some(table) = &h.table {
            head.push_str(&format!(" from {}", self.slice(table.span)));
            last = table.span.end as usize;
        }
        if let Some(time) = time {
            head.push_str(&format!(" at {}", time.name));
            last = time.span.end as usize;
        }
        self.columns_block(&head, last, &h.columns, range);
    }

    /// A table's header line, its header's last token ending at `last`, then its columns; `{}`
    /// on the header's line when there are none.
    fn columns_block(
        &mut self,
        head: &str,
        last: usize,
        columns: &[ColumnDecl],
        range: (usize, usize),
    ) {
        if self.empty_block(head, range, columns.is_empty()) {
            return;
        }
        let brace = self.end_of_token_after(last);
        self.open(head, range.0, brace);
        for (i, column) in columns.iter().enumerate() {
            let gap = if i == 0 { Gap::Tight } else { Gap::KeepBlank };
            self.column(column, self.column_start(column), gap);
        }
        self.close(range);
    }

    /// Where a column's source starts: its `key`, else its name (its doc comment is a comment).
    fn column_start(&self, column: &ColumnDecl) -> usize {
        let name = column.name.span.start as usize;
        match column.is_key {
            true => self.lexed.before(name).map_or(name, |k| k.0),
            false => name,
        }
    }

    /// `[key] name: type[?] [pii] [special]`, on one line when it fits.
    fn column(&mut self, c: &ColumnDecl, start: usize, gap: Gap) {
        let end = self.range(c.span).1;
        let key = if c.is_key { "key " } else { "" };
        let head = format!("{key}{}: ", c.name.name);
        let mut tail = if c.ty.nullable { "?" } else { "" }.to_string();
        let mut flags: Vec<(u32, &str)> = Vec::new();
        if let Some(span) = c.flags.pii {
            flags.push((span.start, "pii"));
        }
        if let Some(span) = c.flags.special {
            flags.push((span.start, "special"));
        }
        flags.sort();
        for (_, flag) in flags {
            tail.push(' ');
            tail.push_str(flag);
        }
        if let Some(lookup) = &c.reference {
            tail.push_str(&format!(" -> {}", lookup.name));
        }
        let flat = format!("{head}{}{tail}", self.type_text(&c.ty));
        let too_long = 2 + flat.chars().count() > WIDTH;
        let values = match &c.ty.kind {
            TypeKind::Enum(values) if too_long && values.len() > 1 => values,
            TypeKind::Enum(_)
            | TypeKind::String
            | TypeKind::Int
            | TypeKind::Bool
            | TypeKind::Date
            | TypeKind::Timestamp
            | TypeKind::Decimal(_) => return self.out.line(2, gap, (start, end), &flat),
        };
        // `name: enum("a", "b",` then lines aligned under `"a"`, the last ending `)?` and flags.
        let align = 2 + head.chars().count() + "enum(".len();
        let mut lines: Vec<(usize, usize)> = vec![(0, 0)];
        let mut used = align;
        for (i, v) in values.iter().enumerate() {
            let room = v.span.len()
                + if i + 1 == values.len() {
                    1 + tail.len()
                } else {
                    1
                };
            match lines.last_mut() {
                Some(line) if line.1 > line.0 && used + 1 + room > WIDTH => {
                    lines.push((i, i + 1));
                    used = align + room;
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
            let texts: Vec<String> = values[from..to]
                .iter()
                .map(|v| self.slice(v.span))
                .collect();
            let mut text = texts.join(", ");
            let mut range = (
                values[from].span.start as usize,
                values[to - 1].span.end as usize,
            );
            if n == 0 {
                text = format!("{head}enum({text}");
                range.0 = start;
            }
            match n + 1 == count {
                true => {
                    text.push(')');
                    text.push_str(&tail);
                    range.1 = end;
                }
                false => text.push(','),
            }
            let (indent, gap) = if n == 0 {
                (2, gap)
            } else {
                (align, Gap::Tight)
            };
            self.out.line(indent, gap, range, &text);
        }
    }

    /// A column type: `string`, `decimal(12, 2)`, `enum("a", "b")`, with its `?`.
    pub(super) fn type_text(&self, t: &TypeExpr) -> String {
        match &t.kind {
            TypeKind::String => "string".to_string(),
            TypeKind::Int => "int".to_string(),
            TypeKind::Bool => "bool".to_string(),
            TypeKind::Date => "date".to_string(),
            TypeKind::Timestamp => "timestamp".to_string(),
            TypeKind::Decimal(None) => "decimal".to_string(),
            TypeKind::Decimal(Some((precision, scale, _))) => {
                format!("decimal({precision}, {scale})")
            }
            TypeKind::Enum(values) => {
                let values: Vec<String> = values.iter().map(|v| self.slice(v.span)).collect();
                format!("enum({})", values.join(", "))
            }
        }
    }
}
