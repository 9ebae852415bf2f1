//! Lexical checks on the SQL text itself: the tokens, the words called with `(`, and quoted
//! strings and identifiers decoded with BigQuery's escape table.

use super::signatures::SYNTAX_BEFORE_PAREN;
use sqlparser::dialect::BigQueryDialect;
use sqlparser::tokenizer::{Token, Tokenizer};

/// The tokens of `sql` with whitespace and comments dropped.
pub(super) fn tokens(sql: &str) -> Vec<Token> {
    let dialect = BigQueryDialect {};
    let tokens = Tokenizer::new(&dialect, sql)
        .tokenize()
        .unwrap_or_else(|e| panic!("BigQuery SQL does not tokenize: {e}\n{sql}"));
    tokens
        .into_iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect()
}

/// Every word directly followed by `(` that is a call, upper-cased.
pub(super) fn called_words(tokens: &[Token]) -> Vec<String> {
    tokens
        .windows(2)
        .filter_map(|w| match (&w[0], &w[1]) {
            (Token::Word(word), Token::LParen) if word.quote_style.is_none() => {
                Some(word.value.to_uppercase())
            }
            _ => None,
        })
        .filter(|w| !SYNTAX_BEFORE_PAREN.contains(&w.as_str()))
        .collect()
}

/// A quoted token as BigQuery's lexical structure page reads it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Quoted {
    /// A `'...'` string literal, decoded.
    String(String),
    /// A `` `...` `` identifier, decoded.
    Ident(String),
}

/// The quoted tokens of `sql`, decoded with the escape table of "Escape sequences for string and
/// bytes literals" (quoted identifiers "Have the same escape sequences as string literals").
/// Comments are skipped; a raw newline in a quoted token, an escape outside the table, a
/// double-quoted token or a triple-quoted string is an error.
pub(super) fn quoted_tokens(sql: &str) -> Result<Vec<Quoted>, String> {
    let mut out = Vec::new();
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '-' if chars.peek() == Some(&'-') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '#' => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '"' => return Err("a double-quoted token: in BigQuery it is a string".into()),
            '\'' | '`' => {
                let mut value = String::new();
                loop {
                    let Some(x) = chars.next() else {
                        return Err(format!("unterminated {c}{value}"));
                    };
                    match x {
                        _ if x == c => break,
                        '\n' => {
                            return Err(format!(
                                "raw newline in {c}{value}...: lexical, \"Quoted strings cannot \
                                 contain newlines\""
                            ))
                        }
                        '\\' => value.push(escape(&mut chars)?),
                        other => value.push(other),
                    }
                }
                if c == '\'' && value.is_empty() && chars.peek() == Some(&'\'') {
                    return Err("a triple-quoted string".into());
                }
                out.push(if c == '\'' {
                    Quoted::String(value)
                } else {
                    Quoted::Ident(value)
                });
            }
            _ => {}
        }
    }
    Ok(out)
}

/// One escape sequence after `\`, from the lexical structure page's table.
fn escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<char, String> {
    match chars.next() {
        Some('a') => Ok('\u{7}'),
        Some('b') => Ok('\u{8}'),
        Some('f') => Ok('\u{c}'),
        Some('n') => Ok('\n'),
        Some('r') => Ok('\r'),
        Some('t') => Ok('\t'),
        Some('v') => Ok('\u{b}'),
        Some(c @ ('\\' | '?' | '"' | '\'' | '`')) => Ok(c),
        Some('x' | 'X') => code_point(chars, String::new(), 2, 16),
        Some('u') => code_point(chars, String::new(), 4, 16),
        Some('U') => code_point(chars, String::new(), 8, 16),
        Some(d @ '0'..='7') => code_point(chars, d.to_string(), 3, 8),
        other => Err(format!(
            "escape \\{} is not in the table of lexical, \"Escape sequences for string and bytes \
             literals\" (\"Any sequence not in this table produces an error\")",
            other.map(String::from).unwrap_or_default()
        )),
    }
}

/// The character of a numeric escape with exactly `n` digits in `radix` (`digits` holds those already read).
fn code_point(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    mut digits: String,
    n: usize,
    radix: u32,
) -> Result<char, String> {
    while digits.len() < n {
        match chars.next() {
            Some(c) => digits.push(c),
            None => break,
        }
    }
    u32::from_str_radix(&digits, radix)
        .ok()
        .filter(|_| digits.len() == n)
        .and_then(char::from_u32)
        .ok_or_else(|| format!("bad numeric escape {digits:?}"))
}
