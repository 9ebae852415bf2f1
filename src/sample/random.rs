//! Random numbers for the sample data: SplitMix64 streams, one per (seed, table, row), and draws
//! from `|`-separated word lists.

/// SplitMix64: tiny, fast, and the same on every platform.
pub(super) struct Rng(u64);

impl Rng {
    /// The stream of one row of one table, independent of every other (table, row).
    pub(super) fn new(seed: u64, table: &str, row: u64) -> Rng {
        let mut h = mix(seed ^ 0x243F_6A88_85A3_08D3);
        for b in table.bytes() {
            h = mix(h ^ u64::from(b));
        }
        Rng(mix(h ^ row.wrapping_mul(0x9E37_79B9_7F4A_7C15)))
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }
    pub(super) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// A whole number in `lo..=hi`.
    pub(super) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1).max(1) as u64) as i64
    }
    pub(super) fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
    /// One word of a `|`-separated list, all equally likely (line breaks in the list are ignored).
    pub(super) fn word(&mut self, list: &'static str) -> &'static str {
        let n = list.split('|').count() as u64;
        list.split('|')
            .nth(self.below(n) as usize)
            .unwrap_or("")
            .trim()
    }
    /// One word of a `word:weight|...` list, drawn by weight (no weight means 1).
    pub(super) fn weighted(&mut self, list: &'static str) -> &'static str {
        let entries = || {
            list.split('|').map(|e| match e.rsplit_once(':') {
                Some((w, n)) => (w, n.parse::<u64>().unwrap_or(0)),
                None => (e, 1),
            })
        };
        let mut x = self.below(entries().map(|e| e.1).sum());
        for (w, n) in entries() {
            if x < n {
                return w;
            }
            x -= n;
        }
        ""
    }
    /// A number drawn by weight from a `number:weight|...` list.
    pub(super) fn number(&mut self, list: &'static str) -> i64 {
        self.weighted(list).parse().unwrap_or(0)
    }
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `a` if `yes`, else `b`; both are evaluated (a draw in either is always made).
pub(super) fn pick<T>(yes: bool, a: T, b: T) -> T {
    if yes {
        a
    } else {
        b
    }
}
