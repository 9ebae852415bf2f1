//! Types expressions: operators, literals, `CASE`, `LIKE` patterns, casts, `EXTRACT` and the
//! `[SAFE_OFFSET(0)]` subscript, each as BigQuery's documentation defines it.

use super::calls::function_name;
use super::checker::{Call, Checker, Scope};
use super::numbers::{bignumeric_literal, numeric_literal};
use super::signatures::SIGNATURES;
use super::types::{supertype, Ty};
use sqlparser::ast::{
    AccessExpr, BinaryOperator, CaseWhen, CastKind, DataType, DateTimeField, ExactNumberInfo, Expr,
    ExtractSyntax, FunctionArg, FunctionArgExpr, FunctionArguments, Subscript, TypedString,
    UnaryOperator, Value,
};

impl Checker<'_> {
    /// The BigQuery type of an expression; every form seglang does not write is a problem.
    pub(super) fn expr(&mut self, e: &Expr, scope: &Scope) -> Ty {
        match e {
            Expr::CompoundIdentifier(parts) => {
                for p in parts {
                    self.ident(p);
                }
                self.column(parts, scope)
            }
            // seglang qualifies every column; a bare word is a date part (`DAY`).
            Expr::Identifier(i) if i.quote_style.is_none() => Ty::Part(i.value.to_uppercase()),
            Expr::Value(v) => self.literal(&v.value),
            Expr::TypedString(ts) => self.typed_string(ts),
            Expr::Nested(inner) => self.expr(inner, scope),
            Expr::BinaryOp { left, op, right } => self.binary(left, op, right, scope),
            Expr::UnaryOp { op, expr } => self.unary(e, op, expr, scope),
            Expr::IsNull(inner) | Expr::IsNotNull(inner) => {
                if is_comparison(inner) {
                    self.problem(format!(
                        "`{e}`: operators, IS and the comparisons share one precedence and \
                         aren't associative; the comparison needs parentheses"
                    ));
                }
                self.expr(inner, scope);
                Ty::Bool
            }
            Expr::InList { expr, list, .. } => self.in_list(e, expr, list, scope),
            Expr::Function(f) => self.call(f, scope, false),
            Expr::CompoundFieldAccess { root, access_chain } => {
                self.subscript(e, root, access_chain, scope)
            }
            _ => self.special_form(e, scope),
        }
    }

    /// The forms with their own syntax: `LIKE`, `CASE`, `SUBSTR`, `CAST`, `EXTRACT`, `INTERVAL`.
    fn special_form(&mut self, e: &Expr, scope: &Scope) -> Ty {
        match e {
            Expr::Like {
                any,
                expr,
                pattern,
                escape_char,
                ..
            } => {
                if *any {
                    self.problem(format!("LIKE ANY in `{e}`"));
                }
                if escape_char.is_some() {
                    self.problem(format!(
                        "`{e}`: BigQuery's LIKE has no ESCAPE clause (operators, `expression \
                         [NOT] LIKE pattern`); `\\` is its escape character"
                    ));
                }
                self.like(expr, pattern, scope)
            }
            Expr::Case {
                operand,
                conditions,
                else_result,
                ..
            } => self.case(
                e,
                operand.is_some(),
                conditions,
                else_result.as_deref(),
                scope,
            ),
            // sqlparser reads `SUBSTR(value, position, length)` as its own node; check it against
            // the documented SUBSTR signature like any other call.
            Expr::Substring {
                expr,
                substring_from,
                substring_for,
                ..
            } => {
                let parts: Vec<&Expr> = std::iter::once(expr.as_ref())
                    .chain(substring_from.as_deref())
                    .chain(substring_for.as_deref())
                    .collect();
                self.substring(&parts, scope)
            }
            Expr::Cast {
                kind: CastKind::Cast,
                expr,
                data_type,
                format: None,
            } => self.cast(e, expr, data_type, scope),
            Expr::Extract {
                field,
                syntax: ExtractSyntax::From,
                expr,
            } => self.extract(e, field, expr, scope),
            Expr::Trim {
                expr,
                trim_where: None,
                trim_what: None,
                trim_characters: Some(characters),
            } if characters.len() == 1 => self.trim(expr, &characters[0], scope),
            Expr::Interval(_) => {
                self.problem(format!(
                    "`{e}` outside DATE_SUB/DATE_ADD: BigQuery uses `INTERVAL int64 part` as \
                     their argument"
                ));
                Ty::Error
            }
            other => {
                self.problem(format!(
                    "an expression form this check does not know: `{other}` ({other:?})"
                ));
                Ty::Error
            }
        }
    }

    /// `NOT x` on a `BOOL`, `-x` on a number.
    fn unary(&mut self, e: &Expr, op: &UnaryOperator, operand: &Expr, scope: &Scope) -> Ty {
        match op {
            UnaryOperator::Not => {
                self.expect(operand, &Ty::Bool, scope, "NOT's operand");
                Ty::Bool
            }
            UnaryOperator::Minus => self.negate(e, operand, scope),
            _ => {
                self.problem(format!(
                    "an expression form this check does not know: `{e}` ({e:?})"
                ));
                Ty::Error
            }
        }
    }

    /// `x [NOT] IN (a, b, ...)`: at least one value, each comparable with `x`.
    fn in_list(&mut self, e: &Expr, value: &Expr, list: &[Expr], scope: &Scope) -> Ty {
        let ty = self.expr(value, scope);
        if list.is_empty() {
            self.problem(format!(
                "`{e}`: operators, `search_value [NOT] IN (expression[, ...])` takes at \
                 least one value"
            ));
        }
        for item in list {
            let item_ty = self.expr(item, scope);
            if supertype(&ty, &item_ty).is_none() {
                self.problem(format!(
                    "IN list item of type {} against {} in `{e}`",
                    item_ty.name(),
                    ty.name()
                ));
            }
        }
        Ty::Bool
    }

    /// `x LIKE pattern` on strings; a literal pattern escapes only what BigQuery lets it escape.
    fn like(&mut self, value: &Expr, pattern: &Expr, scope: &Scope) -> Ty {
        self.expect(value, &Ty::String, scope, "LIKE's operand");
        self.expect(pattern, &Ty::String, scope, "LIKE's pattern");
        if let Expr::Value(v) = pattern {
            if let Value::SingleQuotedString(p) = &v.value {
                if let Err(why) = like_pattern(p) {
                    self.problem(format!("LIKE pattern {p:?}: {why}"));
                }
            }
        }
        Ty::Bool
    }

    /// `CASE WHEN ... THEN ... ELSE ... END`: `BOOL` conditions, results of one supertype.
    fn case(
        &mut self,
        e: &Expr,
        simple: bool,
        conditions: &[CaseWhen],
        otherwise: Option<&Expr>,
        scope: &Scope,
    ) -> Ty {
        if simple {
            self.problem(format!("simple CASE in `{e}`"));
        }
        let mut result = Ty::Null;
        for when in conditions {
            self.expect(&when.condition, &Ty::Bool, scope, "CASE WHEN");
            let ty = self.expr(&when.result, scope);
            result = self.unify(result, ty, "CASE results");
        }
        if let Some(other) = otherwise {
            let ty = self.expr(other, scope);
            result = self.unify(result, ty, "CASE results");
        }
        result
    }

    /// `SUBSTR(value, position[, length])`, checked against its entry in [`SIGNATURES`].
    fn substring(&mut self, parts: &[&Expr], scope: &Scope) -> Ty {
        let kinds: Vec<Ty> = parts.iter().map(|e| self.expr(e, scope)).collect();
        self.calls.push(Call {
            name: "SUBSTR".into(),
            args: parts.iter().map(|e| (*e).clone()).collect(),
        });
        let signature = SIGNATURES.iter().find(|s| s.name == "SUBSTR");
        if let Some(sig) = signature {
            let (min, max) = (sig.params.len() - sig.optional, sig.params.len());
            if !(min..=max).contains(&kinds.len()) {
                self.problem(format!(
                    "SUBSTR called with {} argument(s): {}",
                    kinds.len(),
                    sig.doc
                ));
            }
            for (i, (param, kind)) in sig.params.iter().zip(&kinds).enumerate() {
                if let Err(why) = param.accepts(kind) {
                    self.problem(format!("SUBSTR argument {}: {why} ({})", i + 1, sig.doc));
                }
            }
        }
        Ty::String
    }

    /// `CAST(x AS type)` to one of the types seglang casts to, from a type that may be cast.
    fn cast(&mut self, e: &Expr, value: &Expr, data_type: &DataType, scope: &Scope) -> Ty {
        let from = self.expr(value, scope);
        let to = match data_type {
            DataType::Date => Ty::Date,
            DataType::Numeric(ExactNumberInfo::None) => Ty::Numeric,
            DataType::BigNumeric(ExactNumberInfo::None) => Ty::BigNumeric,
            DataType::String(None) => Ty::String,
            DataType::Int64 => Ty::Int64,
            other => {
                self.problem(format!("CAST to {other} in `{e}`"));
                return Ty::Error;
            }
        };
        // Conversion rules, "Cast to" column, for the targets seglang uses (STRING: every
        // scalar type seglang declares can be cast to it).
        let castable = from == to
            || matches!(from, Ty::Null | Ty::Error)
            || matches!(
                (&from, &to),
                (Ty::Int64 | Ty::Float64 | Ty::String, Ty::Numeric)
                    // BIGNUMERIC can also be cast from FLOAT64 and STRING, but seglang's exact
                    // arithmetic widens only exact numbers: a FLOAT64 here is a rounded value.
                    | (Ty::Int64 | Ty::Numeric, Ty::BigNumeric)
                    // NUMERIC and BIGNUMERIC to INT64 round half away from zero
                    // (conversion_functions, CAST AS INT64): seglang casts only whole values
                    // (an amount times 10^scale, a count).
                    | (Ty::Numeric | Ty::BigNumeric | Ty::Int64, Ty::Int64)
                    // STRING to INT64 fails unless the text is an integer ("Casting from a
                    // string to an integer"): the merge script casts a sentence on purpose,
                    // to stop a run for a date earlier than one merged.
                    | (Ty::String, Ty::Int64)
                    | (Ty::String | Ty::Datetime | Ty::Timestamp, Ty::Date)
                    | (
                        Ty::Int64
                            | Ty::Numeric
                            | Ty::BigNumeric
                            | Ty::Float64
                            | Ty::Bool
                            | Ty::Date
                            | Ty::Datetime
                            | Ty::Timestamp
                            | Ty::Bytes,
                        Ty::String
                    )
            );
        if !castable {
            self.problem(format!("CAST from {} in `{e}`", from.name()));
        }
        to
    }

    /// `TRIM(value_to_trim, set_of_characters_to_remove)`, which the parser reads as a form of
    /// its own: both `STRING`, the result `STRING`.
    fn trim(&mut self, value: &Expr, characters: &Expr, scope: &Scope) -> Ty {
        let doc = "TRIM(value_to_trim[, set_of_characters_to_remove])";
        self.expect(value, &Ty::String, scope, doc);
        self.expect(characters, &Ty::String, scope, doc);
        self.calls.push(Call {
            name: "TRIM".into(),
            args: vec![value.clone(), characters.clone()],
        });
        Ty::String
    }

    /// `EXTRACT(part FROM date_expression)` with a documented part.
    fn extract(&mut self, e: &Expr, field: &DateTimeField, value: &Expr, scope: &Scope) -> Ty {
        let documented = matches!(
            field,
            DateTimeField::DayOfWeek
                | DateTimeField::Day
                | DateTimeField::DayOfYear
                | DateTimeField::Week(_)
                | DateTimeField::IsoWeek
                | DateTimeField::Month
                | DateTimeField::Quarter
                | DateTimeField::Year
                | DateTimeField::Isoyear
        );
        if !documented {
            self.problem(format!("EXTRACT part {field} in `{e}`"));
        }
        self.expect(
            value,
            &Ty::Date,
            scope,
            "EXTRACT(part FROM date_expression)",
        );
        Ty::Int64
    }

    fn literal(&mut self, v: &Value) -> Ty {
        match v {
            Value::Number(n, _) if n.parse::<i64>().is_ok() => Ty::Int64,
            Value::Number(n, _) => {
                self.problem(format!(
                    "bare number {n}: lexical, \"Numeric literals that contain either a decimal \
                     point or an exponent marker are presumed to be type double\" (FLOAT64, \
                     inexact); an exact decimal is written NUMERIC '{n}'"
                ));
                Ty::Float64
            }
            Value::SingleQuotedString(_) => Ty::String,
            Value::Boolean(_) => Ty::Bool,
            Value::Null => Ty::Null,
            other => {
                self.problem(format!("a literal form seglang does not write: {other:?}"));
                Ty::Error
            }
        }
    }

    fn typed_string(&mut self, ts: &TypedString) -> Ty {
        let Value::SingleQuotedString(text) = &ts.value.value else {
            self.problem(format!("typed literal {ts}"));
            return Ty::Error;
        };
        match &ts.data_type {
            DataType::Date => {
                let b = text.as_bytes();
                let shaped = b.len() == 10
                    && b.iter().enumerate().all(|(i, c)| match i {
                        4 | 7 => *c == b'-',
                        _ => c.is_ascii_digit(),
                    });
                if !shaped {
                    self.problem(format!("DATE literal {text:?} is not DATE 'YYYY-MM-DD'"));
                }
                Ty::Date
            }
            DataType::Numeric(ExactNumberInfo::None) => {
                if let Err(why) = numeric_literal(text) {
                    self.problem(format!("NUMERIC '{text}': {why}"));
                }
                Ty::Numeric
            }
            DataType::BigNumeric(ExactNumberInfo::None) => {
                if let Err(why) = bignumeric_literal(text) {
                    self.problem(format!("BIGNUMERIC '{text}': {why}"));
                }
                Ty::BigNumeric
            }
            other => {
                self.problem(format!("typed literal of type {other}: {ts}"));
                Ty::Error
            }
        }
    }

    fn binary(&mut self, left: &Expr, op: &BinaryOperator, right: &Expr, scope: &Scope) -> Ty {
        match op {
            BinaryOperator::And | BinaryOperator::Or => {
                self.expect(left, &Ty::Bool, scope, "AND/OR operand");
                self.expect(right, &Ty::Bool, scope, "AND/OR operand");
                Ty::Bool
            }
            BinaryOperator::Eq
            | BinaryOperator::NotEq
            | BinaryOperator::Lt
            | BinaryOperator::LtEq
            | BinaryOperator::Gt
            | BinaryOperator::GtEq => {
                if is_comparison(left) || is_comparison(right) {
                    self.problem(format!(
                        "`{left} {op} {right}` chains comparisons: operators, \"comparison \
                         operators aren't associative. Therefore, parentheses are required\""
                    ));
                }
                let (l, r) = (self.expr(left, scope), self.expr(right, scope));
                if supertype(&l, &r).is_none() {
                    self.problem(format!(
                        "`{left} {op} {right}` compares {} with {}: operators, \"Comparisons \
                         generally require both operands to be of the same type\", and the \
                         conversion rules give these no common supertype (DATE coerces only to \
                         DATETIME, TIMESTAMP to nothing)",
                        l.name(),
                        r.name()
                    ));
                }
                Ty::Bool
            }
            BinaryOperator::Plus
            | BinaryOperator::Minus
            | BinaryOperator::Multiply
            | BinaryOperator::Divide => self.arithmetic(left, op, right, scope),
            BinaryOperator::StringConcat => {
                self.expect(left, &Ty::String, scope, "|| operand");
                self.expect(right, &Ty::String, scope, "|| operand");
                Ty::String
            }
            other => {
                self.problem(format!(
                    "operator {other} in `{left} {other} {right}` is not one seglang uses"
                ));
                Ty::Error
            }
        }
    }

    /// `(ARRAY_AGG(...))[SAFE_OFFSET(0)]`, the only subscript seglang writes.
    fn subscript(&mut self, e: &Expr, root: &Expr, chain: &[AccessExpr], scope: &Scope) -> Ty {
        let [AccessExpr::Subscript(Subscript::Index { index })] = chain else {
            self.problem(format!("field access `{e}`"));
            return Ty::Error;
        };
        let safe_offset_zero = match index {
            Expr::Function(f) if function_name(f).as_deref() == Some("SAFE_OFFSET") => {
                self.calls.push(Call {
                    name: "SAFE_OFFSET".into(),
                    args: Vec::new(),
                });
                match &f.args {
                    FunctionArguments::List(list) => {
                        list.clauses.is_empty()
                            && list.duplicate_treatment.is_none()
                            && matches!(
                                list.args.as_slice(),
                                [FunctionArg::Unnamed(FunctionArgExpr::Expr(Expr::Value(v)))]
                                    if v.value == Value::Number("0".into(), false)
                            )
                    }
                    _ => false,
                }
            }
            _ => false,
        };
        if !safe_offset_zero {
            self.problem(format!(
                "`{e}`: seglang takes the first element with [SAFE_OFFSET(0)] (operators, array \
                 subscript: zero-based, NULL when out of range)"
            ));
        }
        let mut inner = root;
        while let Expr::Nested(x) = inner {
            inner = x;
        }
        let ty = match inner {
            Expr::Function(f) => self.call(f, scope, true),
            other => self.expr(other, scope),
        };
        match ty {
            Ty::Array(element) => *element,
            Ty::Error => Ty::Error,
            other => {
                self.problem(format!("subscript of a {} in `{e}`", other.name()));
                Ty::Error
            }
        }
    }
}

/// Whether `e` is a comparison written without parentheses around it.
fn is_comparison(e: &Expr) -> bool {
    matches!(
        e,
        Expr::BinaryOp {
            op: BinaryOperator::Eq
                | BinaryOperator::NotEq
                | BinaryOperator::Lt
                | BinaryOperator::LtEq
                | BinaryOperator::Gt
                | BinaryOperator::GtEq,
            ..
        } | Expr::IsNull(_)
            | Expr::IsNotNull(_)
            | Expr::InList { .. }
            | Expr::Like { .. }
            | Expr::Between { .. }
    )
}

/// Checks a LIKE pattern (after string unescaping): `\` only escapes `\`, `_` or `%`.
fn like_pattern(pattern: &str) -> Result<(), String> {
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c == '\\' && !matches!(chars.next(), Some('\\' | '_' | '%')) {
            return Err(
                "operators, LIKE: \"You can escape \\, _, or % using two backslashes\"; \
                        a backslash before anything else has no documented meaning"
                    .into(),
            );
        }
    }
    Ok(())
}
