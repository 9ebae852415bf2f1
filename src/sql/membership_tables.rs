//! The layout of the tables that keep segment membership in the warehouse, day after day: their
//! names, columns, the words stored in them and their `CREATE TABLE IF NOT EXISTS` statements.
//! `seg compile --emit merge` writes into them (`merge.rs`), and `seg materialize` keeps the
//! same tables, with one more of its own, the dates it materialized (`materialize.rs`);
//! docs/production.md ("The membership tables") describes them for users.
//!
//! Every table has one row per fact and no declared key: the keys below hold by construction of
//! the merge, and an engine that checks unique constraints eagerly inside a transaction (DuckDB)
//! would refuse a member who changes group, deleted and inserted in one run.

use super::Target;
use crate::ir::{RuleId, ScalarType};

/// Where the objects `seg compile --emit` creates live: an optional schema (a BigQuery dataset)
/// and a prefix of every name. Both are quoted wherever they are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub schema: Option<String>,
    pub prefix: String,
}

impl Default for Placement {
    fn default() -> Self {
        Placement {
            schema: None,
            prefix: DEFAULT_PREFIX.to_string(),
        }
    }
}

/// The prefix of every object name unless `--prefix` says otherwise.
pub const DEFAULT_PREFIX: &str = "seg_";

impl Placement {
    /// The quoted, schema-qualified name of the object `name` (prefixed).
    pub fn qualified(&self, name: &str, target: Target) -> String {
        let d = target.dialect();
        let object = d.quote_ident(&format!("{}{name}", self.prefix));
        match &self.schema {
            Some(schema) => format!("{}.{object}", d.quote_ident(schema)),
            None => object,
        }
    }

    /// The quoted name of a temporary table of the run: prefixed, never schema-qualified
    /// (temporary tables live in the session's own schema).
    pub fn temporary(&self, name: &str, target: Target) -> String {
        target
            .dialect()
            .quote_ident(&format!("{}{name}", self.prefix))
    }

    /// The quoted name of one of the membership tables.
    pub fn table(&self, table: MembershipTable, target: Target) -> String {
        self.qualified(table.name(), target)
    }
}

/// The four tables: the three of docs/production.md and the catalogue of segments that lets a
/// run tell a changed definition from changed data, and a date already merged from a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MembershipTable {
    /// `membership`: the current members, one row per (segment, member_key).
    Membership,
    /// `membership_history`: one row per stay, one open row (`valid_to` NULL) per current
    /// member.
    History,
    /// `membership_events`: one row per entry or exit.
    Events,
    /// `segments`: one row per segment merged, with the hash of its definition and the last
    /// date it was evaluated for.
    Segments,
    /// `membership_runs`: one row per segment per date `seg materialize` merged, with the hash
    /// of its definition then; what a rebuild restores the catalogue from. Not in
    /// [`MembershipTable::ALL`]: the merge script neither creates nor fills it.
    Runs,
}

impl MembershipTable {
    /// Every table, in the order they are created.
    pub const ALL: [MembershipTable; 4] = [
        MembershipTable::Membership,
        MembershipTable::History,
        MembershipTable::Events,
        MembershipTable::Segments,
    ];

    /// The table's name, before the prefix.
    pub fn name(self) -> &'static str {
        match self {
            MembershipTable::Membership => "membership",
            MembershipTable::History => "membership_history",
            MembershipTable::Events => "membership_events",
            MembershipTable::Segments => "segments",
            MembershipTable::Runs => "membership_runs",
        }
    }

    /// The table's columns, in order.
    pub fn columns(self) -> &'static [LayoutColumn] {
        match self {
            MembershipTable::Membership => &[SEGMENT, MEMBER_KEY, MEMBER_GROUP, AS_OF],
            MembershipTable::History => &[
                SEGMENT,
                MEMBER_KEY,
                MEMBER_GROUP,
                VALID_FROM,
                VALID_TO,
                DEFINITION_HASH,
            ],
            MembershipTable::Events => &[
                SEGMENT,
                MEMBER_KEY,
                MEMBER_GROUP,
                EVENT,
                EVENT_DATE,
                REASON,
                DEFINITION_HASH,
            ],
            MembershipTable::Segments | MembershipTable::Runs => {
                &[SEGMENT, ENTITY, DEFINITION_HASH, AS_OF]
            }
        }
    }
}

/// One column of a membership table. Its name is plain on every dialect (a test checks it), so
/// the statements write it as is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayoutColumn {
    pub name: &'static str,
    pub ty: ScalarType,
    pub nullable: bool,
}

const fn column(name: &'static str, ty: ScalarType, nullable: bool) -> LayoutColumn {
    LayoutColumn { name, ty, nullable }
}

/// The segment's name; a segmentation's stage is `segmentation:stage`.
pub const SEGMENT: LayoutColumn = column("segment", ScalarType::String, false);
/// The entity's key, as text (keys of every type and entity share the tables).
pub const MEMBER_KEY: LayoutColumn = column("member_key", ScalarType::String, false);
/// [`TREATMENT`] or [`CONTROL`].
pub const MEMBER_GROUP: LayoutColumn = column("member_group", ScalarType::String, false);
/// The evaluation date of the last run that saw the row.
pub const AS_OF: LayoutColumn = column("as_of", ScalarType::Date, false);
/// The first evaluation date of a stay.
pub const VALID_FROM: LayoutColumn = column("valid_from", ScalarType::Date, false);
/// The first evaluation date the member was no longer in; NULL while still a member.
pub const VALID_TO: LayoutColumn = column("valid_to", ScalarType::Date, true);
/// The hash of the segment's compiled definition: at a stay's start, at an event.
pub const DEFINITION_HASH: LayoutColumn = column("definition_hash", ScalarType::String, false);
/// [`ENTERED`] or [`EXITED`].
pub const EVENT: LayoutColumn = column("event", ScalarType::String, false);
/// The evaluation date at which the event was seen.
pub const EVENT_DATE: LayoutColumn = column("event_date", ScalarType::Date, false);
/// [`DATA`] or [`DEFINITION`].
pub const REASON: LayoutColumn = column("reason", ScalarType::String, false);
/// The entity the segment is evaluated on.
pub const ENTITY: LayoutColumn = column("entity", ScalarType::String, false);

/// `member_group` of a segment's members (all of them, for a segment without a holdout).
pub const TREATMENT: &str = "treatment";
/// `member_group` of the members held out of a segment.
pub const CONTROL: &str = "control";
/// `event` of a member who was not in the segment (with that group) at the previous run.
pub const ENTERED: &str = "entered";
/// `event` of a member who no longer is.
pub const EXITED: &str = "exited";
/// `reason` of an event when the segment's definition is the one of the previous run.
pub const DATA: &str = "data";
/// `reason` of an event when the definition changed since the previous run, or the segment is
/// merged for the first time.
pub const DEFINITION: &str = "definition";

/// The segment and group a rule's members are recorded under: a control group under its
/// segment, a stage under `segmentation:stage`.
pub fn recorded_as(rule: &RuleId) -> (String, &'static str) {
    match rule {
        RuleId::Segment(segment) => (segment.clone(), TREATMENT),
        RuleId::Control(segment) => (segment.clone(), CONTROL),
        RuleId::Stage { .. } | RuleId::Tally { .. } => (rule.to_string(), TREATMENT),
    }
}

/// A query of the members of each segment on each date `seg materialize` recorded for it (its
/// treatment group: a stay covers the dates from `valid_from` up to, not including,
/// `valid_to`), as three text columns — date, segment, count — ordered by date and segment.
pub fn history_counts(placement: &Placement, target: Target) -> String {
    let runs = placement.table(MembershipTable::Runs, target);
    let history = placement.table(MembershipTable::History, target);
    format!(
        "SELECT CAST(r.{as_of} AS VARCHAR), r.{segment}, CAST(COUNT(h.{key}) AS VARCHAR)\n\
         FROM {runs} AS r\n\
         LEFT JOIN {history} AS h ON h.{segment} = r.{segment} AND h.{group} = '{TREATMENT}'\n  \
         AND h.{from} <= r.{as_of} AND (h.{to} IS NULL OR h.{to} > r.{as_of})\n\
         GROUP BY r.{as_of}, r.{segment}\nORDER BY 1, 2",
        as_of = AS_OF.name,
        segment = SEGMENT.name,
        key = MEMBER_KEY.name,
        group = MEMBER_GROUP.name,
        from = VALID_FROM.name,
        to = VALID_TO.name,
    )
}

/// `CREATE SCHEMA IF NOT EXISTS` (with a schema) and `CREATE TABLE IF NOT EXISTS` for each
/// membership table on `target`.
pub fn create_membership_tables(placement: &Placement, target: Target) -> Vec<String> {
    let d = target.dialect();
    let mut out = Vec::new();
    if let Some(schema) = &placement.schema {
        out.push(format!(
            "CREATE SCHEMA IF NOT EXISTS {}",
            d.quote_ident(schema)
        ));
    }
    out.extend(
        MembershipTable::ALL
            .iter()
            .map(|table| create_membership_table(*table, placement, target)),
    );
    out
}

/// `CREATE TABLE IF NOT EXISTS` for one membership table on `target`.
pub fn create_membership_table(
    table: MembershipTable,
    placement: &Placement,
    target: Target,
) -> String {
    let d = target.dialect();
    let columns: Vec<String> = table
        .columns()
        .iter()
        .map(|c| {
            let null = if c.nullable { "" } else { " NOT NULL" };
            format!("  {} {}{null}", c.name, d.type_name(c.ty))
        })
        .collect();
    format!(
        "CREATE TABLE IF NOT EXISTS {} (\n{}\n)",
        placement.table(table, target),
        columns.join(",\n")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_name_needs_no_quotes_on_any_dialect() {
        for target in Target::ALL {
            for table in MembershipTable::ALL.iter().chain([&MembershipTable::Runs]) {
                for c in table.columns() {
                    assert_eq!(target.dialect().quote_ident(c.name), c.name, "{target}");
                }
            }
        }
    }

    #[test]
    fn names_from_the_command_line_are_quoted() {
        let placement = Placement {
            schema: Some("a\"b".into()),
            prefix: "x; DROP ".into(),
        };
        assert_eq!(
            placement.table(MembershipTable::Events, Target::Postgres),
            r#""a""b"."x; DROP membership_events""#
        );
        assert_eq!(
            placement.table(MembershipTable::Events, Target::BigQuery),
            "`a\"b`.`x; DROP membership_events`"
        );
        let backtick = Placement {
            schema: None,
            prefix: "a`".into(),
        };
        assert_eq!(
            backtick.table(MembershipTable::Segments, Target::BigQuery),
            "`a\\`segments`"
        );
    }

    #[test]
    fn a_control_group_is_recorded_under_its_segment() {
        assert_eq!(
            recorded_as(&RuleId::Control("x".into())),
            ("x".to_string(), CONTROL)
        );
        let stage = RuleId::Stage {
            segmentation: "life".into(),
            stage: "new".into(),
        };
        assert_eq!(recorded_as(&stage), ("life:new".to_string(), TREATMENT));
    }
}
