//! A project's time zone: an IANA name and its offsets from UTC, read from the tz database that
//! ships inside the `jiff` crate (so every build, and every machine, has the same rules). The
//! checker validates names with it, the SQL builder writes offsets for engines without time zone
//! support from it, and the reference evaluator turns instants into local days with it.

use super::date::{Date, Timestamp};
use std::fmt;
use std::hash::{Hash, Hasher};

/// An IANA time zone such as `Europe/Paris`. Two zones are equal when their names are.
#[derive(Clone)]
pub struct Zone {
    name: String,
    tz: jiff::tz::TimeZone,
}

/// The UTC years whose transitions [`Zone::yearly_transitions`] lists for engines without time
/// zone support (docs/language.md §9.4).
pub const OFFSET_YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// Seconds from 1970-01-01 00:00:00 UTC to the start of `date`.
fn epoch_seconds(date: Date) -> i64 {
    date.to_days() * 86_400
}

impl Zone {
    /// The zone with exactly this IANA name (case-sensitive), if the tz database has it.
    pub fn named(name: &str) -> Option<Zone> {
        if !Zone::names().any(|n| n == name) {
            return None;
        }
        let tz = jiff::tz::db().get(name).ok()?;
        Some(Zone {
            name: name.to_string(),
            tz,
        })
    }

    /// Every name the tz database knows, for "did you mean".
    pub fn names() -> impl Iterator<Item = String> {
        jiff::tz::db().available().map(|n| n.as_str().to_string())
    }

    /// The IANA name, as declared.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The offset from UTC in seconds at an instant given in seconds since the epoch.
    pub fn offset_at(&self, epoch_second: i64) -> i32 {
        match jiff::Timestamp::from_second(epoch_second) {
            Ok(t) => self.tz.to_offset(t).seconds(),
            // Outside jiff's range (years before -9999 or after 9999): no rule applies there.
            Err(_) => 0,
        }
    }

    /// The local calendar day of an instant given as a UTC timestamp.
    pub fn local_day(&self, utc: Timestamp) -> Option<Date> {
        let at = epoch_seconds(utc.date) + i64::from(utc.seconds);
        let local = at + i64::from(self.offset_at(at));
        Date::from_days(local.div_euclid(86_400))
    }

    /// For each UTC year of [`OFFSET_YEARS`]: the offset in effect when the year starts, then each
    /// transition in that year as (instant in seconds since the epoch, offset from then on).
    pub fn yearly_transitions(&self) -> Vec<(i32, Vec<(i64, i32)>)> {
        let mut out = Vec::new();
        for year in OFFSET_YEARS {
            let (Some(start), Some(end)) = (Date::new(year, 1, 1), Date::new(year + 1, 1, 1))
            else {
                continue;
            };
            let (start, end) = (epoch_seconds(start), epoch_seconds(end));
            let mut changes = Vec::new();
            if let Ok(from) = jiff::Timestamp::from_second(start) {
                for t in self.tz.following(from) {
                    let at = t.timestamp().as_second();
                    if at >= end {
                        break;
                    }
                    // A transition exactly at the year's start is already its starting offset.
                    if at > start {
                        changes.push((at, t.offset().seconds()));
                    }
                }
            }
            out.push((self.offset_at(start), changes));
        }
        out
    }
}

impl PartialEq for Zone {
    fn eq(&self, other: &Zone) -> bool {
        self.name == other.name
    }
}

impl Eq for Zone {}

impl Hash for Zone {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name.hash(state);
    }
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Zone({})", self.name)
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(text: &str) -> Timestamp {
        Timestamp::parse(text).expect("timestamp")
    }

    #[test]
    fn paris_days_follow_local_midnight_across_both_switches() {
        let paris = Zone::named("Europe/Paris").expect("known zone");
        let day = |t| paris.local_day(ts(t)).map(|d| d.to_string());
        // Winter: UTC+1.
        assert_eq!(day("2026-11-30 23:30:00").as_deref(), Some("2026-12-01"));
        assert_eq!(day("2026-11-30 22:59:59").as_deref(), Some("2026-11-30"));
        // Summer: UTC+2, from 2026-03-29 01:00 UTC to 2026-10-25 01:00 UTC.
        assert_eq!(day("2026-06-30 22:00:00").as_deref(), Some("2026-07-01"));
        assert_eq!(day("2026-06-30 21:59:59").as_deref(), Some("2026-06-30"));
        assert_eq!(paris.offset_at(1_774_745_999), 3600);
        assert_eq!(paris.offset_at(1_774_746_000), 7200);
        let year = paris
            .yearly_transitions()
            .into_iter()
            .nth(usize::try_from(2026 - OFFSET_YEARS.start()).expect("in range"))
            .expect("2026 listed");
        assert_eq!(
            year,
            (3600, vec![(1_774_746_000, 7200), (1_792_890_000, 3600)])
        );
    }

    #[test]
    fn names_are_exact() {
        assert!(Zone::named("Europe/Paris").is_some());
        assert!(Zone::named("europe/paris").is_none());
        assert!(Zone::named("Europe/Pariss").is_none());
        assert!(Zone::named("UTC").is_some());
    }
}
