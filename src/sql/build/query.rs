//! The statement: its CTEs in order, then the body of each form (a segment's members, their
//! export with consent evidence, or the membership of every segment), and the `FROM` clause
//! that joins the entity to the evaluation date, the feature CTEs, the score CTEs and the CTEs
//! of the helper rules its conditions read.

use super::zone::ZONE_OFFSETS;
use super::{feature_cte_name, flag_column, table_alias, Builder, Form, EVALUATION, SEGMENT_NAMES};
use crate::ir::{AsOf, Plan, SegmentRule};
use crate::sql::errors::EmitError;
use crate::sql::tree::{Cte, Join, JoinKind, Query, Select, SelectItem, SqlExpr};

impl Builder<'_> {
    /// The whole statement for `form`.
    pub(super) fn query(&self, form: Form, header: Vec<String>) -> Result<Query, EmitError> {
        let plan = self.plan;
        let mut ctes: Vec<Cte> = self.zone_cte().into_iter().collect();
        ctes.push(self.evaluation_cte());
        ctes.extend(self.lookup_ctes());
        for (i, table) in plan.feature_tables.iter().enumerate() {
            if self.is_used(i) {
                ctes.push(self.feature_cte(i, table)?);
            }
        }
        for &i in &self.usage.computed_sequences {
            ctes.extend(self.sequence_ctes(&plan.sequences[i]));
        }
        for (i, set) in plan.score_sets.iter().enumerate() {
            if self.usage.sets.contains(&i) {
                ctes.extend(self.score_ctes(set));
            }
        }
        ctes.extend(self.rule_ctes());
        let body = match form {
            Form::Members(i) => vec![self.members(&plan.segments[i], false, &mut ctes)],
            Form::Export(i) => vec![self.members(&plan.segments[i], true, &mut ctes)],
            Form::Membership => self.membership(&mut ctes),
            Form::Kpis => self.kpis(&mut ctes),
            Form::Spends => self.spends(&mut ctes),
            Form::EvaluationDate => vec![Select {
                items: vec![SelectItem {
                    expr: self.as_of(),
                    alias: Some("as_of".into()),
                    comment: None,
                }],
                from: Some((vec![EVALUATION.into()], EVALUATION.into())),
                ..Select::default()
            }],
        };
        Ok(Query { header, ctes, body })
    }

    /// The keys of a segment's members, with their consent evidence when `evidence` is set: a
    /// CTE of every entity row with the segment's flag (and the evidence), then the rows whose
    /// flag is set. The flag is computed before any row is dropped (ARCHITECTURE.md, "The shape
    /// of a query").
    fn members(&self, rule: &SegmentRule, evidence: bool, ctes: &mut Vec<Cte>) -> Select {
        let entity = &self.plan.entity;
        let entity_alias = table_alias(&entity.name);
        let flags_name = flags_cte_name(&entity.name);
        let flag = flag_column(&rule.name());
        let item = |expr, alias| SelectItem {
            expr,
            alias,
            comment: None,
        };
        let mut flags = self.entity_select();
        flags.items.push(item(
            SqlExpr::col(&entity_alias, &entity.key),
            Some(entity.key.clone()),
        ));
        let mut select = Select {
            comments: segment_comment(rule),
            items: vec![item(SqlExpr::col(&flags_name, &entity.key), None)],
            from: Some((vec![flags_name.clone()], flags_name.clone())),
            filter: Some(SqlExpr::col(&flags_name, &flag)),
            ..Select::default()
        };
        if evidence {
            for (name, expr) in &rule.evidence {
                flags
                    .items
                    .push(item(self.expr(expr, &entity_alias), Some(name.clone())));
                select
                    .items
                    .push(item(SqlExpr::col(&flags_name, name), None));
            }
        }
        flags
            .items
            .push(item(self.cond(&rule.cond, &entity_alias), Some(flag)));
        ctes.push(Cte {
            name: flags_name,
            comments: vec![format!(
                "one row per {}, with the flag of segment {}",
                entity.name,
                rule.name()
            )],
            body: vec![flags],
            materialized: true,
        });
        select
    }

    /// `(key, segment)` for every member of every segment: one CTE of flags, one of segment
    /// names, and a body pairing them.
    fn membership(&self, ctes: &mut Vec<Cte>) -> Vec<Select> {
        let plan = self.plan;
        let entity = &plan.entity;
        let entity_alias = table_alias(&entity.name);
        let flags_name = flags_cte_name(&entity.name);
        let mut flags = self.entity_select();
        flags.items.push(SelectItem {
            expr: SqlExpr::col(&entity_alias, &entity.key),
            alias: Some(entity.key.clone()),
            comment: None,
        });
        for rule in &plan.segments {
            flags.items.push(SelectItem {
                expr: self.cond(&rule.cond, &entity_alias),
                alias: Some(flag_column(&rule.name())),
                comment: Some(segment_comment(rule).join(" ")),
            });
        }
        ctes.push(Cte {
            name: flags_name.clone(),
            comments: vec![format!("one row per {}, one flag per segment", entity.name)],
            body: vec![flags],
            materialized: true,
        });
        ctes.push(segment_names_cte(plan));
        // The flags are read once and paired with the segment names, so no engine evaluates
        // them (or scans a facts table) once per segment.
        let segment = SqlExpr::col(SEGMENT_NAMES, "segment");
        let item = |expr| SelectItem {
            expr,
            alias: None,
            comment: None,
        };
        let items = vec![item(SqlExpr::col(&flags_name, &entity.key)), item(segment)];
        vec![member_pairs(plan, &flags_name, items)]
    }

    /// The evaluation date, in SQL.
    pub(super) fn as_of(&self) -> SqlExpr {
        SqlExpr::col(EVALUATION, "as_of")
    }

    /// The one-row CTE holding the evaluation date: fixed, or the engine's current date.
    fn evaluation_cte(&self) -> Cte {
        let (value, comment) = match self.plan.as_of {
            AsOf::Fixed(date) => (
                SqlExpr::Date(date),
                format!("evaluation date: {date} (fixed at compile time)"),
            ),
            AsOf::Today => (
                self.local_today(),
                match &self.plan.time_zone {
                    None => "evaluation date: the engine's current date, read once".to_string(),
                    Some(zone) => {
                        format!("evaluation date: the engine's current date in {zone}, read once")
                    }
                },
            ),
        };
        let mut items = vec![SelectItem {
            expr: SqlExpr::EvaluationDate(Box::new(value)),
            alias: Some("as_of".into()),
            comment: None,
        }];
        let mut from = None;
        if self.offsets.is_some() {
            items.extend(self.zone_columns());
            from = Some((vec![ZONE_OFFSETS.to_string()], ZONE_OFFSETS.to_string()));
        }
        Cte {
            name: EVALUATION.into(),
            materialized: false,
            comments: vec![comment],
            body: vec![Select {
                items,
                from,
                ..Select::default()
            }],
        }
    }

    /// The entity joined to what the statement reads.
    pub(super) fn entity_select(&self) -> Select {
        let sets: Vec<usize> = self.usage.sets.iter().copied().collect();
        let owner = self.usage.owner_columns;
        let mut select = self.entity_from(&|t| self.usage.joined.contains(&t), &sets, owner);
        self.join_sequences(&mut select, &self.usage.sequences);
        self.join_rules(&mut select, &self.usage.joined_rules);
        select
    }

    /// `FROM entity CROSS JOIN evaluation LEFT JOIN ...` with the feature CTEs of the tables
    /// `uses` accepts and the score CTEs of `sets`; with the owner's row (a contact's account)
    /// when `owner_columns` says the select reads its columns or a table it joins is the
    /// owner's.
    pub(super) fn entity_from(
        &self,
        uses: &dyn Fn(usize) -> bool,
        sets: &[usize],
        owner_columns: bool,
    ) -> Select {
        let entity = &self.plan.entity;
        let alias = table_alias(&entity.name);
        let key = SqlExpr::col(&alias, &entity.key);
        let mut joins = vec![Join {
            kind: JoinKind::Cross,
            table: vec![EVALUATION.into()],
            alias: EVALUATION.into(),
            on: None,
        }];
        // Each row with its owner's row (a contact's account), or none.
        let tables = &self.plan.feature_tables;
        let of_owner = (0..tables.len()).any(|i| uses(i) && tables[i].of_owner);
        let owner = (entity.owner.as_ref()).filter(|_| owner_columns || of_owner);
        if let Some(owner) = owner {
            let owner_alias = table_alias(&owner.name);
            joins.push(Join {
                kind: JoinKind::Left,
                table: owner.table.0.clone(),
                on: Some(SqlExpr::binary(
                    "=",
                    SqlExpr::col(&owner_alias, &owner.key),
                    SqlExpr::col(&alias, &owner.link),
                )),
                alias: owner_alias,
            });
        }
        let mut left_join = |cte: String, column: &str, member: SqlExpr| {
            joins.push(Join {
                kind: JoinKind::Left,
                table: vec![cte.clone()],
                alias: cte.clone(),
                on: Some(SqlExpr::binary("=", SqlExpr::col(&cte, column), member)),
            })
        };
        for (i, table) in self.plan.feature_tables.iter().enumerate() {
            if uses(i) {
                // A table of the owner is joined on the key of the owner's row.
                let member = match (table.of_owner, owner) {
                    (true, Some(owner)) => SqlExpr::col(&table_alias(&owner.name), &owner.key),
                    _ => key.clone(),
                };
                left_join(feature_cte_name(table), &table.link, member);
            }
        }
        for set in sets {
            left_join(
                super::scores::scores_cte_name(&self.plan.score_sets[*set]),
                super::scores::SCORED_KEY,
                key.clone(),
            );
        }
        Select {
            from: Some((entity.table.0.clone(), alias)),
            joins,
            ..Select::default()
        }
    }
}

/// `SELECT items FROM flags CROSS JOIN segment_names WHERE` the row is a member of the segment
/// named: every (member, segment) pair, from one read of the flags.
pub(super) fn member_pairs(plan: &Plan, flags: &str, items: Vec<SelectItem>) -> Select {
    Select {
        items,
        from: Some((vec![flags.to_string()], flags.to_string())),
        joins: vec![Join {
            kind: JoinKind::Cross,
            table: vec![SEGMENT_NAMES.into()],
            alias: SEGMENT_NAMES.into(),
            on: None,
        }],
        filter: Some(is_member(plan, flags)),
        ..Select::default()
    }
}

/// Whether the row of `flags` is a member of the segment `segment_names` names.
pub(super) fn is_member(plan: &Plan, flags: &str) -> SqlExpr {
    let segment = SqlExpr::col(SEGMENT_NAMES, "segment");
    SqlExpr::Case {
        whens: plan
            .segments
            .iter()
            .map(|rule| {
                (
                    SqlExpr::binary("=", segment.clone(), SqlExpr::Str(rule.name())),
                    SqlExpr::col(flags, &flag_column(&rule.name())),
                )
            })
            .collect(),
        otherwise: Some(Box::new(SqlExpr::Bool(false))),
    }
}

/// One row per segment of the plan, naming it.
pub(super) fn segment_names_cte(plan: &Plan) -> Cte {
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
        materialized: false,
    }
}

/// The CTE of an entity's rows with the flags of the segments a statement returns.
pub(super) fn flags_cte_name(entity: &str) -> String {
    format!("{entity}_segments")
}

/// The comment above a segment: its name and location, then its doc comment.
fn segment_comment(rule: &SegmentRule) -> Vec<String> {
    let mut lines = vec![format!("segment {} ({})", rule.name(), rule.location)];
    if let Some(docs) = &rule.docs {
        lines.extend(docs.lines().map(str::to_string));
    }
    lines
}
