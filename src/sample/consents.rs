//! Consent rows, shared by both examples: grants per channel, some withdrawn, some granted again.

use super::calendar::{fmt_time, DAY, LAST_SECOND};
use super::csv::{opt, Line};
use super::random::{pick, Rng};

/// Consent rows for the channels of `spec` (one a line: `channel chance‰ basis-weights
/// [source-weights]`), at most three per member. `email` tells whether there is an address.
pub(super) fn consents(r: &mut Rng, spec: &'static str, email: bool, start: i64) -> Vec<Line> {
    let mut out = Vec::new();
    for f in spec.lines().map(|l| l.split(' ').collect::<Vec<_>>()) {
        let (Some(&channel), Some(chance), Some(&basis)) = (f.first(), f.get(1), f.get(2)) else {
            continue;
        };
        if !r.chance(chance.parse().unwrap_or(0)) || (channel == "email" && !email) {
            continue;
        }
        let delay = pick(r.chance(600), r.range(0, 900), r.range(1, 700) * DAY);
        for (granted, withdrawn) in grants(r, start + delay, LAST_SECOND) {
            let (at, until) = (fmt_time(granted), opt(withdrawn.map(fmt_time)));
            let mut row = format!("{channel}|{at}|{until}|{}", r.weighted(basis));
            if let Some(&source) = f.get(3) {
                row = format!("{row}|{}", r.weighted(source));
            }
            out.push((granted, row));
        }
    }
    out.truncate(3);
    out
}

/// Grants of one channel, `(granted_at, withdrawn_at)`: maybe withdrawn, maybe granted again.
fn grants(r: &mut Rng, first: i64, end: i64) -> Vec<(i64, Option<i64>)> {
    let mut out = Vec::new();
    let mut granted = first;
    while granted <= end && out.len() < 3 {
        let w = granted + r.range(1, 900) * DAY + r.range(0, DAY - 1);
        let withdrawn = (w <= end && r.chance(200)).then_some(w);
        out.push((granted, withdrawn));
        match withdrawn {
            Some(w) if r.chance(350) => granted = w + r.range(1, 300) * DAY + r.range(0, DAY - 1),
            _ => break,
        }
    }
    out
}
