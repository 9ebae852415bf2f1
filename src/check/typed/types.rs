//! What a column type means: its spelling in messages, its kind, and how a cell of it is read.

use super::Type;
use crate::value::{Cell, Date, Num, Timestamp};

impl Type {
    /// How the type is written in seglang, for messages.
    pub fn describe(&self) -> String {
        match self {
            Type::String => "string".into(),
            Type::Int => "int".into(),
            Type::Decimal { precision, scale } => format!("decimal({precision}, {scale})"),
            Type::Bool => "bool".into(),
            Type::Date => "date".into(),
            Type::Timestamp => "timestamp".into(),
            Type::Enum(values) => {
                let shown: Vec<String> = values.iter().take(4).map(|v| format!("{v:?}")).collect();
                let more = if values.len() > 4 { ", ..." } else { "" };
                format!("enum({}{more})", shown.join(", "))
            }
        }
    }

    /// Int or decimal.
    pub fn is_numeric(&self) -> bool {
        matches!(self, Type::Int | Type::Decimal { .. })
    }

    /// Date or timestamp.
    pub fn is_temporal(&self) -> bool {
        matches!(self, Type::Date | Type::Timestamp)
    }

    /// Reads text as a value of this type; `None` when it is not one (empty text is not NULL here).
    pub fn parse_cell(&self, text: &str) -> Option<Cell> {
        match self {
            Type::String => Some(Cell::Str(text.to_string())),
            Type::Enum(values) => values
                .iter()
                .any(|v| v == text)
                .then(|| Cell::Str(text.to_string())),
            Type::Int => text.parse::<i64>().ok().map(|i| Cell::Num(Num::int(i))),
            Type::Decimal { .. } => Num::parse(text).map(Cell::Num),
            Type::Bool => match text {
                "true" => Some(Cell::Bool(true)),
                "false" => Some(Cell::Bool(false)),
                _ => None,
            },
            Type::Date => Date::parse(text).map(Cell::Date),
            Type::Timestamp => Timestamp::parse(text).map(Cell::Timestamp),
        }
    }
}
