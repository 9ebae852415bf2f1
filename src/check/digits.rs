//! The digits a comparison of numbers needs when it is decided exactly. A value is a quotient
//! `num / den` of two products (`den` is 1 without a division); a comparison of quotients is
//! decided by cross-multiplying, `a / b < c / d` as `a * d` against `c * b`, so the digits of
//! each side add up. Every engine computes exactly with 38 digits: a comparison that could need
//! more is refused (E0222), never rounded. The digits of each value are in docs/language.md §9.8.

use super::arithmetic::{int_and_scale, INT_DIGITS, MAX_DIGITS};
use super::errors::{ArithmeticError, CheckError};
use super::exprs::ExprChecker;
use super::typed::*;
use crate::source::Span;

/// Digits of a number: before and after the point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Digits {
    int: u32,
    scale: u32,
}

/// Rows per entity in one facts table that the digits of `count` and `sum` allow: 10^12.
const ROW_DIGITS: u32 = 12;

/// Digits of whole numbers computed from dates (`days since`, `age`, date parts) and of `length`.
const DERIVED_DIGITS: u32 = 9;

const ONE: Digits = Digits { int: 1, scale: 0 };

impl Digits {
    fn whole(int: u32) -> Digits {
        Digits { int, scale: 0 }
    }

    fn of(ty: &Type) -> Digits {
        let (int, scale) = int_and_scale(ty);
        Digits { int, scale }
    }

    fn total(self) -> u32 {
        self.int.saturating_add(self.scale)
    }

    fn times(self, other: Digits) -> Digits {
        Digits {
            int: self.int.saturating_add(other.int),
            scale: self.scale.saturating_add(other.scale),
        }
    }

    fn plus(self, other: Digits) -> Digits {
        Digits {
            int: self.int.max(other.int).saturating_add(1),
            scale: self.scale.max(other.scale),
        }
    }

    fn max(self, other: Digits) -> Digits {
        Digits {
            int: self.int.max(other.int),
            scale: self.scale.max(other.scale),
        }
    }
}

/// A value as `num / den`; the most digits any step of computing it needs.
#[derive(Debug, Clone, Copy)]
struct Shape {
    num: Digits,
    den: Option<Digits>,
    /// The widest product met inside (round's integer division included).
    widest: u32,
}

impl Shape {
    fn plain(num: Digits) -> Shape {
        Shape {
            num,
            den: None,
            widest: num.total(),
        }
    }

    fn make(num: Digits, den: Option<Digits>, inner: u32) -> Shape {
        let widest = inner.max(num.total()).max(den.map_or(0, Digits::total));
        Shape { num, den, widest }
    }
}

impl ExprChecker<'_> {
    /// Records E0222 when deciding `left op right` exactly could need more than 38 digits.
    pub(super) fn exact_fits(&mut self, left: &Value, right: &Value, at: Span) -> Option<()> {
        let (l, r) = (self.shape(left), self.shape(right));
        let mut need = l.widest.max(r.widest);
        if l.den.is_some() || r.den.is_some() {
            let cross = |n: Digits, d: Option<Digits>| n.times(d.unwrap_or(ONE)).total();
            need = need.max(cross(l.num, r.den)).max(cross(r.num, l.den));
        }
        if need <= MAX_DIGITS {
            return Some(());
        }
        self.errors.push(CheckError::new(
            at,
            ArithmeticError::TooManyDigits { digits: need },
        ));
        None
    }

    fn shape(&self, v: &Value) -> Shape {
        match &v.kind {
            ValueKind::Literal(lit) => Shape::plain(literal_digits(lit, &v.ty)),
            ValueKind::Param(p) => Shape::plain(literal_digits(&self.params[p.0].value, &v.ty)),
            ValueKind::Aggregate(agg) => self.aggregate_shape(agg, &v.ty),
            ValueKind::DaysSince(_)
            | ValueKind::DaysUntil(_)
            | ValueKind::Age(_)
            | ValueKind::DatePart(..)
            | ValueKind::Text(..) => Shape::plain(Digits::whole(DERIVED_DIGITS)),
            ValueKind::Rfm {
                field: RfmField::Score(_),
                ..
            } => Shape::plain(Digits::whole(2)),
            ValueKind::Rfm {
                field: RfmField::Measure(Metric::Monetary),
                ..
            } => Shape::plain(Digits::of(&v.ty)),
            ValueKind::Rfm { .. } => Shape::plain(Digits::whole(ROW_DIGITS)),
            ValueKind::Arith(op, a, b) => {
                let (a, b) = (self.shape(a), self.shape(b));
                let inner = a.widest.max(b.widest);
                let times = |x: Digits, d: Option<Digits>| x.times(d.unwrap_or(ONE));
                let both = |x: Option<Digits>, y: Option<Digits>| match (x, y) {
                    (Some(x), Some(y)) => Some(x.times(y)),
                    (x, None) => x,
                    (None, y) => y,
                };
                match op {
                    NumOp::Add | NumOp::Sub => match (a.den, b.den) {
                        (None, None) => Shape::make(a.num.plus(b.num), None, inner),
                        _ => Shape::make(
                            times(a.num, b.den).plus(times(b.num, a.den)),
                            both(a.den, b.den),
                            inner,
                        ),
                    },
                    NumOp::Mul => product(a, b),
                    NumOp::Div => quotient(a, b),
                }
            }
            ValueKind::Clv(id) => self.clv_shape(*id, &v.ty),
            ValueKind::Negate(x) | ValueKind::Abs(x) => self.shape(x),
            ValueKind::Trait(id) => self.shape(&self.traits[id.0].value),
            ValueKind::Otherwise(x, y) => {
                let (x, y) = (self.shape(x), self.shape(y));
                let den = match (x.den, y.den) {
                    (None, None) => None,
                    (a, b) => Some(a.unwrap_or(ONE).max(b.unwrap_or(ONE))),
                };
                Shape::make(x.num.max(y.num), den, x.widest.max(y.widest))
            }
            ValueKind::Least(values) | ValueKind::Greatest(values) => {
                let shapes: Vec<Shape> = values.iter().map(|v| self.shape(v)).collect();
                let mut num = shapes[0].num;
                let mut den = shapes[0].den;
                let mut widest = 0;
                for s in &shapes {
                    num = num.max(s.num);
                    den = match (den, s.den) {
                        (None, None) => None,
                        (a, b) => Some(a.unwrap_or(ONE).max(b.unwrap_or(ONE))),
                    };
                    widest = widest.max(s.widest);
                }
                // Choosing compares them exactly: its cross products count too.
                let cross = den.map_or(0, |d| num.times(d).total());
                Shape::make(num, den, widest.max(cross))
            }
            ValueKind::Round(x, digits) => {
                let x = self.shape(x);
                let den = x.den.unwrap_or(ONE);
                // round(p / q, n) = (2 |p| 10^n + |q|) div (2 |q|) / 10^n, in whole numbers:
                // p and q scaled by 10^max(scale) first.
                let scaled = x.num.int + x.num.scale.max(den.scale) + digits + 1;
                let int = x.num.int + den.scale + 1;
                Shape::make(
                    Digits {
                        int,
                        scale: *digits,
                    },
                    None,
                    x.widest.max(scaled),
                )
            }
            _ => Shape::plain(Digits::of(&v.ty)),
        }
    }

    /// A CLV model's value: its type, a `decimal(38, 9)`, when its margin and lifespan are
    /// plain numbers; when one is a quotient (a trait with `/` or `avg`), the value is a
    /// fraction, counted as lowered: `sum × margin × lifespan × per_year / n`.
    fn clv_shape(&self, id: ClvId, ty: &Type) -> Shape {
        let m = &self.clv[id.0];
        let (margin, lifespan) = (self.shape(&m.margin), self.shape(&m.lifespan));
        if margin.den.is_none() && lifespan.den.is_none() {
            return Shape::plain(Digits::of(ty));
        }
        let amount = Digits::of(&self.schema.facts(m.facts).columns[m.amount_column].ty);
        let sum = Shape::plain(Digits {
            int: amount.int + ROW_DIGITS,
            scale: amount.scale,
        });
        let (n, per_year) = m.years();
        let whole = |k: i64| Shape::plain(literal_digits(&Lit::Int(k), &Type::Int));
        let factors = [margin, lifespan, whole(per_year)];
        quotient(factors.into_iter().fold(sum, product), whole(n))
    }

    fn aggregate_shape(&self, agg: &Aggregate, ty: &Type) -> Shape {
        let column = agg
            .column
            .map(|c| Digits::of(&self.schema.facts(agg.facts).columns[c].ty));
        let sum = || {
            let c = column.unwrap_or(Digits::whole(INT_DIGITS));
            Digits {
                int: c.int + ROW_DIGITS,
                scale: c.scale,
            }
        };
        match agg.func {
            AggFunc::Count => Shape::plain(Digits::whole(ROW_DIGITS)),
            AggFunc::Sum => Shape::plain(sum()),
            AggFunc::Avg => Shape::make(sum(), Some(Digits::whole(ROW_DIGITS)), 0),
            _ => Shape::plain(column.unwrap_or_else(|| Digits::of(ty))),
        }
    }
}

/// `a × b`: numerators and denominators multiply.
fn product(a: Shape, b: Shape) -> Shape {
    let den = match (a.den, b.den) {
        (Some(x), Some(y)) => Some(x.times(y)),
        (x, None) => x,
        (None, y) => y,
    };
    Shape::make(a.num.times(b.num), den, a.widest.max(b.widest))
}

/// `a / b`: `(a.num × b.den) / (b.num × a.den)`.
fn quotient(a: Shape, b: Shape) -> Shape {
    let times = |x: Digits, d: Option<Digits>| x.times(d.unwrap_or(ONE));
    Shape::make(
        times(a.num, b.den),
        Some(times(b.num, a.den)),
        a.widest.max(b.widest),
    )
}

/// The digits of a literal as written.
fn literal_digits(lit: &Lit, ty: &Type) -> Digits {
    match lit {
        Lit::Int(i) => Digits::whole(i.unsigned_abs().checked_ilog10().map_or(1, |d| d + 1)),
        _ => Digits::of(ty),
    }
}
