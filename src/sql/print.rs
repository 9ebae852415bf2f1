//! Printing the SQL tree for one dialect: the only place text is produced, with identifiers
//! quoted and literals escaped by the dialect's spellings, and long conditions broken into lines.
//!
//! Everything is written into one buffer. A long `AND`/`OR` or `CASE` is first written on one
//! line; only when that line is too long is it taken back out and laid out again.

use super::dialect::Dialect;
use super::tree::{AggCall, IntervalUnit, JoinKind, Query, Select, SqlExpr};
use std::fmt::Write;

/// Lines longer than this are broken at their `AND`s, `OR`s and `WHEN`s.
const LINE_WIDTH: usize = 100;

/// Prints a query for a dialect, writing each table the query reads (never one of its CTEs) and
/// its evaluation date as `naming` says.
pub fn print_query(query: &Query, d: &Dialect, naming: &Naming<'_>) -> String {
    let mut p = Printer {
        out: String::with_capacity(4096),
        d,
        tables: naming.tables,
        as_of: naming.as_of,
        ctes: query.ctes.iter().map(|c| c.name.clone()).collect(),
    };
    for line in &query.header {
        p.comment_line("", line);
    }
    if !query.ctes.is_empty() {
        p.out.push_str("WITH\n");
        for (i, cte) in query.ctes.iter().enumerate() {
            for line in &cte.comments {
                p.comment_line("", line);
            }
            p.ident(&cte.name);
            p.out
                .push_str(match cte.materialized && d.materialized_ctes {
                    true => " AS MATERIALIZED (\n",
                    false => " AS (\n",
                });
            for (j, select) in cte.body.iter().enumerate() {
                if j > 0 {
                    p.out.push_str("  UNION ALL\n");
                }
                p.select(select, "  ");
            }
            p.out.push(')');
            if i + 1 < query.ctes.len() {
                p.out.push(',');
            }
            p.out.push('\n');
        }
    }
    for (i, select) in query.body.iter().enumerate() {
        if i > 0 {
            p.out.push_str("UNION ALL\n");
        }
        p.select(select, "");
    }
    let mut out = p.out;
    out.truncate(out.trim_end().len());
    out.push_str(";\n");
    out
}

/// How a caller names the tables a query reads: the text written in place of a table's path,
/// or `None` for the quoted path itself.
pub type TableNames<'t> = dyn Fn(&[String]) -> Option<String> + 't;

/// How a caller writes what a statement takes from outside it: the tables it reads, and its
/// evaluation date, given the text the dialect writes for it (`DATE '2026-11-22'`, or the
/// engine's current date in the zone), or `None` for that text itself.
#[derive(Clone, Copy)]
pub struct Naming<'t> {
    pub tables: &'t TableNames<'t>,
    pub as_of: Option<&'t dyn Fn(&str) -> String>,
}

impl Naming<'_> {
    /// Every table as its quoted path, the evaluation date as the dialect writes it.
    pub const PLAIN: Naming<'static> = Naming {
        tables: &|_| None,
        as_of: None,
    };
}

/// The text written so far, the dialect that spells it, and the names of the tables it reads.
struct Printer<'d> {
    out: String,
    d: &'d Dialect,
    tables: &'d TableNames<'d>,
    /// Writes the evaluation date from the dialect's text for it, when the caller says so.
    as_of: Option<&'d dyn Fn(&str) -> String>,
    /// The query's CTE names, which `tables` never renames.
    ctes: Vec<String>,
}

impl Printer<'_> {
    /// Appends the pieces in order (cheaper than `write!` on this path).
    fn push_all(&mut self, pieces: &[&str]) {
        for piece in pieces {
            self.out.push_str(piece);
        }
    }

    fn ident(&mut self, name: &str) {
        self.d.write_ident(&mut self.out, name);
    }

    /// `-- line`, one comment line per line of `line`.
    fn comment_line(&mut self, indent: &str, line: &str) {
        // A newline in user text (a doc comment) must not end the comment and start SQL.
        for part in line.split(['\n', '\r']) {
            self.push_all(&[indent, "-- ", part.trim_end(), "\n"]);
        }
    }

    /// One `SELECT` at `indent`.
    fn select(&mut self, s: &Select, indent: &str) {
        for line in &s.comments {
            self.comment_line(indent, line);
        }
        let _ = writeln!(self.out, "{indent}SELECT");
        let inner = format!("{indent}  ");
        for (i, item) in s.items.iter().enumerate() {
            if let Some(c) = &item.comment {
                self.comment_line(&inner, c);
            }
            self.out.push_str(&inner);
            self.expr(&item.expr, &inner);
            if let Some(alias) = &item.alias {
                self.out.push_str(" AS ");
                self.ident(alias);
            }
            if i + 1 < s.items.len() {
                self.out.push(',');
            }
            self.out.push('\n');
        }
        if let Some((table, alias)) = &s.from {
            let _ = write!(self.out, "{indent}FROM ");
            self.table_name(table);
            self.out.push_str(" AS ");
            self.ident(alias);
            self.out.push('\n');
        }
        for j in &s.joins {
            let kind = match j.kind {
                JoinKind::Cross => "CROSS JOIN",
                JoinKind::Left => "LEFT JOIN",
                JoinKind::Inner => "JOIN",
            };
            let _ = write!(self.out, "{indent}{kind} ");
            self.table_name(&j.table);
            self.out.push_str(" AS ");
            self.ident(&j.alias);
            if let Some(on) = &j.on {
                let _ = write!(self.out, "\n{indent}  ON ");
                self.expr(on, &inner);
            }
            self.out.push('\n');
        }
        if let Some(f) = &s.filter {
            let _ = write!(self.out, "{indent}WHERE ");
            self.expr(f, indent);
            self.out.push('\n');
        }
        if !s.group_by.is_empty() {
            let _ = write!(self.out, "{indent}GROUP BY ");
            self.list(&s.group_by, indent);
            self.out.push('\n');
        }
    }

    /// A dotted table name, each part quoted as needed.
    fn table_name(&mut self, parts: &[String]) {
        let cte = matches!(parts, [one] if self.ctes.contains(one));
        if let Some(name) = (!cte).then(|| (self.tables)(parts)).flatten() {
            self.out.push_str(&name);
            return;
        }
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                self.out.push('.');
            }
            self.ident(part);
        }
    }

    /// Expressions separated by `, `.
    fn list(&mut self, items: &[SqlExpr], indent: &str) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.expr(item, indent);
        }
    }

    /// An expression; `indent` is the indentation of the line it starts on, for long `AND`s.
    fn expr(&mut self, e: &SqlExpr, indent: &str) {
        match e {
            SqlExpr::Column { table, name } => {
                if let Some(t) = table {
                    self.ident(t);
                    self.out.push('.');
                }
                self.ident(name);
            }
            SqlExpr::Str(s) => self.d.write_string_literal(&mut self.out, s),
            SqlExpr::Int(i) => {
                let _ = write!(self.out, "{i}");
            }
            SqlExpr::Decimal(digits) => self.out.push_str(&self.d.decimal_literal(digits)),
            SqlExpr::Bool(b) => self.out.push_str(if *b { "TRUE" } else { "FALSE" }),
            SqlExpr::Date(date) => {
                let _ = write!(self.out, "DATE '{date}'");
            }
            SqlExpr::Null => self.out.push_str("NULL"),
            SqlExpr::Keyword(k) => self.out.push_str(k),
            SqlExpr::EvaluationDate(default) => match self.as_of {
                None => self.expr(default, indent),
                Some(write_as_of) => {
                    let start = self.out.len();
                    self.expr(default, indent);
                    let default = self.out.split_off(start);
                    self.out.push_str(&write_as_of(&default));
                }
            },
            SqlExpr::Binary { op, left, right } => self.binary(op, left, right, indent),
            SqlExpr::And(parts) => self.junction("AND", parts, precedence(e), indent),
            SqlExpr::Or(parts) => self.junction("OR", parts, precedence(e), indent),
            SqlExpr::Not(inner) => {
                self.out.push_str("NOT ");
                self.wrapped(inner, 4, indent);
            }
            SqlExpr::Neg(inner) => {
                self.out.push_str("-(");
                self.expr(inner, indent);
                self.out.push(')');
            }
            SqlExpr::Func { name, args } => {
                self.push_all(&[name, "("]);
                self.list(args, indent);
                self.out.push(')');
            }
            SqlExpr::Cast { expr, ty } => {
                self.out.push_str("CAST(");
                self.expr(expr, indent);
                self.push_all(&[" AS ", ty, ")"]);
            }
            SqlExpr::IsNull { expr, negated } => {
                self.wrapped(expr, 5, indent);
                self.out
                    .push_str(if *negated { " IS NOT NULL" } else { " IS NULL" });
            }
            SqlExpr::InList {
                expr,
                items,
                negated,
            } => {
                self.wrapped(expr, 5, indent);
                self.out
                    .push_str(if *negated { " NOT IN (" } else { " IN (" });
                self.list(items, indent);
                self.out.push(')');
            }
            SqlExpr::Like {
                expr,
                pattern,
                escape,
            } => {
                self.wrapped(expr, 5, indent);
                self.out.push_str(" LIKE ");
                self.wrapped(pattern, 5, indent);
                if let Some(e) = escape {
                    self.out.push_str(" ESCAPE ");
                    self.d.write_string_literal(&mut self.out, e);
                }
            }
            SqlExpr::Case { whens, otherwise } => self.case(whens, otherwise.as_deref(), indent),
            SqlExpr::Interval { count, unit } => self.out.push_str(&self.d.interval(*count, *unit)),
            SqlExpr::IntervalOf { count, unit } => {
                self.out.push_str("INTERVAL ");
                self.wrapped(count, 7, indent);
                self.out.push_str(match unit {
                    IntervalUnit::Day => " DAY",
                    IntervalUnit::Month => " MONTH",
                });
            }
            SqlExpr::Extract { field, expr } => {
                let _ = write!(self.out, "EXTRACT({field} FROM ");
                self.expr(expr, indent);
                self.out.push(')');
            }
            SqlExpr::Collate { expr, collation } => {
                self.wrapped(expr, 8, indent);
                let _ = write!(self.out, " COLLATE {collation}");
            }
            SqlExpr::Agg(call) => self.agg(call, indent),
            SqlExpr::FirstElement(inner) => {
                let start = self.out.len();
                self.out.push('(');
                self.expr(inner, indent);
                self.out.push(')');
                let array = self.out.split_off(start);
                self.out.push_str(&self.d.first_element(&array));
            }
            SqlExpr::List(items) => {
                self.out.push('[');
                self.list(items, indent);
                self.out.push(']');
            }
            SqlExpr::Subscript { list, index } => {
                let bare = matches!(**list, SqlExpr::Column { .. } | SqlExpr::Subscript { .. });
                if !bare {
                    self.out.push('(');
                }
                self.expr(list, indent);
                self.out.push_str(if bare { "[" } else { ")[" });
                self.expr(index, indent);
                self.out.push(']');
            }
            SqlExpr::Window {
                name,
                args,
                partition_by,
                order_by,
                range_following,
            } => self.window(
                name,
                args,
                (partition_by, order_by),
                *range_following,
                indent,
            ),
        }
    }

    /// A child expression, parenthesised when it binds more loosely than `min` (its parent's
    /// strength, or one more on the right of a non-associative operator).
    fn wrapped(&mut self, x: &SqlExpr, min: u8, indent: &str) {
        if precedence(x) < min {
            self.out.push('(');
            self.expr(x, indent);
            self.out.push(')');
        } else {
            self.expr(x, indent);
        }
    }

    /// `left op right`.
    fn binary(&mut self, op: &str, left: &SqlExpr, right: &SqlExpr, indent: &str) {
        let own = binary_precedence(op);
        // Comparisons do not chain; `a - (b - c)` keeps its parentheses.
        let right_min = if own == 4 || matches!(op, "-" | "/") {
            own + 1
        } else {
            own
        };
        let left_min = if own == 4 { own + 1 } else { own };
        // Operators without a shared precedence table (`//`, `||`) get explicit parentheses.
        let (left_min, right_min) = if matches!(op, "//" | "||") {
            (7, 7)
        } else {
            (left_min, right_min)
        };
        self.wrapped(left, left_min, indent);
        self.push_all(&[" ", op, " "]);
        self.wrapped(right, right_min, indent);
    }

    /// `a AND b AND c` on one line, or one part per line when that line would pass the width.
    fn junction(&mut self, word: &str, parts: &[SqlExpr], own: u8, indent: &str) {
        let start = self.out.len();
        let mut ends = Vec::with_capacity(parts.len());
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                self.push_all(&[" ", word, " "]);
            }
            let part_start = self.out.len() - start;
            self.wrapped(part, own + 1, indent);
            ends.push((part_start, self.out.len() - start));
        }
        if self.out.len() - start + indent.len() <= LINE_WIDTH {
            return;
        }
        let one_line = self.out.split_off(start);
        for (i, &(from, to)) in ends.iter().enumerate() {
            if i > 0 {
                self.push_all(&["\n", indent, "  ", word, " "]);
            }
            self.out.push_str(&one_line[from..to]);
        }
    }

    /// `CASE WHEN … THEN … [ELSE …] END`, on one line when it fits the width.
    fn case(&mut self, whens: &[(SqlExpr, SqlExpr)], otherwise: Option<&SqlExpr>, indent: &str) {
        let start = self.out.len();
        self.out.push_str("CASE");
        for (w, t) in whens {
            self.out.push_str(" WHEN ");
            self.expr(w, indent);
            self.out.push_str(" THEN ");
            self.expr(t, indent);
        }
        if let Some(otherwise) = otherwise {
            self.out.push_str(" ELSE ");
            self.expr(otherwise, indent);
        }
        self.out.push_str(" END");
        let one_line = &self.out[start..];
        if one_line.len() + indent.len() <= LINE_WIDTH && !one_line.contains('\n') {
            return;
        }
        // One line per branch, conditions indented under their WHEN.
        self.out.truncate(start);
        let inner = format!("{indent}    ");
        self.out.push_str("CASE");
        for (w, t) in whens {
            self.push_all(&["\n", indent, "  WHEN "]);
            self.expr(w, &inner);
            self.push_all(&["\n", indent, "    THEN "]);
            self.expr(t, &inner);
        }
        if let Some(otherwise) = otherwise {
            self.push_all(&["\n", indent, "  ELSE "]);
            self.expr(otherwise, &inner);
        }
        self.push_all(&["\n", indent, "END"]);
    }

    /// An aggregate call with its optional parts.
    fn agg(&mut self, call: &AggCall, indent: &str) {
        let _ = write!(self.out, "{}(", call.name);
        if call.distinct {
            self.out.push_str("DISTINCT ");
        }
        if call.args.is_empty() {
            self.out.push('*');
        } else {
            self.list(&call.args, indent);
        }
        if call.ignore_nulls {
            self.out.push_str(" IGNORE NULLS");
        }
        if !call.order_by.is_empty() {
            self.out.push_str(" ORDER BY ");
            self.sort_keys(&call.order_by, "", indent);
        }
        if let Some(n) = call.limit {
            let _ = write!(self.out, " LIMIT {n}");
        }
        self.out.push(')');
        if let Some(f) = &call.filter {
            self.out.push_str(" FILTER (WHERE ");
            self.expr(f, indent);
            self.out.push(')');
        }
    }

    /// `key ASC, key DESC …`, each direction followed by `after`.
    fn sort_keys(&mut self, keys: &[(SqlExpr, bool)], after: &str, indent: &str) {
        for (i, (key, desc)) in keys.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.expr(key, indent);
            self.out.push_str(if *desc { " DESC" } else { " ASC" });
            self.out.push_str(after);
        }
    }

    /// `name(args) OVER (ORDER BY …)`, missing values last.
    fn window(
        &mut self,
        name: &str,
        args: &[SqlExpr],
        (partition_by, order_by): (&[SqlExpr], &[(SqlExpr, bool)]),
        range_following: Option<i64>,
        indent: &str,
    ) {
        self.push_all(&[name, "("]);
        self.list(args, indent);
        self.out.push_str(") OVER (");
        if !partition_by.is_empty() {
            self.out.push_str("PARTITION BY ");
            self.list(partition_by, indent);
            if !order_by.is_empty() {
                self.out.push(' ');
            }
        }
        if !order_by.is_empty() {
            self.out.push_str("ORDER BY ");
            self.sort_keys(order_by, self.d.nulls_last(), indent);
        }
        if let Some(k) = range_following {
            self.out.push_str(" RANGE BETWEEN CURRENT ROW AND ");
            self.out.push_str(&k.to_string());
            self.out.push_str(" FOLLOWING");
        }
        self.out.push(')');
    }
}

/// Binding strength, loosest first: OR, AND, NOT, comparisons, `+ -`, `* /`, atoms.
fn precedence(e: &SqlExpr) -> u8 {
    match e {
        SqlExpr::Or(_) => 1,
        SqlExpr::And(_) => 2,
        SqlExpr::Not(_) => 3,
        SqlExpr::IsNull { .. } | SqlExpr::InList { .. } | SqlExpr::Like { .. } => 4,
        SqlExpr::Binary { op, .. } => binary_precedence(op),
        _ => 7,
    }
}

/// The strength of a binary operator: `+ -`, `* /`, else that of a comparison.
fn binary_precedence(op: &str) -> u8 {
    match op {
        "+" | "-" => 5,
        "*" | "/" => 6,
        _ => 4,
    }
}
