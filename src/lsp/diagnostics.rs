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
        let Some(i) = files.iter().position(|(id, _)| *id == file) else {
            continue;
        };
        let converted = convert(d, file, &files[i].1, snapshot);
        out[i].1.push(converted);
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
