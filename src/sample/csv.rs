//! The generated tables and their CSV text: rows with their sort keys, fixed edge rows written
//! `|`-separated, RFC 4180 quoting, and the facts tables built from one stream per member.

use super::calendar::parse_time;
use super::random::{pick, Rng};

/// A CSV value: `None` is NULL (an empty field), `Some("")` the empty string (`""`).
type Cell = Option<String>;

/// A row being generated, with its sort key (its time in seconds, 0 for entities). Rows are
/// written like the edge rows: `|` between fields, `~` for NULL (no generated value has either).
pub(super) type Line = (i64, String);

/// `~` (NULL) or the value.
pub(super) fn opt(v: Option<String>) -> String {
    v.unwrap_or_else(|| "~".to_string())
}

pub(super) struct Table {
    pub(super) name: &'static str,
    header: &'static str,
    rows: Vec<(i64, Vec<Cell>)>,
}

impl Table {
    pub(super) fn new((name, header): (&'static str, &'static str), lines: Vec<Line>) -> Table {
        let split = |(at, text): Line| (at, text.split('|').map(cell).collect());
        let rows = lines.into_iter().map(split).collect();
        Table { name, header, rows }
    }

    /// Adds fixed rows (one a line, `#` starts a comment) sorted by the time in column `time`.
    pub(super) fn edges(mut self, text: &str, time: Option<usize>) -> Table {
        for line in text
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let row: Vec<Cell> = line.split('|').map(cell).collect();
            let at = time.and_then(|c| row.get(c).cloned().flatten());
            self.rows.push((at.map_or(0, |t| parse_time(&t)), row));
        }
        self
    }

    /// Sorts by time then content, and numbers the rows whose `id` column is still NULL.
    pub(super) fn finish(mut self, id: Option<(usize, &str)>) -> Table {
        self.rows.sort();
        if let Some((col, prefix)) = id {
            let mut n = 0;
            for (_, row) in &mut self.rows {
                if let Some(c @ None) = row.get_mut(col) {
                    n += 1;
                    *c = Some(format!("{prefix}{n:07}"));
                }
            }
        }
        self
    }

    /// The rows, as finished: sorted, ids numbered.
    pub(super) fn rows(&self) -> impl Iterator<Item = &[Cell]> {
        self.rows.iter().map(|(_, row)| row.as_slice())
    }

    pub(super) fn csv(&self) -> String {
        let mut out = format!("{}\n", self.header);
        for (_, row) in &self.rows {
            let fields: Vec<String> = row.iter().map(field).collect();
            out.push_str(&fields.join(","));
            out.push('\n');
        }
        out
    }
}

fn cell(v: &str) -> Cell {
    (v != "~").then(|| v.to_string())
}

/// RFC 4180 quoting; the empty string is quoted so that it differs from NULL.
pub(super) fn field(c: &Cell) -> String {
    match c {
        None => String::new(),
        Some(v) if v.is_empty() || v.contains([',', '"', '\n', '\r']) => {
            format!("\"{}\"", v.replace('"', "\"\""))
        }
        Some(v) => v.clone(),
    }
}

/// An entity row that owns facts.
pub(super) trait Member {
    fn key(&self) -> &str;
}

/// A facts or consent table: `each` makes one member's rows, the link column is put first.
pub(super) fn facts<T: Member>(
    seed: u64,
    table: (&'static str, &'static str),
    members: &[T],
    each: impl Fn(&mut Rng, &T) -> Vec<Line>,
) -> Table {
    let mut lines = Vec::new();
    for (i, m) in members.iter().enumerate() {
        let mut r = Rng::new(seed, table.0, i as u64 + 1);
        let rows = each(&mut r, m).into_iter();
        lines.extend(rows.map(|(at, row)| (at, format!("{}|{row}", m.key()))));
    }
    Table::new(table, lines)
}

/// An exact decimal with two places, from cents.
pub(super) fn money(cents: i64) -> String {
    let sign = pick(cents < 0, "-", "");
    format!("{sign}{}.{:02}", cents.abs() / 100, cents.abs() % 100)
}
