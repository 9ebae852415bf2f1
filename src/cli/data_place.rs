//! Where the data of a project lives, as `seg.toml` says (`[data]`, `[env.NAME.data]`): a
//! directory of CSV/Parquet files, a DuckDB file, or a PostgreSQL URL, written in the file or
//! read from an environment variable so that no password is committed. Its problems are
//! diagnostics E0559 and E0565–E0568.

use miette::SourceSpan;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// A place the data-reading commands (`seg run`, `seg diff`, `seg materialize`) read tables from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataPlace {
    /// `dir`: one CSV or Parquet file per declared table.
    Dir(PathBuf),
    /// `duckdb`: a DuckDB database file holding the tables.
    DuckDb(PathBuf),
    /// `postgres` or `postgres_env`: a PostgreSQL connection URL.
    Postgres(String),
}

/// A place as `seg.toml` declares it: a `postgres_env` variable is read only by a command that
/// reads the data and is not given a place on its command line, so that `seg check` in a CI
/// job without the secret still runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Declared {
    Place(DataPlace),
    /// `postgres_env = "NAME"`, with the span of its value.
    PostgresEnv {
        name: String,
        at: Range<usize>,
    },
}

impl Declared {
    /// The place with a relative `dir` or `duckdb` path taken from `base`, the directory of
    /// `seg.toml`, as the file's reader expects, not from wherever the command runs.
    pub fn anchored(self, base: &Path) -> Declared {
        match self {
            Declared::Place(DataPlace::Dir(dir)) => Declared::Place(DataPlace::Dir(base.join(dir))),
            Declared::Place(DataPlace::DuckDb(file)) => {
                Declared::Place(DataPlace::DuckDb(base.join(file)))
            }
            other => other,
        }
    }

    /// The place, the URL of a `postgres_env` read with `vars`.
    #[cfg(feature = "engines")]
    pub fn resolve(&self, vars: &dyn Fn(&str) -> Option<String>) -> Result<DataPlace, DataError> {
        match self {
            Declared::Place(place) => Ok(place.clone()),
            Declared::PostgresEnv { name, at } => match vars(name).filter(|u| !u.trim().is_empty())
            {
                Some(url) => Ok(DataPlace::Postgres(url)),
                None => Err(DataError::UnsetVariable {
                    name: name.clone(),
                    at: span(at.clone()),
                }),
            },
        }
    }
}

/// The keys of one `[data]` table that name a place, as written (each `None` when absent).
#[derive(Debug, Clone, Copy, Default)]
pub struct Written<'a> {
    pub dir: Option<&'a Spanned<String>>,
    pub duckdb: Option<&'a Spanned<String>>,
    pub postgres: Option<&'a Spanned<String>>,
    pub postgres_env: Option<&'a Spanned<String>>,
}

/// A problem with the data location of `seg.toml`, or with what a command can do with it.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum DataError {
    #[error("`{key}` is empty")]
    #[diagnostic(
        code(E0559),
        help("name the place: `dir = \"data\"`, `duckdb = \"warehouse.duckdb\"`, `postgres_env = \"SEG_PG_URL\"`")
    )]
    Empty {
        key: &'static str,
        #[label("no place")]
        at: SourceSpan,
    },

    #[error("the data table names two places: `{first}` and `{second}`")]
    #[diagnostic(
        code(E0565),
        help("keep one of `dir`, `duckdb`, `postgres` and `postgres_env` per table; an `[env.NAME.data]` table replaces `[data]`'s place")
    )]
    TwoPlaces {
        first: &'static str,
        second: &'static str,
        #[label("the first")]
        first_at: SourceSpan,
        #[label(primary, "a second place")]
        at: SourceSpan,
    },

    #[cfg(feature = "engines")]
    #[error("environment variable `{name}` is not set")]
    #[diagnostic(
        code(E0566),
        help("export the PostgreSQL URL before running seg: `export {name}=postgres://user:password@host/db`")
    )]
    UnsetVariable {
        name: String,
        #[label("read from here")]
        at: SourceSpan,
    },

    #[error("seg.toml holds a PostgreSQL password")]
    #[diagnostic(
        code(E0567),
        help("seg.toml is committed: put the URL in an environment variable and write `postgres_env = \"SEG_PG_URL\"`, or pass --postgres")
    )]
    PasswordInFile {
        #[label("a password in the URL")]
        at: SourceSpan,
    },

    #[error("seg materialize cannot keep membership tables in {dir}, a directory of files")]
    #[diagnostic(
        code(E0568),
        help("give --duckdb FILE or --postgres URL, or name a database in seg.toml: `[env.prod.data]` with `duckdb = \"…\"` or `postgres_env = \"…\"`")
    )]
    #[cfg(feature = "engines")]
    NotADatabase { dir: String },
}

/// The place one `[data]` table names, if any: one key at most, not empty, no password.
pub fn place(written: Written<'_>) -> Result<Option<Declared>, DataError> {
    let keys = [
        ("dir", written.dir),
        ("duckdb", written.duckdb),
        ("postgres", written.postgres),
        ("postgres_env", written.postgres_env),
    ];
    let given: Vec<(&'static str, &Spanned<String>)> = keys
        .into_iter()
        .filter_map(|(key, value)| value.map(|v| (key, v)))
        .collect();
    let (key, value) = match given.as_slice() {
        [] => return Ok(None),
        [one] => *one,
        [(first, first_value), (second, second_value), ..] => {
            return Err(DataError::TwoPlaces {
                first,
                second,
                first_at: span(first_value.span()),
                at: span(second_value.span()),
            })
        }
    };
    let text = value.get_ref().trim();
    if text.is_empty() {
        return Err(DataError::Empty {
            key,
            at: span(value.span()),
        });
    }
    let place = match key {
        "dir" => Declared::Place(DataPlace::Dir(PathBuf::from(text))),
        "duckdb" => Declared::Place(DataPlace::DuckDb(PathBuf::from(text))),
        "postgres" if has_password(text) => {
            return Err(DataError::PasswordInFile {
                at: span(value.span()),
            })
        }
        "postgres" => Declared::Place(DataPlace::Postgres(text.to_string())),
        _ => Declared::PostgresEnv {
            name: text.to_string(),
            at: value.span(),
        },
    };
    Ok(Some(place))
}

/// True when a connection string carries a password: `user:secret@` in a URL's authority, or
/// a `password=` parameter (of a URL's query or of the `key=value` form).
fn has_password(url: &str) -> bool {
    if url.to_ascii_lowercase().contains("password=") {
        return true;
    }
    let Some((_, rest)) = url.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    match authority.rsplit_once('@') {
        Some((user_info, _)) => user_info.contains(':'),
        None => false,
    }
}

fn span(range: Range<usize>) -> SourceSpan {
    (range.start, range.end.saturating_sub(range.start)).into()
}

#[cfg(test)]
mod tests {
    use super::has_password;

    #[test]
    fn a_password_is_found_in_either_form_of_connection_string() {
        assert!(has_password("postgres://me:secret@db/crm"));
        assert!(has_password("postgresql://db/crm?user=me&password=secret"));
        assert!(has_password("host=db user=me password=secret"));
        assert!(!has_password("postgres://me@db/crm"));
        assert!(!has_password("postgres://db:5432/crm"));
        assert!(!has_password("host=db user=me dbname=crm"));
    }
}
