//! Plan → SQL tree: one CTE for the evaluation date, one aggregate CTE per facts table, then the
//! segments' conditions over the entity joined to those features.

use super::dialect::Dialect;
use super::tree::*;
use crate::ir::*;
use std::collections::BTreeSet;

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
    let usage = Usage::of(plan, form);
    let b = Builder {
        plan,
        d,
        usage: &usage,
    };
    let mut ctes = vec![b.evaluation_cte()];
    for (i, table) in plan.feature_tables.iter().enumerate() {
        if b.is_used(i) {
            ctes.push(b.feature_cte(i, table));
        }
    }
    for (i, set) in plan.score_sets.iter().enumerate() {
        if usage.sets.contains(&i) {
            ctes.extend(b.score_ctes(set));
        }
    }
    let entity = &plan.entity;
    let entity_alias = table_alias(&entity.name);
    let key = SqlExpr::col(&entity_alias, &entity.key);
    let body = match form {
        Form::Members(i) => {
            let rule = &plan.segments[i];
            let mut select = b.entity_select();
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
            let mut select = b.entity_select();
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
            let mut flags = b.entity_select();
            flags.items.push(SelectItem {
                expr: key,
                alias: Some(entity.key.clone()),
                comment: None,
            });
            for rule in &plan.segments {
                flags.items.push(SelectItem {
                    expr: b.cond(&rule.cond, &entity_alias),
                    alias: Some(flag_column(&rule.name())),
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
                            SqlExpr::binary("=", segment.clone(), SqlExpr::Str(rule.name())),
                            SqlExpr::col(&flags_name, &flag_column(&rule.name())),
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
                expr: SqlExpr::Str(rule.name()),
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

/// The key column of the score CTEs.
const SCORED_KEY: &str = "scored_key";

fn scores_cte_name(set: &ScoreSet) -> String {
    format!("{}_scores", set.name)
}

/// `r_score`, `f_score`, `m_score`.
fn score_column(m: &Measure) -> String {
    format!("{}_score", &m.name[..1])
}

fn describe_rule(k: u32, m: &Measure) -> String {
    let direction = if m.higher_is_better {
        "higher is better"
    } else {
        "fewer days is better"
    };
    match &m.scoring {
        ScoreRule::Quantiles => format!(
            "{}: 1 + {k} * (rank - 1) div present values, ranked from the worst; {direction}",
            m.name
        ),
        ScoreRule::Thresholds(_) => format!("{}: thresholds; {direction}", m.name),
    }
}

/// The flag column of a segment in the membership CTE.
pub fn flag_column(segment: &str) -> String {
    format!("in_{segment}")
}

fn segment_comment(rule: &SegmentRule) -> Vec<String> {
    let mut lines = vec![format!("segment {} ({})", rule.name(), rule.location)];
    if let Some(docs) = &rule.docs {
        lines.extend(docs.lines().map(str::to_string));
    }
    lines
}

struct Builder<'a> {
    plan: &'a Plan,
    d: &'a dyn Dialect,
    usage: &'a Usage,
}

/// The features and score sets a statement reads.
#[derive(Default)]
struct Usage {
    /// `(table, feature)` pairs.
    features: BTreeSet<(usize, usize)>,
    /// Tables the statement joins to the entity: those its conditions read directly, not only
    /// through a score set (whose measures CTE joins its own).
    joined: BTreeSet<usize>,
    sets: BTreeSet<usize>,
}

impl Usage {
    fn of(plan: &Plan, form: Form) -> Usage {
        let mut u = Usage::default();
        match form {
            Form::Membership => {
                for (t, table) in plan.feature_tables.iter().enumerate() {
                    u.features.extend((0..table.features.len()).map(|f| (t, f)));
                    if !table.features.is_empty() {
                        u.joined.insert(t);
                    }
                }
                u.sets.extend(0..plan.score_sets.len());
            }
            Form::Members(s) => u.cond(plan, &plan.segments[s].cond),
            Form::Export(s) => {
                let rule = &plan.segments[s];
                u.cond(plan, &rule.cond);
                for (_, e) in &rule.evidence {
                    u.expr(plan, e);
                }
            }
        }
        u
    }

    fn table_used(&self, t: usize) -> bool {
        self.features.range((t, 0)..(t + 1, 0)).next().is_some()
    }

    fn cond(&mut self, plan: &Plan, c: &Cond) {
        match c {
            Cond::Const(_) => {}
            Cond::And(parts) | Cond::Or(parts) => parts.iter().for_each(|p| self.cond(plan, p)),
            Cond::Not(inner) => self.cond(plan, inner),
            Cond::Compare { left, right, .. } => {
                self.expr(plan, left);
                self.expr(plan, right);
            }
            Cond::InList { expr, items, .. } => {
                self.expr(plan, expr);
                items.iter().for_each(|i| self.expr(plan, i));
            }
            Cond::IsNull(e) | Cond::Truthy(e) | Cond::HashBelow { expr: e, .. } => {
                self.expr(plan, e)
            }
            Cond::Text { expr, pattern, .. } => {
                self.expr(plan, expr);
                self.expr(plan, pattern);
            }
        }
    }

    fn expr(&mut self, plan: &Plan, e: &Expr) {
        match e {
            Expr::Feature { table, feature } => {
                self.features.insert((*table, *feature));
                self.joined.insert(*table);
            }
            Expr::Column(_) | Expr::Lit(_) | Expr::Date(_) => {}
            Expr::DateOf(x) | Expr::DaysSince(x) | Expr::AgeYears(x) => self.expr(plan, x),
            Expr::Mul(a, b) | Expr::Div(a, b) | Expr::IntDiv(a, b) => {
                self.expr(plan, a);
                self.expr(plan, b);
            }
            Expr::Case { whens, otherwise } => {
                self.expr(plan, otherwise);
                for (c, e) in whens {
                    self.cond(plan, c);
                    self.expr(plan, e);
                }
            }
            Expr::Score { set, .. } => {
                if self.sets.insert(set.0) {
                    let scores = plan.score_set(*set);
                    let mut own = Usage::default();
                    own.cond(plan, &scores.population);
                    for m in &scores.measures {
                        own.expr(plan, &m.value);
                    }
                    self.features.extend(own.features);
                    self.sets.extend(own.sets);
                }
            }
        }
    }
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

    /// Whether the statement reads features of table `i`.
    fn is_used(&self, i: usize) -> bool {
        self.usage.table_used(i)
    }

    /// Whether the statement reads feature `f` of table `t`.
    fn is_feature_used(&self, t: usize, f: usize) -> bool {
        self.usage.features.contains(&(t, f))
    }

    fn feature_cte(&self, index: usize, table: &FeatureTable) -> Cte {
        let alias = table_alias(&table.name);
        let link = SqlExpr::col(&alias, &table.link);
        let mut items = vec![SelectItem {
            expr: link.clone(),
            alias: Some(table.link.clone()),
            comment: None,
        }];
        for (fi, f) in table.features.iter().enumerate() {
            if !self.is_feature_used(index, fi) {
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

    fn entity_select(&self) -> Select {
        let sets: Vec<usize> = self.usage.sets.iter().copied().collect();
        self.entity_from(&|t| self.usage.joined.contains(&t), &sets)
    }

    /// `FROM entity CROSS JOIN evaluation LEFT JOIN ...` with the feature CTEs of the tables
    /// `uses` accepts and the score CTEs of `sets`.
    fn entity_from(&self, uses: &dyn Fn(usize) -> bool, sets: &[usize]) -> Select {
        let entity = &self.plan.entity;
        let key = SqlExpr::col(&table_alias(&entity.name), &entity.key);
        let mut joins = vec![Join {
            kind: JoinKind::Cross,
            table: vec![EVALUATION.into()],
            alias: EVALUATION.into(),
            on: None,
        }];
        let mut left_join = |cte: String, column: &str| {
            joins.push(Join {
                kind: JoinKind::Left,
                table: vec![cte.clone()],
                alias: cte.clone(),
                on: Some(SqlExpr::binary(
                    "=",
                    SqlExpr::col(&cte, column),
                    key.clone(),
                )),
            })
        };
        for (i, table) in self.plan.feature_tables.iter().enumerate() {
            if uses(i) {
                left_join(feature_cte_name(table), &table.link);
            }
        }
        for set in sets {
            left_join(scores_cte_name(&self.plan.score_sets[*set]), SCORED_KEY);
        }
        Select {
            from: Some((entity.table.0.clone(), table_alias(&entity.name))),
            joins,
            ..Select::default()
        }
    }

    /// Two CTEs for an RFM model: the measures of the entities in its population, then their
    /// scores (window functions cannot sit in the `WHERE` of the segments).
    fn score_ctes(&self, set: &ScoreSet) -> Vec<Cte> {
        let entity = &self.plan.entity;
        let alias = table_alias(&entity.name);
        let mut own = Usage::default();
        own.cond(self.plan, &set.population);
        for m in &set.measures {
            own.expr(self.plan, &m.value);
        }
        let mut measures = self.entity_from(&|t| own.table_used(t), &[]);
        let item = |expr, alias: &str| SelectItem {
            expr,
            alias: Some(alias.to_string()),
            comment: None,
        };
        measures
            .items
            .push(item(SqlExpr::col(&alias, &entity.key), SCORED_KEY));
        for m in &set.measures {
            measures
                .items
                .push(item(self.expr(&m.value, &alias), m.name));
        }
        measures.filter = Some(self.cond(&set.population, &alias));
        let measures_name = format!("{}_measures", set.name);
        let mut scores = Select {
            from: Some((vec![measures_name.clone()], measures_name.clone())),
            ..Select::default()
        };
        scores
            .items
            .push(item(SqlExpr::col(&measures_name, SCORED_KEY), SCORED_KEY));
        for m in &set.measures {
            scores
                .items
                .push(item(SqlExpr::col(&measures_name, m.name), m.name));
        }
        for m in &set.measures {
            let value = SqlExpr::col(&measures_name, m.name);
            scores.items.push(SelectItem {
                expr: self.score(set.k, m, value),
                alias: Some(score_column(m)),
                comment: Some(describe_rule(set.k, m)),
            });
        }
        vec![
            Cte {
                name: measures_name,
                comments: vec![format!(
                    "RFM model {} ({}): measures of the {} rows with a facts row in the window",
                    set.name, set.location, entity.name
                )],
                body: vec![measures],
            },
            Cte {
                name: scores_cte_name(set),
                comments: vec![format!(
                    "RFM model {}: scores 1..{}, equal values get equal scores",
                    set.name, set.k
                )],
                body: vec![scores],
            },
        ]
    }

    /// A measure's score: from its rank among the present values, or from thresholds.
    fn score(&self, k: u32, m: &Measure, value: SqlExpr) -> SqlExpr {
        let missing = SqlExpr::IsNull {
            expr: Box::new(value.clone()),
            negated: false,
        };
        match &m.scoring {
            ScoreRule::Quantiles => {
                // Ranked from the worst value; ties share the lowest rank.
                let rank = SqlExpr::Window {
                    name: "RANK",
                    args: Vec::new(),
                    order_by: vec![(value.clone(), !m.higher_is_better)],
                };
                let present = SqlExpr::Window {
                    name: "COUNT",
                    args: vec![value],
                    order_by: Vec::new(),
                };
                let position = SqlExpr::binary(
                    "*",
                    SqlExpr::Int(i64::from(k)),
                    SqlExpr::binary("-", rank, SqlExpr::Int(1)),
                );
                SqlExpr::Case {
                    whens: vec![(missing, SqlExpr::Null)],
                    otherwise: Box::new(SqlExpr::binary(
                        "+",
                        SqlExpr::Int(1),
                        self.d.int_div(position, present),
                    )),
                }
            }
            ScoreRule::Thresholds(bounds) => {
                let mut whens = vec![(missing, SqlExpr::Null)];
                let k = i64::from(k);
                if m.higher_is_better {
                    // The best band first: `value >= highest bound` scores k.
                    for (i, b) in bounds.iter().enumerate().rev() {
                        whens.push((
                            SqlExpr::binary(">=", value.clone(), scalar(b)),
                            SqlExpr::Int(i as i64 + 2),
                        ));
                    }
                } else {
                    // Fewer days is better: `value <= lowest bound` scores k.
                    for (i, b) in bounds.iter().enumerate() {
                        whens.push((
                            SqlExpr::binary("<=", value.clone(), scalar(b)),
                            SqlExpr::Int(k - i as i64),
                        ));
                    }
                }
                SqlExpr::Case {
                    whens,
                    otherwise: Box::new(SqlExpr::Int(1)),
                }
            }
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
            Expr::IntDiv(a, b) => {
                let int = self.d.type_name(ScalarType::Int);
                self.d.int_div(
                    SqlExpr::cast(self.expr(a, alias), int),
                    SqlExpr::func(
                        "NULLIF",
                        vec![SqlExpr::cast(self.expr(b, alias), int), SqlExpr::Int(0)],
                    ),
                )
            }
            Expr::Score { set, field } => {
                let s = self.plan.score_set(*set);
                let cte = scores_cte_name(s);
                match field {
                    ScoreField::Score(i) => SqlExpr::col(&cte, &score_column(&s.measures[*i])),
                    ScoreField::Measure(i) => SqlExpr::col(&cte, s.measures[*i].name),
                    ScoreField::Scored => SqlExpr::IsNull {
                        expr: Box::new(SqlExpr::col(&cte, SCORED_KEY)),
                        negated: true,
                    },
                    ScoreField::Code => {
                        let text = self.d.type_name(ScalarType::String);
                        let digit =
                            |m: &Measure| SqlExpr::cast(SqlExpr::col(&cte, &score_column(m)), text);
                        // `||` is missing when any score is; CONCAT would skip it on PostgreSQL.
                        SqlExpr::binary(
                            "||",
                            SqlExpr::binary("||", digit(&s.measures[0]), digit(&s.measures[1])),
                            digit(&s.measures[2]),
                        )
                    }
                }
            }
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
        || name.ends_with("_segments")
        || name.ends_with("_measures")
        || name.ends_with("_scores");
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
