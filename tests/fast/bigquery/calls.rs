//! Checks calls: the name must be in the signature table, with a documented arity, argument
//! types and aggregate clauses; window functions, `ARRAY_AGG` and `INTERVAL` arguments in the one
//! form seglang writes.

use super::checker::{Call, Checker, Scope};
use super::signatures::{Ret, Signature, WindowUse, DOCS, SIGNATURES, WINDOW_FUNCTIONS};
use super::types::{supertype, Ty};
use sqlparser::ast::{
    DateTimeField, DuplicateTreatment, Expr, Function, FunctionArg, FunctionArgExpr,
    FunctionArgumentClause, FunctionArgumentList, FunctionArguments, Interval, NullTreatment,
    ObjectNamePart, OrderByExpr, Value, WindowFrame, WindowFrameBound, WindowFrameUnits,
    WindowType,
};

/// What a call wrote between its parentheses: its arguments' types and its clauses.
struct Written {
    kinds: Vec<Ty>,
    distinct: bool,
    nulls: Option<NullTreatment>,
    order_by: Vec<OrderByExpr>,
    limit: Option<Expr>,
}

/// Why `sig` does not accept what a call wrote: one entry per argument or clause it refuses.
fn mismatches(sig: &Signature, written: &Written) -> Vec<String> {
    let mut why = Vec::new();
    for (i, ty) in written.kinds.iter().enumerate() {
        let param = sig.params[i.min(sig.params.len() - 1)];
        if let Err(e) = param.accepts(ty) {
            why.push(format!("argument {}: {e}", i + 1));
        }
    }
    if written.distinct && !sig.clauses.distinct {
        why.push("DISTINCT".into());
    }
    if written.nulls.is_some() && !sig.clauses.nulls {
        why.push("IGNORE/RESPECT NULLS".into());
    }
    if !written.order_by.is_empty() && !sig.clauses.order_by {
        why.push("ORDER BY".into());
    }
    if written.limit.is_some() && !sig.clauses.limit {
        why.push("LIMIT".into());
    }
    why
}

impl Checker<'_> {
    /// A function call: its name must be in [`SIGNATURES`], with a documented arity and argument
    /// kinds; `subscripted` says whether `[SAFE_OFFSET(0)]` follows it.
    pub(super) fn call(&mut self, f: &Function, scope: &Scope, subscripted: bool) -> Ty {
        let Some(name) = function_name(f) else {
            self.problem(format!("function with a qualified or quoted name: {f}"));
            return Ty::Error;
        };
        if f.filter.is_some() {
            self.problem(format!(
                "`{f}`: FILTER (WHERE ...) is not part of BigQuery's aggregate function call \
                 syntax (aggregate-function-calls); conditions go inside (COUNTIF, IF)"
            ));
        }
        let window = WINDOW_FUNCTIONS.iter().find(|(n, _)| *n == name);
        match (&f.over, window) {
            (Some(over), Some((_, used))) => self.over(&name, over, *used, scope),
            (Some(_), None) => {
                self.problem(format!("{name} is not a window function seglang uses: {f}"))
            }
            (None, Some((_, WindowUse::Ranked))) => {
                self.problem(format!("{name} without OVER (...): {f}"))
            }
            (None, _) => {}
        }
        if !f.within_group.is_empty()
            || f.uses_odbc_syntax
            || !matches!(f.parameters, FunctionArguments::None)
        {
            self.problem(format!("a call form seglang does not write: {f}"));
        }
        let FunctionArguments::List(list) = &f.args else {
            self.problem(format!("{name} without an argument list: {f}"));
            return Ty::Error;
        };
        let (written, args) = self.arguments(&name, f, list, scope);
        self.calls.push(Call {
            name: name.clone(),
            args,
        });
        let Some(sig) = self.overload(&name, f, &written) else {
            return Ty::Error;
        };
        for key in &written.order_by {
            let ty = self.expr(&key.expr, scope);
            if !ty.is_value() || matches!(ty, Ty::Array(_)) {
                self.problem(format!("{name}: ORDER BY key of type {}", ty.name()));
            }
        }
        let kinds = &written.kinds;
        if name == "ARRAY_AGG" {
            self.array_agg(f, subscripted, &written);
        } else if subscripted {
            self.problem(format!("subscript of {name}'s result in `{f}`"));
        }
        if name == "NULLIF" && supertype(&kinds[0], &kinds[1]).is_none() {
            self.problem(format!(
                "NULLIF compares {} with {} in `{f}`",
                kinds[0].name(),
                kinds[1].name()
            ));
        }
        self.result(&name, sig, kinds)
    }

    /// Types the arguments of a call and reads its clauses; also returns the argument
    /// expressions.
    fn arguments(
        &mut self,
        name: &str,
        f: &Function,
        list: &FunctionArgumentList,
        scope: &Scope,
    ) -> (Written, Vec<Expr>) {
        // `IGNORE NULLS` written after the argument of `ARRAY_AGG(IF(...) IGNORE NULLS ...)`: the
        // parser hangs it on the inner call, but in the text it belongs to ARRAY_AGG's parentheses.
        let mut nulls = f.null_treatment;
        let mut args = Vec::new();
        let mut kinds = Vec::new();
        for arg in &list.args {
            match arg {
                FunctionArg::Unnamed(FunctionArgExpr::Wildcard) => kinds.push(Ty::Star),
                FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => {
                    let ty = match e {
                        Expr::Function(inner)
                            if name == "ARRAY_AGG" && inner.null_treatment.is_some() =>
                        {
                            nulls = inner.null_treatment;
                            let mut inner = inner.clone();
                            inner.null_treatment = None;
                            self.call(&inner, scope, false)
                        }
                        Expr::Interval(iv) => self.interval(iv, scope),
                        other => self.expr(other, scope),
                    };
                    args.push(e.clone());
                    kinds.push(ty);
                }
                other => {
                    self.problem(format!("{name}: a named or wildcard argument {other}"));
                    kinds.push(Ty::Error);
                }
            }
        }
        let mut order_by = Vec::new();
        let mut limit = None;
        for clause in &list.clauses {
            match clause {
                FunctionArgumentClause::IgnoreOrRespectNulls(n) => nulls = Some(*n),
                FunctionArgumentClause::OrderBy(keys) => order_by.extend(keys.iter().cloned()),
                FunctionArgumentClause::Limit(n) => limit = Some(n.clone()),
                other => self.problem(format!("{name}: clause {other}")),
            }
        }
        let distinct = matches!(list.duplicate_treatment, Some(DuplicateTreatment::Distinct));
        let written = Written {
            kinds,
            distinct,
            nulls,
            order_by,
            limit,
        };
        (written, args)
    }

    /// The first documented overload of `name` that accepts what the call wrote, or a problem
    /// naming every overload and why it does not fit.
    fn overload(
        &mut self,
        name: &str,
        f: &Function,
        written: &Written,
    ) -> Option<&'static Signature> {
        let overloads: Vec<&'static Signature> =
            SIGNATURES.iter().filter(|s| s.name == name).collect();
        if overloads.is_empty() {
            self.problem(format!(
                "unknown function {name} in `{f}`: not in the table of documented BigQuery \
                 functions"
            ));
            return None;
        }
        let documented = overloads
            .iter()
            .map(|s| format!("{} ({DOCS}/{})", s.doc, s.page))
            .collect::<Vec<_>>()
            .join(" | ");
        let kinds = &written.kinds;
        let arity_fits = |s: &Signature| {
            let n = kinds.len();
            n >= s.params.len() - s.optional && (s.repeats || n <= s.params.len())
        };
        if !overloads.iter().any(|s| arity_fits(s)) {
            self.problem(format!(
                "{name} called with {} argument(s) in `{f}`; documented: {documented}",
                kinds.len()
            ));
            return None;
        }
        let mut reasons = Vec::new();
        for s in overloads.into_iter().filter(|s| arity_fits(s)) {
            let why = mismatches(s, written);
            if why.is_empty() {
                return Some(s);
            }
            reasons.push(format!("{}: {}", s.doc, why.join(", ")));
        }
        self.problem(format!(
            "{name}'s arguments do not match its documented signature in `{f}`: {}; \
             documented: {documented}",
            reasons.join("; ")
        ));
        None
    }

    /// The result type of a call matched to `sig`, from its arguments' types.
    fn result(&mut self, name: &str, sig: &Signature, kinds: &[Ty]) -> Ty {
        match sig.ret {
            Ret::Bool => Ty::Bool,
            Ret::Int64 => Ty::Int64,
            Ret::String => Ty::String,
            Ret::Bytes => Ty::Bytes,
            Ret::Date => Ty::Date,
            Ret::First => kinds[0].clone(),
            Ret::Sum => match &kinds[0] {
                Ty::Null => Ty::Int64,
                other => other.clone(),
            },
            Ret::Avg => match &kinds[0] {
                Ty::Numeric => Ty::Numeric,
                Ty::BigNumeric => Ty::BigNumeric,
                Ty::Error => Ty::Error,
                _ => Ty::Float64,
            },
            Ret::Supertype(from) => {
                let mut ty = Ty::Null;
                for k in kinds[from..].iter().cloned() {
                    ty = self.unify(ty, k, &format!("{name}'s results"));
                }
                ty
            }
            Ret::ArrayOfFirst => Ty::Array(Box::new(kinds[0].clone())),
        }
    }

    /// `OVER ([PARTITION BY key, ...] [ORDER BY key {ASC|DESC} NULLS LAST, ...] [RANGE BETWEEN
    /// CURRENT ROW AND k FOLLOWING])`: the windows seglang writes, over the whole result or per
    /// partition (a lookup's rows per key, a sequence's rows per member); present values rank
    /// first, as BigQuery would otherwise put NULLs first. window-function-calls: "PARTITION BY:
    /// Breaks up the input rows into separate partitions", each expression of a groupable type
    /// (not FLOAT64, ARRAY, STRUCT or JSON: data_types, "Groupable data types").
    fn over(&mut self, name: &str, over: &WindowType, used: WindowUse, scope: &Scope) {
        let WindowType::WindowSpec(spec) = over else {
            self.problem(format!("{name} over a named window"));
            return;
        };
        let moving = used == WindowUse::RangeFollowing;
        if spec.window_name.is_some() {
            self.problem(format!("{name}: a named window: {spec}"));
        }
        for key in &spec.partition_by {
            let ty = self.expr(key, scope);
            if !ty.is_value() || matches!(ty, Ty::Array(_) | Ty::Float64) {
                self.problem(format!("{name}: PARTITION BY key of type {}", ty.name()));
            }
        }
        match (used, &spec.window_frame) {
            (WindowUse::RangeFollowing, Some(frame)) => self.range_following(name, frame),
            (WindowUse::RangeFollowing, None) => {
                self.problem(format!("{name}: a moving sum without its frame: {spec}"))
            }
            (_, Some(_)) => self.problem(format!("{name}: a window with a frame: {spec}")),
            (_, None) => {}
        }
        if used != WindowUse::Whole && spec.order_by.is_empty() {
            self.problem(format!("{name} needs ORDER BY in its window: {spec}"));
        }
        if used == WindowUse::Whole && !spec.order_by.is_empty() {
            self.problem(format!(
                "{name}: an ordered window counts a running total: {spec}"
            ));
        }
        if moving && spec.order_by.len() > 1 {
            self.problem(format!(
                "{name}: a RANGE frame with an offset orders by exactly one key: {spec}"
            ));
        }
        for key in &spec.order_by {
            if key.options.nulls_first != Some(false) {
                self.problem(format!(
                    "{name}: `{key}` must say NULLS LAST (BigQuery's default for ASC is NULLS FIRST)"
                ));
            }
            let ty = self.expr(&key.expr, scope);
            if !ty.is_value() || matches!(ty, Ty::Array(_)) {
                self.problem(format!("{name}: ORDER BY key of type {}", ty.name()));
            }
            if moving && !matches!(ty, Ty::Int64 | Ty::Numeric | Ty::BigNumeric | Ty::Float64) {
                self.problem(format!(
                    "{name}: ORDER BY key must be numeric in a RANGE-based window with an offset, but has type {}",
                    ty.name()
                ));
            }
        }
    }

    /// `RANGE BETWEEN CURRENT ROW AND k FOLLOWING`, `k` a whole number literal.
    fn range_following(&mut self, name: &str, frame: &WindowFrame) {
        let offset = match &frame.end_bound {
            Some(WindowFrameBound::Following(Some(k))) => Some(k.as_ref()),
            _ => None,
        };
        let whole = matches!(
            offset,
            Some(Expr::Value(v)) if matches!(&v.value, Value::Number(n, _) if n.parse::<i64>().is_ok_and(|k| k >= 0))
        );
        let shape = frame.units == WindowFrameUnits::Range
            && frame.start_bound == WindowFrameBound::CurrentRow
            && whole;
        if !shape {
            self.problem(format!(
                "{name}: the frame must be RANGE BETWEEN CURRENT ROW AND k FOLLOWING with a whole k: {frame:?}"
            ));
        }
    }

    /// `first`/`last` as BigQuery must read them: the first present value in order, or NULL.
    fn array_agg(&mut self, f: &Function, subscripted: bool, written: &Written) {
        if !subscripted {
            self.problem(format!(
                "`{f}` used as an array: aggregate_functions, \"An error is raised if an array in \
                 the final query result contains a NULL element\"; seglang takes \
                 [SAFE_OFFSET(0)]"
            ));
        }
        if !matches!(written.nulls, Some(NullTreatment::IgnoreNulls)) {
            self.problem(format!(
                "`{f}` without IGNORE NULLS: a missing value would be taken as the first value"
            ));
        }
        if written.order_by.is_empty() {
            self.problem(format!(
                "`{f}` without ORDER BY: the first element is arbitrary"
            ));
        }
        let limit_one = matches!(&written.limit, Some(Expr::Value(v)) if v.value == Value::Number("1".into(), false));
        if !limit_one {
            self.problem(format!(
                "`{f}` without LIMIT 1 (\"The limit n must be a constant INT64\")"
            ));
        }
    }

    /// `INTERVAL int64_expression date_part`, an argument of `DATE_SUB` and `DATE_ADD`: a whole
    /// number, or an expression of type `INT64`.
    pub(super) fn interval(&mut self, iv: &Interval, scope: &Scope) -> Ty {
        let count_is_int64 = match iv.value.as_ref() {
            Expr::Value(v) => matches!(&v.value, Value::Number(n, _) if n.parse::<i64>().is_ok()),
            Expr::Function(_) | Expr::Extract { .. } => self.expr(&iv.value, scope) == Ty::Int64,
            _ => false,
        };
        if !count_is_int64 {
            self.problem(format!(
                "INTERVAL {}: date_functions, DATE_SUB takes `INTERVAL int64_expression \
                 date_part`, not a quoted interval string",
                iv.value
            ));
        }
        if iv.last_field.is_some()
            || iv.leading_precision.is_some()
            || iv.fractional_seconds_precision.is_some()
        {
            self.problem(format!("INTERVAL with a range or precision: {iv}"));
        }
        let part = match &iv.leading_field {
            Some(DateTimeField::Day) => "DAY",
            Some(DateTimeField::Week(None)) => "WEEK",
            Some(DateTimeField::Month) => "MONTH",
            Some(DateTimeField::Quarter) => "QUARTER",
            Some(DateTimeField::Year) => "YEAR",
            other => {
                self.problem(format!("INTERVAL part {other:?} in {iv}"));
                return Ty::Error;
            }
        };
        Ty::Interval(part.into())
    }
}

/// The upper-case name of a call written as one unquoted word.
pub(super) fn function_name(f: &Function) -> Option<String> {
    match f.name.0.as_slice() {
        [ObjectNamePart::Identifier(i)] if i.quote_style.is_none() => Some(i.value.to_uppercase()),
        _ => None,
    }
}
