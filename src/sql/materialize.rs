//! The statements `seg materialize` runs around each merge (`merge.rs`) inside its one
//! transaction: the run log it keeps (`membership_runs`), the stays of segments no longer in
//! the project closed, the tables brought back to the state before a date for a rebuild, and the
//! queries reading the staged date and what a pass recorded. Each reads the staged evaluation
//! date from the merge's temporary table of segments, so a pass for the engine's current date
//! needs no date of its own.

use super::membership_tables::{
    create_membership_table, create_membership_tables, MembershipTable, Placement, DEFINITION,
    ENTERED, EXITED,
};
use super::merge::staged_segments;
use super::Target;
use crate::ir::ScalarType;

/// The quoted names the statements read and write.
struct Tables {
    membership: String,
    history: String,
    events: String,
    segments: String,
    runs: String,
    staged_segments: String,
    text: &'static str,
}

impl Tables {
    fn new(placement: &Placement, target: Target) -> Tables {
        let table = |t| placement.table(t, target);
        Tables {
            membership: table(MembershipTable::Membership),
            history: table(MembershipTable::History),
            events: table(MembershipTable::Events),
            segments: table(MembershipTable::Segments),
            runs: table(MembershipTable::Runs),
            staged_segments: staged_segments(placement, target),
            text: target.dialect().type_name(ScalarType::String),
        }
    }

    /// The staged evaluation date, as a scalar subquery.
    fn staged_date(&self) -> String {
        format!("(SELECT MIN(as_of) FROM {})", self.staged_segments)
    }

    /// `alias.segment` is no segment of this run.
    fn not_staged(&self, alias: &str) -> String {
        format!(
            "NOT EXISTS (SELECT 1 FROM {} AS ss WHERE ss.segment = {alias}.segment)",
            self.staged_segments
        )
    }
}

/// The schema, the membership tables and the run log, each created if it does not exist.
pub fn create_materialized_tables(placement: &Placement, target: Target) -> Vec<String> {
    let mut out = create_membership_tables(placement, target);
    out.push(create_membership_table(
        MembershipTable::Runs,
        placement,
        target,
    ));
    out
}

/// One row of two text columns: the staged evaluation date, and the latest date the tables
/// hold (in the catalogue of segments or the run log; empty when they hold none).
pub fn dates_query(placement: &Placement, target: Target) -> String {
    let t = Tables::new(placement, target);
    format!(
        "SELECT CAST(run.as_of AS {text}), COALESCE(CAST(previous.as_of AS {text}), '')\n\
         FROM (SELECT MIN(as_of) AS as_of FROM {staged}) AS run\n\
         CROSS JOIN (\n  SELECT MAX(d.as_of) AS as_of FROM (\n    \
         SELECT as_of FROM {segments} UNION ALL SELECT as_of FROM {runs}\n  ) AS d\n) AS previous",
        text = t.text,
        staged = t.staged_segments,
        segments = t.segments,
        runs = t.runs,
    )
}

/// One row of three text columns, after a pass: the current members, and the entries and exits
/// recorded at the staged date.
pub fn pass_counts_query(placement: &Placement, target: Target) -> String {
    let t = Tables::new(placement, target);
    let lit = |s: &str| target.dialect().string_literal(s);
    let events = |event: &str| {
        format!(
            "CAST((SELECT COUNT(*) FROM {} AS e WHERE e.event = {} AND e.event_date = {}) AS {})",
            t.events,
            lit(event),
            t.staged_date(),
            t.text
        )
    };
    format!(
        "SELECT CAST((SELECT COUNT(*) FROM {}) AS {}), {}, {}",
        t.membership,
        t.text,
        events(ENTERED),
        events(EXITED)
    )
}

/// Forgets what was recorded at or after the staged date: its events and the stays that began
/// then are deleted, the stays that ended then are open again, the run log loses those dates,
/// and the catalogue and the current members are those of the last date left (none if none).
pub fn restore_before_staged_date(placement: &Placement, target: Target) -> Vec<String> {
    let t = Tables::new(placement, target);
    let from = t.staged_date();
    vec![
        format!(
            "-- rebuild: forget the events from the staged date on\n\
             DELETE FROM {} WHERE event_date >= {from}",
            t.events
        ),
        format!(
            "-- the stays that began then\nDELETE FROM {} WHERE valid_from >= {from}",
            t.history
        ),
        format!(
            "-- reopen the stays that ended then\nUPDATE {} SET valid_to = NULL WHERE valid_to >= {from}",
            t.history
        ),
        format!(
            "-- and the dates materialized then\nDELETE FROM {} WHERE as_of >= {from}",
            t.runs
        ),
        format!(
            "-- the catalogue is the last date left's\nDELETE FROM {}",
            t.segments
        ),
        format!(
            "INSERT INTO {segments} (segment, entity, definition_hash, as_of)\n\
             SELECT r.segment, r.entity, r.definition_hash, r.as_of FROM {runs} AS r\n\
             WHERE r.as_of = (SELECT MAX(as_of) FROM {runs})",
            segments = t.segments,
            runs = t.runs,
        ),
        format!(
            "-- the current members are the open stays\nDELETE FROM {}",
            t.membership
        ),
        format!(
            "INSERT INTO {membership} (segment, member_key, member_group, as_of)\n\
             SELECT h.segment, h.member_key, h.member_group, c.as_of\n\
             FROM {history} AS h JOIN {segments} AS c ON c.segment = h.segment\n\
             WHERE h.valid_to IS NULL",
            membership = t.membership,
            history = t.history,
            segments = t.segments,
        ),
    ]
}

/// Closes the segments of the catalogue that this run does not evaluate (removed from the
/// project, or renamed): an `exited` event for each current member, with the reason
/// `definition` and the segment's last hash, its open stays closed at the staged date, its
/// members and its catalogue row removed. A segment added back later enters afresh.
pub fn close_removed_segments(placement: &Placement, target: Target) -> Vec<String> {
    let t = Tables::new(placement, target);
    let lit = |s: &str| target.dialect().string_literal(s);
    vec![
        format!(
            "-- exited: every member of a segment no longer in the project\n\
             INSERT INTO {events} (segment, member_key, member_group, event, event_date, reason, definition_hash)\n\
             SELECT m.segment, m.member_key, m.member_group, {exited}, {date}, {definition}, c.definition_hash\n\
             FROM {membership} AS m JOIN {segments} AS c ON c.segment = m.segment\n\
             WHERE {not_staged}",
            events = t.events,
            exited = lit(EXITED),
            date = t.staged_date(),
            definition = lit(DEFINITION),
            membership = t.membership,
            segments = t.segments,
            not_staged = t.not_staged("c"),
        ),
        format!(
            "-- close their stays\nUPDATE {history} AS h SET valid_to = {date}\n\
             WHERE h.valid_to IS NULL AND {not_staged}",
            history = t.history,
            date = t.staged_date(),
            not_staged = t.not_staged("h"),
        ),
        format!(
            "-- and forget them as current\nDELETE FROM {membership} AS m WHERE {not_staged}",
            membership = t.membership,
            not_staged = t.not_staged("m"),
        ),
        format!(
            "DELETE FROM {segments} AS c WHERE {not_staged}",
            segments = t.segments,
            not_staged = t.not_staged("c"),
        ),
    ]
}

/// Records the staged segments in the run log under the staged date, replacing what an earlier
/// run for the same date recorded only where it differs.
pub fn record_run(placement: &Placement, target: Target) -> Vec<String> {
    let t = Tables::new(placement, target);
    vec![
        format!(
            "-- the run log: what an earlier run for this date recorded differently\n\
             DELETE FROM {runs} AS r WHERE r.as_of = {date} AND NOT EXISTS (\n  \
             SELECT 1 FROM {staged} AS ss WHERE ss.segment = r.segment\n    \
             AND ss.entity = r.entity AND ss.definition_hash = r.definition_hash\n)",
            runs = t.runs,
            date = t.staged_date(),
            staged = t.staged_segments,
        ),
        format!(
            "INSERT INTO {runs} (segment, entity, definition_hash, as_of)\n\
             SELECT ss.segment, ss.entity, ss.definition_hash, ss.as_of FROM {staged} AS ss\n\
             WHERE NOT EXISTS (\n  SELECT 1 FROM {runs} AS r WHERE r.segment = ss.segment AND r.as_of = ss.as_of\n)",
            runs = t.runs,
            staged = t.staged_segments,
        ),
    ]
}
