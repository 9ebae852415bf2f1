//! Wrapped output text: paragraphs and nested list items in lines of at most 100 characters.

/// The longest line written.
pub(super) const WIDTH: usize = 100;
/// Nesting deeper than this is not indented further, so that every line keeps room for text.
const MAX_DEPTH: usize = 20;

/// Wrapped text being written.
#[derive(Default)]
pub(super) struct Text {
    pub(super) out: String,
}

impl Text {
    /// A paragraph; each `\n`-separated line of `text` is wrapped on its own.
    pub(super) fn para(&mut self, text: &str) {
        for line in text.split('\n') {
            self.wrap("", "", line);
        }
    }

    /// A list item at nesting `depth` (0 = top level).
    pub(super) fn item(&mut self, depth: usize, text: &str) {
        let indent = "  ".repeat(depth.min(MAX_DEPTH) + 1);
        self.wrap(&format!("{indent}- "), &format!("{indent}  "), text);
    }

    pub(super) fn blank(&mut self) {
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

pub(super) fn width(text: &str) -> usize {
    text.chars().count()
}
