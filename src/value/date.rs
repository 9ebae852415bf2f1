//! Calendar values: dates on the proleptic Gregorian calendar with their day and month arithmetic,
//! and timestamps to the second.

use std::fmt;

/// A calendar date, validated on construction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD`, rejecting impossible dates such as `2026-02-30`.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u32 = parts.next()?.parse().ok()?;
        let day: u32 = parts.next()?.parse().ok()?;
        if parts.next().is_some() || text.len() != 10 {
            return None;
        }
        Date::new(year, month, day)
    }

    /// A date if `year-month-day` exists on the proleptic Gregorian calendar.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        (day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }
}

/// Days in a month of the Gregorian calendar.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Date {
    /// Days since 1970-01-01 (negative before), on the proleptic Gregorian calendar.
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01; `None` outside years 1..=9999.
    pub fn from_days(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(i32::try_from(year).ok()?, month, day)
    }

    /// `days` days later (earlier when negative).
    pub fn add_days(self, days: i64) -> Option<Date> {
        Date::from_days(self.to_days() + days)
    }

    /// `months` calendar months later (earlier when negative), the day clamped to the month's end,
    /// as PostgreSQL, DuckDB and BigQuery do.
    pub fn add_months(self, months: i64) -> Option<Date> {
        let index = i64::from(self.year) * 12 + i64::from(self.month) - 1 + months;
        let year = i32::try_from(index.div_euclid(12)).ok()?;
        let month = (index.rem_euclid(12) + 1) as u32;
        Date::new(year, month, self.day.min(days_in_month(year, month)))
    }
}

/// A timestamp without time zone (UTC), to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    pub date: Date,
    /// Seconds since midnight.
    pub seconds: u32,
}

impl Timestamp {
    /// Parses `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` or with a `T` separator.
    pub fn parse(text: &str) -> Option<Timestamp> {
        let date = Date::parse(text.get(..10)?)?;
        let rest = &text[10..];
        if rest.is_empty() {
            return Some(Timestamp { date, seconds: 0 });
        }
        let time = rest.strip_prefix(['T', ' '])?;
        let mut parts = time.split(':');
        let h: u32 = parts.next()?.parse().ok()?;
        let m: u32 = parts.next()?.parse().ok()?;
        let s: u32 = match parts.next() {
            Some(s) => s.parse().ok()?,
            None => 0,
        };
        if parts.next().is_some() || h > 23 || m > 59 || s > 59 {
            return None;
        }
        Some(Timestamp {
            date,
            seconds: h * 3600 + m * 60 + s,
        })
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, m, s) = (
            self.seconds / 3600,
            self.seconds / 60 % 60,
            self.seconds % 60,
        );
        write!(f, "{} {h:02}:{m:02}:{s:02}", self.date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip_and_months_clamp_to_the_end() {
        let d = Date::new(2026, 3, 31).expect("valid");
        assert_eq!(Date::from_days(d.to_days()), Some(d));
        assert_eq!(Date::new(1970, 1, 1).map(Date::to_days), Some(0));
        assert_eq!(d.add_months(-1), Date::new(2026, 2, 28));
        assert_eq!(
            Date::new(2024, 2, 29).and_then(|d| d.add_months(-12)),
            Date::new(2023, 2, 28)
        );
        assert_eq!(d.add_days(-30), Date::new(2026, 3, 1));
    }

    #[test]
    fn timestamps_parse_with_space_or_t() {
        let t = Timestamp::parse("2026-03-31T23:59:59").expect("timestamp");
        assert_eq!(t.to_string(), "2026-03-31 23:59:59");
        assert_eq!(Timestamp::parse("2026-03-31").map(|t| t.seconds), Some(0));
        assert!(Timestamp::parse("2026-03-31 24:00:00").is_none());
    }
}
