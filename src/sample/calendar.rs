//! Days and times of the sample data: day numbers (days since 1970-01-01) and seconds, the
//! evaluation day, and one calendar of the days the generator draws (civil date, its text, and
//! whether the shops are closed), built once and shared by every table and seed.

use super::DEMO_AS_OF;
use std::sync::OnceLock;

/// Seconds in a day.
pub(super) const DAY: i64 = 86_400;
/// Seconds in an hour.
pub(super) const HOUR: i64 = 3_600;

/// The evaluation day, [`DEMO_AS_OF`] as a day number.
pub(super) const AS_OF: i64 = date(DEMO_AS_OF);

/// The last second of the evaluation day.
pub(super) const LAST_SECOND: i64 = (AS_OF + 1) * DAY - 1;

/// The calendar's first day: the oldest birth dates drawn are in 1945.
const FIRST: i64 = days(1945, 1, 1);
/// The calendar's last day: generated dates end within a year of the evaluation day (a day outside
/// the calendar is computed when asked for).
const LAST: i64 = AS_OF + 366;

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
pub(super) const fn days(y: i64, m: i64, d: i64) -> i64 {
    let y = y - (m <= 2) as i64;
    let (era, doy) = (y.div_euclid(400), (153 * ((m + 9) % 12) + 2) / 5 + d - 1);
    let yoe = y - era * 400;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// The day number of a `YYYY-MM-DD` constant.
const fn date(text: &str) -> i64 {
    let b = text.as_bytes();
    days(number(b, 0, 4), number(b, 5, 7), number(b, 8, 10))
}

/// The decimal number written in `b[from..to]`.
const fn number(b: &[u8], from: usize, to: usize) -> i64 {
    let (mut n, mut i) = (0, from);
    while i < to {
        n = n * 10 + (b[i] - b'0') as i64;
        i += 1;
    }
    n
}

/// The civil date `(year, month, day)` of a day number, computed.
const fn civil_of(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        yoe + era * 400 + (m <= 2) as i64,
        m,
        doy - (153 * mp + 2) / 5 + 1,
    )
}

/// One day of the calendar.
struct CivilDay {
    date: (i64, i64, i64),
    /// `YYYY-MM-DD`.
    text: String,
    /// Shops close on Sundays, 1 January, 1 May and Christmas.
    shops_closed: bool,
}

impl CivilDay {
    fn of(day: i64) -> CivilDay {
        let (y, m, d) = civil_of(day);
        CivilDay {
            date: (y, m, d),
            text: format!("{y:04}-{m:02}-{d:02}"),
            shops_closed: (day + 4).rem_euclid(7) == 0
                || matches!((m, d), (1, 1) | (5, 1) | (12, 25)),
        }
    }
}

/// The day `day` of the calendar, built on first use; a day outside it is computed.
fn with_day<T>(day: i64, read: impl Fn(&CivilDay) -> T) -> T {
    static CALENDAR: OnceLock<Vec<CivilDay>> = OnceLock::new();
    let calendar = CALENDAR.get_or_init(|| (FIRST..=LAST).map(CivilDay::of).collect());
    let index = usize::try_from(day - FIRST).ok();
    match index.and_then(|i| calendar.get(i)) {
        Some(civil) => read(civil),
        None => read(&CivilDay::of(day)),
    }
}

/// The civil date `(year, month, day)` of a day number.
pub(super) fn civil(day: i64) -> (i64, i64, i64) {
    with_day(day, |d| d.date)
}

/// Whether the shops are closed on a day.
pub(super) fn closed(day: i64) -> bool {
    with_day(day, |d| d.shops_closed)
}

/// Seconds since the epoch of `YYYY-MM-DD[ HH:MM:SS]`.
pub(super) fn parse_time(s: &str) -> i64 {
    let n = |from: usize, to: usize| s.get(from..to).and_then(|x| x.parse().ok()).unwrap_or(0);
    days(n(0, 4), n(5, 7), n(8, 10)) * DAY + n(11, 13) * HOUR + n(14, 16) * 60 + n(17, 19)
}

/// `YYYY-MM-DD` of a day number.
pub(super) fn fmt_day(day: i64) -> String {
    with_day(day, |d| d.text.clone())
}

/// `YYYY-MM-DD HH:MM:SS` of seconds since the epoch.
pub(super) fn fmt_time(t: i64) -> String {
    let (day, s) = (fmt_day(t.div_euclid(DAY)), t.rem_euclid(DAY));
    format!("{day} {:02}:{:02}:{:02}", s / HOUR, s / 60 % 60, s % 60)
}

/// `n` months after `day`, on day 28 at the latest (every month has it).
pub(super) fn add_months(day: i64, n: i64) -> i64 {
    let (y, m, d) = civil(day);
    let t = y * 12 + m - 1 + n;
    days(t.div_euclid(12), t.rem_euclid(12) + 1, d.min(28))
}

/// Whole years from `born` to the evaluation day.
pub(super) fn age(born: i64) -> i64 {
    let ((y, m, d), (ay, am, ad)) = (civil(born), civil_of(AS_OF));
    ay - y - i64::from((am, ad) < (m, d))
}
