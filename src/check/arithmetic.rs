//! Arithmetic: `+ - * /`, a leading `-`, `otherwise`, `abs`, `round`, `least` and `greatest`.
//! Their operands' types, their result types (docs/language.md §9.8) and whether they can be
//! missing; the digits a comparison needs are in `digits.rs`.

use super::errors::{a, ArithmeticError, CheckError};
use super::exprs::ExprChecker;
use super::typed::*;
use crate::source::Span;
use crate::syntax::ast;

/// Digits before the point of an `int` (64 bits).
pub(super) const INT_DIGITS: u32 = 19;

/// The most digits any engine keeps exactly in one decimal value.
pub(super) const MAX_DIGITS: u32 = 38;

/// The most values `least` and `greatest` take.
const MAX_CHOICES: usize = 8;

/// The most digits `round` keeps after the point.
const MAX_ROUND_DIGITS: i64 = 9;

impl ExprChecker<'_> {
    /// `left op right`.
    pub(super) fn binary(&mut self, b: &ast::Binary, span: Span, scope: Scope) -> Option<Value> {
        let left = self.value(&b.left, scope);
        let right = self.value(&b.right, scope);
        let (left, right) = (left?, right?);
        let op = match b.op {
            ast::ArithOp::Otherwise => return self.otherwise(left, right, span),
            ast::ArithOp::Add => NumOp::Add,
            ast::ArithOp::Sub => NumOp::Sub,
            ast::ArithOp::Mul => NumOp::Mul,
            ast::ArithOp::Div => NumOp::Div,
        };
        let l = self.number(&left, b.op.symbol());
        let r = self.number(&right, b.op.symbol());
        l.and(r)?;
        let ty = match op {
            NumOp::Add | NumOp::Sub => sum_type(&left.ty, &right.ty),
            NumOp::Mul => product_type(&left.ty, &right.ty),
            NumOp::Div => quotient_type(),
        };
        let nullable =
            left.nullable || right.nullable || (op == NumOp::Div && !nonzero_literal(&right));
        Some(Value {
            kind: ValueKind::Arith(op, Box::new(left), Box::new(right)),
            ty,
            nullable,
            span,
        })
    }

    /// `-x`.
    pub(super) fn negate(&mut self, inner: &ast::Value, span: Span, scope: Scope) -> Option<Value> {
        let v = self.value(inner, scope)?;
        self.number(&v, "-")?;
        Some(Value {
            ty: v.ty.clone(),
            nullable: v.nullable,
            kind: ValueKind::Negate(Box::new(v)),
            span,
        })
    }

    /// `abs(x)`, `round(x, n)`, `least(...)`, `greatest(...)`.
    pub(super) fn call(
        &mut self,
        func: ast::NumFunc,
        args: &[ast::Value],
        span: Span,
        scope: Scope,
    ) -> Option<Value> {
        let (expected, fits) = match func {
            ast::NumFunc::Abs => ("one value", args.len() == 1),
            ast::NumFunc::Round => (
                "a value and at most a number of digits",
                matches!(args.len(), 1 | 2),
            ),
            _ => ("2 to 8 values", (2..=MAX_CHOICES).contains(&args.len())),
        };
        if !fits {
            self.errors.push(CheckError::new(
                span,
                ArithmeticError::Arity {
                    func: func.name(),
                    expected,
                    found: args.len(),
                },
            ));
            return None;
        }
        match func {
            ast::NumFunc::Abs => {
                let v = self.value(&args[0], scope)?;
                self.number(&v, "abs")?;
                Some(Value {
                    ty: v.ty.clone(),
                    nullable: v.nullable,
                    kind: ValueKind::Abs(Box::new(v)),
                    span,
                })
            }
            ast::NumFunc::Round => self.round(args, span, scope),
            ast::NumFunc::Least | ast::NumFunc::Greatest => self.choice(func, args, span, scope),
        }
    }

    fn round(&mut self, args: &[ast::Value], span: Span, scope: Scope) -> Option<Value> {
        let v = self.value(&args[0], scope);
        let digits = match args.get(1).map(|d| &d.kind) {
            None => Some(0),
            Some(ast::ValueKind::Literal(ast::Literal {
                kind: ast::LiteralKind::Int(n),
                ..
            })) if (0..=MAX_ROUND_DIGITS).contains(n) => Some(*n as u32),
            Some(_) => {
                let at = args[1].span;
                self.errors
                    .push(CheckError::new(at, ArithmeticError::RoundDigits));
                None
            }
        };
        let (v, digits) = (v?, digits?);
        self.number(&v, "round")?;
        let ty = match &v.ty {
            Type::Int => Type::Int,
            other => {
                let (int, _) = int_and_scale(other);
                Type::Decimal {
                    precision: (int + 1 + digits).min(MAX_DIGITS),
                    scale: digits,
                }
            }
        };
        Some(Value {
            ty,
            nullable: v.nullable,
            kind: ValueKind::Round(Box::new(v), digits),
            span,
        })
    }

    /// `least(...)` or `greatest(...)`: numbers, or dates, or timestamps.
    fn choice(
        &mut self,
        func: ast::NumFunc,
        args: &[ast::Value],
        span: Span,
        scope: Scope,
    ) -> Option<Value> {
        let values: Vec<Option<Value>> = args.iter().map(|v| self.value(v, scope)).collect();
        let values: Vec<Value> = values.into_iter().collect::<Option<_>>()?;
        let first = &values[0];
        let numeric = first.ty.is_numeric();
        if !numeric && !first.ty.is_temporal() {
            self.errors.push(CheckError::new(
                first.span,
                ArithmeticError::NotANumber {
                    op: func.name(),
                    ty: a(&first.ty.describe()),
                },
            ));
            return None;
        }
        let mut ty = first.ty.clone();
        for v in &values[1..] {
            let same = if numeric {
                v.ty.is_numeric()
            } else {
                v.ty == first.ty
            };
            if !same {
                self.errors.push(CheckError::new(
                    v.span,
                    ArithmeticError::MixedKinds {
                        func: func.name(),
                        first: a(&first.ty.describe()),
                        other: a(&v.ty.describe()),
                    },
                ));
                return None;
            }
            if numeric {
                ty = widest(&ty, &v.ty);
            }
        }
        let nullable = values.iter().any(|v| v.nullable);
        let kind = match func {
            ast::NumFunc::Least => ValueKind::Least(values),
            _ => ValueKind::Greatest(values),
        };
        Some(Value {
            kind,
            ty,
            nullable,
            span,
        })
    }

    /// `value otherwise default`: a default of the value's own kind.
    fn otherwise(&mut self, value: Value, default: Value, span: Span) -> Option<Value> {
        let ty = match (&value.ty, &default.ty) {
            (l, r) if l.is_numeric() && r.is_numeric() => widest(l, r),
            (l, r) if l == r => l.clone(),
            (Type::Enum(_), Type::String) | (Type::String, Type::Enum(_)) => Type::String,
            _ => {
                self.errors.push(CheckError::new(
                    default.span,
                    ArithmeticError::OtherwiseType {
                        value: a(&value.ty.describe()),
                        default: a(&default.ty.describe()),
                    },
                ));
                return None;
            }
        };
        let nullable = value.nullable && default.nullable;
        Some(Value {
            kind: ValueKind::Otherwise(Box::new(value), Box::new(default)),
            ty,
            nullable,
            span,
        })
    }

    /// Records E0220 unless `v` is a number.
    fn number(&mut self, v: &Value, op: &'static str) -> Option<()> {
        if v.ty.is_numeric() {
            return Some(());
        }
        self.errors.push(CheckError::new(
            v.span,
            ArithmeticError::NotANumber {
                op,
                ty: a(&v.ty.describe()),
            },
        ));
        None
    }
}

/// Digits before and after the point of a number type.
pub(super) fn int_and_scale(ty: &Type) -> (u32, u32) {
    match ty {
        Type::Decimal { precision, scale } => (precision.saturating_sub(*scale), *scale),
        _ => (INT_DIGITS, 0),
    }
}

/// A decimal with `int` digits before the point and `scale` after, within 38 digits.
fn decimal(int: u32, scale: u32) -> Type {
    let scale = scale.min(MAX_DIGITS);
    Type::Decimal {
        precision: (int + scale).clamp(scale.max(1), MAX_DIGITS),
        scale,
    }
}

/// The type of `a + b` and `a - b`: an int for two ints, else a decimal with the larger scale.
fn sum_type(a: &Type, b: &Type) -> Type {
    if *a == Type::Int && *b == Type::Int {
        return Type::Int;
    }
    let ((ia, sa), (ib, sb)) = (int_and_scale(a), int_and_scale(b));
    decimal(ia.max(ib) + 1, sa.max(sb))
}

/// The type of `a * b`: an int for two ints, else a decimal whose scale is the sum of theirs.
fn product_type(a: &Type, b: &Type) -> Type {
    if *a == Type::Int && *b == Type::Int {
        return Type::Int;
    }
    let ((ia, sa), (ib, sb)) = (int_and_scale(a), int_and_scale(b));
    decimal(ia + ib, sa + sb)
}

/// The type of a quotient, an exact rational number: shown, it is a decimal with 9 digits after
/// the point.
pub(super) fn quotient_type() -> Type {
    Type::Decimal {
        precision: MAX_DIGITS,
        scale: 9,
    }
}

/// The type that holds both: an int for two ints, else the larger digits on each side.
fn widest(a: &Type, b: &Type) -> Type {
    if *a == Type::Int && *b == Type::Int {
        return Type::Int;
    }
    let ((ia, sa), (ib, sb)) = (int_and_scale(a), int_and_scale(b));
    decimal(ia.max(ib), sa.max(sb))
}

/// Whether `v` is a literal other than zero (dividing by it is never missing).
fn nonzero_literal(v: &Value) -> bool {
    match &v.kind {
        ValueKind::Literal(Lit::Int(i)) => *i != 0,
        ValueKind::Literal(Lit::Decimal(d)) => d.chars().any(|c| matches!(c, '1'..='9')),
        _ => false,
    }
}
