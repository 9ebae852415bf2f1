//! Exact rational numbers: every `int` and `decimal` value, and the results of arithmetic on them,
//! so sums and averages in the reference evaluator and `test` blocks never round.

use std::cmp::Ordering;
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

    /// `self + other`, `None` on overflow. Over the least common denominator, so that sums of
    /// many values with one scale (a KPI's sum of squares) never multiply denominators.
    pub fn checked_add(self, other: Num) -> Option<Num> {
        let g = gcd(self.den.unsigned_abs(), other.den.unsigned_abs()).max(1) as i128;
        let (left, right) = (other.den / g, self.den / g);
        let num = self
            .num
            .checked_mul(left)?
            .checked_add(other.num.checked_mul(right)?)?;
        Num::ratio(num, self.den.checked_mul(left)?)
    }

    /// `self * other`, `None` on overflow; each numerator reduced against the other's
    /// denominator first.
    pub fn checked_mul(self, other: Num) -> Option<Num> {
        let g1 = gcd(self.num.unsigned_abs(), other.den.unsigned_abs()).max(1) as i128;
        let g2 = gcd(other.num.unsigned_abs(), self.den.unsigned_abs()).max(1) as i128;
        Num::ratio(
            (self.num / g1).checked_mul(other.num / g2)?,
            (self.den / g2).checked_mul(other.den / g1)?,
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

    /// The number with exactly `digits` digits after the point (`5` as `5.00` for 2); `None`
    /// when it has more, or on overflow.
    pub fn to_fixed(self, digits: u32) -> Option<String> {
        let unit = 10i128.checked_pow(digits)?;
        let scaled = self.num.checked_mul(unit)?;
        if scaled % self.den != 0 {
            return None;
        }
        let whole = scaled / self.den;
        let sign = if whole < 0 { "-" } else { "" };
        let magnitude = whole.unsigned_abs().to_string();
        if digits == 0 {
            return Some(format!("{sign}{magnitude}"));
        }
        let width = digits as usize + 1;
        let padded = format!("{magnitude:0>width$}");
        let (int, frac) = padded.split_at(padded.len() - digits as usize);
        Some(format!("{sign}{int}.{frac}"))
    }

    /// The nearest `f64`, for statistics (never for a value shown as exact).
    pub fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    /// Whether the number is zero.
    pub fn is_zero(self) -> bool {
        self.num == 0
    }

    /// `-self`, `None` on overflow.
    pub fn checked_neg(self) -> Option<Num> {
        Some(Num {
            num: self.num.checked_neg()?,
            den: self.den,
        })
    }

    /// `self - other`, `None` on overflow.
    pub fn checked_sub(self, other: Num) -> Option<Num> {
        self.checked_add(other.checked_neg()?)
    }

    /// `|self|`, `None` on overflow.
    pub fn checked_abs(self) -> Option<Num> {
        Some(Num {
            num: self.num.checked_abs()?,
            den: self.den,
        })
    }

    /// Rounded to `digits` places after the point, halves away from zero; `None` on overflow.
    pub fn checked_round(self, digits: u32) -> Option<Num> {
        let unit = 10i128.checked_pow(digits)?;
        // |x| * 10^digits = n / d; the rounded magnitude is floor((2n + d) / 2d).
        let n = self.num.checked_abs()?.checked_mul(unit)?;
        let d = self.den;
        let rounded = n.checked_mul(2)?.checked_add(d)? / d.checked_mul(2)?;
        let signed = if self.num < 0 { -rounded } else { rounded };
        Num::ratio(signed, unit)
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
    fn rounding_takes_halves_away_from_zero() {
        let round = |text: &str, digits| {
            Num::parse(text)
                .and_then(|n| n.checked_round(digits))
                .map(|n| n.to_string())
        };
        assert_eq!(round("2.5", 0), Some("3".into()));
        assert_eq!(round("-2.5", 0), Some("-3".into()));
        assert_eq!(round("2.4999", 0), Some("2".into()));
        assert_eq!(round("1.005", 2), Some("1.01".into()));
        assert_eq!(round("-1.004", 2), Some("-1".into()));
        let third = Num::int(1).checked_div(Num::int(3)).expect("1/3");
        assert_eq!(
            third.checked_round(4).map(|n| n.to_string()),
            Some("0.3333".into())
        );
        let two_thirds = Num::int(-2).checked_div(Num::int(3)).expect("-2/3");
        assert_eq!(
            two_thirds.checked_round(0).map(|n| n.to_string()),
            Some("-1".into())
        );
    }
}
