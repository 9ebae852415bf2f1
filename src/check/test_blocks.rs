//! `test` blocks: rows checked against the schema, the segment under test, expected members.

use super::errors::{a, did_you_mean, CheckError, NameError, TestBlockError};
use super::names::Declared;
use super::typed::{Column, Schema, SegmentId, TestCase, Type};
use crate::source::Span;
use crate::suggest::closest;
use crate::syntax::ast;
use crate::value::{Cell, Dataset, Num, Table, Timestamp};
use std::collections::BTreeSet;

/// Checks every test; `segments` are the checked segments' names in `SegmentId` order.
pub fn check_tests(
    decls: &[&ast::TestDecl],
    schema: &Schema,
    segments: &[String],
    errors: &mut Vec<CheckError>,
) -> Vec<TestCase> {
    let mut out = Vec::new();
    let mut seen = Declared::default();
    for decl in decls {
        if !seen.is_new("test", &decl.name.value, decl.name.span, errors) {
            continue;
        }
        let before = errors.len();
        let case = check_test(decl, schema, segments, errors);
        if errors.len() == before {
            out.extend(case);
        }
    }
    out
}

fn check_test(
    decl: &ast::TestDecl,
    schema: &Schema,
    segments: &[String],
    errors: &mut Vec<CheckError>,
) -> Option<TestCase> {
    for (what, span) in &decl.repeated {
        errors.push(CheckError::new(
            *span,
            TestBlockError::RepeatedEntry { what },
        ));
    }
    let segment = match &decl.segment {
        None => {
            errors.push(incomplete(
                decl,
                "which segment it tests",
                "add `segment NAME`",
            ));
            None
        }
        Some(id) => match segments.iter().position(|s| *s == id.name) {
            Some(i) => Some(SegmentId(i)),
            None => {
                let candidates = segments.iter().map(String::as_str);
                errors.push(CheckError::new(
                    id.span,
                    NameError::UnknownSegment {
                        name: id.name.clone(),
                        help: did_you_mean(closest(&id.name, candidates)),
                    },
                ));
                None
            }
        },
    };
    let as_of = match decl.as_of.as_ref().map(|l| &l.kind) {
        Some(ast::LiteralKind::Date(d)) => Some(*d),
        _ => {
            errors.push(incomplete(
                decl,
                "its evaluation date",
                "add `as_of YYYY-MM-DD` so the test means the same every day",
            ));
            None
        }
    };
    let expect = expected_members(decl, errors);
    let data = dataset(decl, schema, errors);
    Some(TestCase {
        name: decl.name.value.clone(),
        segment: segment?,
        as_of: as_of?,
        data,
        expect: expect?,
        decl_span: decl.span,
    })
}

/// The test does not say `what`; `help` says how to.
fn incomplete(decl: &ast::TestDecl, what: &'static str, help: &'static str) -> CheckError {
    let test = decl.name.value.clone();
    CheckError::new(
        decl.name.span,
        TestBlockError::Incomplete { test, what, help },
    )
}

/// The keys `expect [...]` lists, or an error when the test has no `expect`.
fn expected_members(
    decl: &ast::TestDecl,
    errors: &mut Vec<CheckError>,
) -> Option<BTreeSet<String>> {
    match &decl.expect {
        None => {
            errors.push(incomplete(
                decl,
                "which members it expects",
                "add `expect [\"key1\", \"key2\"]` (or `expect []`)",
            ));
            None
        }
        Some((keys, _)) => {
            let mut set = BTreeSet::new();
            for k in keys {
                match &k.kind {
                    ast::LiteralKind::String(s) => {
                        set.insert(s.clone());
                    }
                    ast::LiteralKind::Int(i) => {
                        set.insert(i.to_string());
                    }
                    _ => errors.push(CheckError::new(k.span, TestBlockError::BadExpectedKey)),
                }
            }
            Some(set)
        }
    }
}

fn dataset(decl: &ast::TestDecl, schema: &Schema, errors: &mut Vec<CheckError>) -> Dataset {
    let tables: Vec<(&str, &[Column])> = schema
        .declared_tables()
        .into_iter()
        .map(|(name, _, columns)| (name, columns))
        .collect();
    let mut data: Dataset = tables
        .iter()
        .map(|(name, columns)| {
            (
                name.to_string(),
                Table {
                    columns: columns.iter().map(|c| c.name.clone()).collect(),
                    rows: Vec::new(),
                },
            )
        })
        .collect();
    for block in &decl.rows {
        let Some((_, columns)) = tables.iter().find(|(n, _)| *n == block.table.name) else {
            let candidates = tables.iter().map(|(n, _)| *n);
            errors.push(CheckError::new(
                block.table.span,
                TestBlockError::UnknownTable {
                    name: block.table.name.clone(),
                    help: did_you_mean(closest(&block.table.name, candidates)),
                },
            ));
            continue;
        };
        for record in &block.records {
            if let Some(row) = row(&block.table.name, columns, record, errors) {
                if let Some(t) = data.get_mut(&block.table.name) {
                    t.rows.push(row);
                }
            }
        }
    }
    data
}

fn row(
    table: &str,
    columns: &[Column],
    record: &ast::Record,
    errors: &mut Vec<CheckError>,
) -> Option<Vec<Cell>> {
    let mut cells: Vec<Option<Cell>> = vec![None; columns.len()];
    let mut ok = true;
    for (name, value) in &record.fields {
        let Some(i) = columns.iter().position(|c| c.name == name.name) else {
            ok = false;
            let candidates = columns.iter().map(|c| c.name.as_str());
            errors.push(CheckError::new(
                name.span,
                NameError::UnknownColumn {
                    name: name.name.clone(),
                    table: table.to_string(),
                    help: did_you_mean(closest(&name.name, candidates)),
                },
            ));
            continue;
        };
        match cell(&columns[i], value) {
            Ok(c) => cells[i] = Some(c),
            Err((span, shown, help)) => {
                ok = false;
                errors.push(CheckError::new(
                    span,
                    TestBlockError::BadValue {
                        value: shown,
                        table: table.to_string(),
                        column: columns[i].name.clone(),
                        expected: a(&columns[i].ty.describe())
                            + if columns[i].nullable { " or null" } else { "" },
                        help,
                    },
                ));
            }
        }
    }
    let missing: Vec<String> = columns
        .iter()
        .zip(&cells)
        .filter(|(c, v)| v.is_none() && !c.nullable)
        .map(|(c, _)| format!("`{}`", c.name))
        .collect();
    if !missing.is_empty() {
        errors.push(CheckError::new(
            record.span,
            TestBlockError::IncompleteRow {
                table: table.to_string(),
                columns: missing.join(", "),
            },
        ));
        return None;
    }
    ok.then(|| cells.into_iter().map(|c| c.unwrap_or(Cell::Null)).collect())
}

type CellError = (Span, String, String);

/// A written value as a cell of `column`, or why it does not fit.
fn cell(column: &Column, value: &ast::FieldValue) -> Result<Cell, CellError> {
    let (span, shown) = match value {
        ast::FieldValue::Null(span) => {
            return match column.nullable {
                true => Ok(Cell::Null),
                false => Err((
                    *span,
                    "null".into(),
                    "the column is declared without `?`".into(),
                )),
            }
        }
        ast::FieldValue::Timestamp(text, span) => {
            return match (&column.ty, Timestamp::parse(text)) {
                (Type::Timestamp, Some(t)) => Ok(Cell::Timestamp(t)),
                (Type::Timestamp, None) => {
                    Err((*span, text.clone(), "write YYYY-MM-DDTHH:MM:SS".into()))
                }
                _ => Err((
                    *span,
                    text.clone(),
                    "only timestamp columns take a time of day".into(),
                )),
            }
        }
        ast::FieldValue::Literal(l) => (l.span, l),
    };
    let bad = |help: &str| Err((span, describe(&shown.kind), help.to_string()));
    match (&column.ty, &shown.kind) {
        (Type::String, ast::LiteralKind::String(s)) => Ok(Cell::Str(s.clone())),
        (Type::Enum(values), ast::LiteralKind::String(s)) => match values.contains(s) {
            true => Ok(Cell::Str(s.clone())),
            false => bad(&format!("declared values: {}", values.join(", "))),
        },
        (Type::Int, ast::LiteralKind::Int(i)) => Ok(Cell::Num(Num::int(*i))),
        (Type::Decimal { .. }, ast::LiteralKind::Int(i)) => Ok(Cell::Num(Num::int(*i))),
        (Type::Decimal { scale, .. }, ast::LiteralKind::Decimal(d)) => {
            let places = d.split('.').nth(1).map(str::len).unwrap_or(0);
            match (places <= *scale as usize, Num::parse(d)) {
                (true, Some(n)) => Ok(Cell::Num(n)),
                _ => bad(&format!("the column keeps {scale} decimal places")),
            }
        }
        (Type::Bool, ast::LiteralKind::Bool(b)) => Ok(Cell::Bool(*b)),
        (Type::Date, ast::LiteralKind::Date(d)) => Ok(Cell::Date(*d)),
        (Type::Timestamp, ast::LiteralKind::Date(d)) => Ok(Cell::Timestamp(Timestamp {
            date: *d,
            seconds: 0,
        })),
        _ => bad("write a value of the column's type"),
    }
}

fn describe(kind: &ast::LiteralKind) -> String {
    match kind {
        ast::LiteralKind::Int(i) => i.to_string(),
        ast::LiteralKind::Decimal(d) => d.clone(),
        ast::LiteralKind::String(s) => format!("\"{s}\""),
        ast::LiteralKind::Bool(b) => b.to_string(),
        ast::LiteralKind::Date(d) => d.to_string(),
    }
}
