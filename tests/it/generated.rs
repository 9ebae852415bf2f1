//! Pieces the generators of the differential tests share: conditions combined with `and`, `or`
//! and `not`, six segments of them, optional cells, and a dataset from its tables' rows.

use proptest::prelude::*;
use seglang::value::{Cell, Dataset, Num, Table};

/// `test` combined with `and`, `or` and `not`, two levels deep.
pub fn combined(test: BoxedStrategy<String>) -> BoxedStrategy<String> {
    test.prop_recursive(2, 6, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} and {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} or {b})")),
            inner.prop_map(|a| format!("not ({a})")),
        ]
    })
    .boxed()
}

/// Six segments of `people`, `{prefix}0` to `{prefix}5`, each with one `condition`.
pub fn six_segments(
    condition: BoxedStrategy<String>,
    prefix: &'static str,
) -> impl Strategy<Value = String> {
    segments_on(condition, prefix, "people", 6)
}

/// `count` segments of `entity`, `{prefix}0` …, each with one `condition`.
pub fn segments_on(
    condition: BoxedStrategy<String>,
    prefix: &'static str,
    entity: &'static str,
    count: usize,
) -> impl Strategy<Value = String> {
    prop::collection::vec(condition, count).prop_map(move |conditions| {
        conditions
            .iter()
            .enumerate()
            .map(|(i, c)| format!("segment {prefix}{i} on {entity} {{ where {c} }}\n"))
            .collect()
    })
}

/// A whole number of `range`, missing one time in seven or so.
pub fn maybe_int(range: std::ops::Range<i64>) -> impl Strategy<Value = Cell> {
    prop::option::weighted(0.85, range)
        .prop_map(|v| v.map_or(Cell::Null, |n| Cell::Num(Num::int(n))))
}

/// One of `words`, missing one time in five.
pub fn maybe_word(words: &'static [&'static str]) -> impl Strategy<Value = Cell> {
    prop::option::weighted(0.8, prop::sample::select(words))
        .prop_map(|w| w.map_or(Cell::Null, |w| Cell::Str(w.to_string())))
}

/// A generated table: its name, its columns and its rows.
pub type Rows<'a> = (&'a str, &'a [&'a str], Vec<Vec<Cell>>);

/// The dataset of `tables`.
pub fn dataset_of<const N: usize>(tables: [Rows; N]) -> Dataset {
    let mut data = Dataset::new();
    for (name, columns, rows) in tables {
        let columns = columns.iter().map(|c| c.to_string()).collect();
        data.insert(name.into(), Table { columns, rows });
    }
    data
}

/// An aggregate's `where FILTER` (one time in `weight`) and window (one time in two), each
/// maybe, as argument texts.
pub fn filter_and_window(
    filter: BoxedStrategy<String>,
    weight: f64,
) -> impl Strategy<Value = Vec<String>> {
    (
        prop::option::weighted(weight, filter),
        prop::option::of(crate::differential::window()),
    )
        .prop_map(|(f, w)| {
            f.map(|f| format!("where {f}"))
                .into_iter()
                .chain(w)
                .collect()
        })
}
