//! A test too long for its line, which no `and`/`or` breaks, breaks before its comparison
//! operator, or a sequence before its `followed by`, when both halves then fit:
//!
//! ```text
//!     and orders.sum(amount, last 90 days)
//!       < 0.5 * orders.sum(amount, between 180 days ago and 91 days ago)
//!   where events.any(where kind = "product_view", last 30 days)
//!     not followed by orders(where amount > 0, same category) within 3 days
//! ```
//!
//! An aggregate is never broken over lines: the SQL's comments quote each aggregate as written,
//! and formatting must not change the SQL. A test that only an aggregate could shorten stays
//! long.

use super::conditions::Place;
use super::out::Gap;
use super::{Printer, WIDTH};
use crate::syntax::ast::{Cond, Test};

impl Printer<'_> {
    /// Writes a condition that is no chain, `flat` on one line when it fits.
    pub(super) fn write_test(&mut self, c: &Cond, place: Place, flat: &str, end: usize) {
        let line = format!("{}{flat}", place.prefix);
        if place.indent + line.chars().count() <= WIDTH {
            return self
                .out
                .line(place.indent, place.gap, (place.start, end), &line);
        }
        // The second half: a comparison from its operator, a sequence from `[not] followed by`.
        let split = match c {
            Cond::Test(value, Test::Compare(op, op_span, right), _) => Some((
                value,
                format!("{} {}", op.symbol(), self.value(right)),
                op_span.start as usize,
            )),
            Cond::Test(value, Test::FollowedBy(step), _) => {
                Some((value, self.followed_by(step), self.range(value.span).1))
            }
            _ => None,
        };
        if let Some((value, tail, tail_start)) = split {
            let head = format!("{}{}", place.prefix, self.value(value));
            let fits = |indent: usize, text: &str| indent + text.chars().count() <= WIDTH;
            if fits(place.indent, &head) && fits(place.continuation, &tail) {
                let value_end = self.range(value.span).1;
                self.out
                    .line(place.indent, place.gap, (place.start, value_end), &head);
                return self
                    .out
                    .line(place.continuation, Gap::Tight, (tail_start, end), &tail);
            }
        }
        self.out
            .line(place.indent, place.gap, (place.start, end), &line);
    }
}
