//! Marketing models: RFM scores and historic customer lifetime value. Their fields are values
//! that segments and segmentations use (`value.r >= 4`, `lifetime.value > 1000`).

use super::comparisons::literal_greater;
use super::errors::{a, did_you_mean, CheckError, ModelError, NameError, PrivacyError};
use super::exprs::ExprChecker;
use super::names::{resolve_entity, resolve_facts, Declared};
use super::typed::*;
use super::values::literal;
use crate::source::Span;
use crate::suggest::closest;
use crate::syntax::ast;

/// What expressions need to know about a model: its name, entity and kind.
#[derive(Debug, Clone)]
pub struct ModelHeader {
    pub name: String,
    pub entity: EntityId,
    pub kind: ModelKind,
}

/// The kinds of model, with the index into `Program::rfm` or `Program::clv`.
#[derive(Debug, Clone)]
pub enum ModelKind {
    /// `monetary` is the type of the monetary measure.
    Rfm {
        index: RfmId,
        monetary: Type,
    },
    Clv {
        index: ClvId,
        nullable: bool,
    },
}

/// The largest number of scores: codes such as `"545"` need one digit per score.
const MAX_SCORES: i64 = 9;

/// Checks every RFM model; `names` is then shared with the CLV models.
pub fn check_rfm(
    decls: &[&ast::RfmDecl],
    names: &mut Declared,
    checker: &mut ExprChecker,
) -> Vec<RfmModel> {
    let mut out = Vec::new();
    for decl in decls {
        if names.is_new(
            "model",
            &decl.name.name,
            decl.name.span,
            &mut checker.errors,
        ) {
            out.extend(rfm(decl, checker));
        }
    }
    out
}

fn invalid(model: &ast::Ident, span: Span, problem: String, help: &str) -> CheckError {
    CheckError::new(
        span,
        ModelError::InvalidModel {
            model: model.name.clone(),
            problem,
            help: help.to_string(),
        },
    )
}

/// The entity and facts table of a model; the facts table must belong to the entity and have a
/// time column.
fn subject(
    name: &ast::Ident,
    entity: &ast::Ident,
    facts: &ast::Ident,
    checker: &mut ExprChecker,
) -> Option<(EntityId, FactsId)> {
    let entity_id = resolve_entity(checker.schema, entity, &mut checker.errors)?;
    let facts_id = resolve_facts(checker.schema, facts, entity_id, &mut checker.errors)?;
    if checker.schema.facts(facts_id).time_column.is_none() {
        checker.errors.push(invalid(
            name,
            facts.span,
            format!("`{}` has no time column", facts.name),
            "recency and windows need one: `facts orders of customers(customer_id) at ordered_at { ... }`",
        ));
        return None;
    }
    Some((entity_id, facts_id))
}

/// A numeric column of the facts table.
fn amount_column(
    name: &ast::Ident,
    column: &ast::Ident,
    facts: FactsId,
    checker: &mut ExprChecker,
) -> Option<usize> {
    let table = checker.schema.facts(facts);
    let Some(index) = table.columns.iter().position(|c| c.name == column.name) else {
        checker.errors.push(CheckError::new(
            column.span,
            NameError::UnknownColumn {
                name: column.name.clone(),
                table: table.name.clone(),
                help: did_you_mean(closest(
                    &column.name,
                    table.columns.iter().map(|c| c.name.as_str()),
                )),
            },
        ));
        return None;
    };
    let c = &table.columns[index];
    if !c.ty.is_numeric() {
        checker.errors.push(invalid(
            name,
            column.span,
            format!("`{}` is {}, not a number", c.name, a(&c.ty.describe())),
            "name an int or decimal column of amounts",
        ));
        return None;
    }
    if c.special {
        checker.errors.push(CheckError::new(
            column.span,
            PrivacyError::SpecialCategory {
                column: c.name.clone(),
                table: table.name.clone(),
            },
        ));
        return None;
    }
    Some(index)
}

fn model_window(
    window: &Option<(ast::Count, ast::TimeUnit, Span)>,
    checker: &mut ExprChecker,
) -> Option<Option<(i64, ast::TimeUnit)>> {
    match window {
        None => Some(None),
        Some((count, unit, _)) => {
            let n = checker.count(count)?;
            checker.positive(n, count.span, *unit)?;
            Some(Some((n, *unit)))
        }
    }
}

fn rfm(decl: &ast::RfmDecl, checker: &mut ExprChecker) -> Option<RfmModel> {
    let name = &decl.name;
    let subject = subject(name, &decl.entity, &decl.facts, checker);
    let window = model_window(&decl.window, checker);
    let k = match decl.scores {
        None => 5,
        Some((k, span)) if !(2..=MAX_SCORES).contains(&k) => {
            checker.errors.push(invalid(
                name,
                span,
                format!("{k} scores is out of range"),
                "use between 2 and 9 scores (`scores 5` is the usual choice)",
            ));
            return None;
        }
        Some((k, _)) => k as u32,
    };
    let (entity, facts) = subject?;
    let window = window?;
    let (monetary, monetary_column, scoring) = measures(decl, k, facts, checker)?;
    Some(RfmModel {
        name: name.name.clone(),
        docs: decl.docs.clone(),
        entity,
        facts,
        window,
        k,
        monetary,
        monetary_column,
        scoring,
        decl_span: decl.span,
        span: name.span,
    })
}

/// The measures of an RFM model, each declared once: which aggregate of which column is the
/// monetary value, and how recency, frequency and monetary value are scored.
fn measures(
    decl: &ast::RfmDecl,
    k: u32,
    facts: FactsId,
    checker: &mut ExprChecker,
) -> Option<(ast::AggFunc, usize, [Scoring; 3])> {
    let name = &decl.name;
    let mut seen: Vec<ast::Metric> = Vec::new();
    let mut scoring = [Scoring::Quantiles, Scoring::Quantiles, Scoring::Quantiles];
    let mut monetary = None;
    let mut ok = true;
    for m in &decl.metrics {
        if seen.contains(&m.metric) {
            checker.errors.push(invalid(
                name,
                m.span,
                format!("`{}` is declared twice", m.metric.word()),
                "declare each measure once",
            ));
            ok = false;
            continue;
        }
        seen.push(m.metric);
        match (&m.measure, m.metric) {
            (Some((func, column)), ast::Metric::Monetary) => {
                monetary = amount_column(name, column, facts, checker).map(|c| (*func, c));
                ok &= monetary.is_some();
            }
            (Some(_), other) => {
                checker.errors.push(invalid(
                    name,
                    m.span,
                    format!("`{}` is not measured with `sum` or `avg`", other.word()),
                    "recency is the days since the last row and frequency the number of rows; only `monetary` names a column: `monetary sum(amount)`",
                ));
                ok = false;
            }
            (None, _) => {}
        }
        if let Some(list) = &m.thresholds {
            match thresholds(name, m, list, k, checker) {
                Some(t) => scoring[metric_index(m.metric)] = Scoring::Thresholds(t),
                None => ok = false,
            }
        }
    }
    let Some((monetary, monetary_column)) = monetary else {
        if ok {
            checker.errors.push(invalid(
                name,
                name.span,
                "no monetary measure".into(),
                "say which amounts to add up: `monetary sum(amount)` (or `avg(amount)` for the average basket)",
            ));
        }
        return None;
    };
    if !ok {
        return None;
    }
    Some((monetary, monetary_column, scoring))
}

/// Position of a measure in `RfmModel::scoring`.
pub fn metric_index(metric: ast::Metric) -> usize {
    match metric {
        ast::Metric::Recency => 0,
        ast::Metric::Frequency => 1,
        ast::Metric::Monetary => 2,
    }
}

/// `k - 1` strictly ascending numbers; whole numbers for recency (days) and frequency (rows).
fn thresholds(
    name: &ast::Ident,
    m: &ast::MetricDecl,
    list: &[ast::Literal],
    k: u32,
    checker: &mut ExprChecker,
) -> Option<Vec<Lit>> {
    let span = m.span;
    if list.len() != k as usize - 1 {
        checker.errors.push(invalid(
            name,
            span,
            format!(
                "{} scores need {} thresholds for `{}`, not {}",
                k,
                k - 1,
                m.metric.word(),
                list.len()
            ),
            "a score's band starts at its threshold: `thresholds [50, 150, 400, 1000]` gives 5 scores",
        ));
        return None;
    }
    let mut out: Vec<Lit> = Vec::new();
    for lit in list {
        let (value, ty) = literal(lit);
        let whole = m.metric != ast::Metric::Monetary;
        let fits = match ty {
            Type::Int => true,
            Type::Decimal { .. } => !whole,
            _ => false,
        };
        if !fits {
            checker.errors.push(invalid(
                name,
                lit.span,
                format!(
                    "a threshold of `{}` must be {}",
                    m.metric.word(),
                    if whole { "a whole number" } else { "a number" }
                ),
                if whole {
                    "recency thresholds are days, frequency thresholds are numbers of rows"
                } else {
                    "monetary thresholds are amounts"
                },
            ));
            return None;
        }
        if let Some(prev) = out.last() {
            if !literal_greater(&value, prev) {
                checker.errors.push(invalid(
                    name,
                    lit.span,
                    format!("the thresholds of `{}` must increase", m.metric.word()),
                    "list them from the smallest to the largest value, whatever the direction of the score",
                ));
                return None;
            }
        }
        out.push(value);
    }
    Some(out)
}

/// Checks one CLV model, whose name was checked with the RFM models'. Its margin and lifespan
/// may read traits, checked before it.
pub fn check_clv(decl: &ast::ClvDecl, checker: &mut ExprChecker) -> Option<ClvModel> {
    let name = &decl.name;
    let (entity, facts) = subject(name, &decl.entity, &decl.facts, checker)?;
    let missing = |what: &str, example: &str| {
        invalid(
            name,
            name.span,
            format!("no `{what}`"),
            &format!("a lifetime value needs {example}"),
        )
    };
    let Some(amount) = &decl.amount else {
        checker.errors.push(missing(
            "amount",
            "the column of order amounts: `amount amount`",
        ));
        return None;
    };
    let amount = amount_column(name, amount, facts, checker);
    let window = match model_window(&decl.window, checker)? {
        Some(w) => Some(w),
        None => {
            checker.errors.push(missing(
                "window",
                "the period purchases per year are measured over: `window last 2 years`",
            ));
            None
        }
    };
    let factor = |checker: &mut ExprChecker, v: &Option<ast::Value>, what: &str, example: &str| {
        let Some(v) = v else {
            checker.errors.push(missing(what, example));
            return None;
        };
        let value = checker.value(v, Scope::Entity(entity))?;
        let simple = matches!(
            value.kind,
            ValueKind::Literal(_)
                | ValueKind::Param(_)
                | ValueKind::Column(_)
                | ValueKind::Trait(_)
        );
        if let ValueKind::Trait(id) = value.kind {
            if checker.trait_reads_clv[id.0] {
                checker.errors.push(invalid(
                    name,
                    v.span,
                    format!("`{what}` reads a lifetime value through the trait `{}`", checker.traits[id.0].name),
                    "a margin or lifespan may read columns, parameters, aggregates and RFM fields through a trait, not another CLV model's value: each would be written inside the other",
                ));
                return None;
            }
        }
        if !simple || !value.ty.is_numeric() {
            checker.errors.push(invalid(
                name,
                v.span,
                format!("`{what}` must be a number, a parameter, or a numeric column or trait of the entity"),
                example,
            ));
            return None;
        }
        Some(value)
    };
    let margin = factor(
        checker,
        &decl.margin,
        "margin",
        "the gross margin rate: `margin 0.35`, a parameter, a column, or a trait for anything computed",
    );
    let lifespan = factor(
        checker,
        &decl.lifespan,
        "lifespan",
        "the expected lifespan in years: `lifespan 3`, a parameter, a column, or a trait for anything computed",
    );
    Some(ClvModel {
        name: name.name.clone(),
        docs: decl.docs.clone(),
        entity,
        facts,
        amount_column: amount?,
        window: window?,
        margin: margin?,
        lifespan: lifespan?,
        decl_span: decl.span,
        span: name.span,
    })
}

/// The headers expressions resolve `model.field` against, for the RFM models; a CLV model's is
/// added once it is checked (`ExprChecker::add_clv`).
pub fn rfm_headers(schema: &Schema, rfm: &[RfmModel]) -> Vec<ModelHeader> {
    let mut out = Vec::new();
    for (index, m) in rfm.iter().enumerate() {
        let column = &schema.facts(m.facts).columns[m.monetary_column];
        let monetary = match &column.ty {
            Type::Decimal { scale, .. } => Type::Decimal {
                precision: 38,
                scale: *scale,
            },
            other => other.clone(),
        };
        out.push(ModelHeader {
            name: m.name.clone(),
            entity: m.entity,
            kind: ModelKind::Rfm {
                index: RfmId(index),
                monetary,
            },
        });
    }
    out
}

/// The levels a CLV model's value adds above its margin and lifespan once lowered:
/// `((sum × margin) × lifespan) × per_year / n`.
const CLV_DEPTH: usize = 4;

impl ExprChecker<'_> {
    /// Makes a checked CLV model's fields visible to the traits and segments checked after it.
    pub(super) fn add_clv(&mut self, m: ClvModel) {
        let index = ClvId(self.clv.len());
        self.model_index.insert(m.name.clone(), self.models.len());
        self.models.push(ModelHeader {
            name: m.name.clone(),
            entity: m.entity,
            kind: ModelKind::Clv {
                index,
                nullable: m.margin.nullable || m.lifespan.nullable,
            },
        });
        self.clv.push(m);
    }

    /// The depth of CLV model `id`'s value, with the traits its margin and lifespan read
    /// written in.
    pub(super) fn clv_depth(&self, id: ClvId) -> usize {
        let m = &self.clv[id.0];
        CLV_DEPTH + self.depth(&m.margin).max(self.depth(&m.lifespan))
    }
}
