//! The retail example's marketing spend (`marketing_costs`): one row per day and paid
//! acquisition channel, never per customer, plus the spend of dated campaigns, and edge rows on
//! the boundaries of the example KPIs' windows.

use super::calendar::{fmt_day, AS_OF, DAY};
use super::csv::{money, Line, Table};
use super::random::Rng;

const MARKETING_COSTS: (&str, &str) = ("marketing_costs", "spent_on,channel,campaign,amount");

/// The first day of spend, about a year before the evaluation day.
const COSTS_FROM: i64 = AS_OF - 386;
/// The last day of spend: two weeks after the evaluation day, which only `next` windows read.
const COSTS_TO: i64 = AS_OF + 14;

/// Always-on acquisition channels: `channel lowest-cents highest-cents`.
const PAID_CHANNELS: [(&str, i64, i64); 3] = [
    ("search", 9_000, 18_000),
    ("social", 4_000, 13_000),
    ("affiliate", 1_000, 6_000),
];

/// Campaign spend: `day offset from the evaluation day|channel|campaign|amount`. The win-back
/// emails and SMS go out on the evaluation day.
const CAMPAIGNS: &str = "-4|social|black_friday|850.00
-3|social|black_friday|920.00
-2|search|black_friday|640.00
0|email|win_back|350.00
0|sms|win_back|180.00";

/// Edge rows, fixed: a refund booked as a negative amount, an amount not yet known (NULL), a
/// win-back invoice after the evaluation day (not spent yet on that day), and affiliate spend
/// 30 days before it (outside `last 30 days`).
const EDGES: &str = "# a search refund, 10 days before the evaluation day
2026-11-12|search|~|-75.00
# an invoice not received yet: its amount is missing
2026-11-21|affiliate|~|~
# the day after the evaluation day: not spent yet on it
2026-11-23|email|win_back|90.00
# exactly 30 days before: outside `last 30 days`
2026-10-23|affiliate|~|500.00";

/// The spend table for a seed: each day's row per paid channel from its own stream.
pub(super) fn marketing_costs(seed: u64) -> Table {
    let mut lines: Vec<Line> = Vec::new();
    for day in COSTS_FROM..=COSTS_TO {
        for (i, (channel, low, high)) in PAID_CHANNELS.iter().enumerate() {
            let row = (day - COSTS_FROM) as u64 * PAID_CHANNELS.len() as u64 + i as u64 + 1;
            let mut r = Rng::new(seed, MARKETING_COSTS.0, row);
            let cents = r.range(*low, *high);
            let text = format!("{}|{channel}|~|{}", fmt_day(day), money(cents));
            lines.push((day * DAY, text));
        }
    }
    for campaign in CAMPAIGNS.lines() {
        let mut parts = campaign.splitn(2, '|');
        let offset: i64 = parts.next().and_then(|d| d.parse().ok()).unwrap_or(0);
        let rest = parts.next().unwrap_or_default();
        let day = AS_OF + offset;
        lines.push((day * DAY, format!("{}|{rest}", fmt_day(day))));
    }
    Table::new(MARKETING_COSTS, lines)
        .edges(EDGES, Some(0))
        .finish(None)
}
