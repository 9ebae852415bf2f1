//! Conditions: on one line when they fit, else their `and`/`or` chain one operand a line with
//! the operator leading, and a bracketed chain inside it broken the same way, indented.

use super::out::Gap;
use super::{Printer, WIDTH};
use crate::syntax::ast::{Cond, FollowedBy, StepArg, Test};

/// Where a condition is written: the text before it on its first line (`where `, a stage's
/// `name when `), and the indentation of that line and of its continuation lines.
#[derive(Clone, Copy)]
pub(super) struct Place<'p> {
    pub prefix: &'p str,
    pub indent: usize,
    pub continuation: usize,
    /// The source position the first line stands from (the entry's keyword).
    pub start: usize,
    pub gap: Gap,
}

impl Printer<'_> {
    /// A condition on one line, bracketing what the grammar's binding needs: a chain inside a
    /// chain, except an `and` chain inside an `or`, which is bracketed only when written so, as
    /// is the test after a `not`.
    pub(super) fn cond(&self, c: &Cond) -> String {
        match c {
            Cond::Or(parts, _) => self.chain(parts, "or"),
            Cond::And(parts, _) => self.chain(parts, "and"),
            Cond::Not(inner, _) => {
                let bracket = match **inner {
                    Cond::Or(..) | Cond::And(..) => true,
                    Cond::Not(..) | Cond::InSegment(..) | Cond::Bare(_) | Cond::Test(..) => {
                        self.in_brackets(inner.span().start, inner.span().end)
                    }
                };
                match bracket {
                    true => format!("not ({})", self.cond(inner)),
                    false => format!("not {}", self.cond(inner)),
                }
            }
            Cond::InSegment(segment, _) => format!("in {}", segment.name),
            Cond::Bare(value) => self.value(value),
            Cond::Test(value, test, _) => format!("{} {}", self.value(value), self.test(test)),
        }
    }

    fn chain(&self, parts: &[Cond], op: &str) -> String {
        let parts: Vec<String> = parts
            .iter()
            .map(|part| match self.bracketed(part, op) {
                true => format!("({})", self.cond(part)),
                false => self.cond(part),
            })
            .collect();
        parts.join(&format!(" {op} "))
    }

    /// Whether an operand of an `op` chain is written in brackets.
    fn bracketed(&self, part: &Cond, op: &str) -> bool {
        match part {
            Cond::Or(..) => true,
            Cond::And(_, span) => op == "and" || self.in_brackets(span.start, span.end),
            Cond::Not(..) | Cond::InSegment(..) | Cond::Bare(_) | Cond::Test(..) => false,
        }
    }

    /// Whether the source text of `start..end` is directly inside a pair of brackets.
    pub(super) fn in_brackets(&self, start: u32, end: u32) -> bool {
        let (s, e) = self.lexed.tight(start as usize, end as usize);
        self.lexed.bracketed(self.src, s, e)
    }

    fn test(&self, t: &Test) -> String {
        match t {
            Test::Compare(op, _, v) => format!("{} {}", op.symbol(), self.value(v)),
            Test::InList { negated, items } => {
                let items: Vec<String> = items.iter().map(|v| self.value(v)).collect();
                let not = if *negated { "not " } else { "" };
                format!("{not}in [{}]", items.join(", "))
            }
            Test::Between(low, high) => {
                format!("between {} and {}", self.value(low), self.value(high))
            }
            Test::IsMissing => "is missing".to_string(),
            Test::IsPresent => "is present".to_string(),
            Test::StartsWith(v) => format!("starts with {}", self.value(v)),
            Test::EndsWith(v) => format!("ends with {}", self.value(v)),
            Test::Contains(v) => format!("contains {}", self.value(v)),
            Test::Matches(v) => format!("matches {}", self.value(v)),
            Test::WithinLast(count, unit) => {
                format!("within last {}", self.count_unit(count, *unit))
            }
            Test::WithinNext(count, unit) => {
                format!("within next {}", self.count_unit(count, *unit))
            }
            Test::IgnoringCase(inner, _) => format!("{} ignoring case", self.test(inner)),
            Test::Before(v) => format!("before {}", self.value(v)),
            Test::After(v) => format!("after {}", self.value(v)),
            Test::FollowedBy(step) => self.followed_by(step),
        }
    }

    /// `[not] followed by FACTS[(ARGS)] within N UNIT`.
    pub(super) fn followed_by(&self, step: &FollowedBy) -> String {
        let args: Vec<String> = step
            .args
            .iter()
            .map(|arg| match arg {
                StepArg::Arg(arg) => self.agg_arg(arg),
                StepArg::Same {
                    column,
                    first_column: Some(first),
                    ..
                } => format!("same {} as {}", column.name, first.name),
                StepArg::Same { column, .. } => format!("same {}", column.name),
            })
            .collect();
        let not = if step.negated { "not " } else { "" };
        let args = match args.is_empty() {
            true => String::new(),
            false => format!("({})", args.join(", ")),
        };
        format!(
            "{not}followed by {}{args} within {}",
            step.facts.name,
            self.count_unit(&step.within, step.unit)
        )
    }

    /// The source range of a condition, from its first token to its last.
    fn cond_range(&self, c: &Cond) -> (usize, usize) {
        let span = c.span();
        self.lexed.tight(span.start as usize, span.end as usize)
    }

    /// Whether the author broke the chain over lines: it stays broken, one operand a line.
    fn written_broken(&self, parts: &[Cond]) -> bool {
        parts.windows(2).any(|pair| {
            let (end, start) = (self.cond_range(&pair[0]).1, self.cond_range(&pair[1]).0);
            self.src
                .get(end..start)
                .is_some_and(|gap| gap.contains('\n'))
        })
    }

    /// Writes a condition at `place`: on one line when it fits and holds no comment, else its
    /// chain broken.
    pub(super) fn write_cond(&mut self, c: &Cond, place: Place) {
        let flat = self.cond(c);
        let (start, end) = self.cond_range(c);
        let fits = place.indent + place.prefix.chars().count() + flat.chars().count() <= WIDTH;
        let parts = match c {
            Cond::Or(parts, _) | Cond::And(parts, _) => parts,
            Cond::Not(..) | Cond::InSegment(..) | Cond::Bare(_) | Cond::Test(..) => {
                return self.write_test(c, place, &flat, end);
            }
        };
        if fits && !self.lexed.has_comment(start, end) && !self.written_broken(parts) {
            let text = format!("{}{flat}", place.prefix);
            return self
                .out
                .line(place.indent, place.gap, (place.start, end), &text);
        }
        let op = if matches!(c, Cond::Or(..)) {
            "or"
        } else {
            "and"
        };
        for (i, part) in parts.iter().enumerate() {
            let (indent, prefix, start, gap) = match i {
                0 => (
                    place.indent,
                    place.prefix.to_string(),
                    place.start,
                    place.gap,
                ),
                _ => (
                    place.continuation,
                    format!("{op} "),
                    self.cond_range(part).0,
                    Gap::Tight,
                ),
            };
            let operand = Place {
                prefix: &prefix,
                indent,
                continuation: place.continuation,
                start,
                gap,
            };
            self.write_operand(part, op, operand);
        }
    }

    /// One operand of a broken chain: bracketed (and broken inside when it must be) or not.
    fn write_operand(&mut self, part: &Cond, op: &str, place: Place) {
        let bracketed = match part {
            Cond::Not(inner, _) => match **inner {
                Cond::Or(..) | Cond::And(..) => Some((&**inner, "not ")),
                Cond::Not(..) | Cond::InSegment(..) | Cond::Bare(_) | Cond::Test(..) => None,
            },
            Cond::Or(..) | Cond::And(..) => self.bracketed(part, op).then_some((part, "")),
            Cond::InSegment(..) | Cond::Bare(_) | Cond::Test(..) => None,
        };
        let Some((inner, not)) = bracketed else {
            let nested = Place {
                continuation: place.continuation + 2,
                ..place
            };
            return self.write_cond(part, nested);
        };
        let (start, end) = self.cond_range(inner);
        let flat = format!("{}{not}({})", place.prefix, self.cond(inner));
        let chain = match inner {
            Cond::Or(parts, _) | Cond::And(parts, _) => parts.as_slice(),
            Cond::Not(..) | Cond::InSegment(..) | Cond::Bare(_) | Cond::Test(..) => &[],
        };
        let fits = place.indent + flat.chars().count() <= WIDTH;
        if fits && !self.lexed.has_comment(start, end) && !self.written_broken(chain) {
            return self
                .out
                .line(place.indent, place.gap, (place.start, end), &flat);
        }
        let open = self.lexed.before(start).map_or(start, |(_, e)| e);
        let text = format!("{}{not}(", place.prefix);
        self.out
            .line(place.indent, place.gap, (place.start, open), &text);
        let nested = Place {
            prefix: "",
            indent: place.continuation + 2,
            continuation: place.continuation + 2,
            start,
            gap: Gap::Tight,
        };
        self.write_cond(inner, nested);
        let close = self.lexed.after(end).unwrap_or((end, end));
        self.out.line_with_comments_at(
            place.continuation,
            place.continuation + 2,
            Gap::Tight,
            close,
            ")",
        );
    }
}
