//! Plan → SQL tree: one CTE for the evaluation date, one aggregate CTE per facts table, then the
//! segments' conditions over the entity joined to those features.

use super::dialect::Dialect;
use super::tree::*;
use crate::check::typed::TextTest;
use crate::ir::*;
use crate::syntax::ast::{CompareOp, TimeUnit};

/// Name of the one-row CTE holding the evaluation date.
pub const EVALUATION: &str = "evaluation";

/// Name of the CTE listing the segments of a membership query.
const SEGMENT_NAMES: &str = "segment_names";

/// What the statement returns.
#[derive(Debug, Clone, Copy)]
pub enum Form {
    /// The keys of the members of `plan.segments[i]`.
    Members(usize),
    /// The keys of the members of `plan.segments[i]` with the evidence of their consent.
    Export(usize),
    /// `(key, segment)` for every member of every segment of the plan.
    Membership,
}

/// Builds the statement for `plan` in `form`.
pub fn build_query(plan: &Plan, form: Form, d: &dyn Dialect, header: Vec<String>) -> Query {
    let b = Builder { plan, d };
    let mut ctes = vec![b.evaluation_cte()];
    for (i, table) in plan.feature_tables.iter().enumerate() {
        if b.is_used(i, form) {
            ctes.push(b.feature_cte(i, table, form));
        }
    }
    let entity = &plan.entity;
    let entity_alias = table_alias(&entity.name);
    let key = SqlExpr::col(&entity_alias, &entity.key);
    let body = match form {
        Form::Members(i) => {
            let rule = &plan.segments[i];
            let mut select = b.entity_select(form);
            select.comments = segment_comment(rule);
            select.items = vec![SelectItem {
                expr: key,
                alias: None,
                comment: None,
            }];
            select.filter = Some(b.cond(&rule.cond, &entity_alias));
            vec![select]
        }
        Form::Export(i) => {
            let rule = &plan.segments[i];
            let mut select = b.entity_select(form);
            select.comments = segment_comment(rule);
            select.items = vec![SelectItem {
                expr: key,
                alias: None,
                comment: None,
            }];
            for (name, expr) in &rule.evidence {
                select.items.push(SelectItem {
                    expr: b.expr(expr, &entity_alias),
                    alias: Some(name.clone()),
                    comment: None,
                });
            }
            select.filter = Some(b.cond(&rule.cond, &entity_alias));
            vec![select]
        }
        Form::Membership => {
            let flags_name = format!("{}_segments", entity.name);
            let mut flags = b.entity_select(form);
            flags.items.push(SelectItem {
                expr: key,
                alias: Some(entity.key.clone()),
                comment: None,
            });
            for rule in &plan.segments {
                flags.items.push(SelectItem {
                    expr: b.cond(&rule.cond, &entity_alias),
                    alias: Some(flag_column(&rule.name)),
                    comment: Some(segment_comment(rule).join(" ")),
                });
            }
            ctes.push(Cte {
                name: flags_name.clone(),
                comments: vec![format!("one row per {}, one flag per segment", entity.name)],
                body: vec![flags],
            });
            ctes.push(segment_names_cte(plan));
            // The flags are read once and paired with the segment names, so no engine evaluates
            // them (or scans a facts table) once per segment.
            let segment = SqlExpr::col(SEGMENT_NAMES, "segment");
            let is_member = SqlExpr::Case {
                whens: plan
                    .segments
                    .iter()
                    .map(|rule| {
                        (
                            SqlExpr::binary("=", segment.clone(), SqlExpr::Str(rule.name.clone())),
                            SqlExpr::col(&flags_name, &flag_column(&rule.name)),
                        )
                    })
                    .collect(),
                otherwise: Box::new(SqlExpr::Bool(false)),
            };
            let item = |expr| SelectItem {
                expr,
                alias: None,
                comment: None,
            };
            vec![Select {
                items: vec![item(SqlExpr::col(&flags_name, &entity.key)), item(segment)],
                from: Some((vec![flags_name.clone()], flags_name.clone())),
                joins: vec![Join {
                    kind: JoinKind::Cross,
                    table: vec![SEGMENT_NAMES.into()],
                    alias: SEGMENT_NAMES.into(),
                    on: None,
                }],
                filter: Some(is_member),
                ..Select::default()
            }]
        }
    };
    Query { header, ctes, body }
}

/// One row per segment of the plan, naming it.
fn segment_names_cte(plan: &Plan) -> Cte {
    let body = plan
        .segments
        .iter()
        .map(|rule| Select {
            items: vec![SelectItem {
                expr: SqlExpr::Str(rule.name.clone()),
                alias: Some("segment".into()),
                comment: None,
            }],
            ..Select::default()
        })
        .collect();
    Cte {
        name: SEGMENT_NAMES.into(),
        comments: vec!["one row per segment".into()],
        body,
    }
}

/// The flag column of a segment in the membership CTE.
pub fn flag_column(segment: &str) -> String {
    format!("in_{segment}")
}

fn segment_comment(rule: &SegmentRule) -> Vec<String> {
    let mut lines = vec![format!("segment {} ({})", rule.name, rule.location)];
    if let Some(docs) = &rule.docs {
        lines.extend(docs.lines().map(str::to_string));
    }
    lines
}

struct Builder<'a> {
    plan: &'a Plan,
    d: &'a dyn Dialect,
}

impl Builder<'_> {
    fn as_of(&self) -> SqlExpr {
        SqlExpr::col(EVALUATION, "as_of")
    }

    fn evaluation_cte(&self) -> Cte {
        let (value, comment) = match self.plan.as_of {
            AsOf::Fixed(date) => (
                SqlExpr::Date(date),
                format!("evaluation date: {date} (fixed at compile time)"),
            ),
            AsOf::Today => (
                SqlExpr::cast(self.d.current_date(), "DATE"),
                "evaluation date: the engine's current date, read once".to_string(),
            ),
        };
        Cte {
            name: EVALUATION.into(),
            comments: vec![comment],
            body: vec![Select {
                items: vec![SelectItem {
                    expr: value,
                    alias: Some("as_of".into()),
                    comment: None,
                }],
                ..Select::default()
            }],
        }
    }

    /// Whether the statement in `form` reads features of table `i`.
    fn is_used(&self, i: usize, form: Form) -> bool {
        match form {
            Form::Membership => true,
            Form::Members(s) => cond_uses(&self.plan.segments[s].cond, i, None),
            Form::Export(s) => {
                let rule = &self.plan.segments[s];
                cond_uses(&rule.cond, i, None)
                    || rule.evidence.iter().any(|(_, e)| expr_uses(e, i, None))
            }
        }
    }

    /// Whether the statement in `form` reads feature `f` of table `t`.
    fn is_feature_used(&self, t: usize, f: usize, form: Form) -> bool {
        match form {
            Form::Membership => true,
            Form::Members(s) => cond_uses(&self.plan.segments[s].cond, t, Some(f)),
            Form::Export(s) => {
                let rule = &self.plan.segments[s];
                cond_uses(&rule.cond, t, Some(f))
                    || rule.evidence.iter().any(|(_, e)| expr_uses(e, t, Some(f)))
            }
        }
    }

    fn feature_cte(&self, index: usize, table: &FeatureTable, form: Form) -> Cte {
        let alias = table_alias(&table.name);
        let link = SqlExpr::col(&alias, &table.link);
        let mut items = vec![SelectItem {
            expr: link.clone(),
            alias: Some(table.link.clone()),
            comment: None,
        }];
        for (fi, f) in table.features.iter().enumerate() {
            if !self.is_feature_used(index, fi, form) {
                continue;
            }
            items.push(SelectItem {
                expr: self.aggregate(f, &alias),
                alias: Some(f.name.clone()),
                comment: Some(f.comment.clone()),
            });
        }
        let filter = table.time.as_ref().map(|time| {
            let day = self.day_of(SqlExpr::col(&alias, &time.name), time.ty);
            SqlExpr::binary("<=", day, self.as_of())
        });
        Cte {
            name: feature_cte_name(table),
            comments: vec![format!(
                "one pass over {} for all segments{}",
                table.name,
                if table.time.is_some() {
                    "; rows after the evaluation date are ignored"
                } else {
                    ""
                }
            )],
            body: vec![Select {
                items,
                from: Some((table.table.0.clone(), alias)),
                joins: vec![Join {
                    kind: JoinKind::Cross,
                    table: vec![EVALUATION.into()],
                    alias: EVALUATION.into(),
                    on: None,
                }],
                filter,
                group_by: vec![link],
                ..Select::default()
            }],
        }
    }

    fn aggregate(&self, f: &Feature, alias: &str) -> SqlExpr {
        let filter = f.filter.as_ref().map(|c| self.cond(c, alias));
        let col = |c: &Column| SqlExpr::col(alias, &c.name);
        // Ordering strings is byte-wise on every engine: say so where the engine needs it.
        let ordered = |c: &Column| match (c.ty, self.d.flags().bytewise_collation) {
            (ScalarType::String, Some(collation)) => SqlExpr::Collate {
                expr: Box::new(col(c)),
                collation,
            },
            _ => col(c),
        };
        let call = |name, args| AggCall::new(name, args);
        match &f.agg {
            Agg::CountRows => self.d.filtered(call("COUNT", vec![]), filter),
            Agg::CountValues(c) => self.d.filtered(call("COUNT", vec![col(c)]), filter),
            Agg::CountDistinct(c) => {
                let mut a = call("COUNT", vec![col(c)]);
                a.distinct = true;
                self.d.filtered(a, filter)
            }
            Agg::Sum(c) => self.d.filtered(call("SUM", vec![col(c)]), filter),
            Agg::Min(c) => self.d.filtered(call("MIN", vec![ordered(c)]), filter),
            Agg::Max(c) => self.d.filtered(call("MAX", vec![ordered(c)]), filter),
            Agg::First { value, time } | Agg::Last { value, time } => {
                let desc = matches!(f.agg, Agg::Last { .. });
                let order = vec![(col(time), desc), (ordered(value), desc)];
                self.d.first_by(col(value), order, filter)
            }
        }
    }

    fn entity_select(&self, form: Form) -> Select {
        let entity = &self.plan.entity;
        let mut joins = vec![Join {
            kind: JoinKind::Cross,
            table: vec![EVALUATION.into()],
            alias: EVALUATION.into(),
            on: None,
        }];
        for (i, table) in self.plan.feature_tables.iter().enumerate() {
            if !self.is_used(i, form) {
                continue;
            }
            let cte = feature_cte_name(table);
            joins.push(Join {
                kind: JoinKind::Left,
                table: vec![cte.clone()],
                alias: cte.clone(),
                on: Some(SqlExpr::binary(
                    "=",
                    SqlExpr::col(&cte, &table.link),
                    SqlExpr::col(&table_alias(&entity.name), &entity.key),
                )),
            });
        }
        Select {
            from: Some((entity.table.0.clone(), table_alias(&entity.name))),
            joins,
            ..Select::default()
        }
    }

    // ------------------------------------------------------------ conditions

    /// A two-valued condition; `alias` qualifies columns of the table in scope.
    fn cond(&self, c: &Cond, alias: &str) -> SqlExpr {
        match c {
            Cond::Const(b) => SqlExpr::Bool(*b),
            Cond::And(parts) => flatten(parts.iter().map(|p| self.cond(p, alias)).collect(), true),
            Cond::Or(parts) => flatten(parts.iter().map(|p| self.cond(p, alias)).collect(), false),
            Cond::Not(inner) => match inner.as_ref() {
                Cond::IsNull(e) => SqlExpr::IsNull {
                    expr: Box::new(self.expr(e, alias)),
                    negated: true,
                },
                other => SqlExpr::Not(Box::new(self.cond(other, alias))),
            },
            Cond::Compare { op, left, right } => {
                let strings = self.plan.type_of(left) == ScalarType::String;
                let ordering = !matches!(op, CompareOp::Eq | CompareOp::Ne);
                let mut r = self.expr(right, alias);
                if let (true, true, Some(collation)) =
                    (strings, ordering, self.d.flags().bytewise_collation)
                {
                    r = SqlExpr::Collate {
                        expr: Box::new(r),
                        collation,
                    };
                }
                let op = match op {
                    CompareOp::Ne => "<>",
                    other => other.symbol(),
                };
                let base = SqlExpr::binary(op, self.expr(left, alias), r);
                self.two_valued(base, &[left, right])
            }
            Cond::InList {
                expr,
                items,
                negated,
            } => {
                let base = SqlExpr::InList {
                    expr: Box::new(self.expr(expr, alias)),
                    items: items.iter().map(|i| self.expr(i, alias)).collect(),
                    negated: *negated,
                };
                let mut all: Vec<&Expr> = vec![expr];
                all.extend(items.iter());
                self.two_valued(base, &all)
            }
            Cond::IsNull(e) => SqlExpr::IsNull {
                expr: Box::new(self.expr(e, alias)),
                negated: false,
            },
            Cond::Text {
                test,
                expr,
                pattern,
            } => {
                let (v, p) = (self.expr(expr, alias), self.expr(pattern, alias));
                let base = match test {
                    TextTest::StartsWith => self.d.starts_with(v, p),
                    TextTest::EndsWith => self.d.ends_with(v, p),
                    TextTest::Contains => self.d.contains(v, p),
                    TextTest::Matches => self.d.like(v, p),
                };
                self.two_valued(base, &[expr, pattern])
            }
            Cond::Truthy(e) => self.two_valued(self.expr(e, alias), &[e]),
            Cond::HashBelow {
                expr,
                salt,
                threshold,
            } => {
                let text = SqlExpr::func(
                    "CONCAT",
                    vec![
                        SqlExpr::Str(format!("{salt}:")),
                        SqlExpr::cast(self.expr(expr, alias), self.d.type_name(ScalarType::String)),
                    ],
                );
                let mut bound = SqlExpr::Str(threshold.clone());
                if let Some(collation) = self.d.flags().bytewise_collation {
                    bound = SqlExpr::Collate {
                        expr: Box::new(bound),
                        collation,
                    };
                }
                SqlExpr::binary("<", self.d.hash_prefix(text), bound)
            }
        }
    }

    /// `COALESCE(base, FALSE)` when any operand can be missing: a missing value makes a test false.
    fn two_valued(&self, base: SqlExpr, operands: &[&Expr]) -> SqlExpr {
        if operands.iter().any(|e| self.plan.nullable(e)) {
            SqlExpr::func("COALESCE", vec![base, SqlExpr::Bool(false)])
        } else {
            base
        }
    }

    // ------------------------------------------------------------ values

    fn expr(&self, e: &Expr, alias: &str) -> SqlExpr {
        match e {
            Expr::Column(c) => SqlExpr::col(alias, &c.name),
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
            Expr::Date(DateExpr::Ago(n, unit)) => match unit {
                TimeUnit::Days => self.d.minus_days(self.as_of(), *n),
                TimeUnit::Weeks => self.d.minus_days(self.as_of(), n.saturating_mul(7)),
                TimeUnit::Months => self.d.minus_months(self.as_of(), *n),
                TimeUnit::Years => self.d.minus_months(self.as_of(), n.saturating_mul(12)),
            },
            Expr::DateOf(inner) => self.day_of(self.expr(inner, alias), self.plan.type_of(inner)),
            Expr::DaysSince(inner) => self.d.days_between(self.expr(inner, alias), self.as_of()),
            Expr::AgeYears(inner) => self.age(self.expr(inner, alias)),
            Expr::Mul(a, b) => SqlExpr::binary("*", self.expr(a, alias), self.expr(b, alias)),
            Expr::Case { whens, otherwise } => SqlExpr::Case {
                whens: whens
                    .iter()
                    .map(|(c, e)| (self.cond(c, alias), self.expr(e, alias)))
                    .collect(),
                otherwise: Box::new(self.expr(otherwise, alias)),
            },
            Expr::Div(a, b) => SqlExpr::binary(
                "/",
                SqlExpr::cast(
                    self.expr(a, alias),
                    self.d.type_name(ScalarType::Decimal {
                        precision: 38,
                        scale: 9,
                    }),
                ),
                SqlExpr::func("NULLIF", vec![self.expr(b, alias), SqlExpr::Int(0)]),
            ),
        }
    }

    fn day_of(&self, e: SqlExpr, ty: ScalarType) -> SqlExpr {
        match ty {
            ScalarType::Timestamp => self.d.date_of(e),
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
            otherwise: Box::new(SqlExpr::Int(0)),
        };
        SqlExpr::binary("-", years, before_birthday)
    }
}

/// The alias of a declared table: its name, unless that name could be taken for one of the CTEs
/// seglang generates (`evaluation`, `segment_names`, `*_features`, `*_segments`).
fn table_alias(name: &str) -> String {
    let generated = name == EVALUATION
        || name == SEGMENT_NAMES
        || name.ends_with("_features")
        || name.ends_with("_segments");
    if generated {
        format!("{name}_table")
    } else {
        name.to_string()
    }
}

fn feature_cte_name(table: &FeatureTable) -> String {
    format!("{}_features", table.name)
}

fn scalar(v: &Scalar) -> SqlExpr {
    match v {
        Scalar::Int(i) => SqlExpr::Int(*i),
        Scalar::Decimal(d) => SqlExpr::Decimal(d.clone()),
        Scalar::String(s) => SqlExpr::Str(s.clone()),
        Scalar::Bool(b) => SqlExpr::Bool(*b),
        Scalar::Date(d) => SqlExpr::Date(*d),
    }
}

fn flatten(parts: Vec<SqlExpr>, and: bool) -> SqlExpr {
    let mut out = Vec::new();
    for p in parts {
        match (p, and) {
            (SqlExpr::And(inner), true) | (SqlExpr::Or(inner), false) => out.extend(inner),
            (p, _) => out.push(p),
        }
    }
    match (out.len(), and) {
        (0, and) => SqlExpr::Bool(and),
        (1, _) => out.remove(0),
        (_, true) => SqlExpr::And(out),
        (_, false) => SqlExpr::Or(out),
    }
}

/// Whether a condition reads feature `f` of table `t` (any feature of `t` when `f` is `None`).
fn cond_uses(c: &Cond, t: usize, f: Option<usize>) -> bool {
    match c {
        Cond::Const(_) => false,
        Cond::And(parts) | Cond::Or(parts) => parts.iter().any(|p| cond_uses(p, t, f)),
        Cond::Not(inner) => cond_uses(inner, t, f),
        Cond::Compare { left, right, .. } => expr_uses(left, t, f) || expr_uses(right, t, f),
        Cond::InList { expr, items, .. } => {
            expr_uses(expr, t, f) || items.iter().any(|i| expr_uses(i, t, f))
        }
        Cond::IsNull(e) | Cond::Truthy(e) => expr_uses(e, t, f),
        Cond::Text { expr, pattern, .. } => expr_uses(expr, t, f) || expr_uses(pattern, t, f),
        Cond::HashBelow { expr, .. } => expr_uses(expr, t, f),
    }
}

fn expr_uses(e: &Expr, t: usize, f: Option<usize>) -> bool {
    match e {
        Expr::Feature { table, feature } => *table == t && f.is_none_or(|f| f == *feature),
        Expr::Column(_) | Expr::Lit(_) | Expr::Date(_) => false,
        Expr::DateOf(x) | Expr::DaysSince(x) | Expr::AgeYears(x) => expr_uses(x, t, f),
        Expr::Mul(a, b) | Expr::Div(a, b) => expr_uses(a, t, f) || expr_uses(b, t, f),
        Expr::Case { whens, otherwise } => {
            expr_uses(otherwise, t, f)
                || whens
                    .iter()
                    .any(|(c, e)| cond_uses(c, t, f) || expr_uses(e, t, f))
        }
    }
}
