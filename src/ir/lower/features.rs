//! Aggregates become features: one feature table per facts table (or consent log, or
//! suppression list), identical aggregates shared, the user's `where` and window turned into the
//! feature's row filter.

use super::consent::Consent;
use super::values::{column, date_of, time_unit};
use super::Lowerer;
use crate::check::typed::{self as t, AggFunc, Lit, Scope, TablePath, Type};
use crate::ir::{
    Agg, Column, CompareOp, Cond, DateExpr, Expr, Feature, FeatureTable, ParentTable, Scalar,
    ScalarType,
};
use std::collections::{HashMap, HashSet};

/// A table features are computed from: a facts table, a consent log or a suppression list.
#[derive(Clone)]
pub(super) struct TableDesc {
    pub(super) name: String,
    pub(super) table: TablePath,
    pub(super) parents: Vec<ParentTable>,
    pub(super) link: String,
    /// A table of the entity's owner (`FeatureTable::of_owner`).
    pub(super) of_owner: bool,
    pub(super) time: Option<Column>,
}

impl Lowerer<'_> {
    /// The sum and count features behind an `avg`.
    pub(super) fn avg_parts(&mut self, agg: &t::Aggregate) -> (Expr, Expr) {
        let sum = t::Aggregate {
            func: AggFunc::Sum,
            ..agg.clone()
        };
        let count = t::Aggregate {
            func: AggFunc::Count,
            ..agg.clone()
        };
        (self.aggregate(&sum), self.aggregate(&count))
    }

    /// `any`, `all` and `none` as one count of rows compared with zero, a feature of the facts
    /// table's one pass like any other (shared with the same count written out):
    /// `any(where c, w)` is `count(where c, w) > 0`, `none(where c, w)` is
    /// `count(where c, w) = 0`, and `all(where c, w)` is `count(where not c, w) = 0`: no row of
    /// the window fails `c`. Plan conditions are two-valued, so a row where `c` tests a missing
    /// value fails `c` and is counted by `not c` (`all` is false), and `all` over no rows is true.
    pub(super) fn quantifier(&mut self, agg: &t::Aggregate) -> Cond {
        let (counted, op) = match agg.func {
            AggFunc::Any => (agg.filter.clone(), CompareOp::Gt),
            AggFunc::All => (
                agg.filter.clone().map(|c| t::Cond::Not(Box::new(c))),
                CompareOp::Eq,
            ),
            _ => (agg.filter.clone(), CompareOp::Eq),
        };
        let count = t::Aggregate {
            func: AggFunc::Count,
            column: None,
            distinct: false,
            filter: counted,
            window: agg.window.clone(),
            facts: agg.facts,
            source: format!("count (for {})", agg.source),
        };
        Cond::Compare {
            op,
            left: self.aggregate(&count),
            right: Expr::Lit(Scalar::Int(0)),
        }
    }

    /// Finds or adds the feature computing `agg`, and refers to it.
    pub(super) fn aggregate(&mut self, agg: &t::Aggregate) -> Expr {
        let facts = self.program.schema.facts(agg.facts);
        let desc = self.table_desc(agg.facts);
        let value = agg.column.map(|i| column(&facts.columns[i]));
        let (kind, ty, empty) = agg_kind(agg.func, agg.distinct, value, desc.time.clone());
        let filter = self.row_filter(agg, desc.time.as_ref());
        let comment = match agg.func {
            AggFunc::Avg => format!("{} (for {})", agg_word(&kind), agg.source),
            _ => agg.source.clone(),
        };
        let feature = self.add_feature(
            desc,
            Feature {
                name: feature_name(&facts.name, &kind, agg),
                agg: kind,
                filter,
                ty,
                empty,
                comment,
                horizon: match agg.window {
                    Some(t::Window::Next(n, unit)) => Some(DateExpr::Ahead(n, time_unit(unit))),
                    _ => None,
                },
            },
        );
        self.join_lookups(&feature, agg.facts);
        feature
    }

    /// Where the rows of facts table `id` come from: the table, the parents it is read with, the
    /// column holding the entity's key, and its time column.
    pub(super) fn table_desc(&self, id: t::FactsId) -> TableDesc {
        let schema = &self.program.schema;
        let facts = schema.facts(id);
        let member = self.member();
        let (parents, link) = parents_of(schema, id, member);
        let of_owner = schema.reach(member, id) == Some(t::Reach::Up);
        // A table of a facts table without `at` is dated by its nearest dated parent.
        let time = schema.time_of(id).map(|(f, i)| {
            let dated = schema.facts(f);
            Column {
                parent: (f != id).then(|| dated.name.clone()),
                ..column(&dated.columns[i])
            }
        });
        TableDesc {
            name: facts.name.clone(),
            table: facts.table.clone(),
            parents,
            link,
            of_owner,
            time,
        }
    }

    /// The plan's entity, whose members the features are for.
    pub(super) fn member(&self) -> t::EntityId {
        let entities = &self.program.schema.entities;
        t::EntityId(
            (entities.iter())
                .position(|e| e.name == self.plan.entity.name)
                .unwrap_or(0),
        )
    }

    /// The rows an aggregate sees: its `where`, then its window over the table's time column.
    pub(super) fn row_filter(&mut self, agg: &t::Aggregate, time: Option<&Column>) -> Option<Cond> {
        let scope = Scope::Facts(agg.facts);
        self.rows_kept(agg.filter.as_ref(), agg.window.as_ref(), scope, time)
    }

    /// The rows of the table in `scope` that a `where` and a window over its time column keep.
    pub(super) fn rows_kept(
        &mut self,
        filter: Option<&t::Cond>,
        window: Option<&t::Window>,
        scope: Scope,
        time: Option<&Column>,
    ) -> Option<Cond> {
        let mut filters = Vec::new();
        if let Some(f) = filter {
            filters.push(self.cond(f, scope));
        }
        if let (Some(w), Some(time)) = (window, time) {
            let day = date_of(Expr::Column(time.clone()), &type_of_scalar(time.ty));
            let bound = |this: &mut Self, v: &t::Value| date_of(this.value(v, scope), &v.ty);
            let compare = |op, left, right| Cond::Compare { op, left, right };
            match w {
                t::Window::Last(n, unit) => filters.push(compare(
                    CompareOp::Gt,
                    day,
                    Expr::Date(DateExpr::Ago(*n, time_unit(*unit))),
                )),
                t::Window::Next(n, unit) => {
                    let ahead = DateExpr::Ahead(*n, time_unit(*unit));
                    filters.push(compare(
                        CompareOp::Gt,
                        day.clone(),
                        Expr::Date(DateExpr::AsOf),
                    ));
                    filters.push(compare(CompareOp::Le, day, Expr::Date(ahead)));
                }
                t::Window::Before(v) => filters.push(compare(CompareOp::Le, day, bound(self, v))),
                t::Window::After(v) => filters.push(compare(CompareOp::Gt, day, bound(self, v))),
                t::Window::Between(a, b) => {
                    filters.push(compare(CompareOp::Ge, day.clone(), bound(self, a)));
                    filters.push(compare(CompareOp::Le, day, bound(self, b)));
                }
            }
        }
        match filters.len() {
            0 => None,
            1 => filters.pop(),
            _ => Some(Cond::And(filters)),
        }
    }

    /// Finds or adds `feature` in the feature table of `desc`, and refers to it. Identical
    /// aggregates (same function, column and filter) are computed once.
    pub(super) fn add_feature(&mut self, desc: TableDesc, feature: Feature) -> Expr {
        if desc.of_owner {
            if let Some(owner) = &mut self.plan.entity.owner {
                owner.joined = true;
            }
        }
        let table_index = match self.features.tables.get(&desc.name) {
            Some(&i) => i,
            None => {
                let i = self.plan.feature_tables.len();
                self.features.tables.insert(desc.name.clone(), i);
                self.features.per_table.push(TableIndex::default());
                self.plan.feature_tables.push(FeatureTable {
                    name: desc.name,
                    table: desc.table,
                    parents: desc.parents,
                    link: desc.link,
                    of_owner: desc.of_owner,
                    time: desc.time,
                    lookups: Vec::new(),
                    features: Vec::new(),
                });
                i
            }
        };
        let index = &mut self.features.per_table[table_index];
        let features = &mut self.plan.feature_tables[table_index].features;
        let Feature {
            name,
            agg,
            filter,
            ty,
            empty,
            comment,
            horizon,
        } = feature;
        // Most aggregates of a large project are met again: the key is cloned only for a new one.
        let computation = (agg, filter);
        if let Some(&i) = index.by_computation.get(&computation) {
            return Expr::Feature {
                table: table_index,
                feature: i,
            };
        }
        index
            .by_computation
            .insert(computation.clone(), features.len());
        let (agg, filter) = computation;
        features.push(Feature {
            name: index.unique_name(name),
            agg,
            filter,
            ty,
            empty,
            comment,
            horizon,
        });
        Expr::Feature {
            table: table_index,
            feature: features.len() - 1,
        }
    }
}

/// The parents a facts table's rows reach the entity through, nearest first, and the column of
/// the last (or of the table itself, without parents) that holds the entity's key.
/// A table of an entity of the plan's entity (a contact's events, on accounts) is read with its
/// parents and then its entity's rows, whose link column holds the member's key.
fn parents_of(
    schema: &t::Schema,
    id: t::FactsId,
    member: t::EntityId,
) -> (Vec<ParentTable>, String) {
    let mut parents = Vec::new();
    let mut below = schema.facts(id);
    while let Some(link) = below.parent {
        let parent = schema.facts(link.facts);
        parents.push(ParentTable {
            name: parent.name.clone(),
            table: parent.table.clone(),
            child_column: below.columns[below.link_column].name.clone(),
            column: parent.columns[link.column].name.clone(),
        });
        below = parent;
    }
    if schema.reach(member, id) == Some(t::Reach::Down) {
        if let Some(rows) = schema.rows_of(below.entity) {
            let owner = schema.entity(below.entity);
            parents.push(ParentTable {
                name: owner.name.clone(),
                table: owner.table.clone(),
                child_column: below.columns[below.link_column].name.clone(),
                column: owner.key_column().name.clone(),
            });
            below = schema.facts(rows);
        }
    }
    (parents, below.columns[below.link_column].name.clone())
}

/// Where the features of one plan are, by what they compute and by name, so that sharing a
/// feature and naming a new one are lookups: scanning the feature table for each aggregate made
/// a segment of thousands of distinct aggregates lower in quadratic time, and its names (`_2`,
/// `_3` …, each tried against every feature) in cubic time.
#[derive(Default)]
pub(super) struct FeatureIndex {
    /// The position of each feature table in the plan, by its name.
    tables: HashMap<String, usize>,
    /// One per feature table, in the plan's order.
    per_table: Vec<TableIndex>,
    /// The consent of each channel rule met so far, by entity, channel and accepted bases: every
    /// segment of a channel reads the same features, which are built once.
    pub(super) consents: HashMap<(t::EntityId, String, Vec<String>), Consent>,
}

/// The features of one feature table.
#[derive(Default)]
struct TableIndex {
    /// The position of the feature computing an aggregation over a row filter.
    by_computation: HashMap<(Agg, Option<Cond>), usize>,
    /// Every feature name taken.
    names: HashSet<String>,
    /// For a base name taken, the next suffix to try: `base_2` up to `base_{n-1}` are taken.
    next_suffix: HashMap<String, usize>,
}

impl TableIndex {
    /// `base` if no feature has that name yet, else the first of `base_2`, `base_3` … still
    /// free. Names are never given back, so the search for a base resumes where it last ended.
    fn unique_name(&mut self, base: String) -> String {
        if self.names.insert(base.clone()) {
            return base;
        }
        let mut n = self.next_suffix.get(&base).copied().unwrap_or(2);
        let name = loop {
            let candidate = format!("{base}_{n}");
            n += 1;
            if self.names.insert(candidate.clone()) {
                break candidate;
            }
        };
        self.next_suffix.insert(base, n);
        name
    }
}

/// The plan's aggregation for a checked function over `value`, with its type and its value over
/// no rows. `first`/`last` of the time column itself are its minimum/maximum.
fn agg_kind(
    func: AggFunc,
    distinct: bool,
    value: Option<Column>,
    time: Option<Column>,
) -> (Agg, ScalarType, Option<Scalar>) {
    match (func, value, time) {
        (AggFunc::Count, None, _) => (Agg::CountRows, ScalarType::Int, Some(Scalar::Int(0))),
        (AggFunc::Count, Some(c), _) if distinct => {
            (Agg::CountDistinct(c), ScalarType::Int, Some(Scalar::Int(0)))
        }
        (AggFunc::Count, Some(c), _) => {
            (Agg::CountValues(c), ScalarType::Int, Some(Scalar::Int(0)))
        }
        (AggFunc::Sum, Some(c), _) => {
            let (ty, zero) = match c.ty {
                ScalarType::Decimal { scale, .. } => (
                    ScalarType::Decimal {
                        precision: 38,
                        scale,
                    },
                    Scalar::Decimal("0".into()),
                ),
                other => (other, Scalar::Int(0)),
            };
            (Agg::Sum(c), ty, Some(zero))
        }
        (AggFunc::Min, Some(c), _) => (Agg::Min(c.clone()), c.ty, None),
        (AggFunc::Max, Some(c), _) => (Agg::Max(c.clone()), c.ty, None),
        (AggFunc::First, Some(c), Some(time)) if c == time => (Agg::Min(c.clone()), c.ty, None),
        (AggFunc::Last, Some(c), Some(time)) if c == time => (Agg::Max(c.clone()), c.ty, None),
        (AggFunc::First, Some(c), Some(time)) => {
            let ty = c.ty;
            (Agg::First { value: c, time }, ty, None)
        }
        (AggFunc::Last, Some(c), Some(time)) => {
            let ty = c.ty;
            (Agg::Last { value: c, time }, ty, None)
        }
        // The checker guarantees a column for every function but count, and a time column for
        // first/last; a plan can still be built by counting rows.
        _ => (Agg::CountRows, ScalarType::Int, Some(Scalar::Int(0))),
    }
}

fn agg_word(agg: &Agg) -> &'static str {
    match agg {
        Agg::Sum(_) => "sum",
        _ => "count",
    }
}

/// A readable column name: what is aggregated, then `where` and the window when present.
fn feature_name(facts: &str, agg: &Agg, source: &t::Aggregate) -> String {
    let mut name = base_feature_name(facts, agg);
    if source.filter.is_some() {
        name.push_str("_where");
    }
    let ago = |v: &t::Value| match &v.kind {
        t::ValueKind::Ago(n, unit) => format!("{n}_{}_ago", unit.word()),
        t::ValueKind::Literal(Lit::Date(d)) => d.to_string().replace('-', ""),
        t::ValueKind::Param(_) => "param".to_string(),
        _ => "bound".to_string(),
    };
    match &source.window {
        None => {}
        Some(t::Window::Last(n, unit)) => name.push_str(&format!("_last_{n}_{}", unit.word())),
        Some(t::Window::Next(n, unit)) => name.push_str(&format!("_next_{n}_{}", unit.word())),
        Some(t::Window::Before(v)) => name.push_str(&format!("_before_{}", ago(v))),
        Some(t::Window::After(v)) => name.push_str(&format!("_after_{}", ago(v))),
        Some(t::Window::Between(a, b)) => {
            name.push_str(&format!("_between_{}_and_{}", ago(a), ago(b)))
        }
    }
    name
}

fn base_feature_name(facts: &str, agg: &Agg) -> String {
    match agg {
        Agg::CountRows => format!("{facts}_count"),
        Agg::CountValues(c) => format!("{facts}_count_{}", c.name),
        Agg::CountDistinct(c) => format!("{facts}_count_distinct_{}", c.name),
        Agg::Sum(c) => format!("{facts}_sum_{}", c.name),
        Agg::Min(c) => format!("{facts}_min_{}", c.name),
        Agg::Max(c) => format!("{facts}_max_{}", c.name),
        Agg::First { value, .. } => format!("{facts}_first_{}", value.name),
        Agg::Last { value, .. } => format!("{facts}_last_{}", value.name),
    }
}

/// The checker's type for a time column's plan type, for [`date_of`].
fn type_of_scalar(ty: ScalarType) -> Type {
    match ty {
        ScalarType::Timestamp => Type::Timestamp,
        _ => Type::Date,
    }
}
