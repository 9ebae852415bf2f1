//! `seg fmt` over every file the project ships: the examples, `seg init`'s templates, every
//! ```seg block of the docs, the bad-input corpus and truncations of the examples. What parses
//! formats idempotently to the same syntax tree (spans aside); the examples and the docs are
//! formatted already; and what compiles compiles to the same SQL, byte for byte apart from the
//! line numbers its comments cite, on every dialect, with the same diagnostics apart from their
//! positions.

use seglang::check::CheckOptions;
use seglang::format::{format_source, without_spans};
use seglang::ir::AsOf;
use seglang::source::FileId;
use seglang::sql::Target;
use seglang::syntax::parse_module;
use seglang::{CompileOptions, Statements};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `.seg` files under `dir`, recursively, sorted.
fn seg_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the directory exists")
        .map(|e| e.expect("readable").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            out.extend(seg_files(&path));
        } else if path.extension().is_some_and(|e| e == "seg") {
            out.push(path);
        }
    }
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("the file is UTF-8 text")
}

/// The ```seg blocks of a markdown file, with the line each starts on.
fn seg_blocks(markdown: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut lines = markdown.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        if line.trim_end() != "```seg" {
            continue;
        }
        let mut block = String::new();
        for (_, l) in lines.by_ref() {
            if l.trim_end() == "```" {
                break;
            }
            block.push_str(l);
            block.push('\n');
        }
        blocks.push((n + 1, block));
    }
    blocks
}

/// The docs' blocks, named `file:line`.
fn doc_blocks() -> Vec<(String, String)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .expect("docs/ exists")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files.push(root().join("README.md"));
    let mut out = Vec::new();
    for file in files {
        let name = file.file_name().map(|n| n.to_string_lossy().to_string());
        for (line, block) in seg_blocks(&read(&file)) {
            out.push((
                format!("{}:{line}", name.clone().unwrap_or_default()),
                block,
            ));
        }
    }
    out
}

/// Whether a text parses without error.
fn parses(text: &str) -> bool {
    parse_module(FileId(0), text).1.is_empty()
}

/// Formats `text`, which parses, and checks that formatting is idempotent and keeps its syntax
/// tree (spans aside) and its comments.
fn formats_faithfully(name: &str, text: &str) -> String {
    let once = format_source(FileId(0), text).unwrap_or_else(|_| panic!("{name} parses"));
    let twice = format_source(FileId(0), &once).unwrap_or_else(|_| panic!("{name} reparses"));
    assert_eq!(once, twice, "formatting {name} twice changes it again");
    let before = parse_module(FileId(0), text).0.items;
    let after = parse_module(FileId(0), &once).0.items;
    assert_eq!(before.len(), after.len(), "{name}: declarations lost");
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(
            without_spans(b),
            without_spans(a),
            "{name}: a declaration changed"
        );
    }
    assert_eq!(
        count_comments(&once),
        count_comments(text),
        "{name}: a comment was lost"
    );
    once
}

/// The comments of a text (a `//` outside string literals, to the end of its line).
pub(crate) fn count_comments(text: &str) -> usize {
    let mut count = 0;
    for line in text.lines() {
        let mut in_string = false;
        let mut escaped = false;
        let bytes = line.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            match (in_string, b) {
                (true, _) if escaped => escaped = false,
                (true, b'\\') => escaped = true,
                (_, b'"') => in_string = !in_string,
                (false, b'/') if bytes.get(i + 1) == Some(&b'/') => {
                    count += 1;
                    break;
                }
                _ => {}
            }
        }
    }
    count
}

/// Every statement of every segment on every dialect, and the diagnostics without positions.
pub(crate) fn compiled(files: &[(&str, &str)]) -> (Vec<String>, Vec<String>) {
    let analysis = seglang::analyze_sources(files, &CheckOptions::default());
    let diagnostics = analysis
        .diagnostics
        .iter()
        .map(|d| format!("{} {} {:?}", d.code(), d.message(), d.help()))
        .collect();
    let mut sql = Vec::new();
    if let Some(program) = &analysis.program {
        for target in Target::ALL {
            let options = CompileOptions {
                target,
                as_of: AsOf::Fixed(seglang::value::Date::parse("2026-11-22").expect("a date")),
                segments: Vec::new(),
                statements: Statements::All,
            };
            match seglang::compile(program, &options) {
                Ok(c) => sql.extend(c.statements.iter().map(|s| without_lines(&s.sql))),
                Err(e) => sql.push(format!("{e:?}")),
            }
        }
    }
    (sql, diagnostics)
}

/// SQL with the line numbers its comments cite (`segments.seg:27`) replaced by `N`: the one
/// thing formatting may change in it.
fn without_lines(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some(at) = rest.find(".seg:") {
        out.push_str(&rest[..at + 5]);
        rest = rest[at + 5..].trim_start_matches(|c: char| c.is_ascii_digit());
        out.push('N');
    }
    out.push_str(rest);
    out
}

/// Checks that a project, its files formatted, compiles to the same SQL with the same
/// diagnostics; returns how many statements were compared.
fn compiles_identically(name: &str, files: &[(&str, &str)]) -> usize {
    let formatted: Vec<(String, String)> = files
        .iter()
        .map(|(n, t)| match parses(t) {
            true => (n.to_string(), formats_faithfully(n, t)),
            false => (n.to_string(), t.to_string()),
        })
        .collect();
    let formatted: Vec<(&str, &str)> = formatted
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let (sql_before, diagnostics_before) = compiled(files);
    let (sql_after, diagnostics_after) = compiled(&formatted);
    assert_eq!(
        diagnostics_before, diagnostics_after,
        "{name}: the diagnostics changed"
    );
    assert_eq!(sql_before, sql_after, "{name}: the SQL changed");
    sql_before.len()
}

#[test]
fn the_examples_and_templates_are_formatted_and_compile_to_the_same_sql() {
    let mut statements = 0;
    for example in ["examples/retail", "examples/b2b"] {
        let paths = seg_files(&root().join(example));
        let texts: Vec<(String, String)> = paths
            .iter()
            .map(|p| {
                let name = p
                    .strip_prefix(root().join(example))
                    .expect("inside")
                    .to_string_lossy()
                    .to_string();
                (name, read(p))
            })
            .collect();
        for (name, text) in &texts {
            let formatted = formats_faithfully(name, text);
            assert_eq!(
                &formatted, text,
                "{example}/{name} is not formatted: run seg fmt {example}"
            );
        }
        let files: Vec<(&str, &str)> = texts
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        // The entry files first: a project is every file, as `seg compile DIR` reads it.
        statements += compiles_identically(example, &files);
    }
    assert!(
        statements > 100,
        "the examples compiled to {statements} statements"
    );
    let schema = read(&root().join("examples/retail/schema.seg"));
    let mut init = vec![("schema.seg".to_string(), schema)];
    for name in ["segments.seg", "tests.seg"] {
        let text = read(&root().join("src/cli/init").join(name));
        assert_eq!(
            formats_faithfully(name, &text),
            text,
            "src/cli/init/{name} is not formatted"
        );
        init.push((name.to_string(), text));
    }
    let files: Vec<(&str, &str)> = init
        .iter()
        .rev()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    assert!(compiles_identically("seg init", &files) > 0);
}

#[test]
fn every_docs_block_that_parses_is_formatted_and_compiles_to_the_same_sql() {
    let blocks = doc_blocks();
    let schema = read(&root().join("examples/retail/schema.seg"));
    let catalogue_schema = seg_blocks(&read(&root().join("docs/diagnostics.md")))
        .into_iter()
        .next()
        .map(|(_, b)| b)
        .unwrap_or_default();
    let (mut parsed, mut compiled_blocks) = (0, 0);
    for (name, block) in &blocks {
        if !parses(block) {
            continue;
        }
        parsed += 1;
        let formatted = formats_faithfully(name, block);
        assert_eq!(&formatted, block, "the block at {name} is not formatted");
        // A block alone, or beside the retail schema or the catalogue's schema: each of these
        // that checks compiles to the same SQL once formatted.
        for context in [None, Some(&schema), Some(&catalogue_schema)] {
            let mut files = vec![("block.seg", block.as_str())];
            if let Some(schema) = context {
                files.push(("schema.seg", schema.as_str()));
            }
            if compiles_identically(name, &files) > 0 {
                compiled_blocks += 1;
            }
        }
    }
    assert!(
        parsed > 80,
        "only {parsed} of {} docs blocks parse",
        blocks.len()
    );
    assert!(
        compiled_blocks > 20,
        "only {compiled_blocks} docs blocks compile"
    );
}

#[test]
fn the_bad_inputs_and_truncated_examples_that_parse_format_faithfully() {
    let mut checked = 0;
    for path in seg_files(&root().join("tests/fast/bad")) {
        let text = read(&path);
        if parses(&text) {
            let name = path.display().to_string();
            formats_faithfully(&name, &text);
            compiles_identically(&name, &[(&name, &text)]);
            checked += 1;
        }
    }
    for example in [
        "examples/retail/schema.seg",
        "examples/retail/segments.seg",
        "examples/retail/tests.seg",
        "examples/b2b/schema.seg",
        "examples/b2b/segments.seg",
        "examples/b2b/contacts.seg",
    ] {
        let text = read(&root().join(example));
        let mut cut = 0;
        for line in text.split_inclusive('\n') {
            cut += line.len();
            // Every line's end, and the line cut after its first word.
            let word = line
                .trim_start()
                .find(' ')
                .map(|i| line.len() - line.trim_start().len() + i);
            for end in [Some(cut), word.map(|w| cut - line.len() + w)]
                .into_iter()
                .flatten()
            {
                let prefix = &text[..end];
                if parses(prefix) {
                    formats_faithfully(&format!("{example}[..{end}]"), prefix);
                    checked += 1;
                }
            }
        }
    }
    assert!(
        checked > 150,
        "only {checked} bad or truncated inputs parse"
    );
}

#[test]
fn the_test_fixtures_format_faithfully_and_compile_to_the_same_sql() {
    let mut statements = 0;
    for path in seg_files(&root().join("tests/fixtures")) {
        let name = path.display().to_string();
        statements += compiles_identically(&name, &[("fixture.seg", &read(&path))]);
    }
    assert!(
        statements > 100,
        "the fixtures compiled to {statements} statements"
    );
}

/// A text with every line's indentation made one space (a line at column 0 stays there: a word
/// at column 0 starts a declaration) and each run of blanks outside string literals and
/// comments made one space.
fn flattened(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with([' ', '\t']) {
            out.push(' ');
        }
        let mut in_string = false;
        let mut previous_blank = false;
        let chars: Vec<char> = line.trim().chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if !in_string && c == '/' && chars.get(i + 1) == Some(&'/') {
                out.extend(&chars[i..]);
                break;
            }
            match c {
                '"' if i == 0 || chars[i - 1] != '\\' => in_string = !in_string,
                ' ' | '\t' if !in_string && previous_blank => continue,
                _ => {}
            }
            previous_blank = c == ' ' || c == '\t';
            out.push(c);
        }
        out.push('\n');
    }
    out
}

/// The flattened examples keep their lines, so their SQL cites the same lines: formatting them
/// back must give the same SQL byte for byte, comments included.
#[test]
fn the_examples_with_their_indentation_and_spacing_flattened_format_back_to_themselves() {
    let mut statements = 0;
    for example in ["examples/retail", "examples/b2b"] {
        let (mut flat, mut original) = (Vec::new(), Vec::new());
        for path in seg_files(&root().join(example)) {
            let text = read(&path);
            let flattened = flattened(&text);
            assert_ne!(
                flattened,
                text,
                "{} has indentation to remove",
                path.display()
            );
            let formatted =
                format_source(FileId(0), &flattened).expect("the flattened text parses");
            assert_eq!(
                formatted,
                text,
                "{} flattened does not format back",
                path.display()
            );
            let name = path.strip_prefix(root().join(example)).expect("inside");
            let name = name.to_string_lossy().to_string();
            flat.push((name.clone(), flattened));
            original.push((name, text));
        }
        let as_refs = |f: &[(String, String)]| {
            compiled(
                &f.iter()
                    .map(|(n, t)| (n.as_str(), t.as_str()))
                    .collect::<Vec<_>>(),
            )
        };
        let (sql_flat, _) = as_refs(&flat);
        let (sql_original, _) = as_refs(&original);
        assert_eq!(
            sql_flat, sql_original,
            "{example}: the SQL changed, comments included"
        );
        statements += sql_flat.len();
    }
    assert!(statements > 100, "{statements} statements");
}
