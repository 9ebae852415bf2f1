//! A small SQL tree, built from the plan and printed once (`print.rs`). Identifiers and literals
//! are kept as data until printing, where the dialect quotes and escapes them: no user text is
//! ever spliced in raw.

use crate::value::Date;

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
    /// The statement's evaluation date: the expression inside, unless the printer's
    /// [`Naming`](super::print::Naming) writes it another way (a dbt variable with it as the
    /// default, say). Only the evaluation CTE holds one.
    EvaluationDate(Box<SqlExpr>),
    Binary {
        op: &'static str,
        left: Box<SqlExpr>,
        right: Box<SqlExpr>,
    },
    And(Vec<SqlExpr>),
    Or(Vec<SqlExpr>),
    Not(Box<SqlExpr>),
    /// `-(x)`: always bracketed, so that `-` never meets another `-` (`--` opens a comment).
    Neg(Box<SqlExpr>),
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
    /// `INTERVAL expr DAY` with a computed count, for dialects whose intervals take a unit
    /// keyword (BigQuery's `DATE_ADD`); constant counts use `Interval`.
    IntervalOf {
        count: Box<SqlExpr>,
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
    /// `name(args) OVER ([PARTITION BY …] ORDER BY key [DESC] NULLS LAST, ... [RANGE BETWEEN
    /// CURRENT ROW AND k FOLLOWING])`: a window over the whole result or its partitions; the
    /// dialect leaves out `NULLS LAST` where missing values always sort last.
    Window {
        name: &'static str,
        args: Vec<SqlExpr>,
        partition_by: Vec<SqlExpr>,
        /// Keys, `true` for descending; missing values always sort last.
        order_by: Vec<(SqlExpr, bool)>,
        /// A frame from the current row (and its peers) to the rows whose one whole-number
        /// ordering key is at most `k` more; `None` for the default frame.
        range_following: Option<i64>,
    },
    /// The first element of an array, with the dialect's subscript (`[1]`).
    FirstElement(Box<SqlExpr>),
    /// `[a, b, …]`: a list constant, for dialects with list types (the compiler's zone offsets).
    List(Vec<SqlExpr>),
    /// `list[index]`, counting from one; out of range is NULL (DuckDB lists).
    Subscript {
        list: Box<SqlExpr>,
        index: Box<SqlExpr>,
    },
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
    /// A facts table's rows with their parent rows: a row without one is dropped.
    Inner,
}

/// A named common table expression: one select, or several joined by `UNION ALL`.
#[derive(Debug, Clone)]
pub struct Cte {
    pub name: String,
    pub comments: Vec<String>,
    pub body: Vec<Select>,
    /// Computed once as written, a fence to the planner: printed `AS MATERIALIZED` where the
    /// dialect has it (`Dialect::materialized_ctes`).
    pub materialized: bool,
}

/// A whole statement: CTEs, then one or more selects joined by `UNION ALL`.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub header: Vec<String>,
    pub ctes: Vec<Cte>,
    pub body: Vec<Select>,
}
