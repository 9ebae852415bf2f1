//! A test too long for its line, which no `and`/`or` breaks, breaks before its comparison
//! operator when both halves then fit:
//!
//! ```text
//!     and orders.sum(amount, last 90 days)
//!       < 0.5 * orders.sum(amount, between 180 days ago and 91 days ago)
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
        if let Cond::Test(value, Test::Compare(op, op_span, right), _) = c {
            let head = format!("{}{}", place.prefix, self.value(value));
            let tail = format!("{} {}", op.symbol(), self.value(right));
            let fits = |indent: usize, text: &str| indent + text.chars().count() <= WIDTH;
            if fits(place.indent, &head) && fits(place.continuation, &tail) {
                let value_end = self.range(value.span).1;
                self.out
                    .line(place.indent, place.gap, (place.start, value_end), &head);
                let tail_range = (op_span.start as usize, end);
                return self
                    .out
                    .line(place.continuation, Gap::Tight, tail_range, &tail);
            }
        }
        self.out
            .line(place.indent, place.gap, (place.start, end), &line);
    }
}
