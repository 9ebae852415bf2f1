//! In-memory tables: the rows the reference evaluator reads, that `seg test` fixtures declare, and
//! that tests load into real engines with [`insert_statements`].

use crate::check::typed::{Column, Schema, TablePath, Type};
use crate::source::Date;
use crate::sql::Target;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

/// An exact rational number: every `int` and `decimal` value, and the results of arithmetic on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Num {
    num: i128,
    den: i128,
}

impl Num {
    /// A whole number.
    pub fn int(i: i64) -> Num {
        Num {
            num: i128::from(i),
            den: 1,
        }
    }

    /// Parses `-12`, `3.50`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Num> {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
        if whole.is_empty()
            || !whole
                .chars()
                .chain(frac.chars())
                .all(|c| c.is_ascii_digit())
        {
            return None;
        }
        if frac.len() > 30 || whole.len() > 30 {
            return None;
        }
        let mantissa: i128 = format!("{whole}{frac}").parse().ok()?;
        let den = 10i128.checked_pow(frac.len() as u32)?;
        Num::ratio(if negative { -mantissa } else { mantissa }, den)
    }

    fn ratio(num: i128, den: i128) -> Option<Num> {
        if den == 0 {
            return None;
        }
        let g = gcd(num.unsigned_abs(), den.unsigned_abs()).max(1) as i128;
        let sign = if den < 0 { -1 } else { 1 };
        Some(Num {
            num: sign * num / g,
            den: sign * den / g,
        })
    }

    /// `self + other`, `None` on overflow.
    pub fn checked_add(self, other: Num) -> Option<Num> {
        let num = self
            .num
            .checked_mul(other.den)?
            .checked_add(other.num.checked_mul(self.den)?)?;
        Num::ratio(num, self.den.checked_mul(other.den)?)
    }

    /// `self * other`, `None` on overflow.
    pub fn checked_mul(self, other: Num) -> Option<Num> {
        Num::ratio(
            self.num.checked_mul(other.num)?,
            self.den.checked_mul(other.den)?,
        )
    }

    /// `self / other`, `None` on overflow or division by zero.
    pub fn checked_div(self, other: Num) -> Option<Num> {
        Num::ratio(
            self.num.checked_mul(other.den)?,
            self.den.checked_mul(other.num)?,
        )
    }

    /// The whole part of `self / other`, truncated toward zero; `None` when `other` is zero.
    pub fn trunc_div(self, other: Num) -> Option<Num> {
        let q = self.checked_div(other)?;
        Some(Num {
            num: q.num / q.den,
            den: 1,
        })
    }

    /// Whether the number is zero.
    pub fn is_zero(self) -> bool {
        self.num == 0
    }
}

impl Ord for Num {
    fn cmp(&self, other: &Num) -> Ordering {
        // Cross-multiplication can overflow only for absurd magnitudes; fall back to floats then.
        match (
            self.num.checked_mul(other.den),
            other.num.checked_mul(self.den),
        ) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => {
                let a = self.num as f64 / self.den as f64;
                let b = other.num as f64 / other.den as f64;
                a.partial_cmp(&b).unwrap_or(Ordering::Equal)
            }
        }
    }
}

impl PartialOrd for Num {
    fn partial_cmp(&self, other: &Num) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.den == 1 {
            return write!(f, "{}", self.num);
        }
        // Exact decimal expansion when the denominator divides a power of ten.
        let mut scale = 0u32;
        let mut den = self.den;
        while den % 10 == 0 || den % 2 == 0 || den % 5 == 0 {
            if den % 10 == 0 {
                den /= 10;
            } else if den % 2 == 0 {
                den /= 2;
            } else {
                den /= 5;
            }
            scale += 1;
            if scale > 30 {
                break;
            }
        }
        if den != 1 {
            return write!(f, "{}/{}", self.num, self.den);
        }
        let factor = 10i128.pow(scale) / self.den;
        let scaled = self.num * factor;
        let sign = if scaled < 0 { "-" } else { "" };
        let digits = scaled.unsigned_abs().to_string();
        let width = scale as usize + 1;
        let padded = format!("{digits:0>width$}");
        let (whole, frac) = padded.split_at(padded.len() - scale as usize);
        write!(f, "{sign}{whole}.{frac}")
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// A timestamp without time zone (UTC), to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    pub date: Date,
    /// Seconds since midnight.
    pub seconds: u32,
}

impl Timestamp {
    /// Parses `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` or with a `T` separator.
    pub fn parse(text: &str) -> Option<Timestamp> {
        let date = Date::parse(text.get(..10)?)?;
        let rest = &text[10..];
        if rest.is_empty() {
            return Some(Timestamp { date, seconds: 0 });
        }
        let time = rest.strip_prefix(['T', ' '])?;
        let mut parts = time.split(':');
        let h: u32 = parts.next()?.parse().ok()?;
        let m: u32 = parts.next()?.parse().ok()?;
        let s: u32 = match parts.next() {
            Some(s) => s.parse().ok()?,
            None => 0,
        };
        if parts.next().is_some() || h > 23 || m > 59 || s > 59 {
            return None;
        }
        Some(Timestamp {
            date,
            seconds: h * 3600 + m * 60 + s,
        })
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, m, s) = (
            self.seconds / 3600,
            self.seconds / 60 % 60,
            self.seconds % 60,
        );
        write!(f, "{} {h:02}:{m:02}:{s:02}", self.date)
    }
}

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
    /// Reads text as a value of `ty`; `None` when it is not one (empty text is not NULL here).
    pub fn parse(text: &str, ty: &Type) -> Option<Cell> {
        match ty {
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

    /// An SQL literal for this value on `target`.
    pub fn sql_literal(&self, target: Target) -> String {
        match self {
            Cell::Null => "NULL".into(),
            Cell::Num(n) => {
                let text = n.to_string();
                match target {
                    Target::BigQuery if text.contains('.') => format!("NUMERIC '{text}'"),
                    _ => text,
                }
            }
            Cell::Str(s) => target.dialect().string_literal(s),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
            Cell::Date(d) => format!("DATE '{d}'"),
            Cell::Timestamp(t) => format!("TIMESTAMP '{t}'"),
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

/// Every declared table of a schema with its physical path and columns.
pub fn declared_tables(schema: &Schema) -> Vec<(&str, &TablePath, &[Column])> {
    let mut out: Vec<(&str, &TablePath, &[Column])> = Vec::new();
    out.extend(
        schema
            .entities
            .iter()
            .map(|e| (e.name.as_str(), &e.table, e.columns.as_slice())),
    );
    out.extend(
        schema
            .facts
            .iter()
            .map(|f| (f.name.as_str(), &f.table, f.columns.as_slice())),
    );
    out.extend(
        schema
            .consents
            .iter()
            .map(|c| (c.name.as_str(), &c.table, c.columns.as_slice())),
    );
    out.extend(
        schema
            .suppressions
            .iter()
            .map(|c| (c.name.as_str(), &c.table, c.columns.as_slice())),
    );
    out
}

/// `INSERT` statements loading `data` into the schema's tables on `target` (tables must exist).
pub fn insert_statements(schema: &Schema, data: &Dataset, target: Target) -> Vec<String> {
    let d = target.dialect();
    let mut out = Vec::new();
    for (name, path, _) in declared_tables(schema) {
        let Some(table) = data.get(name) else {
            continue;
        };
        if table.rows.is_empty() {
            continue;
        }
        let path: Vec<String> = path.0.iter().map(|p| d.quote_ident(p)).collect();
        let columns: Vec<String> = table.columns.iter().map(|c| d.quote_ident(c)).collect();
        for chunk in table.rows.chunks(500) {
            let values: Vec<String> = chunk
                .iter()
                .map(|row| {
                    let cells: Vec<String> = row.iter().map(|c| c.sql_literal(target)).collect();
                    format!("({})", cells.join(", "))
                })
                .collect();
            out.push(format!(
                "INSERT INTO {} ({}) VALUES\n{}",
                path.join("."),
                columns.join(", "),
                values.join(",\n")
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_exact_and_print_as_decimals() {
        let a = Num::parse("33.37").expect("number");
        let b = Num::parse("33.36").expect("number");
        let sum = a
            .checked_add(a)
            .and_then(|s| s.checked_add(b))
            .expect("no overflow");
        assert_eq!(sum, Num::parse("100.10").expect("number"));
        assert_eq!(sum.to_string(), "100.1");
        assert_eq!(
            Num::parse("-0.05").map(|n| n.to_string()),
            Some("-0.05".into())
        );
        assert!(Num::parse("1.2.3").is_none() && Num::parse("").is_none());
    }

    #[test]
    fn timestamps_parse_with_space_or_t() {
        let t = Timestamp::parse("2026-03-31T23:59:59").expect("timestamp");
        assert_eq!(t.to_string(), "2026-03-31 23:59:59");
        assert_eq!(Timestamp::parse("2026-03-31").map(|t| t.seconds), Some(0));
        assert!(Timestamp::parse("2026-03-31 24:00:00").is_none());
    }
}
