//! Diagnostics as text: rustc-style snippets for people, JSON for tools, annotations for GitHub.

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, SourceMap};
use miette::{GraphicalReportHandler, GraphicalTheme, NamedSource};
use serde::Serialize;
use std::fmt;

/// How diagnostics are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human { color: bool },
    Json,
    Github,
}

/// Renders every diagnostic in `format`.
pub fn render(diagnostics: &[Diagnostic], sources: &SourceMap, format: Format) -> String {
    match format {
        Format::Human { color } => diagnostics
            .iter()
            .map(|d| render_human(d, sources, color))
            .collect::<Vec<_>>()
            .join(""),
        Format::Json => {
            let items: Vec<JsonDiagnostic> = diagnostics.iter().map(|d| json(d, sources)).collect();
            serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into()) + "\n"
        }
        Format::Github => diagnostics.iter().map(|d| github(d, sources)).collect(),
    }
}

/// The longest source line, in bytes, that a snippet shows. A line this long is unreadable in a
/// terminal already, and miette pads a label's underline with a format width, which panics past
/// 65,535 columns (a character is at most 4 columns wide, a tab). A diagnostic whose snippet would
/// show a longer line is rendered without it, its labels' positions written as text.
const MAX_SNIPPET_LINE: usize = 1_000;

/// One diagnostic with its source snippet, as rustc would show it.
pub fn render_human(diagnostic: &Diagnostic, sources: &SourceMap, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false);
    let file = diagnostic.file.and_then(|f| sources.file(f));
    let too_long = file.and_then(|f| longest_shown_line(diagnostic, &f.text));
    let source = match too_long {
        None => file.map(|f| NamedSource::new(f.name.clone(), f.text.clone())),
        Some(_) => None,
    };
    let with_source = WithSource {
        inner: diagnostic.inner(),
        severity: diagnostic.severity(),
        source,
    };
    let mut out = String::new();
    if handler.render_report(&mut out, &with_source).is_err() {
        out = format!("{}: {}\n", diagnostic.code(), diagnostic.message());
    }
    if let (Some(file), Some(length)) = (file, too_long) {
        out.push_str(&label_positions(diagnostic, sources, &file.name, length));
    }
    out
}

/// The length of the longest line a snippet of `diagnostic` would show (its labels' lines and
/// one line of context on each side), when it is longer than [`MAX_SNIPPET_LINE`].
fn longest_shown_line(diagnostic: &Diagnostic, text: &str) -> Option<usize> {
    let labels = diagnostic.inner().labels()?;
    let mut longest = 0;
    for label in labels {
        let start = label.offset().min(text.len());
        let end = (label.offset() + label.len()).clamp(start, text.len());
        // From the start of the line before the label's first line to the end of the line
        // after its last (byte searches for `\n`, so any offset is safe to slice at).
        let bytes = text.as_bytes();
        let line_start = |at: usize| bytes[..at].iter().rposition(|b| *b == b'\n');
        let from = line_start(start)
            .and_then(line_start)
            .map_or(0, |nl| nl + 1);
        let line_end = |at: usize| bytes[at..].iter().position(|b| *b == b'\n').map(|i| at + i);
        let to = line_end(end)
            .and_then(|nl| line_end(nl + 1))
            .unwrap_or(bytes.len());
        let widest = bytes[from..to]
            .split(|b| *b == b'\n')
            .map(<[u8]>::len)
            .max();
        longest = longest.max(widest.unwrap_or(0));
    }
    (longest > MAX_SNIPPET_LINE).then_some(longest)
}

/// In place of a snippet too wide to show: where each label points, and why there is no snippet.
fn label_positions(d: &Diagnostic, sources: &SourceMap, name: &str, length: usize) -> String {
    let mut out = String::new();
    let (Some(file), Some(labels)) = (d.file, d.inner().labels()) else {
        return out;
    };
    for label in labels {
        let (line, column) = sources.line_col(file, label.offset() as u32);
        let text = label.label().map(|l| format!(": {l}")).unwrap_or_default();
        out.push_str(&format!("  at {name}:{line}:{column}{text}\n"));
    }
    out.push_str(&format!(
        "  (no snippet: a line of it is {length} bytes long, more than {MAX_SNIPPET_LINE})\n"
    ));
    out
}

/// A diagnostic paired with the file it points into, for miette's renderer.
struct WithSource<'a> {
    inner: &'a (dyn miette::Diagnostic + Send + Sync + 'static),
    /// The diagnostic's own, or error for a denied warning.
    severity: Option<miette::Severity>,
    source: Option<NamedSource<String>>,
}

impl fmt::Debug for WithSource<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.inner, f)
    }
}

impl fmt::Display for WithSource<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.inner, f)
    }
}

impl std::error::Error for WithSource<'_> {}

impl miette::Diagnostic for WithSource<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.inner.code()
    }
    fn severity(&self) -> Option<miette::Severity> {
        self.severity
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.inner.help()
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.source.as_ref()?;
        self.inner.labels()
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
}

#[derive(Serialize)]
struct JsonDiagnostic {
    severity: &'static str,
    code: String,
    message: String,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    labels: Vec<JsonLabel>,
    help: Option<String>,
}

#[derive(Serialize)]
struct JsonLabel {
    message: Option<String>,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

fn json(d: &Diagnostic, sources: &SourceMap) -> JsonDiagnostic {
    let labels: Vec<JsonLabel> = match (d.file, d.inner().labels()) {
        (Some(file), Some(labels)) => labels
            .map(|l| {
                let (line, column) = sources.line_col(file, l.offset() as u32);
                let (end_line, end_column) = sources.line_col(file, (l.offset() + l.len()) as u32);
                JsonLabel {
                    message: l.label().map(str::to_string),
                    line,
                    column,
                    end_line,
                    end_column,
                }
            })
            .collect(),
        _ => Vec::new(),
    };
    let primary = primary_position(d, sources);
    JsonDiagnostic {
        severity: if d.is_error() { "error" } else { "warning" },
        code: d.code(),
        message: d.message(),
        file: d.file.and_then(|f| sources.file(f)).map(|f| f.name.clone()),
        line: primary.map(|p| p.0),
        column: primary.map(|p| p.1),
        end_line: primary.map(|p| p.2),
        end_column: primary.map(|p| p.3),
        labels,
        help: d.help(),
    }
}

/// Line, column, end line and end column of the primary label (or the first).
fn primary_position(d: &Diagnostic, sources: &SourceMap) -> Option<(usize, usize, usize, usize)> {
    let file: FileId = d.file?;
    let labels: Vec<miette::LabeledSpan> = d.inner().labels()?.collect();
    let label = labels.iter().find(|l| l.primary()).or(labels.first())?;
    let (line, column) = sources.line_col(file, label.offset() as u32);
    let (end_line, end_column) = sources.line_col(file, (label.offset() + label.len()) as u32);
    Some((line, column, end_line, end_column))
}

fn github(d: &Diagnostic, sources: &SourceMap) -> String {
    let level = if d.is_error() { "error" } else { "warning" };
    let mut props = Vec::new();
    if let Some(f) = d.file.and_then(|f| sources.file(f)) {
        props.push(format!("file={}", escape_property(&f.name)));
    }
    if let Some((line, col, end_line, end_col)) = primary_position(d, sources) {
        props.push(format!(
            "line={line},col={col},endLine={end_line},endColumn={end_col}"
        ));
    }
    props.push(format!("title={}", escape_property(&d.code())));
    let mut message = d.message();
    if let Some(help) = d.help() {
        message = format!("{message}\nhelp: {help}");
    }
    format!("::{level} {}::{}\n", props.join(","), escape_data(&message))
}

/// A GitHub workflow command's message: `%`, CR and LF escaped, so no text can end the command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property (`file=…`, `title=…`): also `:` and `,`, which end one.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}
