//! A diagnostic from any stage, with the file it belongs to, ready for rendering.

use crate::source::FileId;

/// One error or warning. Stages build their own error enums; this wraps any of them, and each stage
/// converts its own errors (`impl From<SyntaxError> for Diagnostic` lives in `syntax/errors.rs`), so
/// this module knows no stage.
pub struct Diagnostic {
    /// The file the primary span points into; `None` for problems outside any file.
    pub file: Option<FileId>,
    inner: Box<dyn miette::Diagnostic + Send + Sync + 'static>,
    /// A warning turned into an error by its lint level (`deny`).
    denied: bool,
}

impl Diagnostic {
    /// Wraps a stage error located in `file`.
    pub fn new(
        file: Option<FileId>,
        error: impl miette::Diagnostic + Send + Sync + 'static,
    ) -> Self {
        Diagnostic {
            file,
            inner: Box::new(error),
            denied: false,
        }
    }

    /// The same diagnostic as an error: a warning whose lint level is `deny`.
    pub fn denied(self) -> Self {
        Diagnostic {
            denied: true,
            ..self
        }
    }

    /// The severity it is reported with: the wrapped one, or error once denied.
    pub fn severity(&self) -> Option<miette::Severity> {
        match self.denied {
            true => Some(miette::Severity::Error),
            false => self.inner.severity(),
        }
    }

    /// The wrapped diagnostic.
    pub fn inner(&self) -> &(dyn miette::Diagnostic + Send + Sync + 'static) {
        self.inner.as_ref()
    }

    /// True unless the diagnostic is a warning or advice.
    pub fn is_error(&self) -> bool {
        !matches!(
            self.severity(),
            Some(miette::Severity::Warning) | Some(miette::Severity::Advice)
        )
    }

    /// The stable code, such as `E0101`.
    pub fn code(&self) -> String {
        self.inner.code().map(|c| c.to_string()).unwrap_or_default()
    }

    /// The one-line message.
    pub fn message(&self) -> String {
        self.inner.to_string()
    }

    /// The help line, if any.
    pub fn help(&self) -> Option<String> {
        self.inner.help().map(|h| h.to_string())
    }
}

impl std::fmt::Debug for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}
