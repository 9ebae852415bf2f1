//! Completion, from the text before the cursor (which, while typing, rarely parses): the columns
//! of the table in scope, facts tables and their aggregates, segment names after `in`, stage
//! names and enum values inside a string compared with a segmentation or an enum column (or
//! given to an enum column in a test row), time units after a number, a model's fields after
//! its name and a dot.

use super::index::{Index, Kind, Symbol};
use crate::syntax::ast::AggFunc;
use lsp_types::{CompletionItem, CompletionItemKind, Documentation};

/// The completions at byte offset `offset` of `text`.
pub fn complete(index: &Index, text: &str, offset: usize) -> Vec<CompletionItem> {
    let before = text.get(..offset).unwrap_or(text);
    let all = tokens(before);
    let scope = scope(&all, index);
    let mut tokens = all.as_slice();
    if let Some(Token::Comment) = tokens.last() {
        return Vec::new();
    }
    if let Some((Token::Str { closed: false }, earlier)) = tokens.split_last() {
        return in_string(earlier, index, scope);
    }
    // The word being typed is the client's to filter by; the context is what precedes it.
    if let Some((Token::Ident(_), earlier)) = tokens.split_last() {
        if before.ends_with(is_word_char) {
            tokens = earlier;
        }
    }
    let n = tokens.len();
    match (n.checked_sub(2).and_then(|i| tokens.get(i)), tokens.last()) {
        (Some(Token::Ident(owner)), Some(Token::Punct('.'))) => after_dot(owner, index),
        (_, Some(Token::Ident(word))) if word == "in" => {
            symbols(index.of_kind(Kind::Segment, None))
        }
        (_, Some(Token::Number)) => ["days", "weeks", "months", "years"]
            .iter()
            .map(|unit| item(unit, CompletionItemKind::UNIT, None, None))
            .collect(),
        _ => in_scope(index, scope),
    }
}

/// The tables a name is read in at the cursor.
#[derive(Debug, Clone, Copy, Default)]
struct Scope<'a> {
    entity: Option<&'a str>,
    facts: Option<&'a str>,
}

fn in_scope<'a>(index: &'a Index, scope: Scope<'a>) -> Vec<CompletionItem> {
    let mut items = Vec::new();
    for table in [scope.facts, scope.entity].into_iter().flatten() {
        items.extend(symbols(index.of_kind(Kind::Column, Some(table))));
    }
    let facts = index
        .of_kind(Kind::Table, None)
        .filter(|t| t.values.first().is_some_and(|w| w == "facts"));
    items.extend(symbols(facts));
    for kind in [Kind::Trait, Kind::Param, Kind::Segmentation, Kind::Model] {
        items.extend(symbols(index.of_kind(kind, None)));
    }
    items
}

/// After `orders.`: the aggregates of a facts table and its columns (a parent's, read inside an
/// aggregate over its children); after `products.`, a lookup's columns; after `value.`, a
/// model's fields.
fn after_dot(owner: &str, index: &Index) -> Vec<CompletionItem> {
    let mut items = Vec::new();
    if let Some(id) = index.find(Kind::Table, None, owner) {
        if index.symbols[id]
            .values
            .first()
            .is_some_and(|w| w == "facts")
        {
            items.extend(AGGREGATES.iter().map(|agg| {
                item(
                    agg.name(),
                    CompletionItemKind::FUNCTION,
                    Some(format!("{owner}.{}(…)", agg.name())),
                    None,
                )
            }));
        }
        items.extend(symbols(index.of_kind(Kind::Column, Some(owner))));
    }
    if let Some(id) = index.find(Kind::Model, None, owner) {
        let model = &index.symbols[id];
        items.extend(model.values.iter().map(|f| {
            item(
                f,
                CompletionItemKind::FIELD,
                Some(model.signature.clone()),
                None,
            )
        }));
    }
    items
}

const AGGREGATES: [AggFunc; 10] = [
    AggFunc::Count,
    AggFunc::Sum,
    AggFunc::Avg,
    AggFunc::Min,
    AggFunc::Max,
    AggFunc::First,
    AggFunc::Last,
    AggFunc::Any,
    AggFunc::All,
    AggFunc::None,
];

/// Inside a string: what the string is compared with, `x = "`, `x != "`, `x in ["a", "`, says
/// which words it may hold.
fn in_string(tokens: &[Token], index: &Index, scope: Scope) -> Vec<CompletionItem> {
    // A test row's field: `rows orders [ { channel: "`.
    if let Some([Token::Ident(field), Token::Punct(':')]) =
        tokens.get(tokens.len().saturating_sub(2)..)
    {
        let table = tokens.windows(2).rev().find_map(|w| match w {
            [Token::Ident(rows), Token::Ident(table)] if rows == "rows" => Some(table),
            _ => None,
        });
        let column = table.and_then(|t| index.find(Kind::Column, Some(t), field));
        return column.map_or(Vec::new(), |c| enum_values(&index.symbols[c]));
    }
    let mut i = tokens.len();
    // Back over the list's earlier items: `in ["a", "b", `.
    while i > 0
        && matches!(
            tokens[i - 1],
            Token::Punct(',') | Token::Str { closed: true }
        )
    {
        i -= 1;
    }
    if i > 0 && tokens[i - 1] == Token::Punct('[') {
        i -= 1;
        if !(i > 0 && tokens[i - 1] == Token::Ident("in".to_string())) {
            return Vec::new();
        }
        i -= 1;
        if i > 0 && tokens[i - 1] == Token::Ident("not".to_string()) {
            i -= 1;
        }
    } else if i > 0 && matches!(tokens[i - 1], Token::Punct('=') | Token::Ne) {
        i -= 1;
    } else {
        return Vec::new();
    }
    let target = match (
        i.checked_sub(3).map(|j| &tokens[j..i]),
        i.checked_sub(1).map(|j| &tokens[j]),
    ) {
        (Some([Token::Ident(table), Token::Punct('.'), Token::Ident(column)]), _) => {
            index.find(Kind::Column, Some(table), column)
        }
        (_, Some(Token::Ident(name))) => [scope.facts, scope.entity]
            .into_iter()
            .flatten()
            .find_map(|table| index.find(Kind::Column, Some(table), name))
            .or_else(|| index.find(Kind::Segmentation, None, name)),
        _ => None,
    };
    let Some(target) = target else {
        return Vec::new();
    };
    let symbol = &index.symbols[target];
    match symbol.kind {
        Kind::Segmentation => symbols(index.of_kind(Kind::Stage, Some(&symbol.name))),
        _ => enum_values(symbol),
    }
}

/// The values of an enum column (none for another type).
fn enum_values(column: &Symbol) -> Vec<CompletionItem> {
    column
        .values
        .iter()
        .map(|v| {
            item(
                v,
                CompletionItemKind::ENUM_MEMBER,
                Some(column.signature.clone()),
                None,
            )
        })
        .collect()
}

fn symbols<'a>(symbols: impl Iterator<Item = &'a Symbol>) -> Vec<CompletionItem> {
    symbols
        .map(|s| {
            let kind = match s.kind {
                Kind::Segment | Kind::Segmentation => CompletionItemKind::MODULE,
                Kind::Table => CompletionItemKind::STRUCT,
                Kind::Column => CompletionItemKind::FIELD,
                Kind::Param => CompletionItemKind::CONSTANT,
                Kind::Model => CompletionItemKind::CLASS,
                Kind::Trait => CompletionItemKind::PROPERTY,
                Kind::Kpi => CompletionItemKind::VALUE,
                Kind::Stage => CompletionItemKind::ENUM_MEMBER,
                Kind::File => CompletionItemKind::FILE,
            };
            item(&s.name, kind, Some(s.signature.clone()), s.docs.clone())
        })
        .collect()
}

fn item(
    label: &str,
    kind: CompletionItemKind,
    detail: Option<String>,
    docs: Option<String>,
) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail,
        documentation: docs.map(|d| Documentation::String(d.trim().to_string())),
        ..CompletionItem::default()
    }
}

/// The entity of the declaration the cursor is in (`segment s on customers`), and the facts
/// table of the innermost aggregate or sequence step whose parenthesis is still open.
fn scope<'a>(tokens: &'a [Token], index: &Index) -> Scope<'a> {
    let mut scope = Scope::default();
    for window in tokens.windows(4).rev() {
        if let [Token::Ident(word), Token::Ident(_), Token::Ident(on), Token::Ident(entity)] =
            window
        {
            let declares = matches!(
                word.as_str(),
                "segment" | "segmentation" | "trait" | "kpi" | "rfm" | "clv"
            );
            if declares && on == "on" {
                scope.entity = Some(entity);
                break;
            }
        }
    }
    let mut depth = 0usize;
    for i in (0..tokens.len()).rev() {
        match &tokens[i] {
            Token::Punct(')') => depth += 1,
            Token::Punct('(') if depth > 0 => depth -= 1,
            Token::Punct('(') => {
                let facts = match (
                    i.checked_sub(3).map(|j| &tokens[j..i]),
                    i.checked_sub(2).map(|j| &tokens[j..i]),
                ) {
                    (Some([Token::Ident(facts), Token::Punct('.'), Token::Ident(_)]), _) => {
                        Some(facts)
                    }
                    (_, Some([Token::Ident(by), Token::Ident(facts)])) if by == "by" => Some(facts),
                    _ => None,
                };
                if let Some(facts) = facts.filter(|f| index.find(Kind::Table, None, f).is_some()) {
                    scope.facts = Some(facts);
                    break;
                }
            }
            _ => {}
        }
    }
    scope
}

/// The tokens that matter to completion.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Ident(String),
    Number,
    /// A string literal; `closed: false` when the text ends inside it.
    Str {
        closed: bool,
    },
    /// `!=`, which `=` alone must not be taken for.
    Ne,
    /// A comment the text ends in: nothing to complete there.
    Comment,
    Punct(char),
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Splits text into tokens, skipping comments and white space.
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '/' if text[i..].starts_with("//") => {
                if !chars.by_ref().any(|(_, c)| c == '\n') {
                    out.push(Token::Comment);
                }
            }
            '"' => {
                let mut closed = false;
                while let Some((_, c)) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => {
                            closed = true;
                            break;
                        }
                        _ => {}
                    }
                }
                out.push(Token::Str { closed });
            }
            '!' if text[i..].starts_with("!=") => {
                chars.next();
                out.push(Token::Ne);
            }
            c if c.is_ascii_digit() => {
                while chars
                    .next_if(|(_, c)| c.is_ascii_digit() || *c == '.')
                    .is_some()
                {}
                out.push(Token::Number);
            }
            c if is_word_char(c) => {
                let mut end = i + c.len_utf8();
                while let Some((j, c)) = chars.next_if(|(_, c)| is_word_char(*c)) {
                    end = j + c.len_utf8();
                }
                out.push(Token::Ident(text[i..end].to_string()));
            }
            c if c.is_whitespace() => {}
            c => out.push(Token::Punct(c)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::load_project;
    use std::path::{Path, PathBuf};

    const SCHEMA: &str = "entity customers {\n  key id: string\n  region: enum(\"north\", \"south\")?\n}\nfacts orders of customers(id) {\n  day: date\n  channel: enum(\"web\", \"store\")\n}\nsegmentation life on customers {\n  fresh when orders.count() = 0\n  old otherwise\n}\nsegment a on customers {\n  where region = \"north\"\n}\n";

    fn labels(before_cursor: &str) -> Vec<String> {
        let text = format!("{SCHEMA}{before_cursor}");
        let read = |_: &Path| Ok(text.as_bytes().to_vec());
        let project = match load_project(&[PathBuf::from("p.seg")], &read) {
            Ok(p) => p,
            Err(e) => panic!("{:?}", e.error),
        };
        let index = Index::build(&project.modules, &project.sources);
        complete(&index, &text, text.len())
            .into_iter()
            .map(|i| i.label)
            .collect()
    }

    #[test]
    fn the_words_a_string_may_hold() {
        let segment = "segment b on customers {\n  where ";
        assert_eq!(labels(&format!("{segment}region = \"")), ["north", "south"]);
        assert_eq!(
            labels(&format!("{segment}life in [\"fresh\", \"")),
            ["fresh", "old"]
        );
        assert_eq!(
            labels(&format!("{segment}orders.any(where channel != \"")),
            ["web", "store"]
        );
        assert!(labels(&format!("{segment}region starts with \"")).is_empty());
        assert!(labels(&format!("{segment}region = \"north\" // in a comment, ")).is_empty());
        assert!(!labels(&format!("{segment}region = \"north\" // a comment\n  and ")).is_empty());
        let row = "test \"t\" {\n  rows orders [ { id: \"a\", channel: \"";
        assert_eq!(labels(row), ["web", "store"]);
        assert!(labels("test \"t\" {\n  rows orders [ { id: \"").is_empty());
    }

    #[test]
    fn names_after_a_dot_in_and_a_number() {
        let segment = "segment b on customers {\n  where ";
        let dot = labels(&format!("{segment}orders.c"));
        assert!(
            dot.contains(&"count".to_string()) && dot.contains(&"channel".to_string()),
            "{dot:?}"
        );
        assert_eq!(labels(&format!("{segment}not in ")), ["a"]);
        assert_eq!(
            labels(&format!("{segment}orders.count(last 30 ")),
            ["days", "weeks", "months", "years"]
        );
    }

    #[test]
    fn columns_of_the_table_in_scope() {
        let segment = "segment b on customers {\n  where ";
        let top = labels(segment);
        assert!(top.contains(&"region".to_string()) && top.contains(&"orders".to_string()));
        assert!(!top.contains(&"channel".to_string()), "{top:?}");
        let inner = labels(&format!("{segment}orders.count(where ch"));
        assert!(inner.contains(&"channel".to_string()) && inner.contains(&"region".to_string()));
    }
}
