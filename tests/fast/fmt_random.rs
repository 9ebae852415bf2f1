//! `seg fmt` on random programs: random conditions (chains, negations, brackets, arithmetic,
//! aggregates, references) written with random blanks, line breaks and comments between their
//! tokens. Formatting is idempotent, keeps the syntax tree (spans aside) and every comment, and
//! the program compiles to the same SQL on every dialect (apart from the SQL comments that quote
//! an aggregate as it was written) with the same diagnostics. The same
//! cases on every run (`SEG_FMT_CASES` sets how many, default 96).

use crate::fmt_corpus::{compiled, count_comments};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use seglang::format::{format_source, without_spans};
use seglang::source::FileId;
use seglang::syntax::parse_module;
use std::cell::Cell;

const SCHEMA: &str = r#"entity people from "p" {
  key id: string
  age: int?
  score: decimal(10, 2)?
  name: string?
  active: bool?
  tier: enum("a", "b", "c")?
  born: date?
}

facts events of people(id) from "e" at happened {
  happened: timestamp
  amount: decimal(10, 2)?
  kind: enum("x", "y")?
}
"#;

type Tokens = Vec<String>;

fn words(text: &str) -> Tokens {
    text.split(' ').map(str::to_string).collect()
}

/// A test on one column or aggregate, as tokens; `in base` too when `references`.
fn leaf(references: bool) -> impl Strategy<Value = Tokens> {
    let n = 1..400u32;
    (n.clone(), n, 0..12 + usize::from(references)).prop_map(|(a, b, kind)| {
        words(&match kind {
            0 => format!("age > {a}"),
            1 => "tier in [ \"a\" , \"b\" ]".to_string(),
            2 => "name starts with \"a\" ignoring case".to_string(),
            3 => format!("events . count ( where kind = \"x\" , last {a} days ) >= {b}"),
            4 => format!("born within last {a} days"),
            5 => "active".to_string(),
            6 => "score otherwise 0 < 5".to_string(),
            7 => format!("( age + {a} ) * 2 > {b}"),
            8 => "- age < 3".to_string(),
            9 => "age is missing".to_string(),
            10 => format!("days since born > {a}"),
            11 => "events . sum ( amount , where kind = \"y\" and amount > 1 ) > 10".to_string(),
            _ => "in base".to_string(),
        })
    })
}

/// A condition: leaves joined by `and` and `or`, negated and bracketed at random.
fn condition(references: bool) -> impl Strategy<Value = Tokens> {
    leaf(references).prop_recursive(4, 48, 4, |inner| {
        prop_oneof![
            (prop::collection::vec(inner.clone(), 2..5), any::<bool>()).prop_map(|(parts, or)| {
                let mut out = Vec::new();
                for (i, part) in parts.into_iter().enumerate() {
                    if i > 0 {
                        out.push(if or { "or" } else { "and" }.to_string());
                    }
                    out.push("(".to_string());
                    out.extend(part);
                    out.push(")".to_string());
                }
                out
            }),
            inner.clone().prop_map(|c| {
                let mut out = words("not (");
                out.extend(c);
                out.push(")".to_string());
                out
            }),
            inner.prop_map(|c| {
                let mut out = vec!["(".to_string()];
                out.extend(c);
                out.push(")".to_string());
                out
            }),
        ]
    })
}

/// A file of segments and a segmentation, as tokens; `\n` tokens end declarations.
fn program() -> impl Strategy<Value = Tokens> {
    (
        prop::collection::vec(condition(true), 2..4),
        condition(false),
        any::<bool>(),
    )
        .prop_map(|(conditions, stage, docs)| {
            let mut out = words("segment base on people { owner \"t\" where age > 18 }");
            for (i, c) in conditions.into_iter().enumerate() {
                out.push("\n".to_string());
                if docs {
                    out.push(format!("/// Segment {i}.\n"));
                }
                out.extend(words(&format!(
                    "segment s{i} on people {{ tags [ \"a\" , \"b\" ] holdout 10% where"
                )));
                out.extend(c);
                out.push("}".to_string());
            }
            out.push("\n".to_string());
            out.extend(words("segmentation st on people { first when"));
            out.extend(stage);
            out.extend(words("second_stage when active rest otherwise }"));
            out
        })
}

/// Joins tokens with random blanks, line breaks and comments; a declaration starts a line.
fn text() -> impl Strategy<Value = String> {
    program().prop_flat_map(|tokens| {
        // A comment after one token in forty: some declarations have none, some several.
        let gaps = prop::collection::vec(0..40u8, tokens.len());
        (Just(tokens), gaps).prop_map(|(tokens, gaps)| {
            let mut text = String::new();
            for (i, (token, gap)) in tokens.iter().zip(gaps).enumerate() {
                if token == "\n" {
                    text.push_str("\n\n");
                    continue;
                }
                if i > 0 && !text.ends_with('\n') {
                    text.push_str(match gap {
                        0 | 1 => " ",
                        2 => "\n    ",
                        3 => "  ",
                        4 => "\n",
                        5..=38 => " ",
                        _ => " // c\n  ",
                    });
                }
                text.push_str(token);
            }
            text.push('\n');
            text
        })
    })
}

/// The statements without their comment lines.
fn without_comments(sql: &[String]) -> Vec<String> {
    sql.iter()
        .map(|s| {
            let code: Vec<&str> = s
                .lines()
                .filter(|l| !l.trim_start().starts_with("--"))
                .collect();
            code.join("\n")
        })
        .collect()
}

/// Checks one text; returns how many of its random segments were formatted (not kept as
/// written for a comment that has no place in the layout).
fn check(text: &str) -> Result<usize, TestCaseError> {
    let errors = parse_module(FileId(0), text).1;
    prop_assert!(
        errors.is_empty(),
        "the generated text parses: {errors:?}\n{text}"
    );
    let once = format_source(FileId(0), text).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
    let twice =
        format_source(FileId(0), &once).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
    prop_assert_eq!(&once, &twice, "idempotent, from:\n{}", text);
    let (before, after) = (
        parse_module(FileId(0), text).0,
        parse_module(FileId(0), &once).0,
    );
    prop_assert_eq!(without_spans(&before.items), without_spans(&after.items));
    prop_assert_eq!(
        count_comments(text),
        count_comments(&once),
        "comments kept:\n{}",
        once
    );
    let files = |t: &str| compiled(&[("main.seg", t), ("schema.seg", SCHEMA)]);
    let ((sql_before, diagnostics_before), (sql_after, diagnostics_after)) =
        (files(text), files(&once));
    prop_assert_eq!(&diagnostics_before, &diagnostics_after);
    prop_assert!(
        !sql_before.is_empty(),
        "the program compiles: {:?}",
        diagnostics_before
    );
    // The SQL's comments quote each aggregate as written (blanks collapsed): what formatting
    // changes there is the quote, never the code.
    prop_assert_eq!(without_comments(&sql_before), without_comments(&sql_after));
    Ok(once.matches("\n  holdout 10%\n").count())
}

#[test]
fn random_programs_with_random_layouts_and_comments_format_faithfully() {
    let cases = std::env::var("SEG_FMT_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(96);
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    let (formatted, segments) = (Cell::new(0), Cell::new(0));
    let result = runner.run(&text(), |text| {
        formatted.set(formatted.get() + check(&text)?);
        segments.set(segments.get() + text.matches("segment s").count());
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    assert!(
        formatted.get() * 3 >= segments.get(),
        "only {} of {} random segments were formatted; the others were kept as written",
        formatted.get(),
        segments.get()
    );
}

/// The words of a `.seg` text (runs without blanks, a string literal kept whole) and its
/// comments (to the end of their line), each with whether it starts its line at column 0.
fn pieces(text: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut rest = line;
        let mut first = true;
        loop {
            let trimmed = rest.trim_start();
            if trimmed.is_empty() {
                break;
            }
            let at_column_0 = first && trimmed.len() == line.len();
            first = false;
            if trimmed.starts_with("//") {
                out.push((trimmed.trim_end().to_string(), at_column_0));
                break;
            }
            let mut end = 0;
            let mut in_string = false;
            let bytes = trimmed.as_bytes();
            while end < bytes.len() {
                match bytes[end] {
                    b'\\' if in_string => end += 1,
                    b'"' => in_string = !in_string,
                    b' ' | b'\t' if !in_string => break,
                    _ => {}
                }
                end += 1;
            }
            let end = end.min(trimmed.len());
            out.push((trimmed[..end].to_string(), at_column_0));
            rest = &trimmed[end..];
        }
    }
    out
}

/// An example file laid out at random: its declarations still start lines, its comments still
/// end them, and between its other words go blanks, line breaks and new comments.
fn relaid(text: &'static str) -> impl Strategy<Value = String> {
    let pieces = pieces(text);
    prop::collection::vec(0..12u8, pieces.len()).prop_map(move |gaps| {
        let mut out = String::new();
        for (i, ((piece, column_0), gap)) in pieces.iter().zip(gaps).enumerate() {
            let after_comment = i > 0 && pieces[i - 1].0.starts_with("//");
            if i > 0 {
                out.push_str(match (column_0, after_comment, gap) {
                    (true, _, _) => "\n\n",
                    (false, true, _) => "\n      ",
                    (false, false, 0..=5) => " ",
                    (false, false, 6 | 7) => "\n    ",
                    (false, false, 8 | 9) => "   ",
                    (false, false, 10) => "\n\n  ",
                    (false, false, _) => " // c\n  ",
                });
            }
            out.push_str(piece);
        }
        out.push('\n');
        out
    })
}

const B2B: [(&str, &str); 4] = [
    ("schema.seg", include_str!("../../examples/b2b/schema.seg")),
    (
        "segments.seg",
        include_str!("../../examples/b2b/segments.seg"),
    ),
    (
        "contacts.seg",
        include_str!("../../examples/b2b/contacts.seg"),
    ),
    ("tests.seg", include_str!("../../examples/b2b/tests.seg")),
];

const RETAIL: [(&str, &str); 3] = [
    (
        "schema.seg",
        include_str!("../../examples/retail/schema.seg"),
    ),
    (
        "segments.seg",
        include_str!("../../examples/retail/segments.seg"),
    ),
    ("tests.seg", include_str!("../../examples/retail/tests.seg")),
];

#[test]
fn the_examples_laid_out_at_random_format_faithfully() {
    let config = Config {
        cases: 8,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    for (name, original, project) in RETAIL
        .iter()
        .map(|&(n, o)| (n, o, &RETAIL[..]))
        .chain(B2B.iter().map(|&(n, o)| (n, o, &B2B[..])))
    {
        let result = runner.run(&relaid(original), |text| {
            let errors = parse_module(FileId(0), &text).1;
            prop_assert!(
                errors.is_empty(),
                "the relaid {name} parses: {errors:?}\n{text}"
            );
            let once = format_source(FileId(0), &text)
                .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
            let twice = format_source(FileId(0), &once)
                .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
            prop_assert_eq!(&once, &twice, "idempotent, from:\n{}", text);
            let (before, after) = (
                parse_module(FileId(0), &text).0,
                parse_module(FileId(0), &once).0,
            );
            prop_assert_eq!(without_spans(&before.items), without_spans(&after.items));
            prop_assert_eq!(count_comments(&text), count_comments(&once));
            let project = |t: &str| {
                let files: Vec<(&str, &str)> = project
                    .iter()
                    .map(|&(n, o)| (n, if n == name { t } else { o }))
                    .collect();
                compiled(&files)
            };
            let ((sql_before, diagnostics_before), (sql_after, diagnostics_after)) =
                (project(&text), project(&once));
            prop_assert_eq!(&diagnostics_before, &diagnostics_after);
            prop_assert!(!sql_before.is_empty(), "{:?}", diagnostics_before);
            prop_assert_eq!(without_comments(&sql_before), without_comments(&sql_after));
            Ok(())
        });
        if let Err(e) = result {
            panic!("{name}: {e}");
        }
    }
}
