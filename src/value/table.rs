//! In-memory rows: the values the reference evaluator reads and that `test` blocks declare.
//! Reading a cell from text needs its column type (`check::typed::Type::parse_cell`); writing one as
//! SQL needs a dialect (`sql::insert_statements`); both live with the stage that knows them.

use super::{Date, Num, Timestamp};
use std::collections::BTreeMap;

/// One value of one row.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Cell {
    Null,
    Num(Num),
    Str(String),
    Bool(bool),
    Date(Date),
    Timestamp(Timestamp),
}

impl Cell {
    /// The value as the text of a CSV field or a member key.
    pub fn to_text(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Num(n) => n.to_string(),
            Cell::Str(s) => s.clone(),
            Cell::Bool(b) => b.to_string(),
            Cell::Date(d) => d.to_string(),
            Cell::Timestamp(t) => t.to_string(),
        }
    }
}

/// Rows of one table, columns in declaration order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// The position of a column.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }
}

/// Tables by declared name (`customers`, `orders`), not physical path.
pub type Dataset = BTreeMap<String, Table>;
