//! Types arithmetic: `+ - * /` and unary `-` with the result types of BigQuery's operator
//! tables, and the digits a `NUMERIC '…'` or `BIGNUMERIC '…'` literal may have.

use super::checker::{Checker, Scope};
use super::types::{supertype, Ty};
use sqlparser::ast::{BinaryOperator, Expr};

impl Checker<'_> {
    /// `x + y`, `x - y`, `x * y` or `x / y` on two numbers. Operators, "Arithmetic operators":
    /// "Result types for Addition, Subtraction and Multiplication" give the supertype of the
    /// operands (`INT64` with `INT64` is `INT64`; `NUMERIC` with `INT64` or `NUMERIC` is
    /// `NUMERIC`; `BIGNUMERIC` with `INT64`, `NUMERIC` or `BIGNUMERIC` is `BIGNUMERIC`; anything
    /// with `FLOAT64` is `FLOAT64`), and "Result types for Division" the same except that
    /// `INT64 / INT64` is `FLOAT64`.
    pub(super) fn arithmetic(
        &mut self,
        left: &Expr,
        op: &BinaryOperator,
        right: &Expr,
        scope: &Scope,
    ) -> Ty {
        let (l, r) = (self.expr(left, scope), self.expr(right, scope));
        if !l.is_number() || !r.is_number() {
            self.problem(format!(
                "`{left} {op} {right}` on {} and {}: operators, the arithmetic operators take \
                 numeric types",
                l.name(),
                r.name()
            ));
            return Ty::Error;
        }
        if matches!(op, BinaryOperator::Divide) {
            if l == Ty::Int64 && r == Ty::Int64 {
                self.problem(format!(
                    "`{left} / {right}` divides two INT64: operators, the result is FLOAT64 \
                     (inexact)"
                ));
                return Ty::Float64;
            }
            // Valid BigQuery, but never exact: seglang decides quotients by cross-multiplying.
            self.problem(format!(
                "`{left} / {right}` is a rounded quotient: data-types, NUMERIC keeps 9 digits \
                 after the point and BIGNUMERIC 38, so seglang compares quotients by \
                 cross-multiplication and never writes `/`"
            ));
        }
        supertype(&l, &r).unwrap_or(Ty::Error)
    }

    /// `-x`: operators, "Result types for Unary Minus": `INT64`, `NUMERIC`, `BIGNUMERIC` and
    /// `FLOAT64` each give their own type.
    pub(super) fn negate(&mut self, e: &Expr, operand: &Expr, scope: &Scope) -> Ty {
        let ty = self.expr(operand, scope);
        if !ty.is_number() || ty == Ty::Null {
            self.problem(format!(
                "unary minus on {} in `{e}`: operators, unary minus takes numeric types",
                ty.name()
            ));
            return Ty::Error;
        }
        ty
    }
}

/// A `NUMERIC` literal's digits: optional `-`, digits, optional `.digits`, within NUMERIC's
/// precision 38 and scale 9 (at most 29 digits before the point and 9 after).
pub(super) fn numeric_literal(text: &str) -> Result<(), String> {
    let (whole, fraction) = decimal_digits(text)?;
    if whole > 29 || fraction > 9 {
        return Err(format!(
            "{whole} digit(s) before the point and {fraction} after: data-types, NUMERIC has \
             precision 38 and scale 9, so the value cannot be held exactly"
        ));
    }
    Ok(())
}

/// The largest whole part of a `BIGNUMERIC` (data-types: the range is
/// ±5.7896044618658097711785492504343953926634992332820282019728792003956564819967E+38).
const BIGNUMERIC_MAX_WHOLE: &str = "578960446186580977117854925043439539266";

/// A `BIGNUMERIC` literal's digits, within BIGNUMERIC's precision 76.76 and scale 38: at most 38
/// digits after the point, and a whole part below the type's bound (the "partial" 39th digit).
pub(super) fn bignumeric_literal(text: &str) -> Result<(), String> {
    let (whole, fraction) = decimal_digits(text)?;
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let digits = unsigned
        .split('.')
        .next()
        .unwrap_or("")
        .trim_start_matches('0');
    let too_big = whole > BIGNUMERIC_MAX_WHOLE.len()
        || (whole == BIGNUMERIC_MAX_WHOLE.len() && digits >= BIGNUMERIC_MAX_WHOLE);
    if too_big || fraction > 38 {
        return Err(format!(
            "{whole} digit(s) before the point and {fraction} after: data-types, BIGNUMERIC has \
             precision 76.76 (up to about 5.79E+38) and scale 38"
        ));
    }
    Ok(())
}

/// The significant digits before the point and the digits after it of `-?digits(.digits)?`.
fn decimal_digits(text: &str) -> Result<(usize, usize), String> {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !(fraction.is_empty() || digits(fraction)) || unsigned.ends_with('.') {
        return Err("not a decimal number".into());
    }
    Ok((whole.trim_start_matches('0').len(), fraction.len()))
}
