//! Words that must be quoted as identifiers: the union of the reserved words of PostgreSQL,
//! BigQuery and DuckDB, so a name means the same on every target.

const RESERVED: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "assert_rows_modified",
    "asymmetric",
    "at",
    "authorization",
    "between",
    "binary",
    "both",
    "by",
    "case",
    "cast",
    "check",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "contains",
    "create",
    "cross",
    "cube",
    "current",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "deferrable",
    "define",
    "desc",
    "describe",
    "distinct",
    "do",
    "else",
    "end",
    "enum",
    "escape",
    "except",
    "exclude",
    "exists",
    "extract",
    "false",
    "fetch",
    "following",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "group",
    "grouping",
    "groups",
    "hash",
    "having",
    "if",
    "ignore",
    "ilike",
    "in",
    "initially",
    "inner",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "lambda",
    "lateral",
    "leading",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "lookup",
    "merge",
    "natural",
    "new",
    "no",
    "not",
    "notnull",
    "null",
    "nulls",
    "of",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "outer",
    "over",
    "overlaps",
    "partition",
    "pivot",
    "pivot_longer",
    "pivot_wider",
    "placing",
    "preceding",
    "primary",
    "proto",
    "qualify",
    "range",
    "recursive",
    "references",
    "respect",
    "returning",
    "right",
    "rollup",
    "rows",
    "select",
    "session_user",
    "set",
    "similar",
    "some",
    "struct",
    "summarize",
    "symmetric",
    "table",
    "tablesample",
    "then",
    "to",
    "trailing",
    "treat",
    "true",
    "unbounded",
    "union",
    "unique",
    "unnest",
    "unpivot",
    "user",
    "using",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
    "within",
];

/// No reserved word is longer, so a longer name is not one (and needs no lowering to know it).
const LONGEST: usize = 24;

/// Slots of the open-addressing table of reserved words: a power of two, about four per word,
/// so that a name that is no reserved word almost always lands on an empty slot at once.
const SLOTS: usize = 1024;

/// FNV-1a of the word in lower case: the table's hash, usable in a constant.
const fn hash_lower(bytes: &[u8]) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    let mut i = 0;
    while i < bytes.len() {
        h ^= bytes[i].to_ascii_lowercase() as u32;
        h = h.wrapping_mul(0x0100_0193);
        i += 1;
    }
    h as usize
}

/// `RESERVED` by hash: each slot holds a word's index plus one, 0 when empty (linear probing).
/// Built by the compiler, so a lookup costs one hash and, for a reserved word, one comparison.
static TABLE: [u16; SLOTS] = {
    let mut table = [0u16; SLOTS];
    let mut w = 0;
    while w < RESERVED.len() {
        let mut slot = hash_lower(RESERVED[w].as_bytes()) & (SLOTS - 1);
        while table[slot] != 0 {
            slot = (slot + 1) & (SLOTS - 1);
        }
        table[slot] = (w + 1) as u16;
        w += 1;
    }
    table
};

/// Whether `word` (any case) is reserved on at least one target.
pub fn is_reserved(word: &str) -> bool {
    let bytes = word.as_bytes();
    if bytes.len() > LONGEST {
        return false;
    }
    let mut slot = hash_lower(bytes) & (SLOTS - 1);
    loop {
        match TABLE[slot] {
            0 => return false,
            index => {
                if RESERVED[usize::from(index) - 1]
                    .as_bytes()
                    .eq_ignore_ascii_case(bytes)
                {
                    return true;
                }
                slot = (slot + 1) & (SLOTS - 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_reserved_word_is_found_in_any_case_and_no_other() {
        for word in super::RESERVED {
            assert!(super::is_reserved(word), "{word}");
            assert!(super::is_reserved(&word.to_ascii_uppercase()), "{word}");
            assert!(!super::is_reserved(&format!("{word}_x")), "{word}_x");
            assert!(!super::is_reserved(&word[1..]) || super::RESERVED.contains(&&word[1..]));
        }
        let mut sorted = super::RESERVED.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(
            sorted.len(),
            super::RESERVED.len(),
            "a word is listed twice"
        );
    }

    #[test]
    fn no_reserved_word_is_longer_than_the_bound() {
        assert!(super::RESERVED.iter().all(|w| w.len() <= super::LONGEST));
        assert!(super::is_reserved("SELECT") && super::is_reserved("Assert_Rows_Modified"));
        assert!(!super::is_reserved("order_count"));
    }
}
