//! Text edge rows (`fixtures/text.seg`) on DuckDB, PostgreSQL and the reference evaluator: case
//! maps the letters A to Z only, so `É`, `ß` and `İ` stay as they are on every engine (PostgreSQL's
//! own `lower` would depend on the collation, DuckDB's and BigQuery's fold Unicode); `trim`
//! removes spaces, not tabs; `length` counts characters, not bytes.

use crate::support::*;

const TEXT: &str = include_str!("../fixtures/text.seg");
const TEXT_DATA: &str = include_str!("../fixtures/text_data.sql");

fn expected() -> Members {
    members(&[
        ("lower_eq", &["t_ascii"]),
        ("ignoring_eq", &["t_ascii"]),
        // `ÉLODIE` lowers to `Élodie`: the É is not one of A to Z.
        ("e_acute_kept", &["t_e_acute"]),
        ("e_acute_unicode", &[]),
        // `Straße` uppers to `STRAßE`, not `STRASSE`.
        ("sharp_s_kept", &["t_sharp_s"]),
        // `İstanbul` does not start with `i` in any case; `ISTANBUL` does.
        ("starts_with_i", &["t_istanbul"]),
        ("dupont_in", &["t_spaces", "t_mixed"]),
        (
            "not_dupont",
            &[
                "t_ascii",
                "t_e_acute",
                "t_sharp_s",
                "t_dotted_i",
                "t_istanbul",
                "t_spaces",
                "t_tab",
                "t_empty",
            ],
        ),
        // Eight characters, nine bytes for `İstanbul`.
        ("eight_characters", &["t_dotted_i", "t_istanbul"]),
        // `Straße` is six characters (seven bytes); the tab before `Dupont` stays.
        ("six_after_trim", &["t_sharp_s", "t_spaces", "t_mixed"]),
        ("empty", &["t_empty"]),
        ("ends_with_domain", &["t_ascii", "t_e_acute"]),
        ("matches_odie", &["t_e_acute"]),
        // The test is false on a missing name, so `not (...)` is true there (two-valued logic).
        (
            "contains_not",
            &[
                "t_ascii",
                "t_e_acute",
                "t_sharp_s",
                "t_dotted_i",
                "t_istanbul",
                "t_empty",
                "t_null",
            ],
        ),
    ])
}

#[test]
fn text_edge_rows_on_duckdb_postgres_and_the_reference() {
    let program = program(&[("text.seg", TEXT)]);
    let as_of = date("2026-03-31");
    assert_everywhere(&program, TEXT_DATA, as_of, &expected());
}
