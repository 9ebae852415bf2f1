//! Helper rules: each referenced segment that a statement reads in two places or more gets one
//! CTE, one row per entity with its key and its flag, computed once over the entity, its
//! features and the helpers it refers to in turn; a rule that says `in x` joins `x_rule` and
//! reads `x_rule.in_x`. The CTEs come in the plan's dependency order, so each reads only CTEs
//! before it. A helper read once is written where it is read, so no condition is ever copied.

use super::{flag_column, table_alias, Builder};
use crate::ir::ReferencedRule;
use crate::sql::tree::{Cte, Join, JoinKind, Select, SelectItem, SqlExpr};
use std::collections::BTreeSet;

/// The CTE holding a helper rule's flag: `x_rule` for segment `x`.
pub(super) fn rule_cte_name(rule: &ReferencedRule) -> String {
    format!("{}_rule", rule.segment)
}

impl Builder<'_> {
    /// The CTEs of the helper rules the statement computes, in dependency order.
    pub(super) fn rule_ctes(&self) -> Vec<Cte> {
        self.usage.rules.iter().map(|&i| self.rule_cte(i)).collect()
    }

    /// `SELECT key, cond AS in_x FROM entity …`: the entity joined to what the condition reads.
    fn rule_cte(&self, i: usize) -> Cte {
        let plan = self.plan;
        let rule = &plan.referenced[i];
        let entity = &plan.entity;
        let entity_alias = table_alias(&entity.name);
        let own = self.usage.of_rule(plan, i);
        let sets: Vec<usize> = own.sets.iter().copied().collect();
        let mut select = self.entity_from(&|t| own.joined.contains(&t), &sets, own.owner_columns);
        self.join_sequences(&mut select, &own.sequences);
        self.join_rules(&mut select, &own.joined_rules);
        select.items = vec![
            SelectItem {
                expr: SqlExpr::col(&entity_alias, &entity.key),
                alias: Some(entity.key.clone()),
                comment: None,
            },
            SelectItem {
                expr: self.cond(&rule.cond, &entity_alias),
                alias: Some(flag_column(&rule.segment)),
                comment: None,
            },
        ];
        Cte {
            name: rule_cte_name(rule),
            comments: vec![format!(
                "segment {} ({}): every member, computed once for the rules that refer to it",
                rule.segment, rule.location
            )],
            body: vec![select],
            materialized: false,
        }
    }

    /// Joins the CTEs of helper rules `rules` to `select`'s entity, by key.
    pub(super) fn join_rules(&self, select: &mut Select, rules: &BTreeSet<usize>) {
        for &i in rules {
            let cte = rule_cte_name(&self.plan.referenced[i]);
            select.joins.push(self.key_join(cte));
        }
    }

    /// `LEFT JOIN cte AS cte ON cte.key = entity.key`: a CTE of one row per entity (or fewer).
    pub(super) fn key_join(&self, cte: String) -> Join {
        let entity = &self.plan.entity;
        let key = SqlExpr::col(&table_alias(&entity.name), &entity.key);
        Join {
            kind: JoinKind::Left,
            table: vec![cte.clone()],
            on: Some(SqlExpr::binary("=", SqlExpr::col(&cte, &entity.key), key)),
            alias: cte,
        }
    }
}
