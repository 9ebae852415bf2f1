//! Errors and warnings about segments and segmentations: references between segments, repeated
//! entries, and stages.

use miette::Diagnostic;
use thiserror::Error;

/// A segment or segmentation whose structure is wrong.
#[derive(Debug, Clone, Error, Diagnostic)]
pub enum SegmentError {
    #[error("segment `{name}` is on `{found}`, not on `{expected}`")]
    #[diagnostic(
        code(E0208),
        help("a segment can only refer to segments of the same entity")
    )]
    OtherEntity {
        name: String,
        expected: String,
        found: String,
    },

    #[error("this segment has two `{what}` entries")]
    #[diagnostic(
        code(E0215),
        help("keep one; combine conditions with `and` / `or` in a single `where`")
    )]
    RepeatedEntry { what: &'static str },

    #[error("segments cannot refer to each other in a cycle: {path}")]
    #[diagnostic(
        code(E0300),
        help("break the cycle: a segment cannot depend on itself, directly or through others")
    )]
    Cycle { path: String },

    #[error("{problem}")]
    #[diagnostic(code(E0406), help("end a segmentation with one `otherwise` stage, so that every entity lands in exactly one stage"))]
    InvalidSegmentation { problem: String },

    #[error("a stage cannot refer to a segment")]
    #[diagnostic(code(E0407), help("write the stage's condition on columns and aggregates; segments may use the segmentation instead: `where lifecycle = \"lapsed\"`"))]
    StageReference,

    #[error("stage `{stage}` can never match")]
    #[diagnostic(
        code(W0003),
        severity(Warning),
        help("{reason}; remove the stage or change its condition")
    )]
    UnreachableStage { stage: String, reason: String },
}

impl SegmentError {
    /// The text of the label at the error's span.
    pub(super) fn label(&self) -> String {
        match self {
            Self::OtherEntity { found, .. } => format!("a segment on `{found}`"),
            Self::RepeatedEntry { what, .. } => format!("second `{what}`"),
            Self::Cycle { .. } => "this reference closes the cycle".into(),
            Self::InvalidSegmentation { .. } => "here".into(),
            Self::StageReference => "segment reference in a stage".into(),
            Self::UnreachableStage { .. } => "never reached".into(),
        }
    }
}
