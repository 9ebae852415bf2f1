//! Run stage: executing segments for real. SQL → rows on embedded DuckDB or PostgreSQL
//! ([`engine`]), data files → DuckDB tables ([`load`]), and the plan → rows in the reference
//! evaluator ([`reference`]) that every engine is compared with; [`testing`] runs `test` blocks.
//!
//! Only the engine-facing modules (`engine`, `load`, and the engine half of `testing`) need the
//! `engines` feature; the reference evaluator and `test` blocks on it build without DuckDB, so the
//! fuzz targets (`fuzz/`) and the fast tests reach them.

#[cfg(feature = "engines")]
pub mod catalog;
#[cfg(feature = "engines")]
pub mod dashboard;
#[cfg(feature = "engines")]
pub mod engine;
mod errors;
#[cfg(feature = "engines")]
pub mod kpis;
#[cfg(feature = "engines")]
pub mod load;
#[cfg(feature = "engines")]
pub mod materialize;
pub mod reference;
pub mod testing;
#[cfg(feature = "engines")]
pub mod transitions;

pub use errors::RunError;
