//! Format stage: AST + source text → the text in seglang's one layout. `format_source` is the
//! stage boundary (`seg fmt`, and later the language server).
//!
//! The layout: two spaces of indentation per block; one declaration, entry, column or stage a
//! line; a condition on one line when it fits in [`WIDTH`] columns, else (and when its author
//! wrote it over several lines) its `and`/`or` chain one operand a line, the operator leading
//! (`conditions.rs`); a test still too long broken before its comparison operator
//! (`long_tests.rs`; an aggregate is never broken, the SQL's comments quote it as written);
//! stage names padded so that their `when`s align; spaces around operators and after commas;
//! names and literals as written. Blank lines between declarations and inside blocks are kept,
//! as one; blocks (`{ … }`) are set apart from what comes before and after them by one.
//!
//! The tree holds no `//` comments: `lexer.rs` finds them in the text and `out.rs` writes them
//! back before the line they preceded, or at the end of the line they ended. Each formatted
//! declaration is parsed again and compared with the original, spans aside, and must hold the
//! same comments: a declaration that does not pass (a comment inside what becomes one line, say)
//! is kept as it was written. So formatting never changes what a file means or drops a comment.

mod conditions;
mod declarations;
mod lexer;
mod long_tests;
mod out;
mod tables;
mod test_blocks;
mod values;

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};
use crate::syntax::ast::Item;
use crate::syntax::parse_module;
use lexer::Lexed;
use out::{Gap, Out};

/// The width lines are kept within where the layout can break them.
pub const WIDTH: usize = 100;

/// Stack for formatting: the parser accepts nesting up to `syntax::MAX_DEPTH`, and formatting
/// and the check of its result walk the tree recursively.
const STACK: usize = 64 * 1024 * 1024;

/// Formats one file. A file that does not parse is an error: its syntax diagnostics, which
/// point into `file`.
pub fn format_source(file: FileId, text: &str) -> Result<String, Vec<Diagnostic>> {
    let (module, errors) = parse_module(file, text);
    if !errors.is_empty() {
        return Err(errors.into_iter().map(Diagnostic::from).collect());
    }
    let run = || format_items(&module.items, text);
    let formatted = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("seglang-format".into())
            .stack_size(STACK)
            .spawn_scoped(scope, run)
            .ok()
            .map(|thread| match thread.join() {
                Ok(text) => text,
                Err(panic) => std::panic::resume_unwind(panic),
            })
    });
    Ok(formatted.unwrap_or_else(|| format_items(&module.items, text)))
}

/// The formatted text of parsed items; the text itself if the result would not parse to the
/// same items (each declaration is checked, so this is a last safeguard).
fn format_items(items: &[Item], text: &str) -> String {
    let lexed = lexer::lex(text);
    let mut printer = Printer {
        src: text,
        lexed: &lexed,
        out: Out::new(text, &lexed.comments),
    };
    let mut previous_block = false;
    for item in items {
        previous_block = printer.item(item, previous_block);
    }
    printer.out.finish();
    let mut formatted = printer.out.lines.join("\n");
    if !formatted.is_empty() {
        formatted.push('\n');
    }
    match same_items(items, &formatted) {
        true => formatted,
        false => text.to_string(),
    }
}

/// Whether `text` parses, without error, to `items` (spans aside).
fn same_items(items: &[Item], text: &str) -> bool {
    let (module, errors) = parse_module(FileId(0), text);
    errors.is_empty()
        && module.items.len() == items.len()
        && module
            .items
            .iter()
            .zip(items)
            .all(|(a, b)| without_spans(a) == without_spans(b))
}

/// A node's debug text with every span removed: what two parses of one meaning share.
pub fn without_spans(node: &impl std::fmt::Debug) -> String {
    let text = format!("{node:?}");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("Span {") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        rest = rest.find('}').map_or("", |end| &rest[end + 1..]);
    }
    out.push_str(rest);
    out
}

/// What writes one file: its text, its tokens and comments, and the lines written so far.
struct Printer<'a> {
    src: &'a str,
    lexed: &'a Lexed,
    out: Out<'a>,
}

impl Printer<'_> {
    /// The source text of a span.
    fn slice(&self, span: Span) -> String {
        self.src
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
            .to_string()
    }

    /// The token that starts at `pos`.
    fn word_at(&self, pos: usize) -> &str {
        match self.lexed.after(pos) {
            Some((s, e)) if s == pos => &self.src[s..e],
            _ => "",
        }
    }

    /// The source range of a span, from its first token to its last (docs excluded).
    fn range(&self, span: Span) -> (usize, usize) {
        self.lexed.tight(span.start as usize, span.end as usize)
    }

    /// Where the token after `pos` ends (an opening brace after a header).
    fn end_of_token_after(&self, pos: usize) -> usize {
        self.lexed.after(pos).map_or(pos, |(_, e)| e)
    }

    /// Marks the declaration being written as one to keep as written.
    fn keep_as_written(&mut self) {
        self.out.misplaced = true;
    }

    /// Writes one top-level declaration, after one blank line when it or the one before is a
    /// block (`{ … }`); returns whether it is one.
    fn item(&mut self, item: &Item, previous_block: bool) -> bool {
        let range = self.range(item_span(item));
        if previous_block {
            self.out.blank();
        }
        let mark = self.out.mark();
        self.out.comments_before(range.0, 0, Gap::KeepBlank);
        if self.out.blank_before(range.0) {
            self.out.blank();
        }
        self.write_item(item, range);
        if !self.verified(item, mark) {
            self.out.reset(mark);
            self.out.comments_before(range.0, 0, Gap::KeepBlank);
            if self.out.blank_before(range.0) {
                self.out.blank();
            }
            self.out.verbatim(range);
        }
        let block = is_block(item);
        let start = mark.lines;
        let written = |i: usize| self.out.lines.get(i).is_some_and(|l| !l.is_empty());
        if block && start > 0 && written(start - 1) && written(start) {
            self.out.lines.insert(start, String::new());
        }
        block
    }

    /// Whether the lines written since `mark` hold every comment of the source they stand for,
    /// each where it was, and parse to `item` again.
    fn verified(&self, item: &Item, mark: out::Mark) -> bool {
        if self.out.misplaced {
            return false;
        }
        let piece = self.out.lines[mark.lines..].join("\n");
        if lexer::lex(&piece).comments.len() != self.out.next - mark.next {
            return false;
        }
        let (module, errors) = parse_module(FileId(0), &piece);
        errors.is_empty()
            && module.items.len() == 1
            && without_spans(&module.items[0]) == without_spans(item)
    }

    /// Writes a declaration whose source is `range`.
    fn write_item(&mut self, item: &Item, range: (usize, usize)) {
        match item {
            Item::Use(d) => self.use_decl(d, range),
            Item::Param(d) => self.param_decl(d, range),
            Item::TimeZone(d) => self.time_zone_decl(d, range),
            Item::Entity(d) => self.entity_decl(d, range),
            Item::Facts(d) => self.facts_decl(d, range),
            Item::Lookup(d) => self.lookup_decl(d, range),
            Item::Costs(d) => self.costs_decl(d, range),
            Item::Consents(d) => self.consents_decl(d, range),
            Item::Suppressions(d) => self.suppressions_decl(d, range),
            Item::Segment(d) => self.segment_decl(d, range),
            Item::Segmentation(d) => self.segmentation_decl(d, range),
            Item::Rfm(d) => self.rfm_decl(d, range),
            Item::Clv(d) => self.clv_decl(d, range),
            Item::Trait(d) => self.trait_decl(d, range),
            Item::Kpi(d) => self.kpi_decl(d, range),
            Item::Test(d) => self.test_decl(d, range),
        }
    }

    /// Opens a block: its header line, ending with `{`, standing for `start..` its brace.
    fn open(&mut self, text: &str, start: usize, brace: usize) {
        self.out
            .line(0, Gap::Tight, (start, brace), &format!("{text} {{"));
    }

    /// Closes a block at the brace that ends `range`; the comments before it stay inside.
    fn close(&mut self, range: (usize, usize)) {
        let brace = (range.1.saturating_sub(1), range.1);
        self.out.line_with_comments_at(0, 2, Gap::Tight, brace, "}");
    }

    /// A block with no entries and no comment inside: `{}` on the header's line.
    fn empty_block(&mut self, text: &str, range: (usize, usize), empty: bool) -> bool {
        let bare = empty && !self.lexed.has_comment(range.0, range.1);
        if bare {
            self.out.line(0, Gap::Tight, range, &format!("{text} {{}}"));
        }
        bare
    }
}

/// Whether a declaration is a block, `{ … }`: those are set apart by blank lines.
fn is_block(item: &Item) -> bool {
    match item {
        Item::Use(_) | Item::Param(_) | Item::TimeZone(_) | Item::Trait(_) | Item::Kpi(_) => false,
        Item::Entity(_)
        | Item::Facts(_)
        | Item::Lookup(_)
        | Item::Costs(_)
        | Item::Consents(_)
        | Item::Suppressions(_)
        | Item::Segment(_)
        | Item::Segmentation(_)
        | Item::Rfm(_)
        | Item::Clv(_)
        | Item::Test(_) => true,
    }
}

/// A declaration's span, doc comment included.
fn item_span(item: &Item) -> Span {
    match item {
        Item::Use(d) => d.span,
        Item::Param(d) => d.span,
        Item::TimeZone(d) => d.span,
        Item::Entity(d) => d.span,
        Item::Facts(d) => d.header.span,
        Item::Lookup(d) => d.span,
        Item::Costs(d) => d.span,
        Item::Consents(d) => d.header.span,
        Item::Suppressions(d) => d.header.span,
        Item::Segment(d) => d.span,
        Item::Segmentation(d) => d.span,
        Item::Rfm(d) => d.span,
        Item::Clv(d) => d.span,
        Item::Trait(d) => d.span,
        Item::Kpi(d) => d.span,
        Item::Test(d) => d.span,
    }
}
