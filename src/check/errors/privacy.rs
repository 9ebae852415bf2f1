//! Errors about personal data in segments: special-category columns, channels without a consent
//! source or with unknown legal bases, and holdouts.

use miette::Diagnostic;
use thiserror::Error;

/// A segment that would use personal data in a way the privacy rules refuse.
#[derive(Debug, Clone, Error, Diagnostic)]
pub enum PrivacyError {
    #[error("`{column}` is a special category of personal data (GDPR art. 9) and cannot be used in a criterion")]
    #[diagnostic(
        code(E0400),
        help("GDPR art. 9 forbids processing health, religion, ethnicity, politics, union membership, sexual orientation, biometric and genetic data for marketing; there is no way to allow it")
    )]
    SpecialCategory { column: String, table: String },

    #[error("no consent source records the channel `{channel}` for `{entity}`")]
    #[diagnostic(code(E0401))]
    NoConsentSource {
        channel: String,
        entity: String,
        #[help]
        help: Option<String>,
    },

    #[error("`{basis}` is not a legal basis {source_name} records")]
    #[diagnostic(code(E0402), help("{help}"))]
    UnknownBasis {
        basis: String,
        source_name: String,
        help: String,
    },

    #[error("channel `{channel}` is listed twice")]
    #[diagnostic(
        code(E0404),
        help("list each channel once, with all the legal bases it accepts")
    )]
    RepeatedChannel { channel: String },

    #[error("`{entity}` is not a person: its segments have no channel")]
    #[diagnostic(code(E0409), help("{help}"))]
    ChannelOfOrganisation { entity: String, help: String },

    #[error("`{entity}` is not a person: it cannot record consent")]
    #[diagnostic(code(E0410), help("{help}"))]
    ConsentOfOrganisation { entity: String, help: String },

    #[error("a holdout of {percent}% is not a share of the segment")]
    #[diagnostic(
        code(E0405),
        help("write a percentage strictly between 0 and 100, e.g. `holdout 10%`")
    )]
    InvalidHoldout { percent: String },
}

impl PrivacyError {
    /// The text of the label at the error's span.
    pub(super) fn label(&self) -> String {
        match self {
            Self::SpecialCategory { table, .. } => format!("declared `special` in `{table}`"),
            Self::NoConsentSource { .. } => "no consent for this channel".into(),
            Self::UnknownBasis { .. } => "unknown basis".into(),
            Self::RepeatedChannel { .. } => "again here".into(),
            Self::ChannelOfOrganisation { .. } => "a segment of organisations".into(),
            Self::ConsentOfOrganisation { entity, .. } => {
                format!("`{entity}` has entities of its own")
            }
            Self::InvalidHoldout { .. } => "between 0% and 100% exclusive".into(),
        }
    }
}
