//! Errors and warnings of the check stage: a span and a kind. Each kind carries the data its
//! message needs; the wording lives in the files of `errors/`, one per noun of the language, and
//! nowhere else. Codes are stable and catalogued in docs/diagnostics.md.

mod aggregates;
mod arithmetic;
mod conditions;
mod kpis;
mod links;
mod lookups;
mod models;
mod names;
mod params;
mod privacy;
mod schema;
mod segments;
mod sequences;
mod test_blocks;
mod traits;
mod zones;

pub use aggregates::AggregateError;
pub use arithmetic::ArithmeticError;
pub use conditions::ConditionError;
pub use kpis::KpiError;
pub use links::LinkError;
pub use lookups::LookupError;
pub use models::ModelError;
pub use names::NameError;
pub use params::ParamError;
pub use privacy::PrivacyError;
pub use schema::SchemaError;
pub use segments::SegmentError;
pub use sequences::SequenceError;
pub use test_blocks::TestBlockError;
pub use traits::TraitError;
pub use zones::ZoneError;

use crate::source::Span;
use miette::{Diagnostic, LabeledSpan, Severity};
use std::fmt;
use thiserror::Error;

/// A type or noun with its indefinite article: "an int", "a string".
pub fn a(noun: &str) -> String {
    let vowel = noun.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {noun}", if vowel { "an" } else { "a" })
}

/// "did you mean `x`?" when there is a close candidate.
pub fn did_you_mean(candidate: Option<String>) -> Option<String> {
    candidate.map(|c| format!("did you mean `{c}`?"))
}

/// A problem the checker found: where it is, and what it is.
#[derive(Debug, Clone)]
pub struct CheckError {
    /// Where the error points; its label is the first one shown.
    span: Span,
    kind: CheckErrorKind,
}

impl CheckError {
    /// The problem `kind`, found at `span`.
    pub fn new(span: Span, kind: impl Into<CheckErrorKind>) -> CheckError {
        CheckError {
            span,
            kind: kind.into(),
        }
    }

    /// The span the error points at first.
    pub fn span(&self) -> Span {
        self.span
    }
}

/// What a [`CheckError`] is, grouped by the noun it is about. Code, message, help, severity and
/// secondary labels come from the group's attributes; the primary label from its `label`.
#[derive(Debug, Clone, Error, Diagnostic)]
pub enum CheckErrorKind {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Name(#[from] NameError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Schema(#[from] SchemaError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Link(#[from] LinkError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Lookup(#[from] LookupError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Param(#[from] ParamError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Condition(#[from] ConditionError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Arithmetic(#[from] ArithmeticError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Aggregate(#[from] AggregateError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Segment(#[from] SegmentError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Sequence(#[from] SequenceError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Privacy(#[from] PrivacyError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Model(#[from] ModelError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    TestBlock(#[from] TestBlockError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Trait(#[from] TraitError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Zone(#[from] ZoneError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Kpi(#[from] KpiError),
}

impl CheckErrorKind {
    /// The text of the label at the error's span.
    fn label(&self) -> String {
        match self {
            CheckErrorKind::Name(e) => e.label(),
            CheckErrorKind::Schema(e) => e.label(),
            CheckErrorKind::Link(e) => e.label(),
            CheckErrorKind::Lookup(e) => e.label(),
            CheckErrorKind::Param(e) => e.label(),
            CheckErrorKind::Condition(e) => e.label(),
            CheckErrorKind::Arithmetic(e) => e.label(),
            CheckErrorKind::Aggregate(e) => e.label(),
            CheckErrorKind::Segment(e) => e.label(),
            CheckErrorKind::Sequence(e) => e.label(),
            CheckErrorKind::Privacy(e) => e.label(),
            CheckErrorKind::Model(e) => e.label(),
            CheckErrorKind::TestBlock(e) => e.label(),
            CheckErrorKind::Trait(e) => e.label(),
            CheckErrorKind::Zone(e) => e.label(),
            CheckErrorKind::Kpi(e) => e.label(),
        }
    }
}

impl fmt::Display for CheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.kind, f)
    }
}

impl std::error::Error for CheckError {}

/// The kind's diagnostic, with the label at the error's span put before the kind's own labels.
impl Diagnostic for CheckError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.kind.code()
    }

    fn severity(&self) -> Option<Severity> {
        self.kind.severity()
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.kind.help()
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let first = LabeledSpan::new_with_span(Some(self.kind.label()), self.span);
        let others = self.kind.labels().into_iter().flatten();
        Some(Box::new(std::iter::once(first).chain(others)))
    }
}

impl From<CheckError> for crate::diagnostic::Diagnostic {
    fn from(e: CheckError) -> Self {
        crate::diagnostic::Diagnostic::new(Some(e.span().file), e)
    }
}
