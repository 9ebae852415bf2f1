//! What differs between SQL engines, said once. A [`Dialect`] is a table of capabilities and
//! spellings; each dialect file holds one as a `const`, with the vendor page behind every value.
//! The printer reads only the table's spellings (the lexical side: quoting, escapes, literals).
//! [`Semantics`] is the builder's side: hooks that return SQL trees, whose defaults read only the
//! table, so a dialect file overrides a hook only where its engine needs code.

use super::errors::{Construct, EmitError};
use super::keywords::is_reserved;
use super::tree::{AggCall, IntervalUnit, SqlExpr};
use crate::ir::ScalarType;
use std::fmt::Write;

pub use super::scripts::{Scripts, StagingTables, Upserts};

/// Everything one SQL engine decides that can be said as data.
#[derive(Debug, Clone, Copy)]
pub struct Dialect {
    /// The target's name as the CLI spells it; diagnostics name the dialect with it.
    pub name: &'static str,
    /// How names that are not plain are quoted, and which names are plain.
    pub identifiers: Identifiers,
    /// How the quote (and, with backslash escapes, `\` and control characters) is escaped
    /// inside a `'…'` string literal.
    pub string_escapes: Escapes,
    /// How an exact decimal constant is written.
    pub decimal_literals: DecimalLiterals,
    /// How an interval constant is written.
    pub intervals: Intervals,
    /// The subscript that reads element one of an array, appended to the parenthesised array:
    /// `[1]` where arrays count from one.
    pub first_element_subscript: &'static str,
    /// Whether a sort key must say `NULLS LAST` to put missing values after present ones.
    pub null_ordering: NullOrdering,
    /// Names of the value types, in casts and column definitions.
    pub types: TypeNames,
    /// The exact decimal types.
    pub decimals: DecimalTypes,
    /// `agg(…) FILTER (WHERE …)` exists. Without it, the condition moves inside the call:
    /// `agg(CASE WHEN c THEN x END)`, and `COUNT(*)` counts `CASE WHEN c THEN 1 END`.
    pub aggregate_filter: bool,
    /// `ARRAY_AGG(x ORDER BY k)` exists and keeps that order, so `first` and `last` read
    /// element one. Without it (and without `aggregate_filter`) the default `first_by` reports
    /// the construct unsupported, unless the dialect overrides the hook.
    pub ordered_array_aggregate: bool,
    /// How the whole quotient of two integers, truncated toward zero, is written.
    pub integer_division: IntegerDivision,
    /// How `+`, `-`, `*` and `round` stay exact (docs/language.md §9.8).
    pub exact_arithmetic: ExactArithmetic,
    /// How the MD5 digest of a text reads as lowercase hex, for holdout buckets.
    pub md5: Md5,
    /// `LIKE` takes `ESCAPE '\'`. Without it the engine must already treat `\` as the escape
    /// of `%`, `_` and itself.
    pub like_escape_clause: bool,
    /// The collation, as written after `COLLATE`, that orders text byte by byte where the
    /// database's default collation may not; `None` where text always compares byte-wise.
    pub bytewise_collation: Option<&'static str>,
    /// Fixed SQL for the current moment or date in UTC, whatever the session's time zone; the
    /// builder casts it to a date.
    pub current_date_utc: &'static str,
    /// How a timestamp's day, and the current date, are found in a declared time zone.
    pub time_zones: TimeZones,
    /// `WITH name AS MATERIALIZED (…)` exists: the CTE is computed once, as written, and the
    /// planner neither inlines it into the statement nor pushes the statement's filters into it.
    /// Where it exists, the feature CTEs and the CTE of the segments' flags say it, so a facts
    /// table is scanned once and no filter over the aggregates reaches the joins, whatever the
    /// planner estimates (ARCHITECTURE.md, "The shape of a query"). Without it, the CTEs are
    /// plain, and the engine plans them as it likes.
    pub materialized_ctes: bool,
    /// How a script of several statements is written: transactions, staging tables, replacing
    /// a table, merging (`seg compile --emit table|merge`; the types are in `scripts.rs`).
    pub scripts: Scripts,
}

/// How an engine turns a UTC instant into a day of a named time zone (docs/language.md §9.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeZones {
    /// `CAST(TIMEZONE('Europe/Paris', TIMEZONE('UTC', ts)) AS DATE)`: the stored value read as a
    /// UTC instant, then as the zone's wall-clock time; the current date is
    /// `TIMEZONE('Europe/Paris', NOW())` as a date.
    AtTimeZone,
    /// `DATE(ts, 'Europe/Paris')` and `CURRENT_DATE('Europe/Paris')`.
    DateFunction,
    /// The engine has no zone rules: the compiler writes the zone's offsets into the statement
    /// (`sql/build/zone.rs`) and the SQL adds the offset in effect to the instant.
    CompilerOffsets,
}

/// Identifier quoting.
#[derive(Debug, Clone, Copy)]
pub struct Identifiers {
    /// The character around a quoted identifier.
    pub quote: char,
    /// How an unquoted identifier is read back, which decides the names left unquoted.
    pub unquoted: UnquotedCase,
    /// How the quote character is escaped inside a quoted identifier.
    pub escapes: Escapes,
}

/// How an engine reads an unquoted identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnquotedCase {
    /// Folded to lower case: only lowercase names stay unquoted.
    FoldsToLower,
    /// As written: letters of either case stay unquoted.
    AsWritten,
}

/// Escapes inside a quoted token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escapes {
    /// The quote is doubled; a backslash is an ordinary character.
    DoubledQuote,
    /// A backslash escapes the quote, itself and control characters (`\n`, `\u0001`).
    Backslash,
}

/// How exact decimal constants are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalLiterals {
    /// The digits as written: the engine reads `1.50` as an exact decimal.
    Bare,
    /// A typed string, `NUMERIC '1.50'`, because bare digits with a point would be a float; the
    /// type is the narrowest decimal type that holds the digits.
    Typed,
}

/// How interval constants are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intervals {
    /// A quoted quantity with a plural unit: `INTERVAL '3 days'`.
    QuotedQuantity,
    /// A bare count and a unit keyword: `INTERVAL 3 DAY`.
    UnitKeyword,
}

/// Where an engine sorts missing values when a sort key says nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NullOrdering {
    /// It depends on the direction or on the session, so keys that need missing values last
    /// say `NULLS LAST`.
    Varies,
    /// Last in either direction, so keys need no clause.
    AlwaysLast,
}

/// Names of the value types.
#[derive(Debug, Clone, Copy)]
pub struct TypeNames {
    /// Text of any length.
    pub string: &'static str,
    /// A 64-bit integer.
    pub int: &'static str,
    /// A boolean.
    pub bool: &'static str,
    /// A calendar date.
    pub date: &'static str,
    /// A date and time of day without time zone.
    pub timestamp: &'static str,
}

/// The exact decimal types of an engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalTypes {
    /// One type takes any precision and scale: columns declare `DECIMAL(p, s)`, and casts name
    /// `cast`, which must hold 38 digits with 9 after the point.
    Parameterised { cast: &'static str },
    /// Fixed types: `narrow` holds `integer_digits` digits before the point and `scale` after;
    /// a column or constant that needs more is `wide`.
    Sized {
        /// The usual decimal type.
        narrow: &'static str,
        /// Digits `narrow` holds before the point.
        integer_digits: usize,
        /// Digits `narrow` holds after the point.
        scale: usize,
        /// The type for values beyond `narrow`.
        wide: &'static str,
    },
}

/// How the whole quotient of two integers is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntegerDivision {
    /// `a / b` truncates when both operands are integers.
    Slash,
    /// An operator of its own: `a // b`.
    Operator(&'static str),
    /// A function of two arguments: `DIV(a, b)`.
    Function(&'static str),
}

/// How arithmetic keeps every digit: whole numbers widened before they are multiplied, so that
/// no 64-bit product overflows, and decimals widened where the usual decimal type would round.
#[derive(Debug, Clone, Copy)]
pub struct ExactArithmetic {
    /// The whole-number type, of 38 digits or more, that `int` operands of `+`, `-` and `*`
    /// are cast to, and that `round` divides in.
    pub whole: &'static str,
    /// The type decimal operands are cast to where the usual decimal type rounds products
    /// (BigQuery's NUMERIC keeps 9 digits after the point); `None` where products are exact.
    pub decimals: Option<&'static str>,
    /// How the whole quotient of two non-negative `whole` numbers is written.
    pub division: IntegerDivision,
}

/// What `MD5(text)` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Md5 {
    /// Lowercase hex text.
    Hex,
    /// Bytes, which the function `to_hex` turns into lowercase hex.
    Bytes { to_hex: &'static str },
}

/// The spellings every printer shares, read from the table alone.
impl Dialect {
    /// The identifier, quoted when it would otherwise not survive as written.
    pub fn quote_ident(&self, name: &str) -> String {
        let mut out = String::with_capacity(name.len() + 2);
        self.write_ident(&mut out, name);
        out
    }

    /// Appends `quote_ident(name)` to `out`.
    pub fn write_ident(&self, out: &mut String, name: &str) {
        let ids = &self.identifiers;
        let letter = |c: u8| match ids.unquoted {
            UnquotedCase::FoldsToLower => c.is_ascii_lowercase(),
            UnquotedCase::AsWritten => c.is_ascii_alphabetic(),
        };
        let bytes = name.as_bytes();
        let plain = bytes.first().is_some_and(|&c| letter(c) || c == b'_')
            && bytes
                .iter()
                .all(|&c| letter(c) || c.is_ascii_digit() || c == b'_');
        if plain && !is_reserved(name) {
            out.push_str(name);
        } else {
            out.push(ids.quote);
            escape_into(out, name, ids.quote, ids.escapes);
            out.push(ids.quote);
        }
    }

    /// A string literal, escaped so that its content can never end it.
    pub fn string_literal(&self, value: &str) -> String {
        let mut out = String::with_capacity(value.len() + 2);
        self.write_string_literal(&mut out, value);
        out
    }

    /// Appends `string_literal(value)` to `out`.
    pub fn write_string_literal(&self, out: &mut String, value: &str) {
        out.push('\'');
        escape_into(out, value, '\'', self.string_escapes);
        out.push('\'');
    }

    /// An exact decimal literal from its digits (`-12.50`).
    pub fn decimal_literal(&self, digits: &str) -> String {
        match self.decimal_literals {
            DecimalLiterals::Bare => digits.to_string(),
            DecimalLiterals::Typed => {
                let unsigned = digits.trim_start_matches('-');
                let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
                let integer_digits = whole.trim_start_matches('0').len();
                let ty = self.decimal_type(integer_digits, fraction.len());
                format!("{ty} '{digits}'")
            }
        }
    }

    /// `INTERVAL n UNIT`.
    pub fn interval(&self, count: i64, unit: IntervalUnit) -> String {
        match (self.intervals, unit) {
            (Intervals::QuotedQuantity, IntervalUnit::Day) => format!("INTERVAL '{count} days'"),
            (Intervals::QuotedQuantity, IntervalUnit::Month) => {
                format!("INTERVAL '{count} months'")
            }
            (Intervals::UnitKeyword, IntervalUnit::Day) => format!("INTERVAL {count} DAY"),
            (Intervals::UnitKeyword, IntervalUnit::Month) => format!("INTERVAL {count} MONTH"),
        }
    }

    /// The first element of an array expression (already parenthesised).
    pub fn first_element(&self, array: &str) -> String {
        format!("{array}{}", self.first_element_subscript)
    }

    /// What follows a sort key's direction so that missing values sort last.
    pub fn nulls_last(&self) -> &'static str {
        match self.null_ordering {
            NullOrdering::Varies => " NULLS LAST",
            NullOrdering::AlwaysLast => "",
        }
    }

    /// The SQL type of a value type, for casts.
    pub fn type_name(&self, ty: ScalarType) -> &'static str {
        let t = &self.types;
        match ty {
            ScalarType::String => t.string,
            ScalarType::Int => t.int,
            ScalarType::Decimal { precision, scale } => {
                self.decimal_type(precision.saturating_sub(scale) as usize, scale as usize)
            }
            ScalarType::Bool => t.bool,
            ScalarType::Date => t.date,
            ScalarType::Timestamp => t.timestamp,
        }
    }

    /// The SQL type of a declared column: decimals keep their precision and scale where the
    /// engine's decimal type takes them.
    pub fn column_type(&self, ty: ScalarType) -> String {
        match (ty, self.decimals) {
            (ScalarType::Decimal { precision, scale }, DecimalTypes::Parameterised { .. }) => {
                format!("DECIMAL({precision}, {scale})")
            }
            (other, _) => self.type_name(other).to_string(),
        }
    }

    /// The decimal type for values with this many digits before and after the point.
    fn decimal_type(&self, integer_digits: usize, fraction_digits: usize) -> &'static str {
        match self.decimals {
            DecimalTypes::Parameterised { cast } => cast,
            DecimalTypes::Sized {
                narrow,
                integer_digits: max_integer,
                scale,
                wide,
            } => {
                if integer_digits > max_integer || fraction_digits > scale {
                    wide
                } else {
                    narrow
                }
            }
        }
    }
}

/// Appends `value` to `out`, escaped for a token quoted with `quote`.
fn escape_into(out: &mut String, value: &str, quote: char, escapes: Escapes) {
    for c in value.chars() {
        match (escapes, c) {
            (Escapes::DoubledQuote, c) if c == quote => {
                out.push(c);
                out.push(c);
            }
            (Escapes::DoubledQuote, c) => out.push(c),
            (Escapes::Backslash, '\\') => out.push_str("\\\\"),
            (Escapes::Backslash, '\n') => out.push_str("\\n"),
            (Escapes::Backslash, '\r') => out.push_str("\\r"),
            (Escapes::Backslash, '\t') => out.push_str("\\t"),
            (Escapes::Backslash, c) if c == quote => {
                out.push('\\');
                out.push(c);
            }
            (Escapes::Backslash, c) if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            (Escapes::Backslash, c) => out.push(c),
        }
    }
}

/// A whole number as standard SQL's `INTEGER`; literals already are.
fn integer(e: SqlExpr) -> SqlExpr {
    match e {
        SqlExpr::Int(_) => e,
        other => SqlExpr::cast(other, "INTEGER"),
    }
}

/// The builder's view of a dialect: hooks that return SQL trees. Defaults depend only on the
/// [`Dialect`] table; a dialect file overrides a hook where its engine needs code.
pub trait Semantics {
    /// The dialect's table of capabilities and spellings.
    fn dialect(&self) -> &'static Dialect;

    /// Whole days from `from` to `to` (both dates). No portable spelling exists.
    fn days_between(&self, from: SqlExpr, to: SqlExpr) -> SqlExpr;

    /// Days from 1970-01-01 to a date, as a whole number.
    fn day_number(&self, date: SqlExpr) -> SqlExpr {
        let epoch = crate::value::Date {
            year: 1970,
            month: 1,
            day: 1,
        };
        self.days_between(SqlExpr::Date(epoch), date)
    }

    /// Microseconds from 1970-01-01 00:00 UTC to a timestamp (a UTC instant), as a whole
    /// number. No portable spelling exists.
    fn epoch_micros(&self, timestamp: SqlExpr) -> SqlExpr;

    /// The calendar day of a timestamp.
    fn date_of(&self, timestamp: SqlExpr) -> SqlExpr {
        SqlExpr::cast(timestamp, self.dialect().types.date)
    }

    /// The day of a timestamp (a UTC instant) in the IANA zone `zone`, where the engine knows
    /// zones; `None` with [`TimeZones::CompilerOffsets`], where the builder adds the offsets.
    fn date_in_zone(&self, timestamp: SqlExpr, zone: &str) -> Option<SqlExpr> {
        let zone = SqlExpr::Str(zone.to_string());
        match self.dialect().time_zones {
            TimeZones::AtTimeZone => {
                let instant =
                    SqlExpr::func("TIMEZONE", vec![SqlExpr::Str("UTC".into()), timestamp]);
                let local = SqlExpr::func("TIMEZONE", vec![zone, instant]);
                Some(SqlExpr::cast(local, self.dialect().types.date))
            }
            TimeZones::DateFunction => Some(SqlExpr::func("DATE", vec![timestamp, zone])),
            TimeZones::CompilerOffsets => None,
        }
    }

    /// The current date in the IANA zone `zone`, or `None` as for [`Semantics::date_in_zone`].
    fn current_date_in_zone(&self, zone: &str) -> Option<SqlExpr> {
        let zone = SqlExpr::Str(zone.to_string());
        match self.dialect().time_zones {
            TimeZones::AtTimeZone => Some(SqlExpr::cast(
                SqlExpr::func("TIMEZONE", vec![zone, SqlExpr::Keyword("NOW()")]),
                self.dialect().types.date,
            )),
            TimeZones::DateFunction => Some(SqlExpr::func("CURRENT_DATE", vec![zone])),
            TimeZones::CompilerOffsets => None,
        }
    }

    /// `date` minus `count` days.
    fn minus_days(&self, date: SqlExpr, count: i64) -> SqlExpr {
        SqlExpr::binary("-", date, SqlExpr::Int(count))
    }

    /// `date` minus `count` calendar months, clamped to the end of shorter months, as a date.
    fn minus_months(&self, date: SqlExpr, count: i64) -> SqlExpr {
        let interval = SqlExpr::Interval {
            count,
            unit: IntervalUnit::Month,
        };
        SqlExpr::cast(
            SqlExpr::binary("-", date, interval),
            self.dialect().types.date,
        )
    }

    /// `date` plus `count` days (a constant).
    fn plus_days(&self, date: SqlExpr, count: i64) -> SqlExpr {
        SqlExpr::binary("+", date, SqlExpr::Int(count))
    }

    /// `date` plus `count` calendar months (a constant), clamped to the end of shorter months,
    /// as a date.
    fn plus_months(&self, date: SqlExpr, count: i64) -> SqlExpr {
        let interval = SqlExpr::Interval {
            count,
            unit: IntervalUnit::Month,
        };
        SqlExpr::cast(
            SqlExpr::binary("+", date, interval),
            self.dialect().types.date,
        )
    }

    /// `date` plus a computed whole number of days. The count is cast to standard SQL's
    /// `INTEGER`, which `date + n` takes (PostgreSQL's `EXTRACT` gives `numeric`).
    fn plus_days_of(&self, date: SqlExpr, days: SqlExpr) -> SqlExpr {
        SqlExpr::binary("+", date, integer(days))
    }

    /// The date of a year, month and day given as whole numbers (always a valid date here),
    /// each cast to `INTEGER` as `make_date` takes them.
    fn make_date(&self, year: SqlExpr, month: SqlExpr, day: SqlExpr) -> SqlExpr {
        SqlExpr::func(
            "MAKE_DATE",
            vec![integer(year), integer(month), integer(day)],
        )
    }

    /// The text without the spaces (U+0020) at either end.
    fn trim_spaces(&self, text: SqlExpr) -> SqlExpr {
        SqlExpr::func("TRIM", vec![text, SqlExpr::Str(" ".into())])
    }

    /// The ISO day of the week of a date: Monday = 1 … Sunday = 7.
    fn iso_weekday(&self, date: SqlExpr) -> SqlExpr {
        SqlExpr::Extract {
            field: "ISODOW",
            expr: Box::new(date),
        }
    }

    /// The whole quotient of two integers, truncated toward zero.
    fn int_div(&self, dividend: SqlExpr, divisor: SqlExpr) -> SqlExpr {
        match self.dialect().integer_division {
            IntegerDivision::Slash => SqlExpr::binary("/", dividend, divisor),
            IntegerDivision::Operator(op) => SqlExpr::binary(op, dividend, divisor),
            IntegerDivision::Function(name) => SqlExpr::func(name, vec![dividend, divisor]),
        }
    }

    /// `value` starts with `prefix`.
    fn starts_with(&self, value: SqlExpr, prefix: SqlExpr) -> SqlExpr {
        SqlExpr::func("STARTS_WITH", vec![value, prefix])
    }

    /// `value` ends with `suffix`.
    fn ends_with(&self, value: SqlExpr, suffix: SqlExpr) -> SqlExpr {
        SqlExpr::func("ENDS_WITH", vec![value, suffix])
    }

    /// `value` contains `part`.
    fn contains(&self, value: SqlExpr, part: SqlExpr) -> SqlExpr {
        SqlExpr::binary(
            ">",
            SqlExpr::func("STRPOS", vec![value, part]),
            SqlExpr::Int(0),
        )
    }

    /// `value LIKE pattern` where `\` escapes `%`, `_` and itself.
    fn like(&self, value: SqlExpr, pattern: SqlExpr) -> SqlExpr {
        SqlExpr::Like {
            expr: Box::new(value),
            pattern: Box::new(pattern),
            escape: self.dialect().like_escape_clause.then_some("\\"),
        }
    }

    /// `call` restricted to rows where `condition` holds: a `FILTER` clause, or the portable
    /// `CASE WHEN condition THEN argument END` inside the call.
    fn filtered(&self, mut call: AggCall, condition: Option<SqlExpr>) -> SqlExpr {
        let Some(condition) = condition else {
            return SqlExpr::Agg(Box::new(call));
        };
        if self.dialect().aggregate_filter {
            call.filter = Some(condition);
            return SqlExpr::Agg(Box::new(call));
        }
        let when = |value| SqlExpr::Case {
            whens: vec![(condition.clone(), value)],
            otherwise: None,
        };
        call.args = if call.args.is_empty() {
            vec![when(SqlExpr::Int(1))]
        } else {
            std::mem::take(&mut call.args)
                .into_iter()
                .map(when)
                .collect()
        };
        SqlExpr::Agg(Box::new(call))
    }

    /// The value of the first row in `order` among rows where `condition` holds and `value` is
    /// present: `ARRAY_AGG(value ORDER BY …) FILTER (WHERE …)`, element one.
    fn first_by(
        &self,
        value: SqlExpr,
        order: Vec<(SqlExpr, bool)>,
        condition: Option<SqlExpr>,
    ) -> Result<SqlExpr, EmitError> {
        let d = self.dialect();
        // Rows that fail the condition must stay out of the array, which only FILTER ensures.
        if !(d.ordered_array_aggregate && d.aggregate_filter) {
            return Err(EmitError::Unsupported {
                dialect: d.name,
                construct: Construct::FirstOrLast,
            });
        }
        let present = SqlExpr::IsNull {
            expr: Box::new(value.clone()),
            negated: true,
        };
        let condition = match condition {
            Some(c) => SqlExpr::And(vec![c, present]),
            None => present,
        };
        let mut call = AggCall::new("ARRAY_AGG", vec![value]);
        call.order_by = order;
        call.filter = Some(condition);
        Ok(SqlExpr::FirstElement(Box::new(SqlExpr::Agg(Box::new(
            call,
        )))))
    }

    /// The first 8 lowercase hex digits of the MD5 of a text: the holdout bucket.
    fn hash_prefix(&self, text: SqlExpr) -> SqlExpr {
        let digest = SqlExpr::func("MD5", vec![text]);
        let hex = match self.dialect().md5 {
            Md5::Hex => digest,
            Md5::Bytes { to_hex } => SqlExpr::func(to_hex, vec![digest]),
        };
        SqlExpr::func("SUBSTR", vec![hex, SqlExpr::Int(1), SqlExpr::Int(8)])
    }
}
