//! The fast path of parsing: a hand-written recursive descent over `grammar/seglang.pest`, for
//! declarations that parse.
//!
//! pest stays the definition of the language and the source of every syntax error. A chunk is
//! first read by this parser, which builds the AST directly, without pest's token queue and
//! without trying every alternative of a choice in turn; it gives up (`None`) at the first thing
//! it cannot read, and the chunk is then parsed again by pest, which produces the same AST when
//! the chunk parses and the worded error when it does not. So this parser only has to agree with
//! pest on input that pest accepts, and wherever it gives up the result is still pest's.
//!
//! It follows pest's rules to the letter, spans included: between two parts of a non-atomic rule
//! the blanks and comments are skipped (`skip`), a repetition or an option that matches nothing
//! keeps the blanks skipped before it, and a choice takes its first alternative that matches.
//! Where it looks ahead to pick an alternative instead of trying each, the alternatives not taken
//! cannot match there. `tests/fast/descent.rs` and the fuzz target hold the two parsers to the
//! same AST on every example, test and docs block.

use crate::source::{FileId, Span};
use crate::syntax::ast::{Ident, Item};

mod conditions;
mod declarations;
mod lexemes;
mod models;
mod tables;
mod values;

pub(in crate::syntax::parser) use lexemes::is_keyword;

/// The declarations of one chunk, when every one of them parses and converts; `None` otherwise.
pub(super) fn parse_chunk(file: FileId, offset: usize, chunk: &str) -> Option<Vec<Item>> {
    let mut d = Descent {
        text: chunk.as_bytes(),
        src: chunk,
        pos: 0,
        file,
        offset,
    };
    // `file = { SOI ~ item* ~ EOI }`.
    d.skip();
    let items = d.many(Descent::item);
    d.skip();
    (d.pos == d.text.len()).then_some(items)
}

/// A position in one chunk, and what turns a position into a span of the whole file.
struct Descent<'t> {
    text: &'t [u8],
    src: &'t str,
    pos: usize,
    file: FileId,
    /// Where the chunk starts in its file.
    offset: usize,
}

/// What a part of a rule gives: `None` when it does not match (the caller restores the position).
type Got<T> = Option<T>;

impl<'t> Descent<'t> {
    /// The span from `start` to the current position.
    fn span_from(&self, start: usize) -> Span {
        Span::new(self.file, self.offset + start, self.offset + self.pos)
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, self.offset + start, self.offset + end)
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn peek_at(&self, at: usize) -> Option<u8> {
        self.text.get(at).copied()
    }

    /// pest's implicit skip: `WHITESPACE*` then `(COMMENT ~ WHITESPACE*)*`, where a comment is
    /// `//` not followed by a third `/` (that is a doc line), up to the end of the line.
    fn skip(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r' | b'\n') => self.pos += 1,
                Some(b'/')
                    if self.peek_at(self.pos + 1) == Some(b'/')
                        && self.peek_at(self.pos + 2) != Some(b'/') =>
                {
                    self.pos += 2;
                    while self.peek().is_some_and(|b| b != b'\n') {
                        self.pos += 1;
                    }
                }
                _ => return,
            }
        }
    }

    /// Runs `part`; when it does not match, the position is restored.
    fn attempt<T>(&mut self, part: impl FnOnce(&mut Self) -> Got<T>) -> Got<T> {
        let save = self.pos;
        let got = part(self);
        if got.is_none() {
            self.pos = save;
        }
        got
    }

    /// pest's `x*` inside a rule: `x`, then `skip ~ x` as long as that matches. The blanks after
    /// the last `x` are not consumed.
    fn many<T>(&mut self, mut part: impl FnMut(&mut Self) -> Got<T>) -> Vec<T> {
        let mut out = Vec::new();
        match self.attempt(&mut part) {
            Some(first) => out.push(first),
            None => return out,
        }
        loop {
            let save = self.pos;
            self.skip();
            match self.attempt(&mut part) {
                Some(next) => out.push(next),
                None => {
                    self.pos = save;
                    return out;
                }
            }
        }
    }

    /// pest's `x ~ ("," ~ x)* ~ ","?` inside brackets, the opening bracket read and skipped after;
    /// also reads the closing bracket. The list may be empty.
    fn bracketed<T>(
        &mut self,
        close: u8,
        mut part: impl FnMut(&mut Self) -> Got<T>,
    ) -> Got<Vec<T>> {
        let mut out = Vec::new();
        // `(x ~ ("," ~ x)* ~ ","?)?`
        self.attempt(|d| {
            out.push(part(d)?);
            d.skip();
            out.extend(d.many(|d| {
                d.punct(b',')?;
                d.skip();
                part(d)
            }));
            d.skip();
            d.punct(b',');
            Some(())
        });
        self.skip();
        self.punct(close)?;
        Some(out)
    }

    /// One byte of punctuation.
    fn punct(&mut self, byte: u8) -> Got<()> {
        (self.peek() == Some(byte)).then(|| self.pos += 1)
    }

    /// The word (`[A-Za-z_][A-Za-z0-9_]*`) that starts at `at`; empty when none does.
    fn word_at(&self, at: usize) -> &'t str {
        let bytes = self.text;
        match bytes.get(at) {
            Some(b) if b.is_ascii_alphabetic() || *b == b'_' => {}
            _ => return "",
        }
        let mut end = at + 1;
        while bytes
            .get(end)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        {
            end += 1;
        }
        // The word is ASCII, so these are character boundaries.
        &self.src[at..end]
    }

    /// The word at the position.
    fn word(&self) -> &'t str {
        self.word_at(self.pos)
    }

    /// `kw_X`: the word `X`, not followed by a letter, digit or `_`. Returns its start.
    fn kw(&mut self, keyword: &str) -> Got<usize> {
        let start = self.pos;
        (self.word() == keyword).then(|| {
            self.pos += keyword.len();
            start
        })
    }

    /// `kw_X` and its span.
    fn kw_span(&mut self, keyword: &str) -> Got<Span> {
        let start = self.kw(keyword)?;
        Some(self.span_from(start))
    }

    /// `ident`: a word that is not a keyword.
    fn ident(&mut self) -> Got<Ident> {
        let word = self.word();
        if word.is_empty() || lexemes::is_keyword(word) {
            return None;
        }
        let start = self.pos;
        self.pos += word.len();
        Some(Ident {
            name: word.to_string(),
            span: self.span_from(start),
        })
    }

    /// `docs = { doc_line* }`: the lines' text, joined as the pest conversion joins them.
    fn docs(&mut self) -> Option<String> {
        let mut lines = Vec::new();
        let _ = self.many(|d| {
            lines.push(d.doc_line()?);
            Some(())
        });
        crate::syntax::parser::doc_text(lines.into_iter())
    }
}
