//! Source files and spans: every stage points back into the text the user wrote.

/// Index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A byte range in one source file. Small and `Copy` so every AST node can carry one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    /// A span covering `start..end` of `file`.
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span {
            file,
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        }
    }

    /// The smallest span covering both `self` and `other` (same file assumed).
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True for a zero-length span.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        miette::SourceSpan::new((span.start as usize).into(), span.len())
    }
}

/// One loaded source file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in diagnostics: a path relative to where the user ran `seg`, or a label.
    pub name: String,
    pub text: String,
}

/// All files of a project, addressed by [`FileId`].
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
    /// The byte offset where each line of each file starts (`0` first), so that finding a line
    /// is a binary search: a project of thousands of segments asks for the line of each.
    line_starts: Vec<Vec<usize>>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        let text: String = text.into();
        let newlines = text.match_indices('\n').map(|(i, _)| i + 1);
        self.line_starts
            .push(std::iter::once(0).chain(newlines).collect());
        self.files.push(SourceFile {
            name: name.into(),
            text,
        });
        id
    }

    /// The file behind an id. Ids only come from `add`, so the lookup cannot miss for a map's own ids.
    pub fn file(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// Finds a file by the name it was added under.
    pub fn find(&self, name: &str) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.name == name)
            .map(|i| FileId(i as u32))
    }

    /// `file:line` of where a span starts, for comments in generated SQL and reports.
    pub fn location(&self, span: Span) -> String {
        let (line, _) = self.line_col(span.file, span.start);
        let file = self.file(span.file).map(|f| f.name.as_str()).unwrap_or("");
        format!("{file}:{line}")
    }

    /// 1-based line and column of a byte offset, for machine-readable output.
    pub fn line_col(&self, id: FileId, offset: u32) -> (usize, usize) {
        let (Some(file), Some(starts)) = (self.file(id), self.line_starts.get(id.0 as usize))
        else {
            return (1, 1);
        };
        let offset = floor_char_boundary(&file.text, (offset as usize).min(file.text.len()));
        // The first start is 0, so some start is at or before any offset.
        let line = starts.partition_point(|&s| s <= offset).max(1);
        let line_start = starts[line - 1];
        let column = file.text[line_start..offset].chars().count() + 1;
        (line, column)
    }

    /// The text a span covers.
    pub fn snippet(&self, span: Span) -> &str {
        self.file(span.file)
            .and_then(|f| f.text.get(span.start as usize..span.end as usize))
            .unwrap_or("")
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when no file was added.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}
