//! The reference evaluator: the plan interpreted over in-memory rows, written from
//! docs/semantics.md and sharing no code with the SQL emitters. It is the oracle that real engines
//! are compared with, and `seg test` runs on it.

mod features;
mod functions;
mod kpis;
mod lookups;
mod owners;
mod sequences;

use crate::ir::{
    AsOf, CompareOp, Cond, DateExpr, Expr, Measure, Plan, Scalar, ScoreField, ScoreRule,
    SegmentRule, TextTest, TimeUnit,
};
use crate::value::{Cell, Dataset, Date, Num, Table, Timestamp, Zone};
use features::compute_features;
pub use functions::bucket;
use functions::{anniversary, date_part, like, text};
pub use kpis::evaluate_kpis;
use sequences::compute_sequences;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use thiserror::Error;

/// Members per segment, keys as text.
pub type Members = BTreeMap<String, BTreeSet<String>>;

/// Why the reference evaluator could not evaluate.
#[derive(Debug, Clone, Error, PartialEq)]
pub enum ReferenceError {
    #[error("no rows were given for table `{0}`")]
    MissingTable(String),
    #[error("table `{table}` has no column `{column}`")]
    MissingColumn { table: String, column: String },
    #[error("a number overflowed while evaluating {0}")]
    Overflow(String),
    #[error("a date fell outside the calendar while evaluating {0}")]
    DateOutOfRange(String),
}

/// Evaluates every segment of `plan`; `today` is the evaluation date when the plan has none fixed
/// (the current date in the plan's time zone, for a caller that evaluates "today").
pub fn evaluate(plan: &Plan, data: &Dataset, today: Date) -> Result<Members, ReferenceError> {
    let names: Vec<String> = plan.segments.iter().map(SegmentRule::name).collect();
    let mut members: Members = names.iter().map(|n| (n.clone(), BTreeSet::new())).collect();
    each_entity(plan, data, today, &mut |_, key, flags| {
        for (name, _) in names.iter().zip(flags).filter(|(_, f)| **f) {
            if let Some(set) = members.get_mut(name) {
                set.insert(key.to_text());
            }
        }
        Ok(())
    })?;
    Ok(members)
}

/// What `each_entity` gives its visitor for one entity row: the row's scope, its key, and
/// whether it is a member of each rule of the plan.
type Visit<'v> = dyn FnMut(&Scope<'_>, &Cell, &[bool]) -> Result<(), ReferenceError> + 'v;

/// Walks the entity's rows with their features, scores, helper rules and sequences computed,
/// handing each to `visit` with its rules' flags.
fn each_entity(
    plan: &Plan,
    data: &Dataset,
    today: Date,
    visit: &mut Visit<'_>,
) -> Result<(), ReferenceError> {
    let as_of = match plan.as_of {
        AsOf::Fixed(d) => d,
        AsOf::Today => today,
    };
    let entity = &owners::with_owner(plan, table(data, &plan.entity.name)?, data)?;
    let key = column_index(entity, &plan.entity.name, &plan.entity.key)?;
    let features = compute_features(plan, data, as_of)?;
    let member_at = owners::member_columns(plan, entity, key)?;
    let sequences = compute_sequences(plan, data, as_of)?;
    let scores = compute_scores(plan, entity, (key, &member_at), &features, as_of)?;
    let mut flags = Vec::with_capacity(plan.segments.len());
    for row in &entity.rows {
        let key_value = &row[key];
        let mut scope = Scope {
            table: entity,
            row,
            features: owners::features_of(&features, &member_at, row),
            scores: scores.iter().map(|s| s.get(key_value)).collect(),
            referenced: Vec::with_capacity(plan.referenced.len()),
            sequences: sequences.iter().map(|s| s.contains(key_value)).collect(),
            as_of,
        };
        // Each helper rule once per row, in dependency order: a helper reads only earlier ones.
        for helper in &plan.referenced {
            let holds = scope.holds(plan, &helper.cond)?;
            scope.referenced.push(holds);
        }
        flags.clear();
        for rule in &plan.segments {
            flags.push(scope.holds(plan, &rule.cond)?);
        }
        visit(&scope, key_value, &flags)?;
    }
    Ok(())
}

/// Feature values per entity key, one map per feature table.
type FeatureValues = HashMap<Cell, Vec<Cell>>;

/// An entity's measures and scores in one score set.
struct ScoreRow {
    measures: [Cell; 3],
    scores: [Option<i64>; 3],
}

/// Scores per entity key, one map per score set, for the entities in each set's population.
fn compute_scores(
    plan: &Plan,
    entity: &Table,
    (key, members): (usize, &[usize]),
    features: &[FeatureValues],
    as_of: Date,
) -> Result<Vec<HashMap<Cell, ScoreRow>>, ReferenceError> {
    let mut out = Vec::new();
    for set in &plan.score_sets {
        let mut rows: Vec<(Cell, [Cell; 3])> = Vec::new();
        for row in &entity.rows {
            let scope = Scope {
                table: entity,
                row,
                features: owners::features_of(features, members, row),
                scores: Vec::new(),
                referenced: Vec::new(),
                sequences: Vec::new(),
                as_of,
            };
            if !scope.holds(plan, &set.population)? {
                continue;
            }
            let mut measures = [Cell::Null, Cell::Null, Cell::Null];
            for (i, m) in set.measures.iter().enumerate() {
                measures[i] = scope.value(plan, &m.value)?;
            }
            rows.push((row[key].clone(), measures));
        }
        let mut scores: Vec<[Option<i64>; 3]> = vec![[None; 3]; rows.len()];
        for (i, m) in set.measures.iter().enumerate() {
            let column: Vec<&Cell> = rows.iter().map(|(_, ms)| &ms[i]).collect();
            for (r, s) in score_measure(set.k, m, &column).into_iter().enumerate() {
                scores[r][i] = s;
            }
        }
        out.push(
            rows.into_iter()
                .zip(scores)
                .map(|((k, measures), scores)| (k, ScoreRow { measures, scores }))
                .collect(),
        );
    }
    Ok(out)
}

/// The score of each value of one measure over the population, from docs/semantics.md: by rank
/// from the worst present value (ties share the lowest rank) or by thresholds.
fn score_measure(k: u32, m: &Measure, values: &[&Cell]) -> Vec<Option<i64>> {
    let k = i64::from(k);
    let mut present: Vec<&Cell> = values
        .iter()
        .copied()
        .filter(|v| **v != Cell::Null)
        .collect();
    present.sort_by(|a, b| compare_cells(a, b));
    let n = present.len() as i64;
    values
        .iter()
        .map(|v| {
            if **v == Cell::Null {
                return None;
            }
            Some(match &m.scoring {
                ScoreRule::Quantiles => {
                    let below = present.partition_point(|x| compare_cells(x, v) == Ordering::Less);
                    let not_above =
                        present.partition_point(|x| compare_cells(x, v) != Ordering::Greater);
                    let worse = if m.higher_is_better {
                        below
                    } else {
                        present.len() - not_above
                    } as i64;
                    1 + k * worse / n
                }
                ScoreRule::Thresholds(bounds) => {
                    let bounds: Vec<Cell> = bounds.iter().map(scalar).collect();
                    if m.higher_is_better {
                        1 + bounds
                            .iter()
                            .filter(|b| compare_cells(v, b) != Ordering::Less)
                            .count() as i64
                    } else {
                        k - bounds
                            .iter()
                            .filter(|b| compare_cells(v, b) == Ordering::Greater)
                            .count() as i64
                    }
                }
            })
        })
        .collect()
}

fn table<'a>(data: &'a Dataset, name: &str) -> Result<&'a Table, ReferenceError> {
    data.get(name)
        .ok_or_else(|| ReferenceError::MissingTable(name.to_string()))
}

fn column_index(table: &Table, table_name: &str, column: &str) -> Result<usize, ReferenceError> {
    table
        .column(column)
        .ok_or_else(|| ReferenceError::MissingColumn {
            table: table_name.to_string(),
            column: column.to_string(),
        })
}

/// Orders two present values of the same type: numbers numerically, text byte-wise.
fn compare_cells(a: &Cell, b: &Cell) -> Ordering {
    match (a, b) {
        (Cell::Num(x), Cell::Num(y)) => x.cmp(y),
        (Cell::Str(x), Cell::Str(y)) => x.as_bytes().cmp(y.as_bytes()),
        (Cell::Bool(x), Cell::Bool(y)) => x.cmp(y),
        (Cell::Date(x), Cell::Date(y)) => x.cmp(y),
        (Cell::Timestamp(x), Cell::Timestamp(y)) => x.cmp(y),
        (Cell::Date(x), Cell::Timestamp(y)) => x.cmp(&y.date),
        (Cell::Timestamp(x), Cell::Date(y)) => x.date.cmp(y),
        _ => Ordering::Equal,
    }
}

/// The day of a date or timestamp: a timestamp (a UTC instant) has its day in `zone`, read from
/// the tz database's rules for that instant, or its UTC day without a zone.
fn day_of(cell: &Cell, zone: Option<&Zone>) -> Option<Date> {
    match (cell, zone) {
        (Cell::Date(d), _) => Some(*d),
        (Cell::Timestamp(t), None) => Some(t.date),
        (Cell::Timestamp(t), Some(zone)) => zone.local_day(*t),
        _ => None,
    }
}

/// One row being evaluated, with its entity's feature values when it is an entity row.
struct Scope<'a> {
    table: &'a Table,
    row: &'a [Cell],
    features: Vec<Option<&'a Vec<Cell>>>,
    /// The entity's row in each score set, when it is in the set's population.
    scores: Vec<Option<&'a ScoreRow>>,
    /// Whether the entity is in each helper rule of the plan computed so far.
    referenced: Vec<bool>,
    /// Whether each sequence of the plan holds for the entity.
    sequences: Vec<bool>,
    as_of: Date,
}

impl<'a> Scope<'a> {
    /// A row of a facts table, for its row filter: no feature, score, helper or sequence.
    fn of_facts_row(table: &'a Table, row: &'a [Cell], as_of: Date) -> Scope<'a> {
        Scope {
            table,
            row,
            features: Vec::new(),
            scores: Vec::new(),
            referenced: Vec::new(),
            sequences: Vec::new(),
            as_of,
        }
    }

    fn holds(&self, plan: &Plan, cond: &Cond) -> Result<bool, ReferenceError> {
        Ok(match cond {
            Cond::Const(b) => *b,
            Cond::And(parts) => {
                for p in parts {
                    if !self.holds(plan, p)? {
                        return Ok(false);
                    }
                }
                true
            }
            Cond::Or(parts) => {
                for p in parts {
                    if self.holds(plan, p)? {
                        return Ok(true);
                    }
                }
                false
            }
            Cond::Not(inner) => !self.holds(plan, inner)?,
            Cond::Compare { op, left, right } => {
                let (l, r) = (self.value(plan, left)?, self.value(plan, right)?);
                if l == Cell::Null || r == Cell::Null {
                    return Ok(false);
                }
                let ord = compare_cells(&l, &r);
                match op {
                    CompareOp::Eq => ord == Ordering::Equal,
                    CompareOp::Ne => ord != Ordering::Equal,
                    CompareOp::Lt => ord == Ordering::Less,
                    CompareOp::Le => ord != Ordering::Greater,
                    CompareOp::Gt => ord == Ordering::Greater,
                    CompareOp::Ge => ord != Ordering::Less,
                }
            }
            Cond::InList {
                expr,
                items,
                negated,
            } => {
                let v = self.value(plan, expr)?;
                if v == Cell::Null {
                    return Ok(false);
                }
                let mut found = false;
                for item in items {
                    let i = self.value(plan, item)?;
                    found |= i != Cell::Null && compare_cells(&v, &i) == Ordering::Equal;
                }
                found != *negated
            }
            Cond::IsNull(e) => self.value(plan, e)? == Cell::Null,
            Cond::Text {
                test,
                expr,
                pattern,
            } => {
                let (Cell::Str(v), Cell::Str(p)) =
                    (self.value(plan, expr)?, self.value(plan, pattern)?)
                else {
                    return Ok(false);
                };
                match test {
                    TextTest::StartsWith => v.starts_with(&p),
                    TextTest::EndsWith => v.ends_with(&p),
                    TextTest::Contains => v.contains(&p),
                    TextTest::Matches => like(
                        &v.chars().collect::<Vec<_>>(),
                        &p.chars().collect::<Vec<_>>(),
                    ),
                }
            }
            Cond::Truthy(e) => self.value(plan, e)? == Cell::Bool(true),
            // Helpers are computed in dependency order before any rule reads them (the plan's
            // invariant), so the flag is there.
            Cond::Referenced(id) => self.referenced[id.0],
            // Sequences are computed before any entity row; an empty list is a row of facts,
            // where the checker allows no sequence.
            Cond::Sequence(id) => self.sequences.get(id.0).copied().unwrap_or(false),
            Cond::HashBelow {
                expr,
                salt,
                threshold,
            } => {
                let key = self.value(plan, expr)?.to_text();
                bucket(salt, &key).as_str() < threshold.as_str()
            }
        })
    }

    fn value(&self, plan: &Plan, e: &Expr) -> Result<Cell, ReferenceError> {
        let overflow = || ReferenceError::Overflow(format!("{e:?}"));
        Ok(match e {
            Expr::Column(c) => match self.table.column(&features::qualified(c)) {
                Some(i) => self.row[i].clone(),
                None => {
                    return Err(ReferenceError::MissingColumn {
                        table: String::new(),
                        column: c.name.clone(),
                    })
                }
            },
            Expr::Feature { table, feature } => {
                let value = self
                    .features
                    .get(*table)
                    .copied()
                    .flatten()
                    .and_then(|values| values.get(*feature))
                    .cloned()
                    .unwrap_or(Cell::Null);
                match (&value, &plan.feature(*table, *feature).empty) {
                    (Cell::Null, Some(empty)) => scalar(empty),
                    _ => value,
                }
            }
            Expr::Lit(s) => scalar(s),
            Expr::Date(d) => Cell::Date(
                self.date(*d)
                    .ok_or_else(|| ReferenceError::DateOutOfRange(format!("{d:?}")))?,
            ),
            Expr::DateOf(inner) => match self.value(plan, inner)? {
                Cell::Timestamp(t) => match day_of(&Cell::Timestamp(t), plan.time_zone.as_ref()) {
                    Some(d) => Cell::Date(d),
                    None => return Err(ReferenceError::DateOutOfRange(format!("{e:?}"))),
                },
                other => other,
            },
            Expr::DaysSince(inner) => {
                match day_of(&self.value(plan, inner)?, plan.time_zone.as_ref()) {
                    Some(d) => Cell::Num(Num::int(self.as_of.to_days() - d.to_days())),
                    None => Cell::Null,
                }
            }
            Expr::DaysUntil(inner) => {
                match day_of(&self.value(plan, inner)?, plan.time_zone.as_ref()) {
                    Some(d) => Cell::Num(Num::int(d.to_days() - self.as_of.to_days())),
                    None => Cell::Null,
                }
            }
            Expr::DatePart(part, inner) => {
                match day_of(&self.value(plan, inner)?, plan.time_zone.as_ref()) {
                    Some(d) => Cell::Num(Num::int(date_part(*part, d))),
                    None => Cell::Null,
                }
            }
            Expr::Text(func, inner) => match self.value(plan, inner)? {
                Cell::Str(s) => text(*func, &s),
                _ => Cell::Null,
            },
            Expr::Anniversary(inner) => {
                match day_of(&self.value(plan, inner)?, plan.time_zone.as_ref()) {
                    Some(d) => Cell::Date(
                        anniversary(d, self.as_of)
                            .ok_or_else(|| ReferenceError::DateOutOfRange(format!("{e:?}")))?,
                    ),
                    None => Cell::Null,
                }
            }
            Expr::AgeYears(inner) => {
                match day_of(&self.value(plan, inner)?, plan.time_zone.as_ref()) {
                    Some(born) => {
                        let birthday_ahead =
                            (self.as_of.month, self.as_of.day) < (born.month, born.day);
                        let years = i64::from(self.as_of.year)
                            - i64::from(born.year)
                            - i64::from(birthday_ahead);
                        Cell::Num(Num::int(years))
                    }
                    None => Cell::Null,
                }
            }
            Expr::Case { whens, otherwise } => {
                for (cond, value) in whens {
                    if self.holds(plan, cond)? {
                        return self.value(plan, value);
                    }
                }
                self.value(plan, otherwise)?
            }
            Expr::Mul(a, b) => match (self.value(plan, a)?, self.value(plan, b)?) {
                (Cell::Num(x), Cell::Num(y)) => Cell::Num(x.checked_mul(y).ok_or_else(overflow)?),
                _ => Cell::Null,
            },
            Expr::Add(a, b) | Expr::Sub(a, b) => {
                match (self.value(plan, a)?, self.value(plan, b)?) {
                    (Cell::Num(x), Cell::Num(y)) => Cell::Num(
                        match e {
                            Expr::Add(..) => x.checked_add(y),
                            _ => x.checked_sub(y),
                        }
                        .ok_or_else(overflow)?,
                    ),
                    _ => Cell::Null,
                }
            }
            Expr::Neg(x) | Expr::Abs(x) => match self.value(plan, x)? {
                Cell::Num(n) => Cell::Num(
                    match e {
                        Expr::Neg(_) => n.checked_neg(),
                        _ => n.checked_abs(),
                    }
                    .ok_or_else(overflow)?,
                ),
                _ => Cell::Null,
            },
            Expr::Sign(x) => match self.value(plan, x)? {
                Cell::Num(n) => Cell::Num(Num::int(match n.cmp(&Num::int(0)) {
                    Ordering::Less => -1,
                    Ordering::Equal => 0,
                    Ordering::Greater => 1,
                })),
                _ => Cell::Null,
            },
            Expr::Round(x, digits) => match self.value(plan, x)? {
                Cell::Num(n) => Cell::Num(n.checked_round(*digits).ok_or_else(overflow)?),
                _ => Cell::Null,
            },
            Expr::Otherwise(x, default) => match self.value(plan, x)? {
                Cell::Null => self.value(plan, default)?,
                present => present,
            },
            Expr::Least(values) | Expr::Greatest(values) => {
                let wanted = match e {
                    Expr::Least(_) => Ordering::Less,
                    _ => Ordering::Greater,
                };
                let mut best: Option<Cell> = None;
                for v in values {
                    let cell = self.value(plan, v)?;
                    if matches!(cell, Cell::Null) {
                        return Ok(Cell::Null);
                    }
                    best = match best {
                        Some(b) if compare_cells(&cell, &b) != wanted => Some(b),
                        _ => Some(cell),
                    };
                }
                best.unwrap_or(Cell::Null)
            }
            Expr::IntDiv(a, b) => match (self.value(plan, a)?, self.value(plan, b)?) {
                (Cell::Num(_), Cell::Num(y)) if y.is_zero() => Cell::Null,
                (Cell::Num(x), Cell::Num(y)) => Cell::Num(x.trunc_div(y).ok_or_else(overflow)?),
                _ => Cell::Null,
            },
            Expr::Score { set, field } => {
                let row = self.scores.get(set.0).copied().flatten();
                match (field, row) {
                    (ScoreField::Scored, row) => Cell::Bool(row.is_some()),
                    (_, None) => Cell::Null,
                    (ScoreField::Score(i), Some(r)) => r.scores[*i]
                        .map(|s| Cell::Num(Num::int(s)))
                        .unwrap_or(Cell::Null),
                    (ScoreField::Measure(i), Some(r)) => r.measures[*i].clone(),
                    (ScoreField::Code, Some(r)) => match r.scores {
                        [Some(a), Some(b), Some(c)] => Cell::Str(format!("{a}{b}{c}")),
                        _ => Cell::Null,
                    },
                }
            }
            Expr::Div(a, b) => match (self.value(plan, a)?, self.value(plan, b)?) {
                (Cell::Num(_), Cell::Num(y)) if y.is_zero() => Cell::Null,
                (Cell::Num(x), Cell::Num(y)) => Cell::Num(x.checked_div(y).ok_or_else(overflow)?),
                _ => Cell::Null,
            },
        })
    }

    fn date(&self, d: DateExpr) -> Option<Date> {
        match d {
            DateExpr::AsOf => Some(self.as_of),
            DateExpr::Ago(n, TimeUnit::Days) => self.as_of.add_days(-n),
            DateExpr::Ago(n, TimeUnit::Weeks) => self.as_of.add_days(-n.checked_mul(7)?),
            DateExpr::Ago(n, TimeUnit::Months) => self.as_of.add_months(-n),
            DateExpr::Ago(n, TimeUnit::Years) => self.as_of.add_months(-n.checked_mul(12)?),
            DateExpr::Ahead(n, TimeUnit::Days) => self.as_of.add_days(n),
            DateExpr::Ahead(n, TimeUnit::Weeks) => self.as_of.add_days(n.checked_mul(7)?),
            DateExpr::Ahead(n, TimeUnit::Months) => self.as_of.add_months(n),
            DateExpr::Ahead(n, TimeUnit::Years) => self.as_of.add_months(n.checked_mul(12)?),
        }
    }
}

fn scalar(s: &Scalar) -> Cell {
    match s {
        Scalar::Int(i) => Cell::Num(Num::int(*i)),
        Scalar::Decimal(d) => Num::parse(d).map(Cell::Num).unwrap_or(Cell::Null),
        Scalar::String(s) => Cell::Str(s.clone()),
        Scalar::Bool(b) => Cell::Bool(*b),
        Scalar::Date(d) => Cell::Date(*d),
    }
}

/// A timestamp cell, for building datasets in code.
pub fn timestamp(text: &str) -> Cell {
    Timestamp::parse(text)
        .map(Cell::Timestamp)
        .unwrap_or(Cell::Null)
}
