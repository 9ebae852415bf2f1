//! `seg check`'s diagnostics as the protocol's: the same code, message and help, at the primary
//! label's span converted to UTF-16 positions, the other labels as related information.

use super::positions::LineIndex;
use super::workspace::Snapshot;
use crate::diagnostic::Diagnostic;
use crate::source::FileId;
use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Range, Uri,
};

/// The diagnostics of every file of a project, each file listed (with none when it is clean),
/// so that publishing them clears what was fixed.
pub fn by_file(snapshot: &Snapshot) -> Vec<(Uri, Vec<lsp_types::Diagnostic>)> {
    let files: Vec<(FileId, Uri)> = snapshot.files().collect();
    let mut out: Vec<(Uri, Vec<lsp_types::Diagnostic>)> = files
        .iter()
        .map(|(_, uri)| (uri.clone(), Vec::new()))
        .collect();
    for d in &snapshot.diagnostics {
        let Some(file) = d.file else { continue };
        match files.iter().position(|(id, _)| *id == file) {
            Some(i) => {
                let converted = convert(d, file, &files[i].1, snapshot);
                out[i].1.push(converted);
            }
            None => {
                // In a standard-library module: shown on the `use` that wrote it.
                let Some(span) = snapshot.std_use(file) else {
                    continue;
                };
                let Some(i) = files.iter().position(|(id, _)| *id == span.file) else {
                    continue;
                };
                let mut converted = convert(d, file, &files[i].1, snapshot);
                let lines = LineIndex::new(snapshot.text(span.file));
                converted.range = lines.range(span.start as usize, span.end as usize);
                converted.related_information = None;
                let module = snapshot.sources.file(file).map_or("", |f| f.name.as_str());
                converted.message = format!("in `{module}`: {}", converted.message);
                out[i].1.push(converted);
            }
        }
    }
    out
}

fn convert(d: &Diagnostic, file: FileId, uri: &Uri, snapshot: &Snapshot) -> lsp_types::Diagnostic {
    let lines = LineIndex::new(snapshot.text(file));
    let labels: Vec<miette::LabeledSpan> = d.inner().labels().map_or(Vec::new(), Iterator::collect);
    let primary = labels.iter().find(|l| l.primary()).or(labels.first());
    let range_of = |l: &miette::LabeledSpan| lines.range(l.offset(), l.offset() + l.len());
    let range = primary.map_or(Range::default(), range_of);
    let related: Vec<DiagnosticRelatedInformation> = labels
        .iter()
        .filter_map(|l| {
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), range_of(l)),
                message: l.label()?.to_string(),
            })
        })
        .collect();
    let mut message = d.message();
    if let Some(help) = d.help() {
        message.push_str("\nhelp: ");
        message.push_str(&help);
    }
    lsp_types::Diagnostic {
        range,
        severity: Some(match d.is_error() {
            true => DiagnosticSeverity::ERROR,
            false => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code())),
        source: Some("seg".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..lsp_types::Diagnostic::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceMap;
    use crate::syntax::parse_module;

    #[test]
    fn a_problem_in_a_standard_library_module_is_shown_on_its_use() {
        let mut sources = SourceMap::new();
        let user_text = "entity customers {\n  key id: string\n}\nuse std.rfm for value\n";
        let user = sources.add("/project/a.seg", user_text);
        let std = sources.add("std.rfm for value", "segment {");
        let (module, _) = parse_module(user, user_text);
        let (_, errors) = parse_module(std, "segment {");
        let diagnostics: Vec<Diagnostic> = errors.into_iter().map(Diagnostic::from).collect();
        assert!(!diagnostics.is_empty());
        let mut snapshot = crate::lsp::workspace::tests::snapshot(sources, vec![module]);
        snapshot.diagnostics = diagnostics;
        let published = by_file(&snapshot);
        assert_eq!(published.len(), 1, "the module is no file: {published:?}");
        let (uri, found) = &published[0];
        assert_eq!(uri.as_str(), "file:///project/a.seg");
        assert_eq!(found[0].range.start, lsp_types::Position::new(3, 0));
        assert!(
            found[0].message.starts_with("in `std.rfm for value`: "),
            "{}",
            found[0].message
        );
    }
}
