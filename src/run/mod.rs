//! Run stage: executing segments for real. SQL → rows on embedded DuckDB or PostgreSQL
//! ([`engine`]), data files → DuckDB tables ([`load`]), and the plan → rows in the reference
//! evaluator ([`reference`]) that every engine is compared with.

pub mod engine;
mod errors;
pub mod load;
pub mod reference;
pub mod testing;

pub use errors::RunError;
