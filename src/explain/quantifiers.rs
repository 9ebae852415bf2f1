//! Quantifiers in words: `orders.any(where …)` is "at least one order … where …", `all` is
//! "every order … ", `none` is "no order …", each also under `not`.

use crate::check::typed::{AggFunc, Aggregate, Scope};

use super::words::singular;
use super::Explainer;

impl Explainer<'_> {
    /// `any`, `all` or `none` over the rows of a facts table; `negated` under a `not`, where
    /// `not any` reads as `none` and `not all` as "at least one … fails".
    pub(super) fn quantifier(&self, a: &Aggregate, negated: bool) -> String {
        let facts = self.program.schema.facts(a.facts);
        let one = singular(&facts.name).unwrap_or_else(|| format!("row of {}", facts.name));
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
}
