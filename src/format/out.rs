//! The formatted text, written line by line in the order of the source, with the comments the
//! syntax tree does not hold put back between the lines.
//!
//! Every line is written with the source range it stands for. The comments before that range
//! come first, each on its own line; a comment after it on the same source line stays at the end
//! of the line. A comment that would fall inside a line (the line joins what was several lines,
//! around the comment), or a line written out of the source's order, cannot be placed: the
//! writer records it, and the caller keeps that declaration as it was written.

use super::lexer::Comment;

/// The writer of one formatted file.
pub(super) struct Out<'a> {
    src: &'a str,
    comments: &'a [Comment],
    /// The first comment not yet written.
    pub next: usize,
    pub lines: Vec<String>,
    /// Where the source of the last line written (or the last comment) ends.
    last_end: usize,
    /// A comment could not be placed, or a line was out of order.
    pub misplaced: bool,
}

/// Where the writer stands, to go back to when a declaration is kept as written.
#[derive(Clone, Copy)]
pub(super) struct Mark {
    pub lines: usize,
    pub next: usize,
    last_end: usize,
    misplaced: bool,
}

/// How a line stands among its neighbours.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Gap {
    /// A blank line of the source before it (and before its comments) is kept, as one.
    KeepBlank,
    /// No blank line before it: the first line of a block, a continuation, a closing bracket.
    Tight,
}

impl<'a> Out<'a> {
    pub fn new(src: &'a str, comments: &'a [Comment]) -> Out<'a> {
        Out {
            src,
            comments,
            next: 0,
            lines: Vec::new(),
            last_end: 0,
            misplaced: false,
        }
    }

    pub fn mark(&self) -> Mark {
        Mark {
            lines: self.lines.len(),
            next: self.next,
            last_end: self.last_end,
            misplaced: self.misplaced,
        }
    }

    pub fn reset(&mut self, mark: Mark) {
        self.lines.truncate(mark.lines);
        self.next = mark.next;
        self.last_end = mark.last_end;
        self.misplaced = mark.misplaced;
    }

    /// Whether the source from the last thing written to `pos` holds a blank line.
    pub fn blank_before(&self, pos: usize) -> bool {
        let from = self.last_end.min(pos);
        self.src
            .get(from..pos)
            .is_some_and(|gap| gap.matches('\n').count() >= 2)
    }

    /// Writes the comments that come before `pos`, at `indent`.
    pub fn comments_before(&mut self, pos: usize, indent: usize, gap: Gap) {
        while let Some(c) = self.comments.get(self.next).copied() {
            if c.start >= pos {
                break;
            }
            if c.start < self.last_end {
                self.misplaced = true;
            }
            if gap == Gap::KeepBlank && self.blank_before(c.start) {
                self.blank();
            }
            let text = &self.src[c.start..c.end];
            self.lines.push(format!("{}{text}", " ".repeat(indent)));
            self.next += 1;
            self.last_end = c.end;
        }
    }

    /// Writes one line standing for the source `start..end`: the comments before it, the line,
    /// and a comment that ends its source line.
    pub fn line(&mut self, indent: usize, gap: Gap, (start, end): (usize, usize), text: &str) {
        self.line_with_comments_at(indent, indent, gap, (start, end), text);
    }

    /// [`Out::line`], the comments before it at `comment_indent` (a closing bracket's comments
    /// belong inside its block).
    pub fn line_with_comments_at(
        &mut self,
        indent: usize,
        comment_indent: usize,
        gap: Gap,
        (start, end): (usize, usize),
        text: &str,
    ) {
        if start < self.last_end {
            self.misplaced = true;
        }
        self.comments_before(start, comment_indent, gap);
        if gap == Gap::KeepBlank && self.blank_before(start) {
            self.blank();
        }
        self.lines.push(format!("{}{text}", " ".repeat(indent)));
        self.last_end = self.last_end.max(end);
        self.trailing_comment();
    }

    /// Appends the comment that follows the last line on its source line, if one does.
    fn trailing_comment(&mut self) {
        let Some(c) = self.comments.get(self.next).copied() else {
            return;
        };
        if c.start < self.last_end {
            self.misplaced = true;
            return;
        }
        let same_line = self
            .src
            .get(self.last_end..c.start)
            .is_some_and(|gap| !gap.contains('\n'));
        if same_line {
            // The comment keeps its column when the line leaves room (comments aligned by hand
            // stay aligned), else it stands two spaces after the line.
            let line_start = self.src[..c.start].rfind('\n').map_or(0, |i| i + 1);
            let column = self.src[line_start..c.start].chars().count();
            if let Some(last) = self.lines.last_mut() {
                let width = last.chars().count();
                let pad = if width + 2 <= column {
                    column - width
                } else {
                    2
                };
                last.push_str(&" ".repeat(pad));
                last.push_str(&self.src[c.start..c.end]);
            }
            self.next += 1;
            self.last_end = c.end;
        }
    }

    /// Writes the source `start..end` as it is (blanks at the ends of lines removed), with the
    /// comments inside it, and the comment that ends its last line.
    pub fn verbatim(&mut self, (start, end): (usize, usize)) {
        for line in self.src[start..end].lines() {
            self.lines.push(line.trim_end().to_string());
        }
        while self.comments.get(self.next).is_some_and(|c| c.start < end) {
            self.next += 1;
        }
        self.last_end = end;
        self.trailing_comment();
    }

    /// An empty line, never two in a row and never first.
    pub fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
    }

    /// The comments left at the end of the file.
    pub fn finish(&mut self) {
        self.comments_before(usize::MAX, 0, Gap::KeepBlank);
    }
}
