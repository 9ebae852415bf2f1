//! `seg.toml`, the project file: the default target of `seg compile`, parameter values and the
//! data location (the defaults, and per environment for `--env NAME`) and lint levels, found in
//! the project's directory or the nearest one above it. Its problems are diagnostics
//! E0550–E0558 (and the data location's, `data_place`), most with a span in the file, rendered
//! like any other.

#[cfg(feature = "engines")]
use super::commands::use_color;
use super::commands::write_stdout;
#[cfg(feature = "engines")]
use super::data_place::DataPlace;
use super::data_place::{self, DataError, Declared, Written};
use super::Outcome;
use clap::ValueEnum;
use seglang::diagnostic::Diagnostic;
use seglang::lint::{warning_code, Duration, Level, Levels, LintOptions, LINTS};
use seglang::lsp::ProjectSettings;
use seglang::report::{render, Format};
use seglang::source::SourceMap;
use seglang::sql::Target;
use seglang::suggest::closest;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The file's name.
pub const FILE_NAME: &str = "seg.toml";

/// What a project's `seg.toml` says, for one run.
#[derive(Debug, Default)]
pub struct ProjectFile {
    /// Parameter values as `--param` would give them: `[params]`, then `[env.NAME.params]`.
    pub params: Vec<(String, String)>,
    /// `[lints]`, by code.
    pub levels: Levels,
    /// `target`: the dialect of `seg compile` without `--target`.
    pub target: Option<Target>,
    /// `[data] history` (or `[env.NAME.data] history`): how far back the data goes, for W0007.
    pub history: Option<Duration>,
    /// Where the data is: `[env.NAME.data]`'s place, else `[data]`'s, relative paths taken from
    /// the directory of `seg.toml`. The command-line flags override it; `place` reads it.
    pub data: Option<Declared>,
    /// The file's path and text, to show a problem found later (an unset `postgres_env`).
    pub file: Option<(PathBuf, String)>,
}

/// The file as written. Unknown keys are refused (E0551) so that a misspelt table is not
/// silently ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    target: Option<Spanned<String>>,
    #[serde(default)]
    data: RawData,
    #[serde(default)]
    params: BTreeMap<String, Spanned<toml::Value>>,
    #[serde(default)]
    env: BTreeMap<String, RawEnv>,
    #[serde(default)]
    lints: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// `[data]`, and `[env.NAME.data]`, whose keys stand over it: a place given there replaces
/// the place of `[data]` whatever its kind.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawData {
    history: Option<Spanned<String>>,
    dir: Option<Spanned<String>>,
    duckdb: Option<Spanned<String>>,
    postgres: Option<Spanned<String>>,
    postgres_env: Option<Spanned<String>>,
}

impl RawData {
    fn written(&self) -> Written<'_> {
        Written {
            dir: self.dir.as_ref(),
            duckdb: self.duckdb.as_ref(),
            postgres: self.postgres.as_ref(),
            postgres_env: self.postgres_env.as_ref(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEnv {
    #[serde(default)]
    params: BTreeMap<String, Spanned<toml::Value>>,
    #[serde(default)]
    data: RawData,
}

/// A problem in `seg.toml`, or with `--env`.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ConfigError {
    #[error("seg.toml is not valid TOML: {message}")]
    #[diagnostic(
        code(E0550),
        help(
            "seg.toml holds `target`, `[params]`, `[data]`, `[env.NAME.params]`, `[env.NAME.data]` and `[lints]` (docs/cli.md)"
        )
    )]
    Malformed {
        message: String,
        #[label("here")]
        at: Option<miette::SourceSpan>,
    },

    #[error("seg.toml has an unknown key: {message}")]
    #[diagnostic(
        code(E0551),
        help(
            "seg.toml holds `target`, `[params]`, `[data]`, `[env.NAME.params]`, `[env.NAME.data]` and `[lints]` (docs/cli.md)"
        )
    )]
    UnknownKey {
        message: String,
        #[label("unknown")]
        at: Option<miette::SourceSpan>,
    },

    #[error("`{text}` is not a lint level")]
    #[diagnostic(code(E0552), help("write \"allow\", \"warn\" or \"deny\""))]
    InvalidLevel {
        text: String,
        #[label("not allow, warn or deny")]
        at: miette::SourceSpan,
    },

    #[error("no warning named `{name}`")]
    #[diagnostic(code(E0553))]
    UnknownLint {
        name: String,
        #[label("unknown warning")]
        at: Option<miette::SourceSpan>,
        #[help]
        help: Option<String>,
    },

    #[error("seg.toml has no environment `{name}`")]
    #[diagnostic(code(E0554))]
    UnknownEnv {
        name: String,
        #[help]
        help: Option<String>,
    },

    #[error("`{text}` is not a target")]
    #[diagnostic(
        code(E0556),
        help("write `target = \"postgres\"`, `\"bigquery\"` or `\"duckdb\"`")
    )]
    UnknownTarget {
        text: String,
        #[label("not a dialect seg compiles to")]
        at: miette::SourceSpan,
    },

    #[error("`{text}` is not a length of time")]
    #[diagnostic(
        code(E0558),
        help(
            "write a whole number and a unit: `history = \"3 years\"` (days, weeks, months, years)"
        )
    )]
    InvalidHistory {
        text: String,
        #[label("not `N days|weeks|months|years`")]
        at: miette::SourceSpan,
    },

    #[error("no target to compile for")]
    #[diagnostic(
        code(E0557),
        help(
            "give `--target postgres|bigquery|duckdb`, or write `target = \"duckdb\"` in seg.toml"
        )
    )]
    NoTarget,

    #[error("parameter `{name}` has a value seg cannot pass")]
    #[diagnostic(
        code(E0555),
        help("write a number, a string, a boolean or a date: `vip_spend = 800`")
    )]
    InvalidParam {
        name: String,
        #[label("an array or a table")]
        at: miette::SourceSpan,
    },

    #[error(transparent)]
    #[diagnostic(transparent)]
    Data(#[from] DataError),
}

/// The `seg.toml` of the project at `paths`: in the first path's directory (a file's own
/// directory) or the nearest directory above it; `None` when there is none.
pub fn find(paths: &[PathBuf]) -> Option<PathBuf> {
    let first = paths.first()?;
    let start = match first.is_dir() {
        true => first.clone(),
        false => first.parent()?.to_path_buf(),
    };
    let start = std::fs::canonicalize(&start).unwrap_or(start);
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|file| file.is_file())
}

/// Reads the project's `seg.toml` (nothing when there is none) with the environment `env`,
/// reporting its problems in `format`.
pub fn load(paths: &[PathBuf], env: Option<&str>, format: Format) -> Result<ProjectFile, Outcome> {
    let Some(path) = find(paths) else {
        return match env {
            None => Ok(ProjectFile::default()),
            Some(name) => Err(report(
                None,
                ConfigError::UnknownEnv {
                    name: name.to_string(),
                    help: Some(format!("there is no {FILE_NAME} in the project: add one with an `[env.{name}.params]` table")),
                },
                format,
            )),
        };
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", path.display());
            return Err(Outcome::Failure);
        }
    };
    let mut project = parse(&text, env).map_err(|e| report(Some((&path, &text)), e, format))?;
    if let Some(dir) = path.parent() {
        project.data = project.data.map(|place| place.anchored(dir));
    }
    project.file = Some((path, text));
    Ok(project)
}

/// The data place of a project: `None` when `seg.toml` names none. A `postgres_env` variable
/// is read here, and reported against the file when it is not set.
#[cfg(feature = "engines")]
pub fn place(project: &ProjectFile) -> Result<Option<DataPlace>, Outcome> {
    let Some(declared) = &project.data else {
        return Ok(None);
    };
    let vars = |name: &str| std::env::var(name).ok();
    declared.resolve(&vars).map(Some).map_err(|e| {
        let file = project
            .file
            .as_ref()
            .map(|(p, t)| (p.as_path(), t.as_str()));
        report(file, e.into(), Format::Human { color: use_color() })
    })
}

/// Parses `seg.toml`'s text for the environment `env`.
pub fn parse(text: &str, env: Option<&str>) -> Result<ProjectFile, ConfigError> {
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().to_string();
        let at = e.span().map(span);
        match message.starts_with("unknown field") {
            true => ConfigError::UnknownKey { message, at },
            false => ConfigError::Malformed { message, at },
        }
    })?;
    let mut params = values(&raw.params)?;
    let mut data = data_place::place(raw.data.written())?;
    // Every environment's place is checked, chosen or not: each is a part of the file.
    let mut places = BTreeMap::new();
    for (name, table) in &raw.env {
        places.insert(name.as_str(), data_place::place(table.data.written())?);
    }
    let mut history_text = raw.data.history.as_ref();
    if let Some(name) = env {
        let Some(chosen) = raw.env.get(name) else {
            return Err(ConfigError::UnknownEnv {
                name: name.to_string(),
                help: closest(name, raw.env.keys().map(String::as_str))
                    .map(|c| format!("did you mean `{c}`?"))
                    .or_else(|| Some(format!("declare it in {FILE_NAME}: `[env.{name}.params]`"))),
            });
        };
        for (name, value) in values(&chosen.params)? {
            params.retain(|(n, _)| n != &name);
            params.push((name, value));
        }
        if let Some(Some(place)) = places.remove(name) {
            data = Some(place);
        }
        history_text = chosen.data.history.as_ref().or(history_text);
    }
    let mut levels = Levels::default();
    for (name, level) in &raw.lints {
        let Some(level_value) = Level::parse(level.get_ref()) else {
            return Err(ConfigError::InvalidLevel {
                text: level.get_ref().clone(),
                at: span(level.span()),
            });
        };
        set_level(&mut levels, name.get_ref(), level_value)
            .map_err(|e| with_span(e, name.span()))?;
    }
    let target = match &raw.target {
        None => None,
        Some(text) => match Target::from_str(text.get_ref(), true) {
            Ok(target) => Some(target),
            Err(_) => {
                return Err(ConfigError::UnknownTarget {
                    text: text.get_ref().clone(),
                    at: span(text.span()),
                })
            }
        },
    };
    let history = match history_text {
        None => None,
        Some(text) => match Duration::parse(text.get_ref()) {
            Some(d) => Some(d),
            None => {
                return Err(ConfigError::InvalidHistory {
                    text: text.get_ref().clone(),
                    at: span(text.span()),
                })
            }
        },
    };
    Ok(ProjectFile {
        params,
        levels,
        target,
        history,
        data,
        file: None,
    })
}

/// Sets the level of a warning named by code or lint name, or of `warnings`, all of them.
pub fn set_level(levels: &mut Levels, name: &str, level: Level) -> Result<(), ConfigError> {
    if name == "warnings" {
        levels.warnings = Some(level);
        return Ok(());
    }
    match warning_code(name) {
        Some(code) => {
            levels.codes.insert(code.to_string(), level);
            Ok(())
        }
        None => Err(ConfigError::UnknownLint {
            name: name.to_string(),
            at: None,
            help: closest(
                name,
                LINTS
                    .iter()
                    .flat_map(|(code, lint)| [*code, *lint])
                    .chain(["warnings"]),
            )
            .map(|c| format!("did you mean `{c}`?"))
            .or_else(|| Some("docs/diagnostics.md lists the warnings".into())),
        }),
    }
}

fn with_span(e: ConfigError, at: Range<usize>) -> ConfigError {
    match e {
        ConfigError::UnknownLint { name, help, .. } => ConfigError::UnknownLint {
            name,
            at: Some(span(at)),
            help,
        },
        other => other,
    }
}

/// Parameter values as the text `--param` would give.
fn values(
    table: &BTreeMap<String, Spanned<toml::Value>>,
) -> Result<Vec<(String, String)>, ConfigError> {
    table
        .iter()
        .map(|(name, value)| {
            let text = match value.get_ref() {
                toml::Value::String(s) => s.clone(),
                toml::Value::Integer(i) => i.to_string(),
                toml::Value::Float(f) => f.to_string(),
                toml::Value::Boolean(b) => b.to_string(),
                toml::Value::Datetime(d) => d.to_string(),
                toml::Value::Array(_) | toml::Value::Table(_) => {
                    return Err(ConfigError::InvalidParam {
                        name: name.clone(),
                        at: span(value.span()),
                    })
                }
            };
            Ok((name.clone(), text))
        })
        .collect()
}

fn span(range: Range<usize>) -> miette::SourceSpan {
    (range.start, range.end.saturating_sub(range.start)).into()
}

/// The parameter values, lint levels and `[data] history` of the `seg.toml` of the project in
/// `dir`, for `seg lsp`: the defaults without one; the problem, rendered as `seg check` shows it, when it
/// cannot be read.
pub fn project_settings(dir: &Path) -> Result<ProjectSettings, String> {
    let Some(path) = find(&[dir.to_path_buf()]) else {
        return Ok(ProjectSettings::default());
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let project = parse(&text, None)
        .map_err(|e| rendered(Some((&path, &text)), e, Format::Human { color: false }))?;
    Ok(ProjectSettings {
        params: project.params,
        levels: project.levels,
        options: LintOptions {
            history: project.history,
        },
    })
}

/// A problem of `seg.toml` (with its text, for the snippet) as `format` writes it.
fn rendered(file: Option<(&Path, &str)>, e: ConfigError, format: Format) -> String {
    let mut sources = SourceMap::new();
    let id = file.map(|(path, text)| sources.add(path.display().to_string(), text));
    render(&[Diagnostic::new(id, e)], &sources, format)
}

/// Reports a problem of `seg.toml` (with its text, for the snippet) in `format`.
fn report(file: Option<(&Path, &str)>, e: ConfigError, format: Format) -> Outcome {
    let text = rendered(file, e, format);
    match format {
        Format::Human { .. } => eprint!("{text}"),
        Format::Json | Format::Github => {
            if write_stdout(&text).is_err() {
                return Outcome::Failure;
            }
        }
    }
    Outcome::UserError
}
