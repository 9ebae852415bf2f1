//! Lowering RFM and CLV models: their measures become ordinary features of the facts table, and
//! an RFM model becomes a score set the plan computes before the segments' conditions.

use super::values::{date_of, scalar};
use super::Lowerer;
use crate::check::typed::{self as t, AggFunc, ClvId, Metric, RfmField, RfmId, Scope, Type};
use crate::ir::{
    CompareOp, Cond, Expr, Measure, Scalar, ScoreField, ScoreRule, ScoreSet, ScoreSetId,
};

/// `10^scale` as a whole number, for scales a decimal column can have.
fn power_of_ten(scale: u32) -> i64 {
    10i64.saturating_pow(scale.min(18))
}

/// The average `sum / count` truncated to the amount's scale (cents for decimal(_, 2)), computed
/// on whole numbers so that every engine gets the same digits and the same ties.
fn truncated_average(sum: Expr, count: Expr, amount: &Type) -> Expr {
    let scale = match amount {
        Type::Decimal { scale, .. } => *scale,
        _ => 0,
    };
    let lit = |n: i64| Box::new(Expr::Lit(Scalar::Int(n)));
    let minor = Expr::IntDiv(
        Box::new(Expr::Mul(Box::new(sum), lit(power_of_ten(scale)))),
        Box::new(count),
    );
    if scale == 0 {
        minor
    } else {
        let unit = format!("0.{}1", "0".repeat(scale as usize - 1));
        Expr::Mul(Box::new(minor), Box::new(Expr::Lit(Scalar::Decimal(unit))))
    }
}

impl Lowerer<'_> {
    /// A field of RFM model `model`, computing its score set once per plan.
    pub(super) fn rfm_field(&mut self, model: RfmId, field: RfmField) -> Expr {
        let set = self.score_set(model);
        let index = |m: Metric| match m {
            Metric::Recency => 0,
            Metric::Frequency => 1,
            Metric::Monetary => 2,
        };
        let field = match field {
            RfmField::Score(m) => ScoreField::Score(index(m)),
            RfmField::Measure(m) => ScoreField::Measure(index(m)),
            RfmField::Code => ScoreField::Code,
            RfmField::Scored => ScoreField::Scored,
        };
        Expr::Score { set, field }
    }

    /// An aggregate of the model's facts table over its window.
    fn windowed(
        &mut self,
        facts: t::FactsId,
        func: AggFunc,
        column: Option<usize>,
        window: Option<(i64, t::TimeUnit)>,
        source: String,
    ) -> Expr {
        self.aggregate(&t::Aggregate {
            facts,
            func,
            column,
            distinct: false,
            filter: None,
            window: window.map(|(n, unit)| t::Window::Last(n, unit)),
            source,
        })
    }

    /// The score set of RFM model `model`, added to the plan on first use.
    fn score_set(&mut self, model: RfmId) -> ScoreSetId {
        let m = &self.program.rfm[model.0];
        if let Some(i) = self.plan.score_sets.iter().position(|s| s.name == m.name) {
            return ScoreSetId(i);
        }
        let [recency, frequency, monetary] = self.rfm_measures(m);
        let population = Cond::Compare {
            op: CompareOp::Gt,
            left: frequency.clone(),
            right: Expr::Lit(Scalar::Int(0)),
        };
        let rule = |s: &t::Scoring| match s {
            t::Scoring::Quantiles => ScoreRule::Quantiles,
            t::Scoring::Thresholds(list) => {
                ScoreRule::Thresholds(list.iter().map(scalar).collect())
            }
        };
        let measures = [
            Measure {
                name: "recency",
                value: recency,
                higher_is_better: false,
                scoring: rule(&m.scoring[0]),
            },
            Measure {
                name: "frequency",
                value: frequency,
                higher_is_better: true,
                scoring: rule(&m.scoring[1]),
            },
            Measure {
                name: "monetary",
                value: monetary,
                higher_is_better: true,
                scoring: rule(&m.scoring[2]),
            },
        ];
        self.plan.score_sets.push(ScoreSet {
            name: m.name.clone(),
            k: m.k,
            population,
            measures,
            location: self.program.sources.location(m.decl_span),
        });
        ScoreSetId(self.plan.score_sets.len() - 1)
    }

    /// Recency (days since the latest row), frequency (rows) and monetary value (sum or average
    /// of the amount) in the model's window, as features of its facts table.
    fn rfm_measures(&mut self, m: &t::RfmModel) -> [Expr; 3] {
        let facts = self.program.schema.facts(m.facts);
        let time = facts.time_column;
        let window_text = match m.window {
            Some((n, unit)) => format!(", last {n} {}", unit.word()),
            None => String::new(),
        };
        let window_words = window_text.trim_start_matches(", ").to_string();
        let frequency = self.windowed(
            m.facts,
            AggFunc::Count,
            None,
            m.window,
            format!("{}.count({window_words})", facts.name),
        );
        let time_name = time
            .map(|c| facts.columns[c].name.clone())
            .unwrap_or_default();
        let time_type = time
            .map(|c| facts.columns[c].ty.clone())
            .unwrap_or(Type::Date);
        let last = self.windowed(
            m.facts,
            AggFunc::Last,
            time,
            m.window,
            format!("{}.last({time_name}{window_text})", facts.name),
        );
        let recency = Expr::DaysSince(Box::new(date_of(last, &time_type)));
        let amount = &facts.columns[m.monetary_column];
        let sum = self.windowed(
            m.facts,
            AggFunc::Sum,
            Some(m.monetary_column),
            m.window,
            format!("{}.sum({}{window_text})", facts.name, amount.name),
        );
        let monetary = match m.monetary {
            AggFunc::Avg => {
                let count = self.windowed(
                    m.facts,
                    AggFunc::Count,
                    Some(m.monetary_column),
                    m.window,
                    format!("{}.count({}{window_text})", facts.name, amount.name),
                );
                truncated_average(sum, count, &amount.ty)
            }
            _ => sum,
        };
        [recency, frequency, monetary]
    }

    /// Historic lifetime value: `sum(amount) / years of the window * margin * lifespan`, which is
    /// the average order value times orders per year times margin times lifespan. Kept as one
    /// division by a whole number so comparisons can multiply instead.
    pub(super) fn clv_value(&mut self, model: ClvId) -> Expr {
        let m = &self.program.clv[model.0];
        let facts = self.program.schema.facts(m.facts);
        let (n, unit) = m.window;
        let amount = &facts.columns[m.amount_column];
        let sum = self.windowed(
            m.facts,
            AggFunc::Sum,
            Some(m.amount_column),
            Some(m.window),
            format!(
                "{}.sum({}, last {n} {})",
                facts.name,
                amount.name,
                unit.word()
            ),
        );
        let (_, per_year) = m.years();
        // A margin or lifespan that is a trait is written in place, as everywhere else.
        let entity = Scope::Entity(m.entity);
        let margin = self.value(&m.margin, entity);
        let lifespan = self.value(&m.lifespan, entity);
        let product = Expr::Mul(
            Box::new(Expr::Mul(
                Box::new(Expr::Mul(Box::new(sum), Box::new(margin))),
                Box::new(lifespan),
            )),
            Box::new(Expr::Lit(Scalar::Int(per_year))),
        );
        Expr::Div(Box::new(product), Box::new(Expr::Lit(Scalar::Int(n))))
    }
}
