//! Parameters: declared types, defaults, and `--param name=value` overrides.

use super::errors::{a, CheckError, ParamError};
use super::names::Declared;
use super::schema::resolve_type;
use super::typed::{Lit, Param, Type};
use super::values::literal;
use crate::syntax::ast;
use crate::value::Date;

/// Checks every parameter declaration and applies the overrides whose names match one.
/// Overrides naming no parameter are the caller's to report (they have no place in a file).
pub fn check_params(
    decls: &[&ast::ParamDecl],
    overrides: &[(String, String)],
    errors: &mut Vec<CheckError>,
) -> Vec<Param> {
    let mut params: Vec<Param> = Vec::new();
    let mut seen = Declared::default();
    for decl in decls {
        if !seen.is_new("parameter", &decl.name.name, decl.name.span, errors) {
            continue;
        }
        let ty = resolve_type(&decl.ty, errors);
        let (lit, lit_ty) = literal(&decl.default);
        let default = match coerce(lit, &lit_ty, &ty) {
            Some(v) => v,
            None => {
                errors.push(CheckError::new(
                    decl.default.span,
                    ParamError::DefaultType {
                        name: decl.name.name.clone(),
                        expected: a(&ty.describe()),
                        found: a(&lit_ty.describe()),
                    },
                ));
                continue;
            }
        };
        let mut value = default;
        if let Some((_, text)) = overrides.iter().rev().find(|(n, _)| *n == decl.name.name) {
            match parse_override(text, &ty) {
                Ok(v) => value = v,
                Err(help) => errors.push(CheckError::new(
                    decl.ty.span,
                    ParamError::InvalidValue {
                        name: decl.name.name.clone(),
                        value: text.clone(),
                        expected: a(&ty.describe()),
                        help,
                    },
                )),
            }
        }
        params.push(Param {
            name: decl.name.name.clone(),
            ty,
            value,
            docs: decl.docs.clone(),
            span: decl.name.span,
        });
    }
    params
}

/// A literal of type `from` as a value of type `to`, when the language allows it.
fn coerce(lit: Lit, from: &Type, to: &Type) -> Option<Lit> {
    match (lit, to) {
        (Lit::Int(i), Type::Decimal { .. }) => Some(Lit::Decimal(i.to_string())),
        (Lit::String(s), Type::Enum(values)) => values.contains(&s).then_some(Lit::String(s)),
        (Lit::Date(d), Type::Timestamp) => Some(Lit::Date(d)),
        (lit, to) if from == to => Some(lit),
        (lit @ Lit::Decimal(_), Type::Decimal { .. }) => Some(lit),
        _ => None,
    }
}

/// Reads an override typed on the command line; the error is a help line.
fn parse_override(text: &str, ty: &Type) -> Result<Lit, String> {
    match ty {
        Type::String => Ok(Lit::String(text.to_string())),
        Type::Int => text
            .parse::<i64>()
            .map(Lit::Int)
            .map_err(|_| "write a whole number, e.g. --param name=30".to_string()),
        Type::Decimal { .. } => {
            if is_decimal(text) {
                Ok(Lit::Decimal(text.to_string()))
            } else {
                Err("write a number with a dot for decimals, e.g. --param name=499.90".to_string())
            }
        }
        Type::Bool => match text {
            "true" => Ok(Lit::Bool(true)),
            "false" => Ok(Lit::Bool(false)),
            _ => Err("write true or false".to_string()),
        },
        Type::Date | Type::Timestamp => Date::parse(text)
            .map(Lit::Date)
            .ok_or_else(|| "write a date as YYYY-MM-DD, e.g. --param name=2026-01-31".to_string()),
        Type::Enum(values) => {
            if values.iter().any(|v| v == text) {
                Ok(Lit::String(text.to_string()))
            } else {
                Err(format!("choose one of: {}", values.join(", ")))
            }
        }
    }
}

/// `-12`, `3.50`: an optional minus, digits, and optional decimals.
pub fn is_decimal(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let frac = parts.next();
    !whole.is_empty()
        && whole.chars().all(|c| c.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()))
}
