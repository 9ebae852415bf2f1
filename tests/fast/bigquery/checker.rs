//! The walk: types one parsed BigQuery statement (queries, CTEs, `SELECT`s, joins, identifiers
//! and columns) and records every call for [`super::calls`] to check against the signatures.

use super::lexical::{called_words, tokens};
use super::signatures::is_reserved;
use super::types::{base_tables, coerces, supertype, Columns, Ty};
use seglang::check::typed::Program;
use sqlparser::ast::{
    Expr, GroupByExpr, Ident, JoinConstraint, JoinOperator, ObjectNamePart, Query, Select,
    SelectItem, SetExpr, SetOperator, SetQuantifier, Statement, TableFactor,
};
use sqlparser::dialect::BigQueryDialect;
use sqlparser::parser::Parser;
use std::collections::BTreeMap;

/// A function call met in a statement.
#[derive(Debug, Clone)]
pub(super) struct Call {
    pub(super) name: String,
    pub(super) args: Vec<Expr>,
}

/// Tables in scope of a `SELECT`, by lower-case alias.
pub(super) type Scope = BTreeMap<String, Columns>;

/// Types one statement and checks every call against [`SIGNATURES`].
pub(super) struct Checker<'a> {
    tables: &'a BTreeMap<Vec<String>, Columns>,
    ctes: BTreeMap<String, Columns>,
    pub(super) calls: Vec<Call>,
    pub(super) problems: Vec<String>,
}

impl<'a> Checker<'a> {
    fn new(tables: &'a BTreeMap<Vec<String>, Columns>) -> Self {
        Checker {
            tables,
            ctes: BTreeMap::new(),
            calls: Vec::new(),
            problems: Vec::new(),
        }
    }

    pub(super) fn problem(&mut self, text: String) {
        self.problems.push(text);
    }

    fn statement(&mut self, st: &Statement) {
        match st {
            Statement::Query(q) => {
                self.query(q);
            }
            other => self.problem(format!("not a query: {other}")),
        }
    }

    fn query(&mut self, q: &Query) -> Vec<(String, Ty)> {
        if q.order_by.is_some()
            || q.limit_clause.is_some()
            || q.fetch.is_some()
            || !q.pipe_operators.is_empty()
        {
            self.problem(format!("a query clause this check does not walk: {q}"));
        }
        if let Some(with) = &q.with {
            if with.recursive {
                self.problem("WITH RECURSIVE".into());
            }
            for cte in &with.cte_tables {
                self.ident(&cte.alias.name);
                let columns = self.query(&cte.query);
                let mut map = Columns::new();
                for (name, ty) in columns {
                    if map.insert(name.to_lowercase(), ty).is_some() {
                        self.problem(format!(
                            "CTE {} has two columns named {name}",
                            cte.alias.name.value
                        ));
                    }
                }
                self.ctes.insert(cte.alias.name.value.to_lowercase(), map);
            }
        }
        self.set_expr(&q.body)
    }

    fn set_expr(&mut self, s: &SetExpr) -> Vec<(String, Ty)> {
        match s {
            SetExpr::Select(select) => self.select(select),
            SetExpr::Query(q) => self.query(q),
            SetExpr::SetOperation {
                left,
                op: SetOperator::Union,
                set_quantifier: SetQuantifier::All,
                right,
            } => {
                let (l, r) = (self.set_expr(left), self.set_expr(right));
                if l.len() != r.len() {
                    self.problem(format!("UNION ALL of {} and {} columns", l.len(), r.len()));
                }
                let mut out = Vec::new();
                for ((name, a), (_, b)) in l.into_iter().zip(r) {
                    let ty = supertype(&a, &b).unwrap_or_else(|| {
                        self.problem(format!(
                            "UNION ALL column {name}: {} and {} have no common supertype",
                            a.name(),
                            b.name()
                        ));
                        Ty::Error
                    });
                    out.push((name, ty));
                }
                out
            }
            SetExpr::SetOperation {
                op, set_quantifier, ..
            } => {
                self.problem(format!(
                    "set operation {op} {set_quantifier}: BigQuery needs UNION ALL or UNION \
                     DISTINCT (query-syntax: a bare UNION is an error)"
                ));
                Vec::new()
            }
            other => {
                self.problem(format!("a query body this check does not walk: {other}"));
                Vec::new()
            }
        }
    }

    fn select(&mut self, s: &Select) -> Vec<(String, Ty)> {
        if s.distinct.is_some()
            || s.having.is_some()
            || s.qualify.is_some()
            || s.top.is_some()
            || s.into.is_some()
            || s.prewhere.is_some()
            || s.exclude.is_some()
            || !s.lateral_views.is_empty()
            || !s.named_window.is_empty()
            || !s.sort_by.is_empty()
            || !s.cluster_by.is_empty()
            || !s.distribute_by.is_empty()
            || !s.connect_by.is_empty()
        {
            self.problem(format!("a SELECT clause this check does not walk: {s}"));
        }
        let mut scope = Scope::new();
        if s.from.len() > 1 {
            self.problem("comma-separated FROM items".into());
        }
        for from in &s.from {
            self.relation(&from.relation, &mut scope);
            for join in &from.joins {
                self.relation(&join.relation, &mut scope);
                match &join.join_operator {
                    JoinOperator::CrossJoin(JoinConstraint::None) => {}
                    JoinOperator::Left(JoinConstraint::On(on))
                    | JoinOperator::LeftOuter(JoinConstraint::On(on)) => {
                        self.expect(on, &Ty::Bool, &scope, "LEFT JOIN ... ON")
                    }
                    JoinOperator::Join(JoinConstraint::On(on))
                    | JoinOperator::Inner(JoinConstraint::On(on)) => {
                        self.expect(on, &Ty::Bool, &scope, "JOIN ... ON")
                    }
                    other => self.problem(format!("a join this check does not walk: {other:?}")),
                }
            }
        }
        if let Some(filter) = &s.selection {
            self.expect(filter, &Ty::Bool, &scope, "WHERE");
        }
        match &s.group_by {
            GroupByExpr::Expressions(keys, modifiers) => {
                if !modifiers.is_empty() {
                    self.problem("GROUP BY modifiers".into());
                }
                for key in keys {
                    self.expr(key, &scope);
                }
            }
            other => self.problem(format!("GROUP BY form: {other}")),
        }
        let mut columns = Vec::new();
        for item in &s.projection {
            match item {
                SelectItem::ExprWithAlias { expr, alias } => {
                    self.ident(alias);
                    let ty = self.expr(expr, &scope);
                    columns.push((alias.value.clone(), ty));
                }
                SelectItem::UnnamedExpr(expr) => {
                    let name = match expr {
                        Expr::CompoundIdentifier(parts) => {
                            parts.last().map(|p| p.value.clone()).unwrap_or_default()
                        }
                        _ => String::new(),
                    };
                    let ty = self.expr(expr, &scope);
                    columns.push((name, ty));
                }
                other => {
                    self.problem(format!("select item this check does not walk: {other}"));
                    columns.push((String::new(), Ty::Error));
                }
            }
        }
        columns
    }

    fn relation(&mut self, relation: &TableFactor, scope: &mut Scope) {
        let TableFactor::Table {
            name, alias, args, ..
        } = relation
        else {
            self.problem(format!("a FROM item this check does not walk: {relation}"));
            return;
        };
        if args.is_some() {
            self.problem(format!("table function {relation}"));
        }
        let mut path = Vec::new();
        for part in &name.0 {
            match part {
                ObjectNamePart::Identifier(i) => {
                    self.ident(i);
                    path.push(i.value.clone());
                }
                other => self.problem(format!("table name part {other}")),
            }
        }
        let cte = match path.as_slice() {
            [one] => self.ctes.get(&one.to_lowercase()).cloned(),
            _ => None,
        };
        let columns = match cte.or_else(|| self.tables.get(&path).cloned()) {
            Some(c) => c,
            None => {
                self.problem(format!(
                    "table {} is neither a CTE nor a declared table",
                    path.join(".")
                ));
                Columns::new()
            }
        };
        let alias = match alias {
            Some(a) => {
                self.ident(&a.name);
                a.name.value.clone()
            }
            None => path.last().cloned().unwrap_or_default(),
        };
        scope.insert(alias.to_lowercase(), columns);
    }

    /// An identifier as written: backticks when quoted, a plain non-reserved name otherwise.
    pub(super) fn ident(&mut self, i: &Ident) {
        match i.quote_style {
            None => {
                let mut chars = i.value.chars();
                let plain = chars
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                    && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !plain {
                    self.problem(format!(
                        "unquoted identifier {} is not plain: lexical, \"Unquoted identifiers \
                         must begin with a letter or an underscore\" and continue with letters, \
                         numbers or underscores",
                        i.value
                    ));
                }
                if is_reserved(&i.value) {
                    self.problem(format!(
                        "identifier {} is a reserved keyword of BigQuery written without \
                         backticks: lexical, \"If an identifier is the same as a reserved \
                         keyword, the identifier must be quoted\"",
                        i.value
                    ));
                }
            }
            Some('`') => {}
            Some(q) => self.problem(format!(
                "identifier {} quoted with {q}: BigQuery quotes identifiers with backticks \
                 (lexical, \"Quoted identifiers must be enclosed by backtick characters\")",
                i.value
            )),
        }
    }

    pub(super) fn column(&mut self, parts: &[Ident], scope: &Scope) -> Ty {
        let [table, column] = parts else {
            self.problem(format!("column reference with {} parts", parts.len()));
            return Ty::Error;
        };
        let found = scope
            .get(&table.value.to_lowercase())
            .map(|cols| cols.get(&column.value.to_lowercase()).cloned());
        match found {
            Some(Some(ty)) => ty,
            Some(None) => {
                self.problem(format!("{} has no column {}", table.value, column.value));
                Ty::Error
            }
            None => {
                self.problem(format!("no table {} in scope", table.value));
                Ty::Error
            }
        }
    }

    pub(super) fn expect(&mut self, e: &Expr, want: &Ty, scope: &Scope, what: &str) {
        let ty = self.expr(e, scope);
        if !coerces(&ty, want) {
            self.problem(format!(
                "{what} must be {}, found {} in `{e}`",
                want.name(),
                ty.name()
            ));
        }
    }

    pub(super) fn unify(&mut self, a: Ty, b: Ty, what: &str) -> Ty {
        supertype(&a, &b).unwrap_or_else(|| {
            self.problem(format!(
                "{what}: {} and {} have no common supertype",
                a.name(),
                b.name()
            ));
            Ty::Error
        })
    }
}

/// The result of checking one statement.
pub(super) struct Checked {
    pub(super) calls: Vec<Call>,
    pub(super) problems: Vec<String>,
}

/// The longest statement BigQuery takes: quotas, "Query jobs", "Maximum unresolved GoogleSQL
/// query length: 1 MB" ("If your query is longer, you receive the following error: The query is
/// too large."). The page does not say whether a MB is 10^6 or 2^20 bytes: the smaller is taken.
const MAX_QUERY_BYTES: usize = 1_000_000;

/// Parses one BigQuery statement, types it, checks its calls, and cross-checks the calls found
/// by the walk with those found in the tokens.
pub(super) fn check(program: &Program, sql: &str) -> Checked {
    let tables = base_tables(program);
    let mut checker = Checker::new(&tables);
    if sql.len() > MAX_QUERY_BYTES {
        checker.problem(format!(
            "{} bytes: https://cloud.google.com/bigquery/quotas#query_jobs, an unresolved \
             GoogleSQL query can be up to 1 MB long, else \"The query is too large.\"",
            sql.len()
        ));
    }
    match Parser::parse_sql(&BigQueryDialect {}, sql) {
        Ok(statements) => {
            if statements.len() != 1 {
                checker.problem(format!("{} statements instead of one", statements.len()));
            }
            for st in &statements {
                checker.statement(st);
            }
        }
        Err(e) => checker.problem(format!("does not parse with BigQueryDialect: {e}")),
    }
    let mut walked: Vec<String> = checker.calls.iter().map(|c| c.name.clone()).collect();
    let mut scanned = called_words(&tokens(sql));
    walked.sort();
    scanned.sort();
    if walked != scanned {
        checker.problem(format!(
            "the AST walk found calls {walked:?} but the tokens show {scanned:?}"
        ));
    }
    Checked {
        calls: checker.calls,
        problems: checker.problems,
    }
}
