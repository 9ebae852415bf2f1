//! Linked entities without an engine: the edge fixture's statements re-parse in every dialect
//! and match their snapshots; a contact's account is joined once, only by a statement that reads
//! it, and the account's features are joined on that row's key; an account reads a contact's
//! facts with their contact row inside the table's one pass; `seg explain` says whose rows an
//! aggregate reads; `seg fmt` keeps `of`; `seg graph` finds the readers of an owner's column.

use crate::compile::compile_all;
use crate::reparse::assert_parses;
use crate::support::{date, membership_sql, program};
use seglang::ir::AsOf;
use seglang::report::{render, Format};
use seglang::sql::Target;
use seglang::Statements;

const FIXTURE: &str = include_str!("../fixtures/linked_entities.seg");

/// The fixture's schema, without its segments.
fn schema() -> &'static str {
    FIXTURE
        .split("// On contacts: the account's columns")
        .next()
        .expect("the fixture starts with its schema")
}

#[test]
fn linked_entity_statements_parse_in_every_dialect_and_match_their_snapshots() {
    let program = program(&[("linked_entities.seg", FIXTURE)]);
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/sql");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for target in Target::ALL {
            let all = compile_all(
                &program,
                AsOf::Fixed(date("2026-03-31")),
                target,
                Statements::All,
            );
            for statement in &all.statements {
                assert_parses(&statement.sql, target);
            }
            let membership = membership_sql(&program, date("2026-03-31"), target);
            insta::assert_snapshot!(
                format!("linked_entities__membership__{target}"),
                membership.join("\n")
            );
        }
    });
}

#[test]
fn the_account_is_joined_once_and_only_where_a_rule_reads_it() {
    let criteria: String = (0..8)
        .map(|i| {
            format!(
                "segment s{i} on contacts {{ where accounts.size > {i} and invoices.count(last {} days) >= 1 and contacts.count() >= {i} }}\n",
                i + 1
            )
        })
        .collect();
    let own = "segment own on contacts { where role = \"dm\" and activities.any(last 7 days) }\n";
    let program = program(&[
        ("schema.seg", schema()),
        ("c.seg", &criteria),
        ("own.seg", own),
    ]);
    for target in Target::ALL {
        let sql = membership_sql(&program, date("2026-03-31"), target).join("\n");
        assert_eq!(
            sql.matches("LEFT JOIN qa.accounts AS accounts").count(),
            1,
            "{sql}"
        );
        assert_eq!(
            sql.matches("ON accounts.id = contacts.account_id").count(),
            1
        );
        // The account's tables: one pass each, joined on the account row's key.
        assert_eq!(sql.matches("FROM qa.invoices AS invoices").count(), 1);
        assert!(
            sql.contains("ON invoices_features.account_id = accounts.id"),
            "{sql}"
        );
        assert!(
            sql.contains("ON contacts_features.account_id = accounts.id"),
            "{sql}"
        );
        // A member query that reads nothing of the account joins no account.
        let statements = compile_all(
            &program,
            AsOf::Fixed(date("2026-03-31")),
            target,
            Statements::All,
        );
        let own_sql = (statements.statements.iter())
            .find(|s| s.segment.as_deref() == Some("own"))
            .map(|s| s.sql.clone())
            .expect("the segment's statement");
        assert!(!own_sql.contains("qa.accounts"), "{own_sql}");
    }
}

#[test]
fn an_account_reads_its_contacts_facts_with_their_contact_row_in_one_pass() {
    let criteria: String = (0..6)
        .map(|i| {
            format!(
                "segment a{i} on accounts {{ where activities.count(where contacts.role = \"r{i}\", last {} days) >= 1 and contacts.any(where role = \"r{i}\") }}\n",
                i + 1
            )
        })
        .collect();
    let program = program(&[("schema.seg", schema()), ("a.seg", &criteria)]);
    for target in Target::ALL {
        let sql = membership_sql(&program, date("2026-03-31"), target).join("\n");
        assert_eq!(sql.matches("FROM qa.activities AS activities").count(), 1);
        assert_eq!(
            sql.matches(
                "JOIN qa.contacts AS contacts\n    ON activities.contact_id = contacts.contact_id"
            )
            .count(),
            1,
            "{sql}"
        );
        assert!(sql.contains("GROUP BY contacts.account_id"), "{sql}");
        // The contacts' own pass, grouped by their link.
        assert_eq!(
            sql.matches("FROM qa.contacts AS contacts").count(),
            1,
            "{sql}"
        );
        assert!(!sql.contains("LEFT JOIN qa.accounts"), "{sql}");
    }
}

#[test]
fn explain_says_whose_rows_an_aggregate_reads() {
    let p = program(&[("linked_entities.seg", FIXTURE)]);
    let flat = |segment: &str| {
        let id = p.segment(segment).expect("the fixture's segment");
        let text = seglang::explain::explain_segment(&p, id);
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    for (segment, words) in [
        (
            "it_contacts",
            "`sector` of their account (missing when they have none) is \"it\"",
        ),
        (
            "billed_contacts",
            "the sum of `amount` of the invoices of their account over the last 90 days",
        ),
        (
            "committee",
            "the number of the contacts of their account (them included) is at least 3",
        ),
        (
            "dm_met",
            "at least one activity of their contacts over the last 90 days where (`kind` is \"meeting\" and `role` of its `contacts` row is \"dm\")",
        ),
        ("with_dm", "at least one contact where `role` is \"dm\""),
    ] {
        let text = flat(segment);
        assert!(text.contains(words), "{segment}: {text}");
    }
}

#[test]
fn fmt_keeps_the_link_of_an_entity() {
    let source = "entity  contacts   of accounts( account_id )from \"qa.contacts\"{ key contact_id: string }\n";
    let formatted = seglang::format::format_source(seglang::source::FileId(0), source)
        .expect("the declaration parses");
    assert_eq!(
        formatted,
        "entity contacts of accounts(account_id) from \"qa.contacts\" {\n  key contact_id: string\n}\n"
    );
}

#[test]
fn graph_finds_the_readers_of_an_owner_column_and_of_the_contacts_rows() {
    let p = program(&[("linked_entities.seg", FIXTURE)]);
    let graph = seglang::graph::Graph::of(&p);
    let readers = |column: &str| -> Vec<String> {
        let found = seglang::graph::uses(&p, &graph, column).expect("a column");
        found.into_iter().map(|u| u.name).collect()
    };
    assert!(readers("accounts.sector").contains(&"it_contacts".to_string()));
    assert!(!readers("accounts.sector").contains(&"committee".to_string()));
    // `contacts.role` read inside an aggregate on accounts is the entity's column.
    assert!(readers("contacts.role").contains(&"with_dm".to_string()));
    assert!(readers("contacts.role").contains(&"dm_met".to_string()));
}

#[test]
fn the_help_of_a_window_on_contacts_and_of_a_contacts_column_on_a_contact_says_what_to_write() {
    let helps = |segments: &str| -> Vec<(String, String)> {
        let analysis = seglang::analyze_sources(
            &[("schema.seg", schema()), ("s.seg", segments)],
            &seglang::check::CheckOptions::default(),
        );
        (analysis.diagnostics.iter())
            .map(|d| {
                let one = std::slice::from_ref(d);
                let text = render(one, &analysis.sources, Format::Human { color: false });
                (
                    d.code(),
                    text.split_whitespace().collect::<Vec<_>>().join(" "),
                )
            })
            .collect()
    };
    let window = helps("segment w on accounts { where contacts.count(last 30 days) >= 1 }\n");
    assert_eq!(window.len(), 1, "{window:?}");
    assert_eq!(window[0].0, "E0203");
    assert!(window[0]
        .1
        .contains("are read as they are now, without a window"));
    let own =
        helps("segment o on contacts { where activities.any(where contacts.role = \"dm\") }\n");
    assert_eq!(own.len(), 1, "{own:?}");
    assert_eq!(own[0].0, "E0238");
    assert!(own[0]
        .1
        .contains("the segment is on `contacts`: test its own `role` beside the aggregate"));
}
