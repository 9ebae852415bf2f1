//! RFM scores: a CTE of the measures of the entities in a model's population, then a CTE of
//! their scores (window functions cannot sit in the `WHERE` of the segments). Each measure is
//! scored from its rank among the present values, or from thresholds.

use super::usage::Usage;
use super::values::scalar;
use super::{table_alias, Builder};
use crate::ir::{Measure, ScalarType, ScoreField, ScoreRule, ScoreSet, ScoreSetId};
use crate::sql::tree::{Cte, Select, SelectItem, SqlExpr};

/// The key column of the score CTEs.
pub(super) const SCORED_KEY: &str = "scored_key";

/// The CTE holding a model's scores.
pub(super) fn scores_cte_name(set: &ScoreSet) -> String {
    format!("{}_scores", set.name)
}

/// `r_score`, `f_score`, `m_score`.
pub(super) fn score_column(m: &Measure) -> String {
    format!("{}_score", &m.name[..1])
}

/// The comment beside a score column: how it is computed.
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

/// An output column named `alias`.
fn item(expr: SqlExpr, alias: &str) -> SelectItem {
    SelectItem {
        expr,
        alias: Some(alias.to_string()),
        comment: None,
    }
}

impl Builder<'_> {
    /// Two CTEs for an RFM model: the measures of the entities in its population, then their
    /// scores.
    pub(super) fn score_ctes(&self, set: &ScoreSet) -> Vec<Cte> {
        let entity = &self.plan.entity;
        let measures_name = format!("{}_measures", set.name);
        vec![
            Cte {
                name: measures_name.clone(),
                comments: vec![format!(
                    "RFM model {} ({}): measures of the {} rows with a facts row in the window",
                    set.name, set.location, entity.name
                )],
                body: vec![self.measures_select(set)],
                materialized: false,
            },
            Cte {
                name: scores_cte_name(set),
                comments: vec![format!(
                    "RFM model {}: scores 1..{}, equal values get equal scores",
                    set.name, set.k
                )],
                body: vec![self.scores_select(set, &measures_name)],
                materialized: false,
            },
        ]
    }

    /// The measures of the entities in the model's population, joined to the feature tables
    /// they read.
    fn measures_select(&self, set: &ScoreSet) -> Select {
        let entity = &self.plan.entity;
        let alias = table_alias(&entity.name);
        let mut own = Usage::default();
        own.cond(self.plan, &set.population);
        for m in &set.measures {
            own.expr(self.plan, &m.value);
        }
        let mut measures = self.entity_from(&|t| own.table_used(t), &[], own.owner_columns);
        measures
            .items
            .push(item(SqlExpr::col(&alias, &entity.key), SCORED_KEY));
        for m in &set.measures {
            measures
                .items
                .push(item(self.expr(&m.value, &alias), m.name));
        }
        measures.filter = Some(self.cond(&set.population, &alias));
        measures
    }

    /// The measures again, with one score column per measure.
    fn scores_select(&self, set: &ScoreSet, measures_name: &str) -> Select {
        let mut scores = Select {
            from: Some((vec![measures_name.to_string()], measures_name.to_string())),
            ..Select::default()
        };
        scores
            .items
            .push(item(SqlExpr::col(measures_name, SCORED_KEY), SCORED_KEY));
        for m in &set.measures {
            scores
                .items
                .push(item(SqlExpr::col(measures_name, m.name), m.name));
        }
        for m in &set.measures {
            let value = SqlExpr::col(measures_name, m.name);
            scores.items.push(SelectItem {
                expr: self.score(set.k, m, value),
                alias: Some(score_column(m)),
                comment: Some(describe_rule(set.k, m)),
            });
        }
        scores
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
                    partition_by: Vec::new(),
                    order_by: vec![(value.clone(), !m.higher_is_better)],
                    range_following: None,
                };
                let present = SqlExpr::Window {
                    name: "COUNT",
                    args: vec![value],
                    partition_by: Vec::new(),
                    order_by: Vec::new(),
                    range_following: None,
                };
                let position = SqlExpr::binary(
                    "*",
                    SqlExpr::Int(i64::from(k)),
                    SqlExpr::binary("-", rank, SqlExpr::Int(1)),
                );
                SqlExpr::Case {
                    whens: vec![(missing, SqlExpr::Null)],
                    otherwise: Some(Box::new(SqlExpr::binary(
                        "+",
                        SqlExpr::Int(1),
                        self.d.int_div(position, present),
                    ))),
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
                    otherwise: Some(Box::new(SqlExpr::Int(1))),
                }
            }
        }
    }

    /// A field of a model's scores: a score, a measure, whether the entity was scored, or the
    /// three scores as one code (`"545"`).
    pub(super) fn score_field(&self, set: ScoreSetId, field: ScoreField) -> SqlExpr {
        let s = self.plan.score_set(set);
        let cte = scores_cte_name(s);
        match field {
            ScoreField::Score(i) => SqlExpr::col(&cte, &score_column(&s.measures[i])),
            ScoreField::Measure(i) => SqlExpr::col(&cte, s.measures[i].name),
            ScoreField::Scored => SqlExpr::IsNull {
                expr: Box::new(SqlExpr::col(&cte, SCORED_KEY)),
                negated: true,
            },
            ScoreField::Code => {
                let text = self.dialect().type_name(ScalarType::String);
                let digit = |m: &Measure| SqlExpr::cast(SqlExpr::col(&cte, &score_column(m)), text);
                // `||` is missing when any score is; CONCAT would skip it on PostgreSQL.
                SqlExpr::binary(
                    "||",
                    SqlExpr::binary("||", digit(&s.measures[0]), digit(&s.measures[1])),
                    digit(&s.measures[2]),
                )
            }
        }
    }
}
