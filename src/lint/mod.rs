//! Lints: warnings about a checked program that is valid but probably not what its authors
//! want (W0004 upwards), and the levels (allow, warn, deny) that a project, a command line or an
//! inline `// seg: allow(CODE)` comment gives any warning.
//!
//! Pure like the checker: `lint` reads the program and its plans, `apply_levels` the source text
//! of the comments; the CLI reads `seg.toml` and the flags into a [`Levels`].

mod levels;
mod unused;
mod windows;

pub use levels::{apply_levels, Level, Levels};
pub use windows::Duration;

use crate::check::typed::Program;
use crate::diagnostic::Diagnostic;
use crate::ir::{lower, AsOf, Cond, LowerOptions, RuleId};
use crate::source::Span;
use miette::SourceSpan;
use thiserror::Error;

/// The lints, by code and by the name `seg.toml` and the flags may use instead.
pub const LINTS: &[(&str, &str)] = &[
    ("W0004", "missing_owner"),
    ("W0005", "missing_holdout"),
    ("W0006", "duplicate_conditions"),
    ("W0007", "window_beyond_history"),
    ("W0008", "unused_segment"),
];

/// What the lints know of the project beyond its `.seg` files.
#[derive(Debug, Clone, Copy, Default)]
pub struct LintOptions {
    /// How far back the data goes (`seg.toml`'s `[data] history`); W0007 runs only with it.
    pub history: Option<Duration>,
}

/// The code of a warning named by its code or by its lint name; `None` for neither.
pub fn warning_code(name: &str) -> Option<&'static str> {
    const CHECKER_WARNINGS: &[&str] = &["W0001", "W0002", "W0003"];
    LINTS
        .iter()
        .find(|(code, lint)| *code == name || *lint == name)
        .map(|(code, _)| *code)
        .or_else(|| CHECKER_WARNINGS.iter().find(|c| **c == name).copied())
}

/// A lint's finding.
#[derive(Debug, Clone, Error, miette::Diagnostic)]
pub enum LintWarning {
    #[error("segment `{name}` has no owner")]
    #[diagnostic(
        code(W0004),
        severity(Warning),
        help("say who to ask before it changes or is activated: `owner \"crm-team\"`")
    )]
    MissingOwner {
        name: String,
        #[label("no `owner`")]
        at: SourceSpan,
    },

    #[error("segment `{name}` is sent to {channels} without a holdout")]
    #[diagnostic(
        code(W0005),
        severity(Warning),
        help("keep a control group to measure what the campaign changes: `holdout 10%`")
    )]
    MissingHoldout {
        name: String,
        channels: String,
        #[label("no `holdout`")]
        at: SourceSpan,
    },

    #[error("segment `{name}` reads the last {window} of data, but the project keeps {history}")]
    #[diagnostic(
        code(W0007),
        severity(Warning),
        help("rows older than {history} are gone, so the window counts fewer than it says: shorten it, or correct `[data] history` in seg.toml")
    )]
    WindowBeyondHistory {
        name: String,
        window: String,
        history: String,
        #[label("a window of {window}")]
        at: SourceSpan,
    },

    #[error("segment `{name}` is used by nothing in the project")]
    #[diagnostic(
        code(W0008),
        severity(Warning),
        help("remove it; or, if something outside the project reads it (a dashboard on the membership tables), say so with `// seg: allow(unused_segment)` above it")
    )]
    UnusedSegment {
        name: String,
        #[label("no channel, no `in {name}`, no test")]
        at: SourceSpan,
    },

    #[error("segments `{name}` and `{first}` have the same conditions")]
    #[diagnostic(
        code(W0006),
        severity(Warning),
        help("they select the same members: remove one, or refer to it with `in {first}`")
    )]
    DuplicateConditions {
        name: String,
        first: String,
        #[label("the same members as `{first}`")]
        at: SourceSpan,
    },
}

/// Every lint's findings on a checked program, in declaration order per lint.
pub fn lint(program: &Program, options: &LintOptions) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for segment in &program.segments {
        if segment.owner.is_none() {
            found.push(warning(
                segment.span,
                LintWarning::MissingOwner {
                    name: segment.name.clone(),
                    at: source_span(segment.span),
                },
            ));
        }
        if !segment.channels.is_empty() && segment.holdout.is_none() {
            let channels: Vec<String> = segment
                .channels
                .iter()
                .map(|c| format!("`{}`", c.channel))
                .collect();
            found.push(warning(
                segment.span,
                LintWarning::MissingHoldout {
                    name: segment.name.clone(),
                    channels: channels.join(", "),
                    at: source_span(segment.span),
                },
            ));
        }
    }
    found.extend(duplicate_conditions(program));
    for i in unused::unused_segments(program) {
        let segment = &program.segments[i];
        found.push(warning(
            segment.span,
            LintWarning::UnusedSegment {
                name: segment.name.clone(),
                at: source_span(segment.span),
            },
        ));
    }
    if let Some(history) = options.history {
        for (i, window) in windows::too_long(program, history) {
            let segment = &program.segments[i];
            found.push(warning(
                segment.span,
                LintWarning::WindowBeyondHistory {
                    name: segment.name.clone(),
                    window: spelled(window),
                    history: spelled(history),
                    at: source_span(segment.span),
                },
            ));
        }
    }
    found
}

/// W0006: segments whose lowered conditions are equal. The plans compare what the segments
/// mean, not how they are written: within one entity's plan, equal aggregates are one feature,
/// and channels, consent and holdouts are part of each rule's condition.
fn duplicate_conditions(program: &Program) -> Vec<Diagnostic> {
    let options = LowerOptions {
        as_of: AsOf::Today,
        segments: Vec::new(),
    };
    let mut found = Vec::new();
    for plan in lower(program, &options) {
        let mut seen: Vec<(&str, &Cond)> = Vec::new();
        for rule in &plan.segments {
            let RuleId::Segment(name) = &rule.id else {
                continue;
            };
            match seen.iter().find(|(_, cond)| **cond == rule.cond) {
                Some((first, _)) => {
                    if let Some(segment) = program.segments.iter().find(|s| &s.name == name) {
                        found.push(warning(
                            segment.span,
                            LintWarning::DuplicateConditions {
                                name: name.clone(),
                                first: first.to_string(),
                                at: source_span(segment.span),
                            },
                        ));
                    }
                }
                None => seen.push((name, &rule.cond)),
            }
        }
    }
    found
}

fn spelled(d: Duration) -> String {
    format!("{} {}", d.count, d.unit.word())
}

fn warning(span: Span, lint: LintWarning) -> Diagnostic {
    Diagnostic::new(Some(span.file), lint)
}

fn source_span(span: Span) -> SourceSpan {
    (span.start as usize, span.len()).into()
}
