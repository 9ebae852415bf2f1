//! The project's `test` blocks as dbt unit tests (`unit_tests.yml` of `seg dbt`): each test's
//! rows become the `given` inputs of its segment's model (every table the model reads, empty
//! where the test gives no rows, since dbt needs each input of the model), its expected keys
//! the `expect` rows, and its evaluation date the model's variable, in `overrides`.

use super::dbt::{quoted, AS_OF_VAR};
use crate::check::typed::{Program, TestCase};
use crate::value::{Cell, Table};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// What a unit test needs of a segment's model: its name, the entity's key column, and the
/// paths of the tables it reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelInput {
    pub model: String,
    pub key: String,
    pub tables: BTreeSet<Vec<String>>,
}

/// The exported segments' models, by segment name.
pub type ModelInputs = BTreeMap<String, ModelInput>;

/// `unit_tests.yml`, with one unit test per `test` block whose segment was exported; `None`
/// when there is none. `sources` gives the `source(…)` call of each table path.
pub fn unit_tests_text(
    program: &Program,
    inputs: &ModelInputs,
    sources: &BTreeMap<Vec<String>, String>,
) -> Option<String> {
    let mut out = String::from("version: 2\n\nunit_tests:\n");
    let mut names = BTreeSet::new();
    let mut any = false;
    for test in &program.tests {
        let segment = &program.segments[test.segment.0].name;
        let Some(input) = inputs.get(segment) else {
            continue;
        };
        any = true;
        let name = unique_name(&mut names, &test.name);
        unit_test(&mut out, program, test, &name, input, sources);
    }
    any.then_some(out)
}

/// One unit test: the model, its inputs, the expected keys, the evaluation date.
fn unit_test(
    out: &mut String,
    program: &Program,
    test: &TestCase,
    name: &str,
    input: &ModelInput,
    sources: &BTreeMap<Vec<String>, String>,
) {
    let _ = write!(
        out,
        "  - name: {}\n    description: {}\n    model: {}\n    overrides:\n      vars:\n        {AS_OF_VAR}: {}\n    given:\n",
        quoted(name),
        quoted(&test.name),
        quoted(&input.model),
        quoted(&test.as_of.to_string()),
    );
    for (declared, path, _) in program.schema.declared_tables() {
        if !input.tables.contains(&path.0) {
            continue;
        }
        let Some(call) = sources.get(&path.0) else {
            continue;
        };
        let _ = write!(out, "      - input: {}\n        rows:", quoted(call));
        match test.data.get(declared) {
            Some(table) if !table.rows.is_empty() => rows(out, table),
            _ => out.push_str(" []\n"),
        }
    }
    out.push_str("    expect:\n      rows:");
    match test.expect.is_empty() {
        true => out.push_str(" []\n"),
        false => {
            out.push('\n');
            for key in &test.expect {
                let _ = writeln!(
                    out,
                    "          - {{{}: {}}}",
                    quoted(&input.key),
                    quoted(key)
                );
            }
        }
    }
}

/// A table's rows as YAML flow mappings, one a line. Every value is a quoted string (or
/// `null`): dbt casts each to the column's type in the warehouse.
fn rows(out: &mut String, table: &Table) {
    out.push('\n');
    for row in &table.rows {
        let cells: Vec<String> = table
            .columns
            .iter()
            .zip(row)
            .map(|(column, cell)| {
                let value = match cell {
                    Cell::Null => "null".to_string(),
                    Cell::Num(_)
                    | Cell::Str(_)
                    | Cell::Bool(_)
                    | Cell::Date(_)
                    | Cell::Timestamp(_) => quoted(&cell.to_text()),
                };
                format!("{}: {value}", quoted(column))
            })
            .collect();
        let _ = writeln!(out, "          - {{{}}}", cells.join(", "));
    }
}

/// A unit test's name from the test's: lowercase letters, digits and underscores (dbt names
/// nodes by it), with `_2`, `_3`… for a name already taken.
fn unique_name(taken: &mut BTreeSet<String>, test: &str) -> String {
    let mut base = String::new();
    for c in test.chars() {
        match c.is_ascii_alphanumeric() {
            true => base.push(c.to_ascii_lowercase()),
            false if !base.ends_with('_') => base.push('_'),
            false => {}
        }
    }
    let base = match base.trim_matches('_') {
        "" => "test".to_string(),
        trimmed => trimmed.to_string(),
    };
    let mut name = base.clone();
    let mut n = 1;
    while !taken.insert(name.clone()) {
        n += 1;
        name = format!("{base}_{n}");
    }
    name
}
