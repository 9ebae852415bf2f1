//! Differential tests: random segments within the language over random NULL-heavy data must give
//! identical members on the reference evaluator, embedded DuckDB and a real PostgreSQL server.
//! Every case also declares a random RFM model over `events` (and sometimes a CLV model); its
//! fields appear in the random conditions, and one segment per score pins every score. Amounts and
//! dates come from small domains so that measures tie often, also on thresholds; quotients of
//! them are compared with constants and with each other, exactly. Quantifiers (`any`, `all`,
//! `none` over `events`) come from `differential_quantifiers.rs`.
//!
//! `SEG_DIFF_CASES` sets the number of cases (default 40), the same cases on every run unless
//! `SEG_DIFF_RANDOM=1`; failures print the segment text and the data, shrunk by proptest.

pub(crate) use crate::differential_data::{cell, dataset, maybe, timestamp_near, AMOUNTS, REFUNDS};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use seglang::check::typed::Program;
use seglang::run::engine::Engine;
use seglang::value::{Dataset, Date};

const SCHEMA: &str = r#"
entity people from "diff.people" {
  key id: string
  age: int?
  score: decimal(10, 2)?
  name: string?
  active: bool?
  tier: enum("a", "b", "c")?
  born: date?
  joined: timestamp?
}

facts events of people(id) from "diff.events" at happened {
  happened: timestamp?
  amount: decimal(10, 2)?
  kind: enum("x", "y")?
  label: string?
}
"#;

const AS_OF: (i32, u32, u32) = (2026, 3, 31);

pub(crate) fn as_of() -> Date {
    Date::new(AS_OF.0, AS_OF.1, AS_OF.2).expect("valid date")
}

/// Day offsets before the evaluation date, dense around the windows the segments use.
/// 2 and 23 days back are the DST switches of Paris (29 March) and New York (8 March).
pub(crate) const OFFSETS: [i64; 17] = [
    -2, -1, 0, 1, 2, 23, 29, 30, 31, 59, 60, 89, 90, 91, 364, 365, 366,
];
const WINDOWS: [i64; 5] = [1, 30, 60, 90, 365];
const TEXTS: [&str; 13] = [
    "ab",
    "Ab",
    "a_b",
    "a%b",
    "o'k",
    "back\\slash",
    "",
    "zz",
    "50% off",
    " AB ",
    "ÉlÉ",
    "Straße",
    "éLé",
];

pub(crate) fn text() -> impl Strategy<Value = String> {
    prop::sample::select(TEXTS.to_vec()).prop_map(str::to_string)
}

pub(crate) fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

pub(crate) fn window() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(WINDOWS.to_vec()).prop_map(|n| format!("last {n} days")),
        (1i64..4).prop_map(|n| format!("last {n} months")),
        prop::sample::select(WINDOWS.to_vec()).prop_map(|n| format!("before {n} days ago")),
        prop::sample::select(WINDOWS.to_vec()).prop_map(|n| format!("after {n} days ago")),
        (0usize..3, 3usize..5).prop_map(|(a, b)| format!(
            "between {} days ago and {} days ago",
            WINDOWS[b], WINDOWS[a]
        )),
    ]
}

fn row_filter() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("where kind = \"x\"".to_string()),
        Just("where kind != \"y\"".to_string()),
        (0i64..60).prop_map(|n| format!("where amount > {n}.50")),
        text().prop_map(|t| format!("where label starts with {}", quoted(&t))),
        Just("where label is missing".to_string()),
    ]
}

/// Optional aggregate arguments: a row filter and a window, in either presence.
fn options() -> impl Strategy<Value = String> {
    (prop::option::of(row_filter()), prop::option::of(window())).prop_map(|(f, w)| {
        let parts: Vec<String> = f.into_iter().chain(w).collect();
        parts.join(", ")
    })
}

fn with(first: &str, opts: &str) -> String {
    match (first.is_empty(), opts.is_empty()) {
        (true, _) => opts.to_string(),
        (false, true) => first.to_string(),
        (false, false) => format!("{first}, {opts}"),
    }
}

pub(crate) fn aggregate_test() -> impl Strategy<Value = String> {
    prop_oneof![
        (options(), 0i64..4).prop_map(|(o, k)| format!("events.count({o}) >= {k}")),
        (options(), 0i64..3)
            .prop_map(|(o, k)| format!("events.count({}) = {k}", with("distinct label", &o))),
        (options(), 0i64..120)
            .prop_map(|(o, k)| format!("events.sum({}) >= {k}.25", with("amount", &o))),
        (options(), 0i64..60)
            .prop_map(|(o, k)| format!("events.avg({}) < {k}", with("amount", &o))),
        (options(), 0i64..60)
            .prop_map(|(o, k)| format!("events.min({}) <= {k}.5", with("amount", &o))),
        (options(), text()).prop_map(|(o, t)| format!(
            "events.max({}) > {}",
            with("label", &o),
            quoted(&t)
        )),
        options().prop_map(|o| format!("events.first({}) = \"x\"", with("kind", &o))),
        (options(), 0i64..60)
            .prop_map(|(o, k)| format!("events.last({}) >= {k}", with("amount", &o))),
        options().prop_map(|o| format!("events.last({}) is missing", with("label", &o))),
        prop::sample::select(WINDOWS.to_vec())
            .prop_map(|n| format!("events.last(happened) before {n} days ago")),
        prop::sample::select(WINDOWS.to_vec())
            .prop_map(|n| format!("days since events.first(happened) > {n}")),
    ]
}

pub(crate) fn column_test() -> impl Strategy<Value = String> {
    prop_oneof![
        (0i64..80).prop_map(|n| format!("age > {n}")),
        (0i64..40, 40i64..90).prop_map(|(a, b)| format!("age between {a} and {b}")),
        Just("age is missing".to_string()),
        (0i64..100).prop_map(|n| format!("score >= {n}.10")),
        Just("score != 0".to_string()),
        text().prop_map(|t| format!("name = {}", quoted(&t))),
        text().prop_map(|t| format!("name < {}", quoted(&t))),
        text().prop_map(|t| format!("name contains {}", quoted(&t))),
        text().prop_map(|t| format!("name ends with {}", quoted(&t))),
        prop::sample::select(vec!["a%", "_b", "a\\\\_b", "%\\\\%%", "o'%"])
            .prop_map(|p| format!("name matches \"{p}\"")),
        Just("active".to_string()),
        Just("tier = \"a\"".to_string()),
        Just("tier in [\"a\", \"b\"]".to_string()),
        Just("tier not in [\"c\"]".to_string()),
        prop::sample::select(WINDOWS.to_vec()).prop_map(|n| format!("joined within last {n} days")),
        prop::sample::select(WINDOWS.to_vec()).prop_map(|n| format!("born before {n} days ago")),
        (10i64..70).prop_map(|n| format!("age(born) >= {n}")),
        (0i64..400).prop_map(|n| format!("days since joined <= {n}")),
        Just("joined after 2025-12-31".to_string()),
        date_test(),
        text_test(),
    ]
}

/// Thresholds and constants of arithmetic, dense where quotients of the generated data tie.
const NUMBERS: [&str; 12] = [
    "0", "0.5", "1", "-1", "2", "3", "5.25", "10.50", "-0.01", "33.33", "0.33", "-2.5",
];

/// Quotients whose cross-multiplication with each other stays within 38 digits.
fn small_ratio() -> BoxedStrategy<String> {
    let num = || prop::sample::select(NUMBERS.to_vec());
    prop_oneof![
        prop::option::of(window()).prop_map(|w| format!(
            "events.count({}) / events.count()",
            with("where kind = \"x\"", &w.unwrap_or_default())
        )),
        (options(), options())
            .prop_map(|(o, p)| format!("events.sum({}) / events.count({p})", with("amount", &o))),
        num().prop_map(|n| format!("(score - {n}) / events.count()")),
        Just("events.avg(amount)".to_string()),
    ]
    .boxed()
}

/// Two traits every case declares: a random quotient, and a default over it.
fn traits() -> impl Strategy<Value = String> {
    (small_ratio(), prop::sample::select(NUMBERS.to_vec())).prop_map(|(r, n)| {
        format!("trait t_ratio on people = {r}\ntrait t_or on people = t_ratio otherwise {n}\n")
    })
}

/// Ratios and their relatives: quotients with divisors that are zero (no events), negative
/// (refunds) or missing, compared exactly; products, defaults, rounding and choices.
fn arithmetic_test() -> BoxedStrategy<String> {
    let num = || prop::sample::select(NUMBERS.to_vec());
    let op = || prop::sample::select(vec![">=", "<", "=", "!=", "<=", ">"]);
    let ratio = || {
        prop_oneof![
            prop::option::of(window()).prop_map(|w| format!(
                "events.count({}) / events.count()",
                with("where kind = \"x\"", &w.unwrap_or_default())
            )),
            (options(), options()).prop_map(|(o, p)| format!(
                "events.sum({}) / events.count({p})",
                with("amount", &o)
            )),
            options()
                .prop_map(|o| format!("events.sum(amount) / events.sum({})", with("amount", &o))),
            num().prop_map(|n| format!("(score - {n}) / events.count()")),
            num().prop_map(|n| format!("events.sum(amount) / (score - {n})")),
            num().prop_map(|n| format!("score / (age - {n})")),
            Just("events.avg(amount)".to_string()),
        ]
    };
    let plain = || {
        prop_oneof![
            Just("score".to_string()),
            Just("age".to_string()),
            options().prop_map(|o| format!("events.count({o})")),
            options().prop_map(|o| format!("events.sum({})", with("amount", &o))),
            num().prop_map(|n| n.to_string()),
        ]
    };
    prop_oneof![
        (ratio(), op(), num()).prop_map(|(r, o, n)| format!("{r} {o} {n}")),
        (small_ratio(), op(), small_ratio()).prop_map(|(a, o, b)| format!("{a} {o} {b}")),
        (ratio(), num(), op(), num()).prop_map(|(r, m, o, n)| format!("{r} * {m} {o} {n}")),
        (ratio(), num()).prop_map(|(r, n)| format!("{r} otherwise {n} >= {n}")),
        (ratio(), 0u32..3, op(), num()).prop_map(|(r, d, o, n)| format!("round({r}, {d}) {o} {n}")),
        (ratio(), num(), num()).prop_map(|(r, a, b)| format!("{r} in [{a}, {b}]")),
        (ratio(), num(), num()).prop_map(|(r, a, b)| format!("{r} not in [{a}, {b}]")),
        ratio().prop_map(|r| format!("{r} is missing")),
        (small_ratio(), plain(), op(), num())
            .prop_map(|(r, p, o, n)| format!("least({r}, {p}) {o} {n}")),
        (small_ratio(), plain(), op(), num())
            .prop_map(|(r, p, o, n)| format!("greatest({p}, {r}) {o} {n}")),
        (
            plain(),
            prop::sample::select(vec!["+", "-"]),
            plain(),
            op(),
            num()
        )
            .prop_map(|(a, x, b, o, n)| format!("{a} {x} {b} {o} {n}")),
        (plain(), num(), op(), plain()).prop_map(|(a, m, o, b)| format!("{a} * {m} {o} {b}")),
        (plain(), op(), num()).prop_map(|(a, o, n)| format!("-{a} {o} {n}")),
        (plain(), op(), num()).prop_map(|(a, o, n)| format!("abs({a}) {o} {n}")),
        num().prop_map(|n| format!("score / 3 * 3 = score and {n} < 100")),
        (op(), num()).prop_map(|(o, n)| format!("t_ratio {o} {n}")),
        (op(), small_ratio()).prop_map(|(o, r)| format!("t_or {o} {r}")),
        (0u32..3, op(), num()).prop_map(|(d, o, n)| format!("round(t_or, {d}) {o} {n}")),
        (0u32..3, op(), num()).prop_map(|(d, o, n)| format!("round(score / 7, {d}) {o} {n}")),
    ]
    .boxed()
}

/// Text functions and `ignoring case`, on texts with letters beyond ASCII.
fn text_test() -> BoxedStrategy<String> {
    prop_oneof![
        text().prop_map(|t| format!("lower(name) = {}", quoted(&t))),
        text().prop_map(|t| format!("name = {} ignoring case", quoted(&t))),
        (text(), text()).prop_map(|(t, u)| format!(
            "name not in [{}, {}] ignoring case",
            quoted(&t),
            quoted(&u)
        )),
        text().prop_map(|t| format!("name starts with {} ignoring case", quoted(&t))),
        text().prop_map(|t| format!("upper(name) contains {}", quoted(&t))),
        text().prop_map(|t| format!("trim(name) = {}", quoted(&t))),
        (0i64..8).prop_map(|n| format!("length(name) >= {n}")),
        (0i64..8).prop_map(|n| format!("length(trim(lower(name))) < {n}")),
    ]
    .boxed()
}

/// Calendar parts, `days until`, `within next` and anniversaries of the dates and timestamps.
fn date_test() -> BoxedStrategy<String> {
    let column = || prop::sample::select(vec!["born", "joined"]);
    let part = prop::sample::select(vec![
        ("year", 1944i64, 2027i64),
        ("quarter", 0, 5),
        ("month", 0, 13),
        ("day", 0, 32),
        ("weekday", 0, 8),
    ]);
    let op = || prop::sample::select(vec![">=", "<", "=", "!=", "<=", ">"]);
    prop_oneof![
        (part, column(), op()).prop_flat_map(|((f, low, high), c, o)| {
            (low..=high).prop_map(move |n| format!("{f}({c}) {o} {n}"))
        }),
        (column(), prop::sample::select(vec![1i64, 6, 7]))
            .prop_map(|(c, d)| format!("weekday({c}) in [{d}, 7]")),
        (column(), prop::sample::select(WINDOWS.to_vec()))
            .prop_map(|(c, n)| format!("anniversary({c}) within next {n} days")),
        (column(), 0i64..370).prop_map(|(c, n)| format!("days until anniversary({c}) <= {n}")),
        (column(), prop::sample::select(vec![1i64, 2, 12]))
            .prop_map(|(c, n)| format!("anniversary({c}) within next {n} months")),
        (-400i64..5).prop_map(|n| format!("days until joined >= {n}")),
        prop::sample::select(vec![1i64, 2, 3]).prop_map(|n| format!("joined within next {n} days")),
        Just("anniversary(born) = anniversary(joined)".to_string()),
        Just("days until anniversary(born) < days until anniversary(joined)".to_string()),
    ]
    .boxed()
}

/// Ascending candidates for thresholds, dense where the measures of the generated data fall:
/// days since the last event, numbers of events, sums and truncated averages of `AMOUNTS` and
/// `REFUNDS` (-5.25 and 0 average -2.62).
const RECENCY_BOUNDS: [i64; 15] = [-1, 0, 1, 2, 29, 30, 31, 59, 60, 89, 90, 91, 364, 365, 400];
const FREQUENCY_BOUNDS: [i64; 9] = [0, 1, 2, 3, 4, 5, 6, 8, 12];
const MONETARY_BOUNDS: [&str; 14] = [
    "-5.25", "-2.62", "0", "0.01", "3.50", "5", "6.66", "10.50", "16.67", "20", "33.33", "40.5",
    "66", "100",
];

/// How a measure is scored: the default, `quantiles` said out loud, or `k - 1` ascending
/// thresholds drawn from `bounds`.
fn scoring(k: u32, bounds: Vec<String>) -> impl Strategy<Value = String> {
    prop_oneof![
        2 => Just(String::new()),
        1 => Just(" quantiles".to_string()),
        3 => prop::sample::subsequence(bounds, k as usize - 1)
            .prop_map(|b| format!(" thresholds [{}]", b.join(", "))),
    ]
}

/// A model's window: `last N days|weeks|months|years`.
fn model_window() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(WINDOWS.to_vec()).prop_map(|n| format!("last {n} days")),
        (1i64..14).prop_map(|n| format!("last {n} weeks")),
        (1i64..4).prop_map(|n| format!("last {n} months")),
        Just("last 1 years".to_string()),
    ]
}

/// `rfm value on people over events { ... }` with `k` scores, its entries in random order.
fn rfm_model(k: u32) -> impl Strategy<Value = String> {
    let strings = |v: &[i64]| v.iter().map(i64::to_string).collect::<Vec<_>>();
    (
        prop::option::of(model_window()),
        any::<bool>(),
        scoring(k, strings(&RECENCY_BOUNDS)),
        scoring(k, strings(&FREQUENCY_BOUNDS)),
        prop::sample::select(vec!["sum", "avg"]),
        scoring(k, MONETARY_BOUNDS.iter().map(|b| b.to_string()).collect()),
    )
        .prop_flat_map(move |(window, say_k, recency, frequency, func, monetary)| {
            let mut entries = vec![format!("monetary {func}(amount){monetary}")];
            if let Some(w) = window {
                entries.push(format!("window {w}"));
            }
            if say_k || k != 5 {
                entries.push(format!("scores {k}"));
            }
            if !recency.is_empty() {
                entries.push(format!("recency{recency}"));
            }
            if !frequency.is_empty() {
                entries.push(format!("frequency{frequency}"));
            }
            Just(entries).prop_shuffle()
        })
        .prop_map(|entries| {
            format!(
                "rfm value on people over events {{\n  {}\n}}\n",
                entries.join("\n  ")
            )
        })
}

/// `clv lifetime on people over events { ... }`: literal or column margins and lifespans; true
/// when a column makes the lifetime value possibly missing.
fn clv_model() -> impl Strategy<Value = (String, bool)> {
    (
        model_window(),
        prop::sample::select(vec!["0.3", "1", "0.25", "score"]),
        prop::sample::select(vec!["2", "1", "3", "age"]),
    )
        .prop_flat_map(|(window, margin, lifespan)| {
            let nullable = margin == "score" || lifespan == "age";
            let entries = Just(vec![
                "amount amount".to_string(),
                format!("window {window}"),
                format!("margin {margin}"),
                format!("lifespan {lifespan}"),
            ]);
            entries.prop_shuffle().prop_map(move |entries| {
                let text = format!(
                    "clv lifetime on people over events {{ {} }}\n",
                    entries.join("  ")
                );
                (text, nullable)
            })
        })
}

/// A test of a field of model `value` (with `k` scores), or of `lifetime` when `clv` is
/// `Some(nullable)`.
fn model_test(k: u32, clv: Option<bool>) -> BoxedStrategy<String> {
    let k = i64::from(k);
    let score = || prop::sample::select(vec!["r", "f", "m"]);
    let op = || prop::sample::select(vec![">=", "<", "=", "!=", "<=", ">"]);
    let amount = || prop::sample::select(MONETARY_BOUNDS.to_vec());
    let rfm = prop_oneof![
        (score(), 1..=k).prop_map(|(f, n)| format!("value.{f} = {n}")),
        (score(), 1..=k).prop_map(|(f, n)| format!("value.{f} >= {n}")),
        (score(), op(), 0..=k + 1).prop_map(|(f, o, n)| format!("value.{f} {o} {n}")),
        prop::collection::vec(1..=k, 3)
            .prop_map(|d| format!("value.code = \"{}{}{}\"", d[0], d[1], d[2])),
        (1..=k).prop_map(|d| format!("value.code starts with \"{d}\"")),
        (1..=k).prop_map(|d| format!("value.code > \"{d}\"")),
        Just("value.scored".to_string()),
        Just("not value.scored".to_string()),
        score().prop_map(|f| format!("value.{f} is missing")),
        Just("value.code is missing".to_string()),
        (op(), amount()).prop_map(|(o, x)| format!("value.monetary {o} {x}")),
        amount().prop_map(|x| format!("value.monetary > {x}")),
        Just("value.monetary is missing".to_string()),
        Just("value.monetary >= score".to_string()),
        (op(), prop::sample::select(RECENCY_BOUNDS.to_vec()))
            .prop_map(|(o, n)| format!("value.recency {o} {n}")),
        Just("value.recency is missing".to_string()),
        (op(), prop::sample::select(FREQUENCY_BOUNDS.to_vec()))
            .prop_map(|(o, n)| format!("value.frequency {o} {n}")),
        Just("value.frequency = events.count()".to_string()),
    ];
    let Some(nullable) = clv else {
        return rfm.boxed();
    };
    let missing = if nullable {
        "lifetime.value is missing"
    } else {
        "lifetime.value != 0"
    };
    let clv = prop_oneof![
        (op(), prop::sample::select(CLV_BOUNDS.to_vec()))
            .prop_map(|(o, x)| format!("lifetime.value {o} {x}")),
        prop::sample::select(CLV_BOUNDS.to_vec()).prop_map(|x| format!("lifetime.value >= {x}")),
        Just(missing.to_string()),
        Just("lifetime.value > value.monetary".to_string()),
    ];
    prop_oneof![3 => rfm, 1 => clv].boxed()
}

/// Lifetime values to compare with, some of them reached exactly by small sums (12775 is 35 a
/// day over a year).
const CLV_BOUNDS: [&str; 10] = [
    "0", "-10", "3", "10", "20.5", "60", "120", "365", "1000", "12775",
];

/// One segment per score of `value` (and one for the unscored), so every score is compared.
fn score_segments(k: u32) -> String {
    let mut out = String::from("segment v_unscored on people { where not value.scored }\n");
    for field in ["r", "f", "m"] {
        for s in 1..=k {
            out.push_str(&format!(
                "segment v_{field}_{s} on people {{ where value.{field} = {s} }}\n"
            ));
        }
    }
    out
}

/// A whole case: the models, the random segments and the segments pinning the scores.
/// The zones a case may declare: DST in spring (Paris, two days before the evaluation date;
/// New York) or in autumn (Lord Howe, by half an hour), half-hour and fixed offsets, and the
/// farthest from UTC on either side.
const ZONES: [&str; 6] = [
    "Europe/Paris",
    "America/New_York",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
];

/// `time zone "…"` in half the cases; without it every day is the UTC day.
pub(crate) fn zone_declaration() -> impl Strategy<Value = String> {
    prop::option::weighted(0.5, prop::sample::select(ZONES.to_vec()))
        .prop_map(|z| z.map_or(String::new(), |z| format!("time zone \"{z}\"\n")))
}

pub(crate) fn case() -> impl Strategy<Value = String> {
    (2u32..=6, zone_declaration()).prop_flat_map(|(k, zone)| {
        (
            rfm_model(k),
            prop::option::weighted(0.5, clv_model()),
            traits(),
        )
            .prop_flat_map(move |(rfm, clv, traits)| {
                let zone = zone.clone();
                segments(k, clv.as_ref().map(|c| c.1)).prop_map(move |segments| {
                    format!(
                        "{zone}{rfm}{}{traits}{segments}{}",
                        clv.as_ref().map_or("", |c| c.0.as_str()),
                        score_segments(k)
                    )
                })
            })
    })
}

pub(crate) fn condition(k: u32, clv: Option<bool>) -> impl Strategy<Value = String> {
    prop_oneof![
        2 => column_test().boxed(),
        2 => aggregate_test().boxed(),
        2 => model_test(k, clv),
        2 => arithmetic_test(),
        2 => crate::differential_quantifiers::quantifier_test(),
    ]
    .prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} and {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} or {b})")),
            inner.prop_map(|a| format!("not ({a})")),
        ]
    })
}

/// Three segments; the last may refer to the first two. Conditions may use model `value` with
/// `k` scores, and model `lifetime` when `clv` is `Some(nullable)`. Two more segments close a
/// diamond and a chain of references over them (`s5` reads `s2` and `s0`, which `s2` may read
/// too; `s6` reads `s5` and a stage), so helpers read once and helpers read by helpers are
/// compared on every case.
fn segments(k: u32, clv: Option<bool>) -> impl Strategy<Value = String> {
    (
        condition(k, clv),
        condition(k, clv),
        condition(k, clv),
        0usize..4,
        0usize..3,
    )
        .prop_map(|(a, b, c, r, shape)| {
            let third = match r {
                0 => format!("in s0 and ({c})"),
                1 => format!("not in s1 or ({c})"),
                _ => c,
            };
            let diamond = match shape {
                0 => "(in s2 and not in s1) or in s0",
                1 => "in s2 and in s0",
                _ => "not (in s2 or in s1) or not in s0",
            };
            format!(
                "segment s0 on people {{ where {a} }}\nsegment s1 on people {{ holdout 30% where {b} }}\nsegment s2 on people {{ where {third} }}\n\
                 segmentation grp on people {{ first when {a} second when {b} rest otherwise }}\n\
                 segment s3 on people {{ where grp = \"second\" }}\nsegment s4 on people {{ where not (grp = \"rest\") }}\n\
                 segment s5 on people {{ where {diamond} }}\nsegment s6 on people {{ where in s5 and not in s3 }}\n"
            )
        })
}

pub(crate) fn compile(segments: &str) -> Result<Program, TestCaseError> {
    crate::support::compile_generated(SCHEMA, segments)
}

pub(crate) fn run_case(
    pg: &mut Engine,
    segments: &str,
    data: &Dataset,
) -> Result<(), TestCaseError> {
    let program = compile(segments)?;
    crate::support::agree_everywhere(&program, segments, data, as_of(), pg)
}

#[test]
#[allow(
    clippy::print_stderr,
    reason = "the number of cases run is part of the test's report"
)]
fn random_segments_agree_on_reference_duckdb_and_postgres() {
    let schema = compile("").expect("the differential schema checks");
    let cases =
        crate::support::run_differential(&schema, (case(), dataset()), |pg, (segments, data)| {
            run_case(pg, &segments, &data)
        });
    eprintln!("differential: {cases} cases agreed on reference, DuckDB and PostgreSQL");
}
