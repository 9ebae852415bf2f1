//! The engine test binary: everything that executes SQL on DuckDB or PostgreSQL and compares it
//! with the reference evaluator. Tests that need no engine live in `tests/fast/`.

#[path = "../common/compile.rs"]
mod compile;

mod arithmetic;
mod cli;
mod config;
mod consent;
mod dates;
mod dbt;
mod diff;
mod differential;
mod differential_costs;
mod differential_data;
mod differential_facts;
mod differential_kpis;
mod differential_linked;
mod differential_lookups;
mod differential_quantifiers;
mod differential_sequences;
mod emit;
mod emit_groups;
mod emit_retail;
mod execution;
mod facts_of_facts;
mod generated;
mod injection;
mod kpis;
mod linked_entities;
mod lookups;
mod materialize;
mod materialize_support;
mod models;
mod pg_server;
mod production_docs;
mod progress;
mod quantifiers;
mod references;
mod report;
mod report_history;
mod run;
mod schema_import;
mod sequences;
mod support;
mod text;
mod traits;
mod zones;
