//! Lookups in SQL: one CTE per lookup a statement reads, its rows with the number of rows that
//! share their key, left-joined once inside each feature CTE whose features read it, on the
//! reference and on that number being one. A row of the facts table is so read once, with its
//! lookup row when exactly one row has the key it references, and with missing values otherwise.

use super::{table_alias, Builder};
use crate::ir::{FeatureTable, LookupTable};
use crate::sql::tree::{Cte, Join, JoinKind, Select, SelectItem, SqlExpr};

/// What the CTE of a lookup is called after the lookup.
pub(super) const LOOKUP_SUFFIX: &str = "_lookup";

impl Builder<'_> {
    /// The lookups of feature table `index` that the features the statement reads read.
    fn lookups_read<'p>(&self, index: usize, table: &'p FeatureTable) -> Vec<&'p LookupTable> {
        let mut read = std::collections::BTreeSet::new();
        for (f, feature) in table.features.iter().enumerate() {
            if self.usage.features.contains(&(index, f)) {
                read.extend(feature.tables_read());
            }
        }
        (table.lookups.iter())
            .filter(|l| read.contains(l.name.as_str()))
            .collect()
    }

    /// The left joins of feature table `index` to the lookups its read features read.
    pub(super) fn lookup_joins(&self, index: usize, table: &FeatureTable) -> Vec<Join> {
        let own = table_alias(&table.name);
        (self.lookups_read(index, table).into_iter())
            .map(|lookup| lookup_join(&own, lookup))
            .collect()
    }

    /// One CTE per lookup read by the statement's feature CTEs and sequence steps, in the order
    /// first read.
    pub(super) fn lookup_ctes(&self) -> Vec<Cte> {
        let mut out: Vec<Cte> = Vec::new();
        let mut add = |lookup: &LookupTable| {
            let name = lookup_cte_name(lookup);
            if !out.iter().any(|c| c.name == name) {
                out.push(lookup_cte(lookup, name));
            }
        };
        for (i, table) in self.plan.feature_tables.iter().enumerate() {
            if self.is_used(i) {
                self.lookups_read(i, table).into_iter().for_each(&mut add);
            }
        }
        for &i in &self.usage.computed_sequences {
            let s = &self.plan.sequences[i];
            s.first.rows.lookups.iter().for_each(&mut add);
            s.then.rows.lookups.iter().for_each(&mut add);
        }
        out
    }
}

/// The left join of the rows of `own` (or of their parent rows) to a lookup, on the reference
/// and on the key being on one row.
pub(super) fn lookup_join(own: &str, lookup: &LookupTable) -> Join {
    let alias = table_alias(&lookup.name);
    let holder = lookup
        .holder
        .as_deref()
        .map_or(own.to_string(), table_alias);
    let matches = SqlExpr::binary(
        "=",
        SqlExpr::col(&alias, &lookup.key),
        SqlExpr::col(&holder, &lookup.column),
    );
    let unique = SqlExpr::binary(
        "=",
        SqlExpr::col(&alias, &rows_column(lookup)),
        SqlExpr::Int(1),
    );
    Join {
        kind: JoinKind::Left,
        table: vec![lookup_cte_name(lookup)],
        alias,
        on: Some(SqlExpr::And(vec![matches, unique])),
    }
}

/// `SELECT key, columns…, COUNT(key) OVER (PARTITION BY key) AS rows FROM table`.
fn lookup_cte(lookup: &LookupTable, name: String) -> Cte {
    let alias = table_alias(&lookup.name);
    let key = SqlExpr::col(&alias, &lookup.key);
    let others = lookup.columns.iter().filter(|c| **c != lookup.key);
    let mut items: Vec<SelectItem> = (std::iter::once(&lookup.key).chain(others))
        .map(|c| SelectItem {
            expr: SqlExpr::col(&alias, c),
            alias: None,
            comment: None,
        })
        .collect();
    items.push(SelectItem {
        expr: SqlExpr::Window {
            name: "COUNT",
            args: vec![key.clone()],
            partition_by: vec![key],
            order_by: Vec::new(),
            range_following: None,
        },
        alias: Some(rows_column(lookup)),
        comment: None,
    });
    Cte {
        name,
        comments: vec![format!(
            "{} with the number of rows of each {}: a key on several rows looks up none",
            lookup.name, lookup.key
        )],
        body: vec![Select {
            items,
            from: Some((lookup.table.0.clone(), alias)),
            ..Select::default()
        }],
        materialized: false,
    }
}

fn lookup_cte_name(lookup: &LookupTable) -> String {
    format!("{}{LOOKUP_SUFFIX}", lookup.name)
}

/// The name of the count of rows sharing a key: `rows_with_key`, or with `_` added until no
/// column of the lookup has it.
fn rows_column(lookup: &LookupTable) -> String {
    let mut name = String::from("rows_with_key");
    while lookup.columns.contains(&name) {
        name.push('_');
    }
    name
}
