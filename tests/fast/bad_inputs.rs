//! Bad input never panics: truncated and garbled versions of real files give diagnostics, and
//! hostile string literals cannot end the SQL literal they are written into.
//!
//! The parser reads each top-level declaration on its own, and the checker runs only when every
//! file parses. So when a file is damaged inside one declaration and that declaration no longer
//! parses, its syntax errors are the file's, and nothing else runs: it is analysed alone, which is
//! cheap. When the damaged declaration still parses, the whole damaged project is analysed, so the
//! checker, the lowering and every dialect meet it. Truncations are chosen by what they leave at
//! the end of the file (every kind of token after every kind of token, in every kind of
//! declaration: cut right after it, one character into it, one character short of its end, after
//! a backslash in a string, and after the blank or line break that follows it) rather than at
//! every n-th byte.

use seglang::check::CheckOptions;
use seglang::report::{render, Format};
use seglang::source::FileId;
use seglang::syntax::parse_module;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

const SCHEMA: &str = include_str!("../../examples/retail/schema.seg");
const SEGMENTS: &str = include_str!("../../examples/retail/segments.seg");
/// The grammar, read for its keywords: each keyword is a token shape of its own.
const GRAMMAR: &str = include_str!("../../grammar/seglang.pest");

/// Analyzes and renders in every format: nothing may panic, and every error carries a code.
fn analyze_everything(files: &[(&str, &str)]) {
    let analysis = seglang::analyze_sources(files, &CheckOptions::default());
    for d in &analysis.diagnostics {
        assert!(!d.code().is_empty(), "diagnostic without a code: {d:?}");
    }
    for format in [Format::Human { color: false }, Format::Json, Format::Github] {
        let _ = render(&analysis.diagnostics, &analysis.sources, format);
    }
    if let Some(program) = &analysis.program {
        let plans = seglang::ir::lower(
            program,
            &seglang::ir::LowerOptions {
                as_of: seglang::ir::AsOf::Today,
                segments: Vec::new(),
            },
        );
        for target in seglang::sql::Target::ALL {
            for plan in &plans {
                let _ = seglang::sql::emit(plan, seglang::sql::Form::Membership, target);
            }
        }
    }
}

/// Whether a declaration's text parses: only then can the damage reach the checker.
fn parses(declaration: &str) -> bool {
    parse_module(FileId(0), declaration).1.is_empty()
}

/// Analyzes the retail example with `file` in place of the file named `name`.
fn analyze_example_with(name: &str, file: &str) {
    let project = [("segments.seg", SEGMENTS), ("schema.seg", SCHEMA)]
        .map(|(n, text)| (n, if n == name { file } else { text }));
    analyze_everything(&project);
}

/// A top-level declaration: from its doc comment, if any, to where the next one begins.
struct Declaration {
    start: usize,
    end: usize,
    /// Its first word (`segment`, `entity`, `use`...).
    kind: String,
}

/// The declarations of a file: each begins on a line that starts with a word, with the doc
/// comment lines directly above it. Text before the first one belongs to it.
fn declarations(text: &str) -> Vec<Declaration> {
    let mut found: Vec<Declaration> = Vec::new();
    let (mut offset, mut doc) = (0, None);
    for line in text.split_inclusive('\n') {
        if line.starts_with("///") {
            doc.get_or_insert(offset);
        } else if line.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let start = if found.is_empty() {
                0
            } else {
                doc.unwrap_or(offset)
            };
            if let Some(last) = found.last_mut() {
                last.end = start;
            }
            let kind = line.split(|c: char| !c.is_ascii_alphanumeric()).next();
            let kind = kind.unwrap_or_default().to_string();
            found.push(Declaration {
                start,
                end: text.len(),
                kind,
            });
            doc = None;
        } else if !line.trim().is_empty() {
            doc = None;
        }
        offset += line.len();
    }
    found
}

/// A token of a `.seg` file: its byte range and its shape, the text itself for a keyword or a
/// punctuation mark, else its class (`name`, `number`, `date`, `string`, `comment`, `doc`).
struct Token {
    start: usize,
    end: usize,
    shape: String,
}

/// The words the grammar spells out (`"segment"`, `"where"`...).
fn keywords() -> &'static BTreeSet<&'static str> {
    static KEYWORDS: OnceLock<BTreeSet<&'static str>> = OnceLock::new();
    KEYWORDS.get_or_init(grammar_words)
}

/// Reads [`keywords`] from the grammar: every quoted lower-case word.
fn grammar_words() -> BTreeSet<&'static str> {
    let is_word =
        |w: &&str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
    let quoted = GRAMMAR.match_indices('"').filter_map(|(at, _)| {
        let rest = &GRAMMAR[at + 1..];
        rest.split_once('"').map(|(word, _)| word)
    });
    quoted.filter(is_word).collect()
}

/// The end of the token starting at `start`, whose first character is `first`, and its class.
fn token_end(text: &str, start: usize, first: char) -> (usize, &'static str) {
    let rest = &text[start..];
    let run =
        |keep: &dyn Fn(char) -> bool| start + rest.find(|c: char| !keep(c)).unwrap_or(rest.len());
    match first {
        '/' if rest.starts_with("///") => (run(&|c| c != '\n'), "doc"),
        '/' if rest.starts_with("//") => (run(&|c| c != '\n'), "comment"),
        '"' => {
            let mut escaped = false;
            let close = rest[1..].find(|c: char| {
                let stop = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                stop
            });
            (close.map_or(text.len(), |at| start + at + 2), "string")
        }
        '0'..='9' => {
            let end = run(&|c| c.is_ascii_digit() || matches!(c, '.' | '-' | ':'));
            let dashed = text[start..end].contains('-');
            (end, if dashed { "date" } else { "number" })
        }
        c if c.is_alphabetic() || c == '_' => (run(&|c| c.is_alphanumeric() || c == '_'), "name"),
        _ if [">=", "<=", "!="].iter().any(|op| rest.starts_with(op)) => (start + 2, ""),
        c => (start + c.len_utf8(), ""),
    }
}

/// The tokens of a file, whitespace dropped.
fn tokens(text: &str) -> Vec<Token> {
    let keywords = keywords();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(first) = text[at..].chars().next() {
        if first.is_whitespace() {
            at += first.len_utf8();
            continue;
        }
        let (end, class) = token_end(text, at, first);
        let word = &text[at..end];
        let shape = match class {
            "name" if !keywords.contains(word) => class,
            "name" | "" => word,
            _ => class,
        };
        out.push(Token {
            start: at,
            end,
            shape: shape.to_string(),
        });
        at = end;
    }
    out
}

/// A file's tokens other than plain comments, each with whether it starts a line (which decides
/// where the parser cuts declarations): all that its program depends on.
fn significant(text: &str) -> Vec<(&str, bool)> {
    let tokens = tokens(text).into_iter().filter(|t| t.shape != "comment");
    let starts_line = |at: usize| text[..at].ends_with('\n') || at == 0;
    tokens
        .map(|t| (&text[t.start..t.end], starts_line(t.start)))
        .collect()
}

/// The declaration that a cut at `at` damages: the last one starting at or before it.
fn containing(declarations: &[Declaration], at: usize) -> &Declaration {
    let starts_before = declarations.iter().rev().find(|d| d.start <= at);
    // The first declaration starts at 0, so one always does.
    starts_before.unwrap_or(&declarations[0])
}

/// One truncation point per kind of end: for each declaration kind, shape of the token before
/// and shape of the last token, the earliest cut right after that token, one character into it,
/// one short of its end, after a backslash in it, and after the blank or line break that
/// follows it; and the empty file.
fn cuts(text: &str) -> BTreeSet<usize> {
    let declarations = declarations(text);
    let tokens = tokens(text);
    let mut earliest: BTreeMap<(&str, &str, &str, &str), usize> = BTreeMap::new();
    for (i, t) in tokens.iter().enumerate() {
        let kind = containing(&declarations, t.start).kind.as_str();
        let before = i.checked_sub(1).map_or("", |b| tokens[b].shape.as_str());
        let word = &text[t.start..t.end];
        let chars: Vec<usize> = word.char_indices().map(|(at, _)| t.start + at).collect();
        let mut ends = vec![("right after", t.end)];
        if chars.len() > 1 {
            ends.push(("one character into", chars[1]));
        }
        if chars.len() > 2 {
            ends.push(("one character short of", chars[chars.len() - 1]));
        }
        if let (Some(slash), "string") = (word.find('\\'), t.shape.as_str()) {
            ends.push(("after a backslash in", t.start + slash + 1));
        }
        let next = tokens.get(i + 1).map_or(text.len(), |n| n.start);
        if text[t.end..next].contains('\n') {
            ends.push(("after the line break after", next));
        } else if next > t.end {
            ends.push(("after the blank after", next));
        }
        for (end, cut) in ends {
            earliest.entry((kind, before, &t.shape, end)).or_insert(cut);
        }
    }
    let mut cuts: BTreeSet<usize> = earliest.into_values().collect();
    cuts.insert(0);
    cuts
}

#[test]
fn truncations_at_every_kind_of_token_are_diagnosed_without_panic() {
    for (name, text) in [("segments.seg", SEGMENTS), ("schema.seg", SCHEMA)] {
        let declarations = declarations(text);
        // Cuts that differ only by trailing blanks check the same program: analyze it once.
        let mut checked = BTreeSet::new();
        for cut in cuts(text) {
            let damaged = &text[containing(&declarations, cut).start..cut];
            if !parses(damaged) {
                analyze_everything(&[(name, damaged)]);
            } else if checked.insert(text[..cut].trim_end()) {
                analyze_example_with(name, &text[..cut]);
            }
        }
    }
}

#[test]
fn garbled_examples_are_diagnosed_without_panic() {
    // A fixed linear congruential generator: the same garbage on every run.
    let mut state: u64 = 0x5eed;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let noise = [
        '(', ')', '"', '\\', '[', ']', '.', ',', '=', '<', '\n', 'é', '0', ' ', '/', '{', '}',
    ];
    let declarations = declarations(SEGMENTS);
    for _ in 0..300 {
        // The declaration around a random byte: longer declarations are garbled more often.
        let damaged = containing(&declarations, next() % SEGMENTS.len());
        let original = &SEGMENTS[damaged.start..damaged.end];
        let mut chars: Vec<char> = original.chars().collect();
        // Every declaration is longer than the six characters the edits may remove.
        for _ in 0..(1 + next() % 6) {
            let at = next() % chars.len();
            match next() % 3 {
                0 => chars[at] = noise[next() % noise.len()],
                1 => {
                    chars.remove(at);
                }
                _ => chars.insert(at, noise[next() % noise.len()]),
            }
        }
        let garbled: String = chars.into_iter().collect();
        let (before, after) = (&SEGMENTS[..damaged.start], &SEGMENTS[damaged.end..]);
        if !parses(&garbled) {
            analyze_everything(&[("segments.seg", &garbled)]);
        } else if significant(&garbled) != significant(original) {
            analyze_example_with("segments.seg", &format!("{before}{garbled}{after}"));
        }
        // Otherwise only comments or blanks changed: the example's own program, checked by the
        // snapshot tests.
    }
}

/// A segment whose string literals try to end the SQL literal and run their own statement.
const HOSTILE: &str = r#"segment s on people { where name = "x'; DROP TABLE p; --" or name contains "\\' OR 1=1 --" }"#;
/// The schema [`HOSTILE`] is checked against.
const HOSTILE_SCHEMA: &str = "entity people from \"p\" { key id: string\n name: string }\n";

#[test]
fn hostile_strings_stay_one_statement_on_every_dialect() {
    let program = crate::support::program(&[("s.seg", HOSTILE), ("schema.seg", HOSTILE_SCHEMA)]);
    let plans = seglang::ir::lower(
        &program,
        &seglang::ir::LowerOptions {
            as_of: seglang::ir::AsOf::Today,
            segments: Vec::new(),
        },
    );
    for target in seglang::sql::Target::ALL {
        let sql = seglang::sql::emit(&plans[0], seglang::sql::Form::Members(0), target)
            .expect("every target expresses the hostile segment");
        let statements = crate::reparse::assert_parses(&sql, target);
        assert_eq!(statements, 1, "exactly one statement on {target}:\n{sql}");
    }
}

/// A one-line segment of `terms` conditions that ends with an unknown name: the error's label
/// sits at column 13 × `terms` of line 2.
fn one_long_line(terms: usize) -> String {
    let conditions = vec!["id = \"x\""; terms].join(" and ");
    format!("entity customers {{ key id: string }}\nsegment s on customers {{ where {conditions} and nope = 1 }}\n")
}

#[test]
fn a_diagnostic_on_a_line_too_long_to_show_gives_its_position_instead_of_a_snippet() {
    // 10,000 terms put the label past column 65,535, where miette's renderer used to panic.
    for terms in [10, 10_000] {
        let text = one_long_line(terms);
        let analysis = seglang::analyze_sources(&[("long.seg", &text)], &CheckOptions::default());
        let codes: Vec<String> = analysis.diagnostics.iter().map(|d| d.code()).collect();
        assert_eq!(codes, ["E0104"]);
        let human = render(
            &analysis.diagnostics,
            &analysis.sources,
            Format::Human { color: false },
        );
        let column = text
            .lines()
            .nth(1)
            .and_then(|l| l.find("nope"))
            .map(|c| c + 1);
        let position = format!("long.seg:2:{}", column.unwrap_or_default());
        assert!(human.contains("unknown name `nope`"), "{human}");
        assert!(human.contains(&position), "{position} not in {human}");
        // The snippet, when it is shown, is cut by the terminal, never by the renderer.
        assert_eq!(human.contains("(no snippet"), terms == 10_000, "{human}");
    }
}
