//! Exact arithmetic in SQL. Engines round quotients (DuckDB's `DECIMAL / DECIMAL` is a DOUBLE,
//! PostgreSQL picks a scale, BigQuery's NUMERIC keeps 9 digits), so no comparison here ever
//! reads one. A value with a division is rewritten as a fraction `num / den` of two
//! division-free values whose denominator is above zero (a divisor's sign moves to the
//! numerator: `x / d` is `(x * sign(d)) / abs(d)`), with the conditions under which it is
//! defined (no divisor is 0). Comparing two such fractions is then one comparison of products:
//! `a / b < c / d` is `a * d < c * b`. `round` divides whole numbers, which every engine does
//! exactly. The plan keeps the quotients, so the reference evaluator checks this rewriting
//! against exact rational arithmetic.

use super::Builder;
use crate::ir::{scale_of, Agg, CompareOp, Cond, Expr, Scalar};
use crate::sql::tree::SqlExpr;

/// A value as `num / den` (`den` absent for 1), defined where every guard holds.
#[derive(Debug, Clone)]
struct Fraction {
    num: Expr,
    den: Option<Expr>,
    guards: Vec<Cond>,
}

impl Fraction {
    fn plain(num: Expr) -> Fraction {
        Fraction {
            num,
            den: None,
            guards: Vec::new(),
        }
    }

    fn is_plain(&self) -> bool {
        self.den.is_none() && self.guards.is_empty()
    }
}

impl Builder<'_> {
    /// `left op right` decided exactly, as a plan condition without quotients.
    pub(super) fn exact_compare(&self, op: CompareOp, left: &Expr, right: &Expr) -> Cond {
        let (l, r) = (self.fraction(left), self.fraction(right));
        let mut parts: Vec<Cond> = Vec::new();
        for g in l.guards.iter().chain(r.guards.iter()) {
            if !parts.contains(g) {
                parts.push(g.clone());
            }
        }
        parts.push(self.cross(op, &l, &r));
        and(parts)
    }

    /// `e is missing`, for a value with a quotient: some guard or operand fails.
    pub(super) fn exact_missing(&self, e: &Expr) -> Cond {
        Cond::Not(Box::new(self.defined(&self.fraction(e))))
    }

    /// `round(x, digits)`: the fraction `p / q` scaled to whole numbers `P / Q` (both times
    /// 10^max(scale)), then `(2 |P| 10^digits + |Q|) div (2 |Q|)` with the sign of `P / Q`, over
    /// 10^digits: halves away from zero, the digits every engine gives.
    pub(super) fn round(&self, x: &Expr, digits: u32, alias: &str) -> SqlExpr {
        let f = self.fraction(x);
        let den = f.den.clone().unwrap_or(Expr::Lit(Scalar::Int(1)));
        let scale = scale_of(self.plan.type_of(&f.num)).max(scale_of(self.plan.type_of(&den)));
        if scale == 0 && digits == 0 && f.den.is_none() {
            // A whole number rounds to itself.
            return self.expr(&f.num, alias);
        }
        let whole = |e: &Expr| times(e.clone(), power_of_ten(scale));
        let (p, q) = (whole(&f.num), whole(&den));
        let dividend = Expr::Add(
            Box::new(times(
                times(Expr::Abs(Box::new(p.clone())), int(2)),
                power_of_ten(digits),
            )),
            Box::new(Expr::Abs(Box::new(q.clone()))),
        );
        let divisor = times(Expr::Abs(Box::new(q.clone())), int(2));
        let exact = self.dialect().exact_arithmetic;
        let as_whole = |e: &Expr| SqlExpr::cast(self.expr(e, alias), exact.whole);
        let magnitude = match exact.division {
            crate::sql::dialect::IntegerDivision::Function(name) => {
                SqlExpr::func(name, vec![as_whole(&dividend), as_whole(&divisor)])
            }
            crate::sql::dialect::IntegerDivision::Operator(op) => {
                SqlExpr::binary(op, as_whole(&dividend), as_whole(&divisor))
            }
            crate::sql::dialect::IntegerDivision::Slash => {
                SqlExpr::binary("/", as_whole(&dividend), as_whole(&divisor))
            }
        };
        let zero = || Expr::Lit(Scalar::Int(0));
        // The denominator is above zero: the numerator carries the sign.
        let negative = lt(&p, zero());
        let signed = SqlExpr::Case {
            whens: vec![(
                self.cond(&negative, alias),
                SqlExpr::Neg(Box::new(magnitude.clone())),
            )],
            otherwise: Some(Box::new(magnitude)),
        };
        let value = match digits {
            0 => signed,
            n => SqlExpr::binary("*", signed, SqlExpr::Decimal(unit_fraction(n))),
        };
        if f.guards.is_empty() && !self.plan.nullable(&f.num) && !self.plan.nullable(&den) {
            return value;
        }
        SqlExpr::Case {
            whens: vec![(self.cond(&self.defined(&f), alias), value)],
            otherwise: None,
        }
    }

    /// `e` as a fraction of division-free values.
    fn fraction(&self, e: &Expr) -> Fraction {
        match e {
            Expr::Div(a, b) => {
                let (a, b) = (self.fraction(a), self.fraction(b));
                let mut guards = a.guards;
                guards.extend(b.guards);
                if !self.positive(&b.num) {
                    guards.push(Cond::Compare {
                        op: CompareOp::Ne,
                        left: b.num.clone(),
                        right: int(0),
                    });
                }
                // (na / da) / (nb / db) = (na db) / (da nb), kept with a positive denominator:
                // the sign of nb moves to the numerator.
                let (num, divisor) = match self.never_negative(&b.num) {
                    true => (times_opt(a.num, b.den), b.num),
                    false => (
                        times(times_opt(a.num, b.den), Expr::Sign(Box::new(b.num.clone()))),
                        Expr::Abs(Box::new(b.num)),
                    ),
                };
                Fraction {
                    num,
                    den: Some(times_opt(divisor, a.den)),
                    guards,
                }
            }
            Expr::Add(a, b) | Expr::Sub(a, b) => {
                let (a, b) = (self.fraction(a), self.fraction(b));
                let join = |x: Expr, y: Expr| match e {
                    Expr::Add(..) => Expr::Add(Box::new(x), Box::new(y)),
                    _ => Expr::Sub(Box::new(x), Box::new(y)),
                };
                let mut guards = a.guards;
                guards.extend(b.guards);
                let (num, den) = match (a.den, b.den) {
                    (None, None) => (join(a.num, b.num), None),
                    (Some(x), Some(y)) if x == y => (join(a.num, b.num), Some(x)),
                    (da, db) => (
                        join(times_opt(a.num, db.clone()), times_opt(b.num, da.clone())),
                        Some(match (da, db) {
                            (Some(x), Some(y)) => times(x, y),
                            (Some(x), None) | (None, Some(x)) => x,
                            (None, None) => int(1),
                        }),
                    ),
                };
                Fraction { num, den, guards }
            }
            Expr::Mul(a, b) => {
                let (a, b) = (self.fraction(a), self.fraction(b));
                let mut guards = a.guards;
                guards.extend(b.guards);
                let den = match (a.den, b.den) {
                    (Some(x), Some(y)) => Some(times(x, y)),
                    (x, None) => x,
                    (None, y) => y,
                };
                Fraction {
                    num: times(a.num, b.num),
                    den,
                    guards,
                }
            }
            Expr::Neg(x) => {
                let f = self.fraction(x);
                Fraction {
                    num: Expr::Neg(Box::new(f.num)),
                    ..f
                }
            }
            Expr::Abs(x) => {
                let f = self.fraction(x);
                Fraction {
                    num: Expr::Abs(Box::new(f.num)),
                    den: f.den.map(|d| Expr::Abs(Box::new(d))),
                    guards: f.guards,
                }
            }
            Expr::Otherwise(x, default) => {
                let (x, d) = (self.fraction(x), self.fraction(default));
                if x.is_plain() && d.is_plain() {
                    return Fraction::plain(Expr::Otherwise(Box::new(x.num), Box::new(d.num)));
                }
                let defined = self.defined(&x);
                let pick = |a: Expr, b: Expr| Expr::Case {
                    whens: vec![(defined.clone(), a)],
                    otherwise: Box::new(b),
                };
                let den = match (&x.den, &d.den) {
                    (None, None) => None,
                    (a, b) => Some(pick(
                        a.clone().unwrap_or(int(1)),
                        b.clone().unwrap_or(int(1)),
                    )),
                };
                let guards = match d.guards.is_empty() {
                    true => Vec::new(),
                    false => vec![Cond::Or(vec![defined.clone(), and(d.guards.clone())])],
                };
                Fraction {
                    num: pick(x.num, d.num),
                    den,
                    guards,
                }
            }
            Expr::Least(values) | Expr::Greatest(values) => {
                let fractions: Vec<Fraction> = values.iter().map(|v| self.fraction(v)).collect();
                if fractions.iter().all(Fraction::is_plain) {
                    let nums = fractions.into_iter().map(|f| f.num).collect();
                    return Fraction::plain(match e {
                        Expr::Least(_) => Expr::Least(nums),
                        _ => Expr::Greatest(nums),
                    });
                }
                let keep = match e {
                    Expr::Least(_) => CompareOp::Le,
                    _ => CompareOp::Ge,
                };
                // Every value must be defined; the chosen one is the first that is at least as
                // small (large) as every other: each value appears in one comparison per other
                // value, so the SQL grows with the square of their number, never exponentially.
                let guards: Vec<Cond> = fractions
                    .iter()
                    .map(|f| self.defined(f))
                    .filter(|g| *g != Cond::Const(true))
                    .collect();
                let mut nums = Vec::new();
                let mut dens = Vec::new();
                let last = fractions.len() - 1;
                for (i, f) in fractions.iter().enumerate() {
                    let wins: Vec<Cond> = fractions
                        .iter()
                        .enumerate()
                        .filter(|(j, _)| *j != i)
                        .map(|(j, other)| {
                            // Ties go to the first: strictly better than the ones before it.
                            let op = match (j < i, keep) {
                                (true, CompareOp::Le) => CompareOp::Lt,
                                (true, _) => CompareOp::Gt,
                                (false, op) => op,
                            };
                            self.cross(op, f, other)
                        })
                        .collect();
                    let den = f.den.clone().unwrap_or(int(1));
                    match i == last {
                        true => {
                            nums.push((Cond::Const(true), f.num.clone()));
                            dens.push((Cond::Const(true), den));
                        }
                        false => {
                            let wins = and(wins);
                            nums.push((wins.clone(), f.num.clone()));
                            dens.push((wins, den));
                        }
                    }
                }
                let case = |mut branches: Vec<(Cond, Expr)>| {
                    let (_, otherwise) = branches.pop().unwrap_or((Cond::Const(true), int(0)));
                    Expr::Case {
                        whens: branches,
                        otherwise: Box::new(otherwise),
                    }
                };
                let all_plain = fractions.iter().all(|f| f.den.is_none());
                Fraction {
                    num: case(nums),
                    den: (!all_plain).then(|| case(dens)),
                    guards,
                }
            }
            other => Fraction::plain(other.clone()),
        }
    }

    /// Where a fraction has a value: its guards hold and its operands are present.
    fn defined(&self, f: &Fraction) -> Cond {
        let mut parts = f.guards.clone();
        for e in std::iter::once(&f.num).chain(f.den.as_ref()) {
            if self.plan.nullable(e) {
                parts.push(Cond::Not(Box::new(Cond::IsNull(e.clone()))));
            }
        }
        and(parts)
    }

    /// `l op r` for two fractions whose denominators are above zero where their guards hold:
    /// `a / b op c / d` is `a * d op c * b`.
    fn cross(&self, op: CompareOp, l: &Fraction, r: &Fraction) -> Cond {
        Cond::Compare {
            op,
            left: times_opt(l.num.clone(), r.den.clone()),
            right: times_opt(r.num.clone(), l.den.clone()),
        }
    }

    /// Whether `e` is a constant above zero.
    fn positive(&self, e: &Expr) -> bool {
        match e {
            Expr::Lit(Scalar::Int(i)) => *i > 0,
            Expr::Lit(Scalar::Decimal(d)) => {
                !d.starts_with('-') && d.chars().any(|c| matches!(c, '1'..='9'))
            }
            Expr::Mul(a, b) => self.positive(a) && self.positive(b),
            _ => false,
        }
    }

    /// Whether `e` is never below zero: counts, absolute values, and their products and sums.
    fn never_negative(&self, e: &Expr) -> bool {
        match e {
            Expr::Lit(_) => self.positive(e) || *e == int(0),
            Expr::Feature { table, feature } => matches!(
                self.plan.feature(*table, *feature).agg,
                Agg::CountRows | Agg::CountValues(_) | Agg::CountDistinct(_)
            ),
            Expr::Abs(_) => true,
            Expr::Mul(a, b) | Expr::Add(a, b) => self.never_negative(a) && self.never_negative(b),
            _ => false,
        }
    }
}

fn int(i: i64) -> Expr {
    Expr::Lit(Scalar::Int(i))
}

/// `a * b`, with whole-number constants multiplied here.
fn times(a: Expr, b: Expr) -> Expr {
    match (&a, &b) {
        (Expr::Lit(Scalar::Int(1)), _) => b,
        (_, Expr::Lit(Scalar::Int(1))) => a,
        (Expr::Lit(Scalar::Int(x)), Expr::Lit(Scalar::Int(y))) => match x.checked_mul(*y) {
            Some(p) => int(p),
            None => Expr::Mul(Box::new(a), Box::new(b)),
        },
        _ => Expr::Mul(Box::new(a), Box::new(b)),
    }
}

fn times_opt(a: Expr, b: Option<Expr>) -> Expr {
    match b {
        Some(b) => times(a, b),
        None => a,
    }
}

/// 10^n as a constant (a decimal literal past 18 digits).
fn power_of_ten(n: u32) -> Expr {
    match 10i64.checked_pow(n) {
        Some(p) => int(p),
        None => Expr::Lit(Scalar::Decimal(format!("1{}", "0".repeat(n as usize)))),
    }
}

/// `0.01` for 2: one unit of the last of `n` digits after the point.
fn unit_fraction(n: u32) -> String {
    format!("0.{}1", "0".repeat(n.saturating_sub(1) as usize))
}

fn lt(e: &Expr, right: Expr) -> Cond {
    Cond::Compare {
        op: CompareOp::Lt,
        left: e.clone(),
        right,
    }
}

/// All of `parts`; one part stays as it is.
fn and(mut parts: Vec<Cond>) -> Cond {
    match parts.len() {
        0 => Cond::Const(true),
        1 => parts.remove(0),
        _ => Cond::And(parts),
    }
}
