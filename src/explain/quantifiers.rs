//! Quantifiers in words: `orders.any(where …)` is "at least one order … where …", `all` is
//! "every order … ", `none` is "no order …", each also under `not`; and sequences, "at least one
//! event … followed by an order … within 2 days".

use crate::check::typed::{AggFunc, Aggregate, Scope, Sequence};

use super::words::singular;
use super::Explainer;

impl Explainer<'_> {
    /// `any`, `all` or `none` over the rows of a facts table; `negated` under a `not`, where
    /// `not any` reads as `none` and `not all` as "at least one … fails".
    pub(super) fn quantifier(&self, a: &Aggregate, negated: bool) -> String {
        let facts = self.program.schema.facts(a.facts);
        let one = singular(&facts.name).unwrap_or_else(|| format!("row of {}", facts.name));
        let one = format!("{one}{}", self.of_whom(a.facts));
        let rows = match &a.window {
            Some(w) => format!("{one} {}", self.window(w)),
            None => one.clone(),
        };
        let test = a
            .filter
            .as_ref()
            .map(|f| self.grouped(f, Scope::Facts(a.facts)));
        let exists = |found: &str| match &test {
            Some(t) => format!("{found} {rows} where {t}"),
            None => format!("{found} {rows}"),
        };
        match (a.func, negated) {
            (AggFunc::Any, false) | (AggFunc::None, true) => exists("at least one"),
            (AggFunc::Any, true) | (AggFunc::None, false) => exists("no"),
            // The checker requires the `where` of `all` (E0233).
            (_, false) => format!(
                "every {rows} is one where {} (true when there is no such {one})",
                test.unwrap_or_default()
            ),
            (_, true) => format!(
                "at least one {rows} where not: {}",
                test.unwrap_or_default()
            ),
        }
    }

    /// `first.any(…) [not] followed by then(…) within N days`.
    pub(super) fn sequence(&self, s: &Sequence) -> String {
        let first = self.quantifier(&s.first, false);
        let schema = &self.program.schema;
        let then_table = schema.facts(s.then.facts);
        let one =
            singular(&then_table.name).unwrap_or_else(|| format!("row of {}", then_table.name));
        let mut then = match &s.then.window {
            Some(w) => format!("{one} {}", self.window(w)),
            None => one,
        };
        if let Some(f) = &s.then.filter {
            then.push_str(&format!(
                " where {}",
                self.grouped(f, Scope::Facts(s.then.facts))
            ));
        }
        let first_table = schema.facts(s.first.facts);
        let same: Vec<String> = s
            .same
            .iter()
            .map(|&(f, t)| {
                let (fc, tc) = (&first_table.columns[f].name, &then_table.columns[t].name);
                match fc == tc {
                    true => format!("the same `{tc}`"),
                    false => format!("`{tc}` equal to its `{fc}`"),
                }
            })
            .collect();
        if !same.is_empty() {
            then.push_str(&format!(" with {}", same.join(" and ")));
        }
        let days = match s.within_days {
            1 => "1 day".to_string(),
            n => format!("{n} days"),
        };
        let bound = format!("at the same time or up to {days} after it");
        let article = match (
            s.first.facts == s.then.facts,
            then.starts_with(['a', 'e', 'i', 'o', 'u']),
        ) {
            (true, _) => "another",
            (false, true) => "an",
            (false, false) => "a",
        };
        match (s.followed, s.first.facts == s.then.facts) {
            (true, _) => format!("{first}, followed by {article} {then} {bound}"),
            (false, true) => format!("{first}, with no other {then} {bound}"),
            (false, false) => format!("{first}, with no {then} {bound}"),
        }
    }
}
