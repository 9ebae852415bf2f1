//! A small SQL tree, built from the plan and printed once. Identifiers and literals are kept as data
//! until printing, where the dialect quotes and escapes them: no user text is ever spliced in raw.

use super::dialect::Dialect;
use crate::value::Date;
use std::fmt::Write;

/// An SQL expression.
#[derive(Debug, Clone, PartialEq)]
pub enum SqlExpr {
    Column {
        table: Option<String>,
        name: String,
    },
    Str(String),
    Int(i64),
    /// Exact decimal digits.
    Decimal(String),
    Bool(bool),
    Date(Date),
    Null,
    /// A fixed keyword such as `CURRENT_DATE`; never user text.
    Keyword(&'static str),
    Binary {
        op: &'static str,
        left: Box<SqlExpr>,
        right: Box<SqlExpr>,
    },
    And(Vec<SqlExpr>),
    Or(Vec<SqlExpr>),
    Not(Box<SqlExpr>),
    Func {
        name: &'static str,
        args: Vec<SqlExpr>,
    },
    Cast {
        expr: Box<SqlExpr>,
        ty: &'static str,
    },
    IsNull {
        expr: Box<SqlExpr>,
        negated: bool,
    },
    InList {
        expr: Box<SqlExpr>,
        items: Vec<SqlExpr>,
        negated: bool,
    },
    Like {
        expr: Box<SqlExpr>,
        pattern: Box<SqlExpr>,
        escape: Option<&'static str>,
    },
    /// `CASE WHEN … THEN … [ELSE …] END`; without `otherwise`, no branch gives NULL.
    Case {
        whens: Vec<(SqlExpr, SqlExpr)>,
        otherwise: Option<Box<SqlExpr>>,
    },
    /// `INTERVAL n UNIT`, printed by the dialect.
    Interval {
        count: i64,
        unit: IntervalUnit,
    },
    Extract {
        field: &'static str,
        expr: Box<SqlExpr>,
    },
    /// `expr COLLATE collation`, the collation as the dialect writes it.
    Collate {
        expr: Box<SqlExpr>,
        collation: &'static str,
    },
    /// An aggregate call with the optional parts dialects use.
    Agg(Box<AggCall>),
    /// `name(args) OVER (ORDER BY key [DESC] NULLS LAST, ...)`: a window over the whole result;
    /// the dialect leaves out `NULLS LAST` where missing values always sort last.
    Window {
        name: &'static str,
        args: Vec<SqlExpr>,
        /// Keys, `true` for descending; missing values always sort last.
        order_by: Vec<(SqlExpr, bool)>,
    },
    /// The first element of an array, with the dialect's subscript (`[1]`).
    FirstElement(Box<SqlExpr>),
}

/// Calendar units of intervals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntervalUnit {
    Day,
    Month,
}

/// An aggregate function call.
#[derive(Debug, Clone, PartialEq)]
pub struct AggCall {
    pub name: &'static str,
    pub distinct: bool,
    /// No arguments prints `*`.
    pub args: Vec<SqlExpr>,
    pub ignore_nulls: bool,
    pub order_by: Vec<(SqlExpr, bool)>,
    pub limit: Option<u32>,
    pub filter: Option<SqlExpr>,
}

impl AggCall {
    /// A plain call `name(args)`.
    pub fn new(name: &'static str, args: Vec<SqlExpr>) -> AggCall {
        AggCall {
            name,
            distinct: false,
            args,
            ignore_nulls: false,
            order_by: Vec::new(),
            limit: None,
            filter: None,
        }
    }
}

impl SqlExpr {
    /// `table.name`.
    pub fn col(table: &str, name: &str) -> SqlExpr {
        SqlExpr::Column {
            table: Some(table.to_string()),
            name: name.to_string(),
        }
    }

    /// `left op right`.
    pub fn binary(op: &'static str, left: SqlExpr, right: SqlExpr) -> SqlExpr {
        SqlExpr::Binary {
            op,
            left: Box::new(left),
            right: Box::new(right),
        }
    }

    /// `name(args)`.
    pub fn func(name: &'static str, args: Vec<SqlExpr>) -> SqlExpr {
        SqlExpr::Func { name, args }
    }

    /// `CAST(expr AS ty)`.
    pub fn cast(expr: SqlExpr, ty: &'static str) -> SqlExpr {
        SqlExpr::Cast {
            expr: Box::new(expr),
            ty,
        }
    }

    /// Binding strength, loosest first: OR, AND, NOT, comparisons, `+ -`, `* /`, atoms.
    fn precedence(&self) -> u8 {
        match self {
            SqlExpr::Or(_) => 1,
            SqlExpr::And(_) => 2,
            SqlExpr::Not(_) => 3,
            SqlExpr::IsNull { .. } | SqlExpr::InList { .. } | SqlExpr::Like { .. } => 4,
            SqlExpr::Binary { op, .. } => match *op {
                "+" | "-" => 5,
                "*" | "/" => 6,
                _ => 4,
            },
            _ => 7,
        }
    }
}

/// One `SELECT`.
#[derive(Debug, Clone, Default)]
pub struct Select {
    /// Lines of `--` comment printed above the statement.
    pub comments: Vec<String>,
    pub items: Vec<SelectItem>,
    pub from: Option<(Vec<String>, String)>,
    pub joins: Vec<Join>,
    pub filter: Option<SqlExpr>,
    pub group_by: Vec<SqlExpr>,
}

/// An output column with optional alias and comment line.
#[derive(Debug, Clone)]
pub struct SelectItem {
    pub expr: SqlExpr,
    pub alias: Option<String>,
    pub comment: Option<String>,
}

/// A join: `CROSS JOIN t AS a` or `LEFT JOIN t AS a ON cond`.
#[derive(Debug, Clone)]
pub struct Join {
    pub kind: JoinKind,
    pub table: Vec<String>,
    pub alias: String,
    pub on: Option<SqlExpr>,
}

/// Join kinds used by seglang.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinKind {
    Cross,
    Left,
}

/// A named common table expression: one select, or several joined by `UNION ALL`.
#[derive(Debug, Clone)]
pub struct Cte {
    pub name: String,
    pub comments: Vec<String>,
    pub body: Vec<Select>,
}

/// A whole statement: CTEs, then one or more selects joined by `UNION ALL`.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub header: Vec<String>,
    pub ctes: Vec<Cte>,
    pub body: Vec<Select>,
}

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
            let _ = writeln!(out, "{} AS (", d.quote_ident(&cte.name));
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

fn comment_line(out: &mut String, indent: &str, line: &str) {
    // A newline in user text (a doc comment) must not end the comment and start SQL.
    for part in line.split(['\n', '\r']) {
        let _ = writeln!(out, "{indent}-- {}", part.trim_end());
    }
}

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
    // Children binding more loosely than their parent (or as loosely, on the right of a
    // non-associative operator) are parenthesised.
    let wrap = |x: &SqlExpr, min: u8| {
        if x.precedence() < min {
            format!("({})", print_expr(x, d, indent))
        } else {
            print_expr(x, d, indent)
        }
    };
    let own = e.precedence();
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
        SqlExpr::Binary { op, left, right } => {
            // Comparisons do not chain; `a - (b - c)` keeps its parentheses.
            let right_min = if own == 4 || matches!(*op, "-" | "/") {
                own + 1
            } else {
                own
            };
            let left_min = if own == 4 { own + 1 } else { own };
            // Operators without a shared precedence table (`//`, `||`) get explicit parentheses.
            let (left_min, right_min) = if matches!(*op, "//" | "||") {
                (7, 7)
            } else {
                (left_min, right_min)
            };
            format!("{} {op} {}", wrap(left, left_min), wrap(right, right_min))
        }
        SqlExpr::And(parts) | SqlExpr::Or(parts) => {
            let word = if matches!(e, SqlExpr::And(_)) {
                "AND"
            } else {
                "OR"
            };
            let printed: Vec<String> = parts.iter().map(|p| wrap(p, own + 1)).collect();
            let one_line = printed.join(&format!(" {word} "));
            if one_line.len() + indent.len() <= 100 {
                one_line
            } else {
                let sep = format!("\n{indent}  {word} ");
                printed.join(&sep)
            }
        }
        SqlExpr::Not(inner) => format!("NOT {}", wrap(inner, 4)),
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
        SqlExpr::Case { whens, otherwise } => {
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
        SqlExpr::Interval { count, unit } => d.interval(*count, *unit),
        SqlExpr::Extract { field, expr } => format!("EXTRACT({field} FROM {})", sub(expr)),
        SqlExpr::Collate { expr, collation } => {
            format!("{} COLLATE {collation}", wrap(expr, 8))
        }
        SqlExpr::Agg(call) => {
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
        SqlExpr::FirstElement(inner) => d.first_element(&format!("({})", sub(inner))),
        SqlExpr::Window {
            name,
            args,
            order_by,
        } => {
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
    }
}
