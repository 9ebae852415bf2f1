//! The DML that merges one evaluation into the membership tables (`membership_tables.rs`), for
//! `seg compile --emit merge`. In one transaction: the evaluation is staged once (its members,
//! and one row per segment with its definition hash and the evaluation date), a date earlier
//! than one already merged is refused, the entries and exits are recorded as events, stays are
//! closed and opened, and the current membership and the catalogue of segments are brought up
//! to date. BigQuery does the last three with `MERGE`; the others with `UPDATE … FROM`, `DELETE`
//! and `INSERT … SELECT` (`Scripts::upserts`).
//!
//! Every statement compares the staged evaluation with the tables, so a second run for the same
//! date and data finds nothing to change: no event, no stay, no row rewritten.

use super::dialect::{StagingTables, Upserts};
use super::membership_tables::{
    recorded_as, MembershipTable, Placement, CONTROL, DATA, DEFINITION, ENTERED, EXITED, TREATMENT,
};
use super::{emit, EmitError, Form, Target};
use crate::ir::{Plan, RuleId, ScalarType};
use std::collections::BTreeMap;

/// The staged members of the run: (segment, member_key, member_group).
const STAGED_MEMBERS: &str = "staged_members";
/// The staged segments of the run: (segment, entity, definition_hash, as_of).
const STAGED_SEGMENTS: &str = "staged_segments";

/// The statements merging the evaluation of `plans` (the membership plans of the entities and
/// the plans of the segmentations' stages, all as of one date) into the membership tables.
/// `hashes` gives each recorded segment's definition hash, by the name it is recorded under
/// ([`recorded_as`]). Statements carry no trailing `;`.
pub fn merge_statements(
    plans: &[Plan],
    hashes: &BTreeMap<String, String>,
    placement: &Placement,
    target: Target,
) -> Result<Vec<String>, EmitError> {
    let upserts = target.dialect().scripts.upserts;
    merge_statements_using(plans, hashes, placement, target, upserts)
}

/// [`merge_statements`] with the upserts chosen by the caller rather than the dialect: the
/// engine tests run BigQuery's `MERGE` statements on PostgreSQL (15 and later have them).
pub fn merge_statements_using(
    plans: &[Plan],
    hashes: &BTreeMap<String, String>,
    placement: &Placement,
    target: Target,
    upserts: Upserts,
) -> Result<Vec<String>, EmitError> {
    let Some(parts) = merge_parts(plans, hashes, placement, target, upserts)? else {
        return Ok(Vec::new());
    };
    let scripts = target.dialect().scripts;
    let mut out = vec![scripts.begin.to_string()];
    out.extend(parts.stage);
    out.push(parts.refuse);
    out.extend(parts.apply);
    out.push(scripts.commit.to_string());
    Ok(out)
}

/// The statements of one merge, in groups, without the transaction around them: `seg
/// materialize` runs several in one transaction and reads the staged evaluation in between.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeParts {
    /// Stage the run's segments (with the evaluation date) and members in temporary tables.
    pub stage: Vec<String>,
    /// Fail if a segment was merged for a later date than the staged one.
    pub refuse: String,
    /// Record the events, close and open stays, update the membership and the catalogue.
    pub apply: Vec<String>,
    /// Drop the temporary tables (needed only to stage again in the same transaction).
    pub drop_staging: Vec<String>,
}

/// The quoted name of the temporary table holding the run's segments, one row each:
/// (segment, entity, definition_hash, as_of), every row with the one evaluation date.
pub fn staged_segments(placement: &Placement, target: Target) -> String {
    placement.temporary(STAGED_SEGMENTS, target)
}

/// The parts of [`merge_statements_using`]; `None` when there is no plan.
pub fn merge_parts(
    plans: &[Plan],
    hashes: &BTreeMap<String, String>,
    placement: &Placement,
    target: Target,
    upserts: Upserts,
) -> Result<Option<MergeParts>, EmitError> {
    let Some(first) = plans.first() else {
        return Ok(None);
    };
    let m = Merge::new(placement, target);
    let mut stage = vec![m.stage_segments(
        plans,
        hashes,
        &statement(first, Form::EvaluationDate, target)?,
    )];
    let mut memberships = Vec::new();
    for plan in plans {
        memberships.push((plan, statement(plan, Form::Membership, target)?));
    }
    stage.push(m.stage_members(&memberships));
    let mut apply = vec![m.events_entered(), m.events_exited()];
    match upserts {
        Upserts::Merge => {
            apply.extend([m.merge_history(), m.merge_membership(), m.merge_segments()])
        }
        Upserts::UpdateDeleteInsert => apply.extend([
            m.close_stays(),
            m.open_stays(),
            m.delete_members(),
            m.insert_members(),
            m.update_members_as_of(),
            m.update_segments(),
            m.insert_segments(),
        ]),
    }
    let drop_staging = [&m.staged_members, &m.staged_segments]
        .iter()
        .map(|t| format!("DROP TABLE IF EXISTS {t}"))
        .collect();
    Ok(Some(MergeParts {
        stage,
        refuse: m.refuse_earlier_dates(),
        apply,
        drop_staging,
    }))
}

/// A statement of `plan` without its trailing `;`, to read as a subquery.
fn statement(plan: &Plan, form: Form, target: Target) -> Result<String, EmitError> {
    let sql = emit(plan, form, target)?;
    Ok(sql.trim_end().trim_end_matches(';').to_string())
}

/// The quoted names every statement uses.
struct Merge {
    target: Target,
    membership: String,
    history: String,
    events: String,
    segments: String,
    staged_members: String,
    staged_segments: String,
}

/// The join of a row `a` to a row `b` of the same member: segment, key and group.
fn same_member(a: &str, b: &str) -> String {
    format!(
        "{b}.segment = {a}.segment AND {b}.member_key = {a}.member_key AND {b}.member_group = {a}.member_group"
    )
}

impl Merge {
    fn new(placement: &Placement, target: Target) -> Merge {
        Merge {
            target,
            membership: placement.table(MembershipTable::Membership, target),
            history: placement.table(MembershipTable::History, target),
            events: placement.table(MembershipTable::Events, target),
            segments: placement.table(MembershipTable::Segments, target),
            staged_members: placement.temporary(STAGED_MEMBERS, target),
            staged_segments: placement.temporary(STAGED_SEGMENTS, target),
        }
    }

    fn lit(&self, text: &str) -> String {
        self.target.dialect().string_literal(text)
    }

    /// `CREATE … TEMPORARY TABLE name AS query`, as the dialect keeps it private to the run.
    fn staging_table(&self, name: &str, query: &str) -> String {
        match self.target.dialect().scripts.staging {
            StagingTables::DropOnCommit => {
                format!("CREATE TEMPORARY TABLE {name} ON COMMIT DROP AS\n{query}")
            }
            StagingTables::Replace => {
                format!("CREATE OR REPLACE TEMPORARY TABLE {name} AS\n{query}")
            }
            StagingTables::ScriptScoped => format!("CREATE TEMP TABLE {name} AS\n{query}"),
        }
    }

    /// One row per recorded segment: its name, entity and definition hash, and the evaluation
    /// date, read once for the whole run.
    fn stage_segments(
        &self,
        plans: &[Plan],
        hashes: &BTreeMap<String, String>,
        evaluation_date: &str,
    ) -> String {
        let mut names: Vec<String> = Vec::new();
        let mut rows = Vec::new();
        for plan in plans {
            for rule in &plan.segments {
                let (segment, _) = recorded_as(&rule.id);
                if names.contains(&segment) {
                    continue;
                }
                let hash = hashes.get(&segment).map_or("", String::as_str);
                rows.push(format!(
                    "  SELECT {} AS segment, {} AS entity, {} AS definition_hash",
                    self.lit(&segment),
                    self.lit(&plan.entity.name),
                    self.lit(hash)
                ));
                names.push(segment);
            }
        }
        let query = format!(
            "-- the segments of this run, their definitions and the evaluation date\n\
             SELECT names.segment, names.entity, names.definition_hash, evaluation.as_of\n\
             FROM (\n{}\n) AS names\nCROSS JOIN (\n{evaluation_date}\n) AS evaluation",
            rows.join("\n  UNION ALL\n")
        );
        self.staging_table(&self.staged_segments, &query)
    }

    /// Every member of every rule, once: its segment, its key as text and its group.
    fn stage_members(&self, memberships: &[(&Plan, String)]) -> String {
        let d = self.target.dialect();
        let text = d.type_name(ScalarType::String);
        let parts: Vec<String> = memberships
            .iter()
            .map(|(plan, sql)| {
                let controls: Vec<String> = plan
                    .segments
                    .iter()
                    .filter(|r| matches!(r.id, RuleId::Control(_)))
                    .map(|r| r.name())
                    .collect();
                let (segment, group) = match controls.is_empty() {
                    true => ("rules.segment".to_string(), self.lit(TREATMENT)),
                    false => {
                        let whens: Vec<String> = plan
                            .segments
                            .iter()
                            .filter(|r| matches!(r.id, RuleId::Control(_)))
                            .map(|r| {
                                format!(
                                    "WHEN rules.segment = {} THEN {}",
                                    self.lit(&r.name()),
                                    self.lit(&recorded_as(&r.id).0)
                                )
                            })
                            .collect();
                        let listed: Vec<String> = controls.iter().map(|c| self.lit(c)).collect();
                        (
                            format!("CASE {} ELSE rules.segment END", whens.join(" ")),
                            format!(
                                "CASE WHEN rules.segment IN ({}) THEN {} ELSE {} END",
                                listed.join(", "),
                                self.lit(CONTROL),
                                self.lit(TREATMENT)
                            ),
                        )
                    }
                };
                format!(
                    "SELECT\n  {segment} AS segment,\n  CAST(rules.{} AS {text}) AS member_key,\n  {group} AS member_group\nFROM (\n{sql}\n) AS rules",
                    d.quote_ident(&plan.entity.key)
                )
            })
            .collect();
        let query = format!(
            "-- the members of this run, each under its segment and group\n{}",
            parts.join("\nUNION ALL\n")
        );
        self.staging_table(&self.staged_members, &query)
    }

    /// Fails (a text that is no number, cast to one) when a segment was merged for a later date:
    /// replaying an earlier date would rewrite history out of order.
    fn refuse_earlier_dates(&self) -> String {
        let int = self.target.dialect().type_name(ScalarType::Int);
        format!(
            "-- refuse a date earlier than one already merged\n\
             SELECT CAST({} || c.segment || {} AS {int}) AS refused\n\
             FROM {} AS ss\nJOIN {} AS c ON c.segment = ss.segment\nWHERE c.as_of > ss.as_of",
            self.lit("seg: segment "),
            self.lit(" was merged for a later date; run for that date or later"),
            self.staged_segments,
            self.segments
        )
    }

    /// Why an event happened: the definition, when its hash differs from the last run's (or the
    /// segment was never merged), else the data.
    fn reason(&self) -> String {
        format!(
            "CASE WHEN c.definition_hash = ss.definition_hash THEN {} ELSE {} END",
            self.lit(DATA),
            self.lit(DEFINITION)
        )
    }

    /// Members of this run who were not current members (in that group).
    fn events_entered(&self) -> String {
        format!(
            "-- entered: staged, not a current member\n\
             INSERT INTO {events} (segment, member_key, member_group, event, event_date, reason, definition_hash)\n\
             SELECT s.segment, s.member_key, s.member_group, {entered}, ss.as_of, {reason}, ss.definition_hash\n\
             FROM {staged} AS s\nJOIN {staged_segments} AS ss ON ss.segment = s.segment\n\
             LEFT JOIN {segments} AS c ON c.segment = s.segment\n\
             LEFT JOIN {membership} AS m ON {same}\nWHERE m.segment IS NULL",
            events = self.events,
            entered = self.lit(ENTERED),
            reason = self.reason(),
            staged = self.staged_members,
            staged_segments = self.staged_segments,
            segments = self.segments,
            membership = self.membership,
            same = same_member("s", "m"),
        )
    }

    /// Current members of a segment of this run who are not staged.
    fn events_exited(&self) -> String {
        format!(
            "-- exited: a current member, not staged\n\
             INSERT INTO {events} (segment, member_key, member_group, event, event_date, reason, definition_hash)\n\
             SELECT m.segment, m.member_key, m.member_group, {exited}, ss.as_of, {reason}, ss.definition_hash\n\
             FROM {membership} AS m\nJOIN {staged_segments} AS ss ON ss.segment = m.segment\n\
             LEFT JOIN {segments} AS c ON c.segment = m.segment\n\
             LEFT JOIN {staged} AS s ON {same}\nWHERE s.segment IS NULL",
            events = self.events,
            exited = self.lit(EXITED),
            reason = self.reason(),
            membership = self.membership,
            staged_segments = self.staged_segments,
            segments = self.segments,
            staged = self.staged_members,
            same = same_member("m", "s"),
        )
    }

    // ------------------------------------------------ without MERGE (PostgreSQL, DuckDB)

    fn close_stays(&self) -> String {
        format!(
            "-- close the open stays of members who left\n\
             UPDATE {history} AS h\nSET valid_to = ss.as_of\nFROM {staged_segments} AS ss\n\
             WHERE ss.segment = h.segment\n  AND h.valid_to IS NULL\n  \
             AND NOT EXISTS (SELECT 1 FROM {staged} AS s WHERE {same})",
            history = self.history,
            staged_segments = self.staged_segments,
            staged = self.staged_members,
            same = same_member("h", "s"),
        )
    }

    fn open_stays(&self) -> String {
        format!(
            "-- open a stay for each member without one\n\
             INSERT INTO {history} (segment, member_key, member_group, valid_from, definition_hash)\n\
             SELECT s.segment, s.member_key, s.member_group, ss.as_of, ss.definition_hash\n\
             FROM {staged} AS s\nJOIN {staged_segments} AS ss ON ss.segment = s.segment\n\
             LEFT JOIN {history} AS h ON {same} AND h.valid_to IS NULL\nWHERE h.segment IS NULL",
            history = self.history,
            staged = self.staged_members,
            staged_segments = self.staged_segments,
            same = same_member("s", "h"),
        )
    }

    fn delete_members(&self) -> String {
        format!(
            "-- remove the members who left\n\
             DELETE FROM {membership} AS m\n\
             WHERE m.segment IN (SELECT ss.segment FROM {staged_segments} AS ss)\n  \
             AND NOT EXISTS (SELECT 1 FROM {staged} AS s WHERE {same})",
            membership = self.membership,
            staged_segments = self.staged_segments,
            staged = self.staged_members,
            same = same_member("m", "s"),
        )
    }

    fn insert_members(&self) -> String {
        format!(
            "-- add the members who entered\n\
             INSERT INTO {membership} (segment, member_key, member_group, as_of)\n\
             SELECT s.segment, s.member_key, s.member_group, ss.as_of\n\
             FROM {staged} AS s\nJOIN {staged_segments} AS ss ON ss.segment = s.segment\n\
             LEFT JOIN {membership} AS m ON {same}\nWHERE m.segment IS NULL",
            membership = self.membership,
            staged = self.staged_members,
            staged_segments = self.staged_segments,
            same = same_member("s", "m"),
        )
    }

    fn update_members_as_of(&self) -> String {
        format!(
            "-- the members who stayed were seen as of this date\n\
             UPDATE {membership} AS m\nSET as_of = ss.as_of\nFROM {staged_segments} AS ss\n\
             WHERE ss.segment = m.segment AND m.as_of <> ss.as_of",
            membership = self.membership,
            staged_segments = self.staged_segments,
        )
    }

    fn update_segments(&self) -> String {
        format!(
            "-- record each segment's definition and date\n\
             UPDATE {segments} AS c\n\
             SET entity = ss.entity, definition_hash = ss.definition_hash, as_of = ss.as_of\n\
             FROM {staged_segments} AS ss\nWHERE ss.segment = c.segment\n  \
             AND (c.entity <> ss.entity OR c.definition_hash <> ss.definition_hash OR c.as_of <> ss.as_of)",
            segments = self.segments,
            staged_segments = self.staged_segments,
        )
    }

    fn insert_segments(&self) -> String {
        format!(
            "-- and the segments merged for the first time\n\
             INSERT INTO {segments} (segment, entity, definition_hash, as_of)\n\
             SELECT ss.segment, ss.entity, ss.definition_hash, ss.as_of\n\
             FROM {staged_segments} AS ss\nLEFT JOIN {segments} AS c ON c.segment = ss.segment\n\
             WHERE c.segment IS NULL",
            segments = self.segments,
            staged_segments = self.staged_segments,
        )
    }

    // ------------------------------------------------------------------ with MERGE (BigQuery)

    /// Every staged member, and every open stay of a member who left: the first keep or open
    /// a stay, the second close it.
    fn merge_history(&self) -> String {
        format!(
            "-- close the stays of members who left, open one for each member without one\n\
             MERGE INTO {history} AS h\nUSING (\n  \
             SELECT s.segment, s.member_key, s.member_group, ss.as_of, ss.definition_hash, FALSE AS closes\n  \
             FROM {staged} AS s\n  JOIN {staged_segments} AS ss ON ss.segment = s.segment\n  \
             UNION ALL\n  \
             SELECT stay.segment, stay.member_key, stay.member_group, ss.as_of, ss.definition_hash, TRUE AS closes\n  \
             FROM {history} AS stay\n  JOIN {staged_segments} AS ss ON ss.segment = stay.segment\n  \
             LEFT JOIN {staged} AS s ON {same}\n  WHERE stay.valid_to IS NULL AND s.segment IS NULL\n\
             ) AS change\nON {on} AND h.valid_to IS NULL\n\
             WHEN MATCHED AND change.closes THEN\n  UPDATE SET valid_to = change.as_of\n\
             WHEN NOT MATCHED AND NOT change.closes THEN\n  \
             INSERT (segment, member_key, member_group, valid_from, definition_hash)\n  \
             VALUES (change.segment, change.member_key, change.member_group, change.as_of, change.definition_hash)",
            history = self.history,
            staged = self.staged_members,
            staged_segments = self.staged_segments,
            same = same_member("stay", "s"),
            on = same_member("change", "h"),
        )
    }

    /// Every staged member, and every current member who left.
    fn merge_membership(&self) -> String {
        format!(
            "-- remove the members who left, add those who entered, date those who stayed\n\
             MERGE INTO {membership} AS m\nUSING (\n  \
             SELECT s.segment, s.member_key, s.member_group, ss.as_of, FALSE AS leaves\n  \
             FROM {staged} AS s\n  JOIN {staged_segments} AS ss ON ss.segment = s.segment\n  \
             UNION ALL\n  \
             SELECT stay.segment, stay.member_key, stay.member_group, ss.as_of, TRUE AS leaves\n  \
             FROM {membership} AS stay\n  JOIN {staged_segments} AS ss ON ss.segment = stay.segment\n  \
             LEFT JOIN {staged} AS s ON {same}\n  WHERE s.segment IS NULL\n\
             ) AS change\nON {on}\n\
             WHEN MATCHED AND change.leaves THEN\n  DELETE\n\
             WHEN MATCHED AND m.as_of <> change.as_of THEN\n  UPDATE SET as_of = change.as_of\n\
             WHEN NOT MATCHED THEN\n  INSERT (segment, member_key, member_group, as_of)\n  \
             VALUES (change.segment, change.member_key, change.member_group, change.as_of)",
            membership = self.membership,
            staged = self.staged_members,
            staged_segments = self.staged_segments,
            same = same_member("stay", "s"),
            on = same_member("change", "m"),
        )
    }

    fn merge_segments(&self) -> String {
        format!(
            "-- record each segment's definition and date\n\
             MERGE INTO {segments} AS c\nUSING {staged_segments} AS ss\nON c.segment = ss.segment\n\
             WHEN MATCHED AND (c.entity <> ss.entity OR c.definition_hash <> ss.definition_hash OR c.as_of <> ss.as_of) THEN\n  \
             UPDATE SET entity = ss.entity, definition_hash = ss.definition_hash, as_of = ss.as_of\n\
             WHEN NOT MATCHED THEN\n  INSERT (segment, entity, definition_hash, as_of)\n  \
             VALUES (ss.segment, ss.entity, ss.definition_hash, ss.as_of)",
            segments = self.segments,
            staged_segments = self.staged_segments,
        )
    }
}
