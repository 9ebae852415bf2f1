//! The tokens and comments of a source text, found by a scanner that knows string literals: the
//! formatter places comments between tokens, and finds the tokens the syntax tree keeps no span
//! of (a keyword before a value, a closing bracket, a unit word) by position.

/// A comment: `// text` or a `/// doc` line, up to the end of its line.
#[derive(Debug, Clone, Copy)]
pub(super) struct Comment {
    pub start: usize,
    pub end: usize,
}

/// The tokens (as byte ranges, comments excluded) and the comments of one text, in order.
pub(super) struct Lexed {
    pub tokens: Vec<(usize, usize)>,
    pub comments: Vec<Comment>,
}

/// Scans `text`. Never fails: a stray character is a token of its own, an unterminated string
/// ends at its line's end.
pub(super) fn lex(text: &str) -> Lexed {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut comments = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let start = i;
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => {
                i += 1;
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                let end = start + text[start..i].trim_end().len();
                comments.push(Comment { start, end });
                continue;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' && bytes.get(i + 1).is_some_and(|&c| c != b'\n') {
                        2
                    } else {
                        1
                    };
                }
                if bytes.get(i) == Some(&b'"') {
                    i += 1;
                }
            }
            b'0'..=b'9' => i = number_end(bytes, i),
            _ if b.is_ascii_alphabetic() || b == b'_' => {
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
            }
            b'<' | b'>' | b'!' if bytes.get(i + 1) == Some(&b'=') => i += 2,
            _ => i += text[i..].chars().next().map_or(1, char::len_utf8),
        }
        tokens.push((start, i.min(bytes.len())));
    }
    Lexed { tokens, comments }
}

/// The end of a number, date, timestamp or percentage starting at `i`: digits, letters, `.`,
/// `:` and `%`, and the `-` of a date after four or seven characters.
fn number_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        let dash = b == b'-'
            && matches!(i - start, 4 | 7)
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b':' | b'%' | b'_') || dash {
            i += 1;
        } else {
            break;
        }
    }
    i
}

impl Lexed {
    /// The index of the first token starting at or after `pos`.
    fn first_from(&self, pos: usize) -> usize {
        self.tokens.partition_point(|&(s, _)| s < pos)
    }

    /// The first token starting at or after `pos`.
    pub fn after(&self, pos: usize) -> Option<(usize, usize)> {
        self.tokens.get(self.first_from(pos)).copied()
    }

    /// The last token ending at or before `pos`.
    pub fn before(&self, pos: usize) -> Option<(usize, usize)> {
        let i = self.tokens.partition_point(|&(_, e)| e <= pos);
        i.checked_sub(1).and_then(|i| self.tokens.get(i)).copied()
    }

    /// The tokens of `start..end`: from the first that starts in it to the end of the last that
    /// starts in it. Spans may begin with a doc comment or end after blanks and comments; this is
    /// where their text really starts and ends.
    pub fn tight(&self, start: usize, end: usize) -> (usize, usize) {
        let first = self.first_from(start);
        let past = self.first_from(end);
        match (
            self.tokens.get(first),
            past.checked_sub(1).map(|i| self.tokens[i]),
        ) {
            (Some(&(s, _)), Some((_, e))) if first < past => (s, e),
            _ => (start, end),
        }
    }

    /// The starts of the tokens of `start..end` whose text is `word`.
    pub fn find(&self, text: &str, start: usize, end: usize, word: &str) -> Vec<usize> {
        self.tokens[self.first_from(start)..self.first_from(end)]
            .iter()
            .filter(|&&(s, e)| text.get(s..e) == Some(word))
            .map(|&(s, _)| s)
            .collect()
    }

    /// Whether the tokens of `start..end` (a tight range) are enclosed by a `(` just before them
    /// and its own `)` just after them.
    pub fn bracketed(&self, text: &str, start: usize, end: usize) -> bool {
        let token = |i: usize| self.tokens.get(i).and_then(|&(s, e)| text.get(s..e));
        let close = self.first_from(end);
        let Some(open) = self.first_from(start).checked_sub(1) else {
            return false;
        };
        if token(open) != Some("(") || token(close) != Some(")") {
            return false;
        }
        let mut depth = 0usize;
        for i in open..close {
            match token(i) {
                Some("(") => depth += 1,
                Some(")") if depth <= 1 => return false,
                Some(")") => depth -= 1,
                _ => {}
            }
        }
        true
    }

    /// Whether a comment starts in `start..end`.
    pub fn has_comment(&self, start: usize, end: usize) -> bool {
        let i = self.comments.partition_point(|c| c.start < start);
        self.comments.get(i).is_some_and(|c| c.start < end)
    }
}
