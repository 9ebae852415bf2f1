//! Byte offsets (what spans hold) to LSP positions and back. LSP counts a line's characters in
//! UTF-16 code units, so `é` is one unit and `😀` two, while a span counts UTF-8 bytes.

use lsp_types::{Position, Range};

/// Where each line of one text starts, for converting offsets in it.
pub struct LineIndex<'a> {
    text: &'a str,
    /// The byte offset of each line's first character; `0` first.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the lines of `text`.
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let newlines = text.match_indices('\n').map(|(i, _)| i + 1);
        LineIndex {
            text,
            starts: std::iter::once(0).chain(newlines).collect(),
        }
    }

    /// The position of a byte offset; an offset past the end, or inside a character, is moved
    /// back to the nearest character boundary.
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        // The first start is 0, so at least one start is at or before any offset.
        let line = self.starts.partition_point(|&s| s <= offset).max(1) - 1;
        let start = self.starts[line];
        let character: usize = self.text[start..offset].chars().map(char::len_utf16).sum();
        Position::new(to_u32(line), to_u32(character))
    }

    /// The range of the bytes `start..end`.
    pub fn range(&self, start: usize, end: usize) -> Range {
        Range::new(self.position(start), self.position(end.max(start)))
    }

    /// The byte offset of a position. A character past the end of its line stands for the end of
    /// the line, and a line past the last one for the end of the text, as the protocol says.
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let line = &self.text[start..];
        let line = line.split_inclusive('\n').next().unwrap_or("");
        let line = line.strip_suffix('\n').unwrap_or(line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut units = 0usize;
        for (i, c) in line.char_indices() {
            if units >= position.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + line.len()
    }

    /// The range of the whole text.
    pub fn whole(&self) -> Range {
        self.range(0, self.text.len())
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units_not_bytes() {
        let text = "// é😀\nwhere x\n";
        let index = LineIndex::new(text);
        // `é` is two bytes and one unit, `😀` four bytes and two units.
        let end_of_comment = text.find('\n').unwrap_or(0);
        assert_eq!(index.position(end_of_comment), Position::new(0, 6));
        assert_eq!(index.offset(Position::new(0, 6)), end_of_comment);
        let x = text.find('x').unwrap_or(0);
        assert_eq!(index.position(x), Position::new(1, 6));
        assert_eq!(index.offset(Position::new(1, 6)), x);
    }

    #[test]
    fn positions_past_a_line_or_the_text_are_clamped() {
        let text = "ab\r\ncd";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(Position::new(0, 99)), 2);
        assert_eq!(index.offset(Position::new(7, 0)), text.len());
        assert_eq!(index.position(99), Position::new(1, 2));
        // Inside the four bytes of `😀`: moved back to its start.
        assert_eq!(LineIndex::new("😀").position(2), Position::new(0, 0));
    }
}
