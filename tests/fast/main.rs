//! The fast test binary: everything that needs no database engine. SQL and diagnostic snapshots,
//! the bad-input corpus, re-parsing with sqlparser, BigQuery's documented signatures and the
//! `seg` binary's check and compile commands. Runs with `cargo test --no-default-features` in
//! seconds on a warm build; the engine tests live in `tests/it/`.

#[path = "../common/compile.rs"]
mod compile;

mod architecture;
mod bad_inputs;
mod bigquery;
mod cli;
mod config;
mod dashboard;
mod dbt;
mod depth;
mod diagnostics;
mod emit;
mod facts_of_facts;
mod features;
mod fmt;
mod fmt_corpus;
mod fmt_random;
mod fuzz_inputs;
mod graph;
mod kpis;
mod linked_entities;
mod lints;
mod lookups;
mod lsp;
mod lsp_client;
mod quantifiers;
mod query_shape;
mod references;
mod reparse;
mod schema_import;
mod sequences;
mod sql_snapshots;
mod stats;
mod traits;

/// The helpers the modules of this binary share.
mod support {
    pub use crate::compile::{date, membership_sql, program};
}
