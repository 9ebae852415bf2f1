//! Values: columns, features (with their defined empties), literals, dates relative to the
//! evaluation date, ages, and the arithmetic the plan allows.

use super::{feature_cte_name, Builder};
use crate::ir::{DateExpr, DatePart, Expr, Scalar, ScalarType, TextFunc, TimeUnit};
use crate::sql::tree::SqlExpr;
use crate::value::Num;

impl Builder<'_> {
    /// A value; `alias` qualifies columns of the table in scope.
    pub(super) fn expr(&self, e: &Expr, alias: &str) -> SqlExpr {
        match e {
            Expr::Column(c) => super::features::column(c, alias),
            Expr::Feature { table, feature } => {
                let t = &self.plan.feature_tables[*table];
                let f = &t.features[*feature];
                let raw = SqlExpr::col(&feature_cte_name(t), &f.name);
                match &f.empty {
                    Some(v) => SqlExpr::func("COALESCE", vec![raw, scalar(v)]),
                    None => raw,
                }
            }
            Expr::Lit(v) => scalar(v),
            Expr::Date(DateExpr::AsOf) => self.as_of(),
            Expr::Date(DateExpr::Ago(n, unit)) => self.ago(*n, *unit),
            Expr::Date(DateExpr::Ahead(n, unit)) => self.ahead(*n, *unit),
            Expr::DateOf(inner) => self.day_of(self.expr(inner, alias), self.plan.type_of(inner)),
            Expr::DaysSince(inner) => self.d.days_between(self.expr(inner, alias), self.as_of()),
            Expr::AgeYears(inner) => self.age(self.expr(inner, alias)),
            Expr::DaysUntil(inner) => self.d.days_between(self.as_of(), self.expr(inner, alias)),
            Expr::DatePart(part, inner) => self.date_part(*part, self.expr(inner, alias)),
            Expr::Anniversary(inner) => self.anniversary(self.expr(inner, alias)),
            Expr::Text(func, inner) => self.text(*func, self.expr(inner, alias)),
            Expr::Add(a, b) => self.arithmetic("+", a, b, alias),
            Expr::Sub(a, b) => self.arithmetic("-", a, b, alias),
            Expr::Mul(a, b) => self.arithmetic("*", a, b, alias),
            Expr::Neg(x) => SqlExpr::Neg(Box::new(self.operand(x, false, alias))),
            Expr::Abs(x) => SqlExpr::func("ABS", vec![self.operand(x, false, alias)]),
            Expr::Sign(x) => SqlExpr::func("SIGN", vec![self.operand(x, false, alias)]),
            Expr::Round(x, digits) => self.round(x, *digits, alias),
            Expr::Otherwise(x, default) => SqlExpr::func(
                "COALESCE",
                vec![self.expr(x, alias), self.expr(default, alias)],
            ),
            Expr::Least(values) | Expr::Greatest(values) => {
                let name = match e {
                    Expr::Least(_) => "LEAST",
                    _ => "GREATEST",
                };
                let args = values.iter().map(|v| self.expr(v, alias)).collect();
                let chosen = SqlExpr::func(name, args);
                // Engines differ on a missing argument (ignored, or the result): it is missing.
                let missing: Vec<SqlExpr> = values
                    .iter()
                    .filter(|v| self.plan.nullable(v))
                    .map(|v| SqlExpr::IsNull {
                        expr: Box::new(self.expr(v, alias)),
                        negated: false,
                    })
                    .collect();
                match missing.is_empty() {
                    true => chosen,
                    false => SqlExpr::Case {
                        whens: vec![(SqlExpr::Or(missing), SqlExpr::Null)],
                        otherwise: Some(Box::new(chosen)),
                    },
                }
            }
            Expr::Case { whens, otherwise } => SqlExpr::Case {
                whens: whens
                    .iter()
                    .map(|(c, e)| (self.cond(c, alias), self.expr(e, alias)))
                    .collect(),
                otherwise: Some(Box::new(self.expr(otherwise, alias))),
            },
            Expr::IntDiv(a, b) => {
                let int = self.dialect().type_name(ScalarType::Int);
                self.d.int_div(
                    SqlExpr::cast(self.expr(a, alias), int),
                    SqlExpr::func(
                        "NULLIF",
                        vec![SqlExpr::cast(self.expr(b, alias), int), SqlExpr::Int(0)],
                    ),
                )
            }
            Expr::Score { set, field } => self.score_field(*set, *field),
            Expr::Div(a, b) => SqlExpr::binary(
                "/",
                SqlExpr::cast(
                    self.expr(a, alias),
                    self.dialect().type_name(ScalarType::Decimal {
                        precision: 38,
                        scale: 9,
                    }),
                ),
                SqlExpr::func("NULLIF", vec![self.expr(b, alias), SqlExpr::Int(0)]),
            ),
        }
    }

    /// `a op b` for `+`, `-` and `*`, on operands widened so that every digit is kept.
    fn arithmetic(&self, op: &'static str, a: &Expr, b: &Expr, alias: &str) -> SqlExpr {
        if let (Expr::Lit(x), Expr::Lit(y)) = (a, b) {
            if let Some(folded) = fold(op, x, y) {
                return scalar(&folded);
            }
        }
        let constants = matches!((a, b), (Expr::Lit(_), Expr::Lit(_)));
        SqlExpr::binary(
            op,
            self.operand(a, constants, alias),
            self.operand(b, constants, alias),
        )
    }

    /// An operand of arithmetic: an `int` cast to the dialect's 38-digit whole type (a 64-bit
    /// product can overflow), a decimal to its exact wide type where the dialect has one. A
    /// constant is left as written unless the other operand is one too; arithmetic is already
    /// wide.
    fn operand(&self, x: &Expr, widen_constants: bool, alias: &str) -> SqlExpr {
        let sql = self.expr(x, alias);
        let wide = matches!(
            x,
            Expr::Add(..)
                | Expr::Sub(..)
                | Expr::Mul(..)
                | Expr::Neg(_)
                | Expr::Abs(_)
                | Expr::Sign(_)
        );
        if wide || (matches!(x, Expr::Lit(_)) && !widen_constants) {
            return sql;
        }
        let exact = self.dialect().exact_arithmetic;
        match self.plan.type_of(x) {
            ScalarType::Int => SqlExpr::cast(sql, exact.whole),
            ScalarType::Decimal { .. } => match exact.decimals {
                Some(ty) => SqlExpr::cast(sql, ty),
                None => sql,
            },
            _ => sql,
        }
    }

    /// The evaluation date minus `n` units.
    fn ago(&self, n: i64, unit: TimeUnit) -> SqlExpr {
        match unit {
            TimeUnit::Days => self.d.minus_days(self.as_of(), n),
            TimeUnit::Weeks => self.d.minus_days(self.as_of(), n.saturating_mul(7)),
            TimeUnit::Months => self.d.minus_months(self.as_of(), n),
            TimeUnit::Years => self.d.minus_months(self.as_of(), n.saturating_mul(12)),
        }
    }

    /// The evaluation date plus `n` units.
    fn ahead(&self, n: i64, unit: TimeUnit) -> SqlExpr {
        match unit {
            TimeUnit::Days => self.d.plus_days(self.as_of(), n),
            TimeUnit::Weeks => self.d.plus_days(self.as_of(), n.saturating_mul(7)),
            TimeUnit::Months => self.d.plus_months(self.as_of(), n),
            TimeUnit::Years => self.d.plus_months(self.as_of(), n.saturating_mul(12)),
        }
    }

    /// A function of text. Case maps the 26 ASCII letters with `TRANSLATE`, the same on every
    /// engine: `LOWER` and `UPPER` follow the database's collation on PostgreSQL (under `C`,
    /// `É` stays `É`) and Unicode on DuckDB and BigQuery.
    fn text(&self, func: TextFunc, text: SqlExpr) -> SqlExpr {
        const UPPER: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
        let translate = |from: &str, to: &str| {
            SqlExpr::func(
                "TRANSLATE",
                vec![
                    text.clone(),
                    SqlExpr::Str(from.into()),
                    SqlExpr::Str(to.into()),
                ],
            )
        };
        match func {
            TextFunc::Lower => translate(UPPER, LOWER),
            TextFunc::Upper => translate(LOWER, UPPER),
            TextFunc::Trim => self.d.trim_spaces(text),
            TextFunc::Length => SqlExpr::func("LENGTH", vec![text]),
        }
    }

    /// A calendar part of a date.
    fn date_part(&self, part: DatePart, date: SqlExpr) -> SqlExpr {
        let field = match part {
            DatePart::Year => "YEAR",
            DatePart::Quarter => "QUARTER",
            DatePart::Month => "MONTH",
            DatePart::Day => "DAY",
            DatePart::Weekday => return self.d.iso_weekday(date),
        };
        SqlExpr::Extract {
            field,
            expr: Box::new(date),
        }
    }

    /// The first day on or after the evaluation date with `date`'s month and day. The
    /// anniversary in year Y is the last day before the month plus the day's number of days,
    /// which puts 29 February on 1 March in years without it (the day `age` counts the
    /// birthday) and never builds an invalid date; it is this year's when that day is not past,
    /// else next year's.
    fn anniversary(&self, date: SqlExpr) -> SqlExpr {
        let in_year = |year: SqlExpr| {
            let first = self.d.make_date(
                year,
                self.date_part(DatePart::Month, date.clone()),
                SqlExpr::Int(1),
            );
            let eve = self.d.minus_days(first, 1);
            self.d
                .plus_days_of(eve, self.date_part(DatePart::Day, date.clone()))
        };
        let this_year = self.date_part(DatePart::Year, self.as_of());
        let past = SqlExpr::binary("<", in_year(this_year.clone()), self.as_of());
        let year = SqlExpr::binary(
            "+",
            this_year,
            SqlExpr::Case {
                whens: vec![(past, SqlExpr::Int(1))],
                otherwise: Some(Box::new(SqlExpr::Int(0))),
            },
        );
        in_year(year)
    }

    /// The calendar day of a date or timestamp value.
    pub(super) fn day_of(&self, e: SqlExpr, ty: ScalarType) -> SqlExpr {
        match ty {
            ScalarType::Timestamp => self.local_day(e),
            _ => e,
        }
    }

    /// Whole years from `born` to the evaluation date: the year difference, minus one while this
    /// year's birthday (month and day) is still ahead.
    fn age(&self, born: SqlExpr) -> SqlExpr {
        let extract = |field, e: SqlExpr| SqlExpr::Extract {
            field,
            expr: Box::new(e),
        };
        let month_day = |e: SqlExpr| {
            SqlExpr::binary(
                "+",
                SqlExpr::binary("*", extract("MONTH", e.clone()), SqlExpr::Int(100)),
                extract("DAY", e),
            )
        };
        let years = SqlExpr::binary(
            "-",
            extract("YEAR", self.as_of()),
            extract("YEAR", born.clone()),
        );
        let before_birthday = SqlExpr::Case {
            whens: vec![(
                SqlExpr::binary("<", month_day(self.as_of()), month_day(born)),
                SqlExpr::Int(1),
            )],
            otherwise: Some(Box::new(SqlExpr::Int(0))),
        };
        SqlExpr::binary("-", years, before_birthday)
    }
}

/// A literal of the plan.
pub(super) fn scalar(v: &Scalar) -> SqlExpr {
    match v {
        Scalar::Int(i) => SqlExpr::Int(*i),
        Scalar::Decimal(d) => SqlExpr::Decimal(d.clone()),
        Scalar::String(s) => SqlExpr::Str(s.clone()),
        Scalar::Bool(b) => SqlExpr::Bool(*b),
        Scalar::Date(d) => SqlExpr::Date(*d),
    }
}

/// `x op y` of two number constants, computed exactly here; `None` past 30 digits.
fn fold(op: &str, x: &Scalar, y: &Scalar) -> Option<Scalar> {
    let num = |s: &Scalar| match s {
        Scalar::Int(i) => Some(Num::int(*i)),
        Scalar::Decimal(d) => Num::parse(d),
        _ => None,
    };
    let (a, b) = (num(x)?, num(y)?);
    let result = match op {
        "+" => a.checked_add(b),
        "-" => a.checked_sub(b),
        _ => a.checked_mul(b),
    }?;
    let text = result.to_string();
    match (x, y) {
        (Scalar::Int(_), Scalar::Int(_)) => text.parse().ok().map(Scalar::Int),
        _ => Num::parse(&text).map(|_| Scalar::Decimal(text)),
    }
}
