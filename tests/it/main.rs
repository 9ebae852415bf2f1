//! The integration-test binary: every test of seglang's public behaviour lives under `tests/it/`.

mod adversarial;
mod bigquery;
mod cli;
mod consent;
mod diagnostics;
mod differential;
mod execution;
mod models;
mod pg_server;
mod reparse;
mod run;
mod sql_snapshots;
mod support;
