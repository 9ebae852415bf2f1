//! Printing the SQL tree for one dialect: the only place text is produced, with identifiers
//! quoted and literals escaped by the dialect's spellings, and long conditions broken into lines.

use super::dialect::Dialect;
use super::tree::{AggCall, IntervalUnit, JoinKind, Query, Select, SqlExpr};
use std::fmt::Write;

/// Prints a query for a dialect.
pub fn print_query(query: &Query, d: &Dialect) -> String {
    let mut out = String::new();
    for line in &query.header {
        comment_line(&mut out, "", line);
    }
    if !query.ctes.is_empty() {
        out.push_str("WITH\n");
        for (i, cte) in query.ctes.iter().enumerate() {
            for line in &cte.comments {
                comment_line(&mut out, "", line);
            }
            let fence = match cte.materialized && d.materialized_ctes {
                true => " MATERIALIZED",
                false => "",
            };
            let _ = writeln!(out, "{} AS{fence} (", d.quote_ident(&cte.name));
            for (j, select) in cte.body.iter().enumerate() {
                if j > 0 {
                    out.push_str("  UNION ALL\n");
                }
                print_select(&mut out, select, d, "  ");
            }
            out.push(')');
            if i + 1 < query.ctes.len() {
                out.push(',');
            }
            out.push('\n');
        }
    }
    for (i, select) in query.body.iter().enumerate() {
        if i > 0 {
            out.push_str("UNION ALL\n");
        }
        print_select(&mut out, select, d, "");
    }
    let trimmed = out.trim_end().to_string();
    trimmed + ";\n"
}

/// `-- line`, one comment line per line of `line`.
fn comment_line(out: &mut String, indent: &str, line: &str) {
    // A newline in user text (a doc comment) must not end the comment and start SQL.
    for part in line.split(['\n', '\r']) {
        let _ = writeln!(out, "{indent}-- {}", part.trim_end());
    }
}

/// One `SELECT` at `indent`.
fn print_select(out: &mut String, s: &Select, d: &Dialect, indent: &str) {
    for line in &s.comments {
        comment_line(out, indent, line);
    }
    let _ = writeln!(out, "{indent}SELECT");
    let inner = format!("{indent}  ");
    for (i, item) in s.items.iter().enumerate() {
        if let Some(c) = &item.comment {
            comment_line(out, &inner, c);
        }
        let expr = print_expr(&item.expr, d, &inner);
        let alias = item
            .alias
            .as_ref()
            .map(|a| format!(" AS {}", d.quote_ident(a)))
            .unwrap_or_default();
        let comma = if i + 1 < s.items.len() { "," } else { "" };
        let _ = writeln!(out, "{inner}{expr}{alias}{comma}");
    }
    if let Some((table, alias)) = &s.from {
        let _ = writeln!(
            out,
            "{indent}FROM {} AS {}",
            table_name(table, d),
            d.quote_ident(alias)
        );
    }
    for j in &s.joins {
        let kind = match j.kind {
            JoinKind::Cross => "CROSS JOIN",
            JoinKind::Left => "LEFT JOIN",
        };
        let _ = write!(
            out,
            "{indent}{kind} {} AS {}",
            table_name(&j.table, d),
            d.quote_ident(&j.alias)
        );
        if let Some(on) = &j.on {
            let _ = write!(out, "\n{indent}  ON {}", print_expr(on, d, &inner));
        }
        out.push('\n');
    }
    if let Some(f) = &s.filter {
        let _ = writeln!(out, "{indent}WHERE {}", print_expr(f, d, indent));
    }
    if !s.group_by.is_empty() {
        let keys: Vec<String> = s
            .group_by
            .iter()
            .map(|e| print_expr(e, d, indent))
            .collect();
        let _ = writeln!(out, "{indent}GROUP BY {}", keys.join(", "));
    }
}

/// A dotted table name, each part quoted as needed.
fn table_name(parts: &[String], d: &Dialect) -> String {
    parts
        .iter()
        .map(|p| d.quote_ident(p))
        .collect::<Vec<_>>()
        .join(".")
}

/// Prints an expression; `indent` is the indentation of the line it starts on, for long `AND`s.
pub fn print_expr(e: &SqlExpr, d: &Dialect, indent: &str) -> String {
    let sub = |x: &SqlExpr| print_expr(x, d, indent);
    let wrap = |x: &SqlExpr, min: u8| wrap(x, min, d, indent);
    match e {
        SqlExpr::Column { table, name } => match table {
            Some(t) => format!("{}.{}", d.quote_ident(t), d.quote_ident(name)),
            None => d.quote_ident(name),
        },
        SqlExpr::Str(s) => d.string_literal(s),
        SqlExpr::Int(i) => i.to_string(),
        SqlExpr::Decimal(digits) => d.decimal_literal(digits),
        SqlExpr::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        SqlExpr::Date(date) => format!("DATE '{date}'"),
        SqlExpr::Null => "NULL".to_string(),
        SqlExpr::Keyword(k) => k.to_string(),
        SqlExpr::Binary { op, left, right } => print_binary(op, left, right, d, indent),
        SqlExpr::And(parts) => print_junction("AND", parts, precedence(e), d, indent),
        SqlExpr::Or(parts) => print_junction("OR", parts, precedence(e), d, indent),
        SqlExpr::Not(inner) => format!("NOT {}", wrap(inner, 4)),
        SqlExpr::Neg(inner) => format!("-({})", sub(inner)),
        SqlExpr::Func { name, args } => {
            let args: Vec<String> = args.iter().map(sub).collect();
            format!("{name}({})", args.join(", "))
        }
        SqlExpr::Cast { expr, ty } => format!("CAST({} AS {ty})", sub(expr)),
        SqlExpr::IsNull { expr, negated } => {
            let not = if *negated { " NOT" } else { "" };
            format!("{} IS{not} NULL", wrap(expr, 5))
        }
        SqlExpr::InList {
            expr,
            items,
            negated,
        } => {
            let not = if *negated { " NOT" } else { "" };
            let items: Vec<String> = items.iter().map(sub).collect();
            format!("{}{not} IN ({})", wrap(expr, 5), items.join(", "))
        }
        SqlExpr::Like {
            expr,
            pattern,
            escape,
        } => {
            let escape = escape
                .map(|e| format!(" ESCAPE {}", d.string_literal(e)))
                .unwrap_or_default();
            format!("{} LIKE {}{escape}", wrap(expr, 5), wrap(pattern, 5))
        }
        SqlExpr::Case { whens, otherwise } => print_case(whens, otherwise.as_deref(), d, indent),
        SqlExpr::Interval { count, unit } => d.interval(*count, *unit),
        SqlExpr::IntervalOf { count, unit } => {
            let unit = match unit {
                IntervalUnit::Day => "DAY",
                IntervalUnit::Month => "MONTH",
            };
            format!("INTERVAL {} {unit}", wrap(count, 7))
        }
        SqlExpr::Extract { field, expr } => format!("EXTRACT({field} FROM {})", sub(expr)),
        SqlExpr::Collate { expr, collation } => {
            format!("{} COLLATE {collation}", wrap(expr, 8))
        }
        SqlExpr::Agg(call) => print_agg(call, d, indent),
        SqlExpr::FirstElement(inner) => d.first_element(&format!("({})", sub(inner))),
        SqlExpr::List(items) => {
            let items: Vec<String> = items.iter().map(sub).collect();
            format!("[{}]", items.join(", "))
        }
        SqlExpr::Subscript { list, index } => match **list {
            SqlExpr::Column { .. } | SqlExpr::Subscript { .. } => {
                format!("{}[{}]", sub(list), sub(index))
            }
            _ => format!("({})[{}]", sub(list), sub(index)),
        },
        SqlExpr::Window {
            name,
            args,
            order_by,
        } => print_window(name, args, order_by, d, indent),
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

/// A child expression, parenthesised when it binds more loosely than `min` (its parent's
/// strength, or one more on the right of a non-associative operator).
fn wrap(x: &SqlExpr, min: u8, d: &Dialect, indent: &str) -> String {
    if precedence(x) < min {
        format!("({})", print_expr(x, d, indent))
    } else {
        print_expr(x, d, indent)
    }
}

/// `left op right`.
fn print_binary(op: &str, left: &SqlExpr, right: &SqlExpr, d: &Dialect, indent: &str) -> String {
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
    format!(
        "{} {op} {}",
        wrap(left, left_min, d, indent),
        wrap(right, right_min, d, indent)
    )
}

/// `a AND b AND c` on one line, or one part per line when that line would pass 100 characters.
fn print_junction(word: &str, parts: &[SqlExpr], own: u8, d: &Dialect, indent: &str) -> String {
    let printed: Vec<String> = parts.iter().map(|p| wrap(p, own + 1, d, indent)).collect();
    let one_line = printed.join(&format!(" {word} "));
    if one_line.len() + indent.len() <= 100 {
        one_line
    } else {
        let sep = format!("\n{indent}  {word} ");
        printed.join(&sep)
    }
}

/// `CASE WHEN … THEN … [ELSE …] END`, on one line when it fits in 100 characters.
fn print_case(
    whens: &[(SqlExpr, SqlExpr)],
    otherwise: Option<&SqlExpr>,
    d: &Dialect,
    indent: &str,
) -> String {
    let sub = |x: &SqlExpr| print_expr(x, d, indent);
    let mut s = "CASE".to_string();
    for (w, t) in whens {
        let _ = write!(s, " WHEN {} THEN {}", sub(w), sub(t));
    }
    if let Some(otherwise) = otherwise {
        let _ = write!(s, " ELSE {}", sub(otherwise));
    }
    s.push_str(" END");
    if s.len() + indent.len() <= 100 && !s.contains('\n') {
        return s;
    }
    // One line per branch, conditions indented under their WHEN.
    let inner = format!("{indent}    ");
    let mut s = "CASE".to_string();
    for (w, t) in whens {
        let cond = print_expr(w, d, &inner);
        let _ = write!(
            s,
            "\n{indent}  WHEN {cond}\n{indent}    THEN {}",
            print_expr(t, d, &inner)
        );
    }
    if let Some(otherwise) = otherwise {
        let _ = write!(s, "\n{indent}  ELSE {}", print_expr(otherwise, d, &inner));
    }
    let _ = write!(s, "\n{indent}END");
    s
}

/// An aggregate call with its optional parts.
fn print_agg(call: &AggCall, d: &Dialect, indent: &str) -> String {
    let sub = |x: &SqlExpr| print_expr(x, d, indent);
    let mut s = format!("{}(", call.name);
    if call.distinct {
        s.push_str("DISTINCT ");
    }
    if call.args.is_empty() {
        s.push('*');
    } else {
        let args: Vec<String> = call.args.iter().map(sub).collect();
        s.push_str(&args.join(", "));
    }
    if call.ignore_nulls {
        s.push_str(" IGNORE NULLS");
    }
    if !call.order_by.is_empty() {
        let keys: Vec<String> = call
            .order_by
            .iter()
            .map(|(k, desc)| format!("{} {}", sub(k), if *desc { "DESC" } else { "ASC" }))
            .collect();
        let _ = write!(s, " ORDER BY {}", keys.join(", "));
    }
    if let Some(n) = call.limit {
        let _ = write!(s, " LIMIT {n}");
    }
    s.push(')');
    if let Some(f) = &call.filter {
        let _ = write!(s, " FILTER (WHERE {})", sub(f));
    }
    s
}

/// `name(args) OVER (ORDER BY …)`, missing values last.
fn print_window(
    name: &str,
    args: &[SqlExpr],
    order_by: &[(SqlExpr, bool)],
    d: &Dialect,
    indent: &str,
) -> String {
    let sub = |x: &SqlExpr| print_expr(x, d, indent);
    let args: Vec<String> = args.iter().map(sub).collect();
    let keys: Vec<String> = order_by
        .iter()
        .map(|(k, desc)| {
            format!(
                "{} {}{}",
                sub(k),
                if *desc { "DESC" } else { "ASC" },
                d.nulls_last()
            )
        })
        .collect();
    let order = if keys.is_empty() {
        String::new()
    } else {
        format!("ORDER BY {}", keys.join(", "))
    };
    format!("{name}({}) OVER ({order})", args.join(", "))
}
