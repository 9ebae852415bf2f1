//! Text → AST. The only module that sees pest: its pairs become `ast` nodes, its errors `SyntaxError`s.
//!
//! A chunk is first read by `descent/`, a hand-written parser that follows the grammar exactly
//! and builds the AST directly, several times faster than pest; pest reads only the chunks it
//! cannot, and gives each its worded error (see `descent/mod.rs`).
//!
//! A file is cut into chunks at top-level declarations and each chunk is parsed on its own, so one
//! typo costs one declaration, not the whole file, and every broken declaration is reported. This
//! file holds that loop and the conversion context; the conversions live beside it, one file per
//! noun of the language, and `wording.rs` turns pest's failures into sentences.

use super::ast::*;
use super::errors::SyntaxError;
use crate::source::{FileId, Span};
use pest::iterators::Pair;

mod conditions;
mod declarations;
mod depth;
mod descent;
mod detail;

pub use depth::MAX_DEPTH;
mod models;
mod tables;
mod values;
mod wording;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/seglang.pest"]
struct SegParser;

/// Parses one file. Returns the declarations that parsed and an error for each chunk that did not.
pub fn parse_module(file: FileId, text: &str) -> (Module, Vec<SyntaxError>) {
    parse_module_with(file, text, ParseWith::DescentThenPest)
}

/// Whether `word` can name a table, column or segment: ASCII letters, digits and `_`, not
/// starting with a digit, and no keyword (the grammar's `ident`).
pub fn is_name(word: &str) -> bool {
    let mut bytes = word.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !descent::is_keyword(word)
}

/// Which parser reads the chunks of a file. Only tests and the fuzz target choose: they hold
/// the fast path to pest, which defines the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseWith {
    /// The hand-written descent (`descent/`), and pest for a chunk it cannot read: what
    /// [`parse_module`] does.
    DescentThenPest,
    /// pest alone: the reference.
    Pest,
    /// The descent alone: a chunk it cannot read gives neither declarations nor errors.
    Descent,
}

/// [`parse_module`] with a chosen parser.
pub fn parse_module_with(
    file: FileId,
    text: &str,
    parser: ParseWith,
) -> (Module, Vec<SyntaxError>) {
    let mut items = Vec::new();
    let mut errors = Vec::new();
    for (start, end) in declaration_chunks(text) {
        let chunk = &text[start..end];
        let cx = Cx {
            file,
            offset: start,
        };
        // pest recurses several calls deep per level of nesting: a declaration nested too deep is
        // refused before pest runs, and a deep one is parsed on a stack made for its depth.
        match depth::nesting(file, start, chunk) {
            Ok(levels) => {
                let (parsed, failed) = depth::with_stack_for(levels, || {
                    let fast = match parser {
                        ParseWith::Pest => None,
                        _ => descent::parse_chunk(file, start, chunk),
                    };
                    match (fast, parser) {
                        (Some(items), _) => (items, Vec::new()),
                        (None, ParseWith::Descent) => (Vec::new(), Vec::new()),
                        (None, _) => cx.chunk(chunk),
                    }
                });
                items.extend(parsed);
                errors.extend(failed);
            }
            Err(e) => errors.push(e),
        }
    }
    (Module { file, items }, errors)
}

/// Words that start a top-level declaration: chunk boundaries for error recovery.
const DECLARATION_WORDS: [&str; 15] = [
    "use",
    "time",
    "param",
    "trait",
    "kpi",
    "entity",
    "facts",
    "lookup",
    "consents",
    "suppressions",
    "segment",
    "segmentation",
    "rfm",
    "clv",
    "test",
];

/// Byte ranges of the file, each starting at a top-level declaration (with its doc comment).
fn declaration_chunks(text: &str) -> Vec<(usize, usize)> {
    let mut starts = vec![0usize];
    let mut offset = 0usize;
    let mut doc_start: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let is_doc = line.starts_with("///");
        let starts_declaration = DECLARATION_WORDS.iter().any(|w| {
            line.strip_prefix(w)
                .is_some_and(|rest| rest.starts_with([' ', '\t']))
        });
        if starts_declaration {
            let start = doc_start.unwrap_or(offset);
            if start > 0 && starts.last() != Some(&start) {
                starts.push(start);
            }
        }
        // Blank and `//` comment lines between a doc comment and its declaration keep it attached.
        let is_gap = line.trim().is_empty() || (line.trim_start().starts_with("//") && !is_doc);
        doc_start = match (is_doc, doc_start) {
            (true, None) => Some(offset),
            (true, Some(s)) => Some(s),
            (false, Some(s)) if is_gap => Some(s),
            (false, _) => None,
        };
        offset += line.len();
    }
    let mut chunks = Vec::new();
    for (i, &s) in starts.iter().enumerate() {
        let e = starts.get(i + 1).copied().unwrap_or(text.len());
        chunks.push((s, e));
    }
    chunks
}

/// Conversion context: which file, and where the chunk being converted starts in it.
struct Cx {
    file: FileId,
    offset: usize,
}

/// A conversion's result: a node, or the one error that ends its declaration.
type Res<T> = Result<T, SyntaxError>;

impl Cx {
    /// The declarations of one chunk that parsed, and the errors of those that did not.
    fn chunk(&self, chunk: &str) -> (Vec<Item>, Vec<SyntaxError>) {
        let mut items = Vec::new();
        let mut errors = Vec::new();
        match detail::parse_file(chunk) {
            Ok(mut pairs) => {
                let Some(file_pair) = pairs.next() else {
                    return (items, errors);
                };
                for pair in file_pair.into_inner() {
                    if pair.as_rule() == Rule::EOI {
                        continue;
                    }
                    match self.item(pair) {
                        Ok(item) => items.push(item),
                        Err(e) => errors.push(e),
                    }
                }
            }
            Err(e) => errors.push(self.syntax_error(chunk, e)),
        }
        (items, errors)
    }

    /// Where a pair lies in the whole file.
    fn span(&self, pair: &Pair<Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.file, self.offset + s.start(), self.offset + s.end())
    }

    /// The span of a pair whose last part is a value, without the blanks and comments pest
    /// skips after that value while looking for an operator.
    fn tight_span(&self, pair: &Pair<Rule>) -> Span {
        let start = pair.as_span().start();
        let mut end = pair.as_span().end();
        let mut last = pair.clone().into_inner().last();
        while let Some(p) = last {
            end = p.as_span().end();
            last = match p.as_rule() {
                Rule::value => p.into_inner().last(),
                _ => None,
            };
        }
        Span::new(self.file, self.offset + start, self.offset + end)
    }

    fn ident(&self, pair: Pair<Rule>) -> Ident {
        Ident {
            span: self.span(&pair),
            name: pair.as_str().to_string(),
        }
    }

    /// One top-level declaration.
    fn item(&self, pair: Pair<Rule>) -> Res<Item> {
        Ok(match pair.as_rule() {
            Rule::use_decl => Item::Use(self.use_decl(pair)?),
            Rule::param_decl => Item::Param(self.param_decl(pair)?),
            Rule::time_zone_decl => Item::TimeZone(self.time_zone_decl(pair)?),
            Rule::entity_decl => Item::Entity(self.entity_decl(pair)?),
            Rule::facts_decl => Item::Facts(self.facts_decl(pair)?),
            Rule::lookup_decl => Item::Lookup(self.lookup_decl(pair)?),
            Rule::costs_decl => Item::Costs(self.costs_decl(pair)?),
            Rule::consents_decl => Item::Consents(self.consents_decl(pair)?),
            Rule::test_decl => Item::Test(self.test_decl(pair)?),
            Rule::suppressions_decl => Item::Suppressions(self.suppressions_decl(pair)?),
            Rule::segmentation_decl => Item::Segmentation(self.segmentation_decl(pair)?),
            Rule::rfm_decl => Item::Rfm(self.rfm_decl(pair)?),
            Rule::clv_decl => Item::Clv(self.clv_decl(pair)?),
            Rule::trait_decl => Item::Trait(self.trait_decl(pair)?),
            Rule::kpi_decl => Item::Kpi(Box::new(self.kpi_decl(pair)?)),
            _ => Item::Segment(Box::new(self.segment_decl(pair)?)),
        })
    }

    /// A doc comment's lines, without their `///` and one leading space.
    fn docs(&self, pair: Pair<Rule>) -> Option<String> {
        doc_text(pair.into_inner().map(|l| l.as_str()))
    }
}

/// The text of a doc comment: each `///` line without its slashes, one leading space and the
/// blanks at its end, joined by newlines; `None` without lines.
fn doc_text<'a>(lines: impl Iterator<Item = &'a str>) -> Option<String> {
    let lines: Vec<&str> = lines
        .map(|l| {
            let t = l.trim_start_matches('/');
            t.strip_prefix(' ').unwrap_or(t).trim_end()
        })
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// A placeholder for a name the grammar requires, so that conversions stay total.
fn missing_ident(span: Span) -> Ident {
    Ident {
        name: String::new(),
        span,
    }
}

/// The grammar rules that make a value, as found among a pair's children.
fn is_value_rule(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::value
            | Rule::paren
            | Rule::num_func
            | Rule::days_since
            | Rule::days_until
            | Rule::age
            | Rule::date_part
            | Rule::anniversary
            | Rule::text_func
            | Rule::aggregate
            | Rule::ago
            | Rule::model_field
            | Rule::name
            | Rule::date
            | Rule::decimal
            | Rule::int
            | Rule::string
            | Rule::boolean
    )
}
