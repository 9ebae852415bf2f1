//! The reference evaluator's functions of dates, text and holdout buckets, written from the language's definitions
//! (docs/language.md §9.3 and §9.6), independently of the SQL the dialects print.

use crate::ir::{DatePart, TextFunc};
use crate::value::{Cell, Date, Num};

/// A function of text: case maps A to Z only, trim removes spaces, length counts code points.
pub(super) fn text(func: TextFunc, s: &str) -> Cell {
    match func {
        TextFunc::Lower => Cell::Str(s.to_ascii_lowercase()),
        TextFunc::Upper => Cell::Str(s.to_ascii_uppercase()),
        TextFunc::Trim => Cell::Str(s.trim_matches(' ').to_string()),
        TextFunc::Length => Cell::Num(Num::int(s.chars().count() as i64)),
    }
}

/// A calendar part of a date; the weekday counts from Thursday 1 January 1970 (ISO day 4).
pub(super) fn date_part(part: DatePart, d: Date) -> i64 {
    match part {
        DatePart::Year => i64::from(d.year),
        DatePart::Quarter => i64::from(d.month.div_ceil(3)),
        DatePart::Month => i64::from(d.month),
        DatePart::Day => i64::from(d.day),
        DatePart::Weekday => (d.to_days() + 3).rem_euclid(7) + 1,
    }
}

/// The first day from `as_of` on with `d`'s month and day; 29 February is 1 March in years
/// without it.
pub(super) fn anniversary(d: Date, as_of: Date) -> Option<Date> {
    let in_year =
        |year: i32| Date::new(year, d.month, d.day).or_else(|| Date::new(year, d.month + 1, 1));
    let this_year = in_year(as_of.year)?;
    if this_year >= as_of {
        Some(this_year)
    } else {
        in_year(as_of.year.checked_add(1)?)
    }
}

/// The first 8 lowercase hex digits of `md5("salt:key")`: a member's holdout bucket.
pub fn bucket(salt: &str, key: &str) -> String {
    use md5::{Digest, Md5};
    let digest = Md5::digest(format!("{salt}:{key}").as_bytes());
    digest.iter().take(4).map(|b| format!("{b:02x}")).collect()
}

/// SQL LIKE: `%` any run, `_` one character, `\` makes the next character literal.
pub(super) fn like(text: &[char], pattern: &[char]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some(('%', rest)) => (0..=text.len()).any(|i| like(&text[i..], rest)),
        Some(('_', rest)) => !text.is_empty() && like(&text[1..], rest),
        Some(('\\', rest)) => match rest.split_first() {
            Some((c, rest)) => text.first() == Some(c) && like(&text[1..], rest),
            None => text.first() == Some(&'\\') && like(&text[1..], rest),
        },
        Some((c, rest)) => text.first() == Some(c) && like(&text[1..], rest),
    }
}

#[cfg(test)]
mod tests {
    use super::like;

    fn l(t: &str, p: &str) -> bool {
        like(
            &t.chars().collect::<Vec<_>>(),
            &p.chars().collect::<Vec<_>>(),
        )
    }

    #[test]
    fn buckets_are_the_md5_prefix_of_salt_and_key() {
        assert_eq!(super::bucket("a", "b"), "d8160c9b"); // md5("a:b")
        assert_eq!(super::bucket("", ""), "853ae90f"); // md5(":")
    }

    #[test]
    fn like_follows_sql_with_backslash_escapes() {
        assert!(l("O'Brien", "O%n"));
        assert!(l("a_bc", "a\\_b%"));
        assert!(!l("axbc", "a\\_b%"));
        assert!(l("50% off", "50\\%%"));
        assert!(!l("500 off", "50\\%%"));
        assert!(l("abc", "_b_"));
        assert!(!l("abcd", "_b_"));
    }
}
