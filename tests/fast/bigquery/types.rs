//! BigQuery's types as far as seglang's output needs them, the conversion rules between them,
//! and the types of the declared tables' columns.

use super::signatures::Arg;
use seglang::check::typed::{Program, Type};
use std::collections::BTreeMap;

/// A BigQuery type, as far as seglang's output needs.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Ty {
    Int64,
    Numeric,
    /// data-types, "Decimal types": precision 76.76, scale 38 (`NUMERIC`: 38 and 9).
    BigNumeric,
    Bytes,
    Float64,
    Bool,
    String,
    Date,
    Datetime,
    Timestamp,
    /// `NULL`, which coerces to every type.
    Null,
    Array(Box<Ty>),
    /// `INTERVAL n part`, an argument of `DATE_SUB`.
    Interval(String),
    /// A bare date part keyword such as `DAY`, an argument of `DATE_DIFF`.
    Part(String),
    /// `*` in `COUNT(*)`.
    Star,
    /// Already reported: accepted everywhere so that one mistake is reported once.
    Error,
}

impl Ty {
    pub(super) fn name(&self) -> String {
        match self {
            Ty::Array(t) => format!("ARRAY<{}>", t.name()),
            Ty::Interval(p) => format!("INTERVAL ... {p}"),
            Ty::Part(p) => format!("date part {p}"),
            Ty::Star => "*".into(),
            other => format!("{other:?}").to_uppercase(),
        }
    }

    /// Whether this is one of the numeric types (or `NULL`, or already reported).
    pub(super) fn is_number(&self) -> bool {
        matches!(
            self,
            Ty::Int64 | Ty::Numeric | Ty::BigNumeric | Ty::Float64 | Ty::Null | Ty::Error
        )
    }

    /// Whether this is an exact number: `INT64`, `NUMERIC` or `BIGNUMERIC` (or `NULL`, or already
    /// reported).
    pub(super) fn is_exact(&self) -> bool {
        self.is_number() && *self != Ty::Float64
    }

    /// Whether this is a value (not `*`, a date part or an interval argument).
    pub(super) fn is_value(&self) -> bool {
        !matches!(self, Ty::Star | Ty::Part(_) | Ty::Interval(_))
    }
}

/// Whether a `from` value is accepted where a `to` is expected: the "Coerce to" column of the
/// conversion rules (`INT64` → `NUMERIC`, `BIGNUMERIC`, `FLOAT64`; `NUMERIC` → `BIGNUMERIC`,
/// `FLOAT64`; `BIGNUMERIC` → `FLOAT64`; `DATE` → `DATETIME`), plus `NULL`. The numbers are a
/// chain, `INT64` < `NUMERIC` < `BIGNUMERIC` < `FLOAT64`, so the supertype of two numbers is the
/// later one, as the "Supertypes" table of the same page says.
pub(super) fn coerces(from: &Ty, to: &Ty) -> bool {
    from == to
        || matches!(from, Ty::Null | Ty::Error)
        || *to == Ty::Error
        || matches!(
            (from, to),
            (Ty::Int64, Ty::Numeric | Ty::BigNumeric | Ty::Float64)
                | (Ty::Numeric, Ty::BigNumeric | Ty::Float64)
                | (Ty::BigNumeric, Ty::Float64)
                | (Ty::Date, Ty::Datetime)
        )
}

/// The common supertype of two values, if any.
pub(super) fn supertype(a: &Ty, b: &Ty) -> Option<Ty> {
    if !a.is_value() || !b.is_value() {
        return None;
    }
    if coerces(a, b) {
        Some(if *b == Ty::Error {
            a.clone()
        } else {
            b.clone()
        })
    } else if coerces(b, a) {
        Some(a.clone())
    } else {
        None
    }
}

/// The BigQuery type of a declared column type.
fn scalar(ty: &Type) -> Ty {
    match ty {
        Type::String | Type::Enum(_) => Ty::String,
        Type::Int => Ty::Int64,
        Type::Decimal { .. } => Ty::Numeric,
        Type::Bool => Ty::Bool,
        Type::Date => Ty::Date,
        Type::Timestamp => Ty::Timestamp,
    }
}

/// Columns by lower-case name (column names are case-insensitive in BigQuery).
pub(super) type Columns = BTreeMap<String, Ty>;

/// The declared tables of a program by path, with their columns' BigQuery types.
pub(super) fn base_tables(program: &Program) -> BTreeMap<Vec<String>, Columns> {
    let columns = |cols: &[seglang::check::typed::Column]| {
        cols.iter()
            .map(|c| (c.name.to_lowercase(), scalar(&c.ty)))
            .collect::<Columns>()
    };
    // Every declared table: entities, facts, consent logs and suppression lists.
    let mut tables = BTreeMap::new();
    for (_, path, cols) in program.schema.declared_tables() {
        tables.insert(path.0.clone(), columns(cols));
    }
    tables
}

impl Arg {
    /// Whether an argument of type `ty` fits; the reason when it does not.
    pub(super) fn accepts(self, ty: &Ty) -> Result<(), String> {
        let ok = match self {
            _ if *ty == Ty::Error => true,
            Arg::Bool => coerces(ty, &Ty::Bool),
            Arg::String => coerces(ty, &Ty::String),
            Arg::StringOrBytes => coerces(ty, &Ty::String) || coerces(ty, &Ty::Bytes),
            Arg::Bytes => coerces(ty, &Ty::Bytes),
            Arg::Int64 => coerces(ty, &Ty::Int64),
            Arg::Date => coerces(ty, &Ty::Date),
            Arg::Datetime => coerces(ty, &Ty::Datetime),
            Arg::Timestamp => coerces(ty, &Ty::Timestamp),
            Arg::Number => ty.is_number(),
            Arg::Exact => ty.is_exact(),
            Arg::Orderable | Arg::NotArray => ty.is_value() && !matches!(ty, Ty::Array(_)),
            Arg::Any => ty.is_value(),
            Arg::Star => *ty == Ty::Star,
            Arg::Part(parts) => matches!(ty, Ty::Part(p) if parts.contains(&p.as_str())),
            Arg::Interval(parts) => matches!(ty, Ty::Interval(p) if parts.contains(&p.as_str())),
        };
        if ok {
            Ok(())
        } else {
            Err(format!("{} where {self:?} is expected", ty.name()))
        }
    }
}
