//! Lint levels: which warnings are dropped, shown or turned into errors, from the project's
//! `seg.toml`, the command line and `// seg: allow(CODE)` comments.

use super::warning_code;
use crate::diagnostic::Diagnostic;
use crate::source::SourceMap;
use std::collections::BTreeMap;

/// What happens to a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Not reported.
    Allow,
    /// Reported as a warning (the default).
    Warn,
    /// Reported as an error: `seg check` exits 1.
    Deny,
}

impl Level {
    /// `allow`, `warn` or `deny`, as `seg.toml` spells them.
    pub fn parse(text: &str) -> Option<Level> {
        match text {
            "allow" => Some(Level::Allow),
            "warn" => Some(Level::Warn),
            "deny" => Some(Level::Deny),
            _ => None,
        }
    }
}

/// The level of each warning code, and of every warning not named (`-D warnings`).
#[derive(Debug, Clone, Default)]
pub struct Levels {
    /// By code (`W0004`); a code named here wins over `warnings`.
    pub codes: BTreeMap<String, Level>,
    /// Every warning without a level of its own; `None` is warn.
    pub warnings: Option<Level>,
}

/// Lints a team opts into (`W0005 = "warn"` in `seg.toml`, `-W W0005`): a policy, not a
/// mistake, so allowed unless asked for, and untouched by `-D warnings`, like clippy's pedantic
/// lints. W0005: a team may not measure every campaign; W0008: what reads the membership tables
/// from outside the project (dashboards) is invisible to it, so an analytics segment is often
/// used where seg cannot see. `seg init` writes a `seg.toml` that names both.
pub const ALLOWED_BY_DEFAULT: &[&str] = &["W0005", "W0008"];

impl Levels {
    /// The level of a warning code.
    pub fn of(&self, code: &str) -> Level {
        if let Some(level) = self.codes.get(code) {
            return *level;
        }
        if ALLOWED_BY_DEFAULT.contains(&code) {
            return Level::Allow;
        }
        self.warnings.unwrap_or(Level::Warn)
    }
}

/// Applies `levels` to the warnings of `diagnostics`: allowed ones are removed, denied ones
/// become errors; errors are kept as they are. A warning inside a declaration whose comment
/// lines just above it say `// seg: allow(CODE)` (codes or lint names, comma-separated) is
/// removed whatever the levels say, as an `#[allow]` in Rust overrides `-D` on the command line.
pub fn apply_levels(
    diagnostics: Vec<Diagnostic>,
    sources: &SourceMap,
    levels: &Levels,
) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .filter_map(|d| {
            if d.is_error() {
                return Some(d);
            }
            let code = d.code();
            if allowed_inline(&d, &code, sources) {
                return None;
            }
            match levels.of(&code) {
                Level::Allow => None,
                Level::Warn => Some(d),
                Level::Deny => Some(d.denied()),
            }
        })
        .collect()
}

/// True when the declaration holding the diagnostic's primary span is preceded by a
/// `// seg: allow(…)` comment naming `code`.
fn allowed_inline(d: &Diagnostic, code: &str, sources: &SourceMap) -> bool {
    let Some(file) = d.file.and_then(|f| sources.file(f)) else {
        return false;
    };
    let Some(offset) = d.inner().labels().and_then(|mut labels| {
        let all: Vec<miette::LabeledSpan> = labels.by_ref().collect();
        all.iter()
            .find(|l| l.primary())
            .or(all.first())
            .map(|l| l.offset())
    }) else {
        return false;
    };
    let text = &file.text;
    let before = text.get(..offset.min(text.len())).unwrap_or("");
    let mut lines: Vec<&str> = before.split('\n').collect();
    // The line of the span, then upwards to the declaration's first line: the nearest line
    // that starts in the first column with something other than a comment or a brace.
    let mut declaration = None;
    while let Some(line) = lines.pop() {
        let starts_declaration = line
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && c != '}' && c != '/');
        if starts_declaration {
            declaration = Some(());
            break;
        }
    }
    if declaration.is_none() {
        return false;
    }
    lines
        .iter()
        .rev()
        .map(|l| l.trim())
        .take_while(|l| l.starts_with("//"))
        .any(|l| allows(l, code))
}

/// True when a comment line is `// seg: allow(A, B)` and names `code`.
fn allows(comment: &str, code: &str) -> bool {
    let Some(list) = comment
        .trim_start_matches('/')
        .trim()
        .strip_prefix("seg:")
        .map(str::trim)
        .and_then(|l| l.strip_prefix("allow("))
        .and_then(|l| l.split_once(')'))
        .map(|(list, _)| list)
    else {
        return false;
    };
    list.split(',')
        .map(str::trim)
        .any(|name| name == code || warning_code(name) == Some(code))
}
