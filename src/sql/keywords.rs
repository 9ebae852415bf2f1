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

/// Whether `word` (any case) is reserved on at least one target.
pub fn is_reserved(word: &str) -> bool {
    let bytes = word.as_bytes();
    if bytes.len() > LONGEST {
        return false;
    }
    let mut lower = [0u8; LONGEST];
    let lower = &mut lower[..bytes.len()];
    lower.copy_from_slice(bytes);
    lower.make_ascii_lowercase();
    RESERVED
        .binary_search_by(|reserved| reserved.as_bytes().cmp(lower))
        .is_ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn reserved_words_are_sorted_for_binary_search() {
        let mut sorted = super::RESERVED.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, super::RESERVED);
    }

    #[test]
    fn no_reserved_word_is_longer_than_the_bound() {
        assert!(super::RESERVED.iter().all(|w| w.len() <= super::LONGEST));
        assert!(super::is_reserved("SELECT") && super::is_reserved("Assert_Rows_Modified"));
        assert!(!super::is_reserved("order_count"));
    }
}
