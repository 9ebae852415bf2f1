//! `seg dbt`'s files for a small project: every table a model reads is a `{{ source(…) }}` of
//! `sources.yml` (a `from` name's schema is the source, a table without one is source `seg`),
//! `schema.yml` tests the keys, the membership's pairs and the stages, and a name two models
//! would share is E0540; `test` blocks become dbt unit tests of their segment's model, given
//! exactly the tables it reads, with the evaluation date as the variable every model reads.

use crate::support::{date, program};
use seglang::ir::AsOf;
use seglang::sql::Target;
use seglang::{dbt_project, CompileError, DbtFile, DbtOptions, AS_OF_VAR};

const SCHEMA: &str = r#"
entity customers from "crm.customers" {
  key customer_id: string
  city: string?
}
facts orders of customers(customer_id) at ordered_at {
  order_id: string
  amount: decimal(12, 2)
  ordered_at: timestamp
}
"#;

const SEGMENTS: &str = r#"
segment parisians on customers { where city = "Paris" }
segment buyers on customers {
  holdout 10%
  where orders.count(last 30 days) > 0
}
segmentation activity on customers {
  recent when orders.count(last 30 days) > 0
  idle   otherwise
}
"#;

const TESTS: &str = r#"
test "a Parisian is found" {
  segment parisians
  as_of 2027-01-15
  rows customers [
    { customer_id: "c1", city: "Paris" },
    { customer_id: "c2", city: null },
  ]
  expect ["c1"]
}
test "a buyer's order: O'Brien's" {
  segment buyers
  as_of 2026-11-22
  rows customers [ { customer_id: "o'brien", city: "Lyon" } ]
  expect []
}
"#;

fn export(segments: &str, target: Target) -> Result<Vec<DbtFile>, CompileError> {
    export_selected(
        &[("schema.seg", SCHEMA), ("segments.seg", segments)],
        target,
        &[],
    )
}

fn export_selected(
    files: &[(&str, &str)],
    target: Target,
    segments: &[&str],
) -> Result<Vec<DbtFile>, CompileError> {
    let options = DbtOptions {
        target,
        as_of: AsOf::Fixed(date("2026-11-22")),
        segments: segments.iter().map(|s| s.to_string()).collect(),
    };
    dbt_project(&program(files), &options)
}

fn file<'f>(files: &'f [DbtFile], name: &str) -> &'f str {
    let found = files.iter().find(|f| f.name == name);
    found.map_or_else(|| panic!("no {name}"), |f| f.text.as_str())
}

#[test]
fn the_exported_fragment_reads_sources_and_tests_keys_and_stages() {
    let files = export(SEGMENTS, Target::DuckDb).expect("exports");
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "sources.yml",
            "schema.yml",
            "customers_membership.sql",
            "parisians.sql",
            "buyers.sql",
            "buyers_control.sql",
            "activity.sql",
        ]
    );
    for file in files.iter().filter(|f| f.name.ends_with(".sql")) {
        for line in file.text.lines().map(str::trim) {
            if let Some(table) = line.strip_prefix("FROM ").or(line.strip_prefix("JOIN ")) {
                let read = table.split(" AS ").next().unwrap_or_default();
                assert!(
                    read.starts_with("{{ source(")
                        || !read.contains('.') && !read.contains("orders"),
                    "{}: reads {read} without a source",
                    file.name
                );
            }
        }
        assert!(
            !file.text.trim_end().ends_with(';'),
            "{}: dbt wraps the query in its own statement",
            file.name
        );
    }
    let text: String = files
        .iter()
        .map(|f| format!("=== {}\n{}", f.name, f.text))
        .collect();
    insta::assert_snapshot!(text);
}

#[test]
fn the_membership_pair_is_tested_with_the_dialects_text_type() {
    let files = export(SEGMENTS, Target::Postgres).expect("exports");
    let schema = &files[1].text;
    assert!(
        schema.contains("column_name: 'concat(cast(customer_id as TEXT), ''|'', segment)'"),
        "{schema}"
    );
}

#[test]
fn a_segment_named_like_a_control_group_is_e0540() {
    let segments =
        format!("{SEGMENTS}\nsegment buyers_control on customers {{ where city = \"Lyon\" }}\n");
    let err = export(&segments, Target::DuckDb).expect_err("two models named buyers_control");
    assert!(
        matches!(&err, CompileError::DbtModelNameTaken { name, .. } if name == "buyers_control"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "two dbt models would be named `buyers_control`: segment `buyers:control` and segment `buyers_control`"
    );
}

#[test]
fn every_model_reads_its_evaluation_date_from_the_dbt_variable() {
    for (as_of, default) in [
        (AsOf::Fixed(date("2026-11-22")), "DATE '2026-11-22'"),
        (AsOf::Today, "CAST(TIMEZONE('UTC', NOW()) AS DATE)"),
    ] {
        let program = program(&[("schema.seg", SCHEMA), ("segments.seg", SEGMENTS)]);
        let options = DbtOptions {
            target: Target::Postgres,
            as_of,
            segments: Vec::new(),
        };
        let files = dbt_project(&program, &options).expect("exports");
        let expected = format!(
            "{{% if var('{AS_OF_VAR}', none) is none %}}{default}{{% else %}}CAST('{{{{ var('{AS_OF_VAR}') }}}}' AS DATE){{% endif %}} AS as_of"
        );
        for model in files.iter().filter(|f| f.name.ends_with(".sql")) {
            assert_eq!(
                model.text.matches(&expected).count(),
                1,
                "{}: one evaluation date, from the variable or {default}:\n{}",
                model.name,
                model.text
            );
        }
    }
}

#[test]
fn test_blocks_become_unit_tests_given_exactly_the_tables_their_model_reads() {
    let files = [
        ("schema.seg", SCHEMA),
        ("segments.seg", SEGMENTS),
        ("tests.seg", TESTS),
    ];
    let exported = export_selected(&files, Target::DuckDb, &[]).expect("exports");
    let unit_tests = file(&exported, "unit_tests.yml");
    // Parisians read the customers alone; buyers their orders too, none given here.
    let expected = "version: 2

unit_tests:
  - name: 'a_parisian_is_found'
    description: 'a Parisian is found'
    model: 'parisians'
    overrides:
      vars:
        seg_as_of: '2027-01-15'
    given:
      - input: 'source(''crm'', ''customers'')'
        rows:
          - {'customer_id': 'c1', 'city': 'Paris'}
          - {'customer_id': 'c2', 'city': null}
    expect:
      rows:
          - {'customer_id': 'c1'}
  - name: 'a_buyer_s_order_o_brien_s'
    description: 'a buyer''s order: O''Brien''s'
    model: 'buyers'
    overrides:
      vars:
        seg_as_of: '2026-11-22'
    given:
      - input: 'source(''crm'', ''customers'')'
        rows:
          - {'customer_id': 'o''brien', 'city': 'Lyon'}
      - input: 'source(''seg'', ''orders'')'
        rows: []
    expect:
      rows: []
";
    assert_eq!(unit_tests, expected);
    for input in ["source('crm', 'customers')", "source('seg', 'orders')"] {
        assert!(
            file(&exported, "buyers.sql").contains(&format!("{{{{ {input} }}}}")),
            "buyers reads {input}"
        );
    }
    assert!(!file(&exported, "parisians.sql").contains("'orders'"));
}

#[test]
fn a_test_of_a_segment_not_exported_is_no_unit_test() {
    let files = [
        ("schema.seg", SCHEMA),
        ("segments.seg", SEGMENTS),
        ("tests.seg", TESTS),
    ];
    let exported = export_selected(&files, Target::DuckDb, &["buyers"]).expect("exports");
    let unit_tests = file(&exported, "unit_tests.yml");
    assert!(unit_tests.contains("model: 'buyers'"), "{unit_tests}");
    assert!(!unit_tests.contains("parisians"), "{unit_tests}");
    let without_tests = export(SEGMENTS, Target::DuckDb).expect("exports");
    assert!(
        without_tests.iter().all(|f| f.name != "unit_tests.yml"),
        "no test block, no unit_tests.yml"
    );
}
