//! Values every stage may use: calendar dates and timestamps, exact numbers, and in-memory rows.
//! This module is part of the ground floor: it uses no other module of the crate, so the parser,
//! the checker, the emitters and the engines can all share it without an import running backwards.

mod date;
mod num;
mod table;

pub use date::{days_in_month, Date, Timestamp};
pub use num::Num;
pub use table::{Cell, Dataset, Table};
