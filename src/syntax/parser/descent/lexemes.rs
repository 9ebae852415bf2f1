//! The grammar's atomic rules: keywords, doc lines, strings, numbers, dates and timestamps.

use super::{Descent, Got};
use crate::syntax::ast::{Literal, LiteralKind, StringLit};
use crate::value::Date;

/// The grammar's `keyword` rule: the words that cannot name anything. `within` is not one, as in
/// the grammar (its `with` is tried first and a matched choice is not retried).
pub(in crate::syntax::parser) fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "at" | "and"
            | "ago"
            | "after"
            | "between"
            | "before"
            | "contains"
            | "distinct"
            | "entity"
            | "ends"
            | "facts"
            | "from"
            | "false"
            | "in"
            | "is"
            | "key"
            | "missing"
            | "matches"
            | "not"
            | "of"
            | "on"
            | "owner"
            | "or"
            | "otherwise"
            | "param"
            | "present"
            | "segment"
            | "starts"
            | "since"
            | "tags"
            | "true"
            | "use"
            | "where"
            | "with"
            | "when"
    )
}

impl<'t> Descent<'t> {
    /// The number of ASCII digits from `at` on.
    fn digits_at(&self, at: usize) -> usize {
        self.text[at.min(self.text.len())..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    }

    /// `doc_line = @{ "///" ~ (!"\n" ~ ANY)* }`: the line as written, slashes included.
    pub(super) fn doc_line(&mut self) -> Got<&'t str> {
        if !self.text[self.pos..].starts_with(b"///") {
            return None;
        }
        let start = self.pos;
        while self.peek().is_some_and(|b| b != b'\n') {
            self.pos += 1;
        }
        Some(&self.src[start..self.pos])
    }

    /// `string = ${ "\"" ~ string_inner ~ "\"" }`, escapes resolved; `None` at an unknown escape
    /// (pest's conversion reports it).
    pub(super) fn string(&mut self) -> Got<StringLit> {
        let start = self.pos;
        self.punct(b'"')?;
        let inner = self.pos;
        loop {
            match self.peek()? {
                b'"' => break,
                b'\n' => return None,
                b'\\' => {
                    // `"\\" ~ ANY`: the character after a backslash, whatever it is.
                    self.pos += 1;
                    let c = self.src[self.pos..].chars().next()?;
                    self.pos += c.len_utf8();
                }
                _ => self.pos += 1,
            }
        }
        let raw = &self.src[inner..self.pos];
        self.pos += 1;
        let value = crate::syntax::parser::values::unescape(raw).ok()?;
        Some(StringLit {
            value,
            span: self.span_from(start),
        })
    }

    /// `date = @{ ASCII_DIGIT{4} ~ "-" ~ ASCII_DIGIT{2} ~ "-" ~ ASCII_DIGIT{2} }`: the length of
    /// the date at `at`, if one is there.
    fn date_len(&self, at: usize) -> Got<usize> {
        let b = |i: usize| self.peek_at(at + i);
        let digit = |i: usize| b(i).is_some_and(|c| c.is_ascii_digit());
        let ok = (0..4).all(digit)
            && b(4) == Some(b'-')
            && digit(5)
            && digit(6)
            && b(7) == Some(b'-')
            && digit(8)
            && digit(9);
        ok.then_some(10)
    }

    /// `date`, as a literal; `None` when it is no calendar date (pest's conversion reports it).
    pub(super) fn date(&mut self) -> Got<Literal> {
        let len = self.date_len(self.pos)?;
        let start = self.pos;
        let date = Date::parse(&self.src[start..start + len])?;
        self.pos += len;
        Some(Literal {
            kind: LiteralKind::Date(date),
            span: self.span_from(start),
        })
    }

    /// `timestamp = @{ date ~ "T" ~ hh ~ ":" ~ mm ~ (":" ~ ss)? }`, as written.
    pub(super) fn timestamp(&mut self) -> Got<&'t str> {
        let start = self.pos;
        let date = self.date_len(start)?;
        let at = start + date;
        let b = |i: usize| self.peek_at(at + i);
        let digit = |i: usize| b(i).is_some_and(|c| c.is_ascii_digit());
        if !(b(0) == Some(b'T')
            && digit(1)
            && digit(2)
            && b(3) == Some(b':')
            && digit(4)
            && digit(5))
        {
            return None;
        }
        let mut end = at + 6;
        if b(6) == Some(b':') && digit(7) && digit(8) {
            end += 3;
        }
        self.pos = end;
        Some(&self.src[start..end])
    }

    /// `-? ~ ASCII_DIGIT+` at the position: the length of the sign and of the digits.
    fn signed_digits(&self) -> Got<(usize, usize)> {
        let sign = usize::from(self.peek() == Some(b'-'));
        let digits = self.digits_at(self.pos + sign);
        (digits > 0).then_some((sign, digits))
    }

    /// `decimal = @{ "-"? ~ ASCII_DIGIT+ ~ "." ~ ASCII_DIGIT+ }`.
    pub(super) fn decimal(&mut self) -> Got<Literal> {
        let (sign, digits) = self.signed_digits()?;
        let point = self.pos + sign + digits;
        if self.peek_at(point) != Some(b'.') {
            return None;
        }
        let fraction = self.digits_at(point + 1);
        if fraction == 0 {
            return None;
        }
        let start = self.pos;
        self.pos = point + 1 + fraction;
        Some(Literal {
            kind: LiteralKind::Decimal(self.src[start..self.pos].to_string()),
            span: self.span_from(start),
        })
    }

    /// `int = @{ "-"? ~ ASCII_DIGIT+ ~ !("." ~ ASCII_DIGIT) }`; `None` past 64 bits (pest's
    /// conversion reports it).
    pub(super) fn int(&mut self) -> Got<(i64, usize)> {
        let (sign, digits) = self.signed_digits()?;
        let end = self.pos + sign + digits;
        if self.peek_at(end) == Some(b'.')
            && self.peek_at(end + 1).is_some_and(|b| b.is_ascii_digit())
        {
            return None;
        }
        let start = self.pos;
        let value = self.src[start..end].parse::<i64>().ok()?;
        self.pos = end;
        Some((value, start))
    }

    /// `int` as a literal.
    pub(super) fn int_literal(&mut self) -> Got<Literal> {
        let (value, start) = self.int()?;
        Some(Literal {
            kind: LiteralKind::Int(value),
            span: self.span_from(start),
        })
    }

    /// `percent = @{ ASCII_DIGIT+ ~ ("." ~ ASCII_DIGIT+)? ~ "%" }`, without its `%`.
    pub(super) fn percent(&mut self) -> Got<String> {
        let whole = self.digits_at(self.pos);
        if whole == 0 {
            return None;
        }
        let mut end = self.pos + whole;
        if self.peek_at(end) == Some(b'.') {
            let fraction = self.digits_at(end + 1);
            if fraction > 0 {
                end += 1 + fraction;
            }
        }
        if self.peek_at(end) != Some(b'%') {
            return None;
        }
        let text = self.src[self.pos..end].to_string();
        self.pos = end + 1;
        Some(text)
    }

    /// `literal = _{ date | decimal | int | string | boolean }`.
    pub(super) fn literal(&mut self) -> Got<Literal> {
        match self.peek()? {
            b'"' => {
                let s = self.string()?;
                Some(Literal {
                    kind: LiteralKind::String(s.value),
                    span: s.span,
                })
            }
            b'0'..=b'9' | b'-' => {
                // A date that is no calendar date is an error, not an int followed by more.
                if self.date_len(self.pos).is_some() {
                    return self.date();
                }
                match self.decimal() {
                    Some(d) => Some(d),
                    None => self.int_literal(),
                }
            }
            _ => {
                let start = self.pos;
                let value = match self.word() {
                    "true" => true,
                    "false" => false,
                    _ => return None,
                };
                self.pos += self.word().len();
                Some(Literal {
                    kind: LiteralKind::Bool(value),
                    span: self.span_from(start),
                })
            }
        }
    }
}
