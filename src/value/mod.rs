//! Values every stage may use: calendar dates, timestamps and time zones, exact numbers, and in-memory rows.
//! This module is part of the ground floor: it uses no other module of the crate, so the parser,
//! the checker, the emitters and the engines can all share it without an import running backwards.

mod date;
mod num;
mod table;
mod zone;

pub use date::{days_in_month, Date, Timestamp};
pub use num::Num;
pub use table::{Cell, Dataset, Table};
pub use zone::{Zone, OFFSET_YEARS};
