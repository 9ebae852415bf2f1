//! Scripts (`seg compile --emit view|table|merge`) checked statement by statement with the same
//! walk as queries: the membership tables' DDL, the staging tables, `INSERT … SELECT`, `MERGE`
//! and the transaction around them. Tables a statement creates are in scope for the next ones.
//!
//! Documentation facts encoded here:
//! - Transactions (`transactions`): `BEGIN TRANSACTION` … `COMMIT TRANSACTION`, not nested; in a
//!   transaction, "DDL statements that create or delete permanent entities, such as datasets,
//!   tables, and functions, are not supported", while `CREATE TEMP TABLE` is.
//! - Temporary tables (`multi-statement-queries`): "CREATE TEMP TABLE" names a table without a
//!   dataset.
//! - `INSERT [INTO] target_name [(column_1 [, ..., column_n])] query_statement` (`dml-syntax`):
//!   the query's columns, by position, must be coercible to the listed columns' types.
//! - `MERGE [INTO] target_name [[AS] alias] USING source_name ON merge_condition` with
//!   `WHEN MATCHED [AND search_condition] THEN {UPDATE SET … | DELETE}` and `WHEN NOT MATCHED
//!   [BY TARGET] [AND search_condition] THEN INSERT [(column_1 [, ..., column_n])] VALUES
//!   (expr_1 [, ..., expr_n])` (`dml-syntax`, MERGE statement); `UPDATE SET` names target columns.

use super::checker::{Checked, Checker, Scope};
use super::lexical::{called_words, tokens};
use super::types::{base_tables, coerces, Columns, Ty};
use seglang::check::typed::Program;
use sqlparser::ast::{
    AssignmentTarget, CreateTable, DataType, Insert, Merge, MergeAction, MergeClauseKind,
    MergeInsertKind, MergeUpdateKind, ObjectName, ObjectNamePart, Statement, TableFactor,
    TableObject,
};
use sqlparser::dialect::BigQueryDialect;
use sqlparser::parser::Parser;
use std::collections::{BTreeMap, BTreeSet};

/// Words before `(` in a script that are syntax, not calls: `INSERT (columns) VALUES (…)` in a
/// `MERGE`, `USING (subquery)`; a table's name before its column list is skipped too.
const SCRIPT_SYNTAX_BEFORE_PAREN: &[&str] = &["INSERT", "VALUES", "USING"];

type Tables = BTreeMap<Vec<String>, Columns>;

/// Parses a script, walks each statement, checks its calls, and cross-checks the calls found
/// by the walks with those found in the tokens.
pub(super) fn check_script(program: &Program, sql: &str) -> Checked {
    let mut tables = base_tables(program);
    let mut calls = Vec::new();
    let mut problems = Vec::new();
    let statements = match Parser::parse_sql(&BigQueryDialect {}, sql) {
        Ok(s) => s,
        Err(e) => {
            return Checked {
                calls,
                problems: vec![format!("does not parse with BigQueryDialect: {e}")],
            }
        }
    };
    let mut in_transaction = false;
    for st in &statements {
        let mut checker = Checker::new(&tables);
        let created = statement(&mut checker, &tables, st, &mut in_transaction);
        let head: String = st.to_string().chars().take(60).collect();
        problems.extend(
            checker
                .problems
                .into_iter()
                .map(|p| format!("{head}…: {p}")),
        );
        calls.extend(checker.calls);
        if let Some((path, columns)) = created {
            tables.insert(path, columns);
        }
    }
    if in_transaction {
        problems.push("a transaction is never committed".into());
    }
    let table_names: BTreeSet<String> = tables
        .keys()
        .filter_map(|path| path.last())
        .map(|name| name.to_uppercase())
        .collect();
    let mut walked: Vec<String> = calls.iter().map(|c| c.name.clone()).collect();
    let mut scanned: Vec<String> = called_words(&tokens(sql))
        .into_iter()
        .filter(|w| !SCRIPT_SYNTAX_BEFORE_PAREN.contains(&w.as_str()) && !table_names.contains(w))
        .collect();
    walked.sort();
    scanned.sort();
    if walked != scanned {
        problems.push(format!(
            "the AST walk found calls {walked:?} but the tokens show {scanned:?}"
        ));
    }
    Checked { calls, problems }
}

/// Walks one statement; the table it creates, if any, with its columns.
fn statement(
    c: &mut Checker,
    tables: &Tables,
    st: &Statement,
    in_transaction: &mut bool,
) -> Option<(Vec<String>, Columns)> {
    let permanent_ddl = |c: &mut Checker, in_transaction: bool| {
        if in_transaction {
            c.problem(
                "transactions: DDL statements that create permanent entities are not supported \
                 inside a transaction"
                    .into(),
            );
        }
    };
    match st {
        Statement::StartTransaction { .. } => {
            if *in_transaction {
                c.problem("transactions cannot be nested".into());
            }
            *in_transaction = true;
            None
        }
        Statement::Commit { .. } => {
            if !*in_transaction {
                c.problem("COMMIT TRANSACTION outside a transaction".into());
            }
            *in_transaction = false;
            None
        }
        Statement::CreateSchema {
            if_not_exists: true,
            ..
        } => {
            permanent_ddl(c, *in_transaction);
            None
        }
        Statement::CreateView(view) => {
            permanent_ddl(c, *in_transaction);
            path(c, &view.name);
            c.query(&view.query);
            None
        }
        Statement::CreateTable(table) => {
            if !table.temporary {
                permanent_ddl(c, *in_transaction);
            }
            create_table(c, table)
        }
        Statement::Query(q) => {
            c.query(q);
            None
        }
        Statement::Insert(insert) => {
            insert_into(c, tables, insert);
            None
        }
        Statement::Merge(merge) => {
            merge_into(c, tables, merge);
            None
        }
        other => {
            c.problem(format!("a statement this check does not walk: {other}"));
            None
        }
    }
}

/// The parts of a table name, each checked as an identifier.
fn path(c: &mut Checker, name: &ObjectName) -> Vec<String> {
    let mut out = Vec::new();
    for part in &name.0 {
        match part {
            ObjectNamePart::Identifier(i) => {
                c.ident(i);
                out.push(i.value.clone());
            }
            other => c.problem(format!("table name part {other}")),
        }
    }
    out
}

/// `CREATE [TEMP] TABLE name (columns)` or `… AS query`.
fn create_table(c: &mut Checker, table: &CreateTable) -> Option<(Vec<String>, Columns)> {
    let name = path(c, &table.name);
    if table.temporary && name.len() != 1 {
        c.problem(format!(
            "temporary table {} has a dataset: temporary tables are named alone",
            name.join(".")
        ));
    }
    let mut columns = Columns::new();
    match &table.query {
        Some(query) => {
            for (column, ty) in c.query(query) {
                if columns.insert(column.to_lowercase(), ty).is_some() {
                    c.problem(format!("two columns named {column}"));
                }
            }
        }
        None => {
            for column in &table.columns {
                c.ident(&column.name);
                let ty = match column.data_type {
                    DataType::String(None) => Ty::String,
                    DataType::Date => Ty::Date,
                    DataType::Int64 => Ty::Int64,
                    ref other => {
                        c.problem(format!("column type {other}"));
                        Ty::Error
                    }
                };
                columns.insert(column.name.value.to_lowercase(), ty);
            }
        }
    }
    Some((name, columns))
}

/// The columns of a declared or created table, or a problem.
fn table_columns(c: &mut Checker, tables: &Tables, name: &[String]) -> Columns {
    match tables.get(name) {
        Some(columns) => columns.clone(),
        None => {
            c.problem(format!("table {} was never created", name.join(".")));
            Columns::new()
        }
    }
}

/// The types of the listed columns of a table, in order.
fn listed(c: &mut Checker, columns: &Columns, names: &[ObjectName], table: &str) -> Vec<Ty> {
    names
        .iter()
        .map(|name| {
            let column = name.to_string().to_lowercase();
            columns.get(&column).cloned().unwrap_or_else(|| {
                c.problem(format!("{table} has no column {column}"));
                Ty::Error
            })
        })
        .collect()
}

/// `INSERT INTO table (columns) query`: as many columns as listed, each coercible.
fn insert_into(c: &mut Checker, tables: &Tables, insert: &Insert) {
    let TableObject::TableName(name) = &insert.table else {
        c.problem("INSERT into a table function".into());
        return;
    };
    let name = path(c, name);
    let columns = table_columns(c, tables, &name);
    let want = listed(c, &columns, &insert.columns, &name.join("."));
    let Some(source) = &insert.source else {
        c.problem("INSERT without a query".into());
        return;
    };
    let got = c.query(source);
    if got.len() != want.len() {
        c.problem(format!(
            "INSERT of {} values into {} columns",
            got.len(),
            want.len()
        ));
    }
    for ((column, ty), want) in got.iter().zip(&want) {
        if !coerces(ty, want) {
            c.problem(format!(
                "INSERT: {column} is {}, the column {}",
                ty.name(),
                want.name()
            ));
        }
    }
}

/// `MERGE target USING source ON … WHEN …`.
fn merge_into(c: &mut Checker, tables: &Tables, merge: &Merge) {
    let TableFactor::Table { name, alias, .. } = &merge.table else {
        c.problem("MERGE into something other than a table".into());
        return;
    };
    let name = path(c, name);
    let target_columns = table_columns(c, tables, &name);
    let target = alias.as_ref().map_or_else(
        || name.last().cloned().unwrap_or_default(),
        |a| a.name.value.clone(),
    );
    let mut source_scope = Scope::new();
    c.relation(&merge.source, &mut source_scope);
    let mut scope = source_scope.clone();
    scope.insert(target.to_lowercase(), target_columns.clone());
    c.expect(&merge.on, &Ty::Bool, &scope, "MERGE … ON");
    let table = name.join(".");
    for clause in &merge.clauses {
        if let Some(predicate) = &clause.predicate {
            c.expect(predicate, &Ty::Bool, &scope, "WHEN … AND");
        }
        let matched = matches!(clause.clause_kind, MergeClauseKind::Matched);
        let not_matched = matches!(
            clause.clause_kind,
            MergeClauseKind::NotMatched | MergeClauseKind::NotMatchedByTarget
        );
        match &clause.action {
            MergeAction::Update(update) if matched => {
                let MergeUpdateKind::Set(assignments) = &update.kind else {
                    c.problem("UPDATE SET *".into());
                    continue;
                };
                for a in assignments {
                    let AssignmentTarget::ColumnName(column) = &a.target else {
                        c.problem("UPDATE SET of a tuple".into());
                        continue;
                    };
                    let want = listed(c, &target_columns, std::slice::from_ref(column), &table);
                    let got = c.expr(&a.value, &scope);
                    if !coerces(&got, &want[0]) {
                        c.problem(format!("UPDATE SET {column}: {}", got.name()));
                    }
                }
            }
            MergeAction::Delete { .. } if matched => {}
            MergeAction::Insert(insert) if not_matched => {
                let want = listed(c, &target_columns, &insert.columns, &table);
                let MergeInsertKind::Values(values) = &insert.kind else {
                    c.problem("INSERT ROW".into());
                    continue;
                };
                let [row] = values.rows.as_slice() else {
                    c.problem("INSERT of several rows in a MERGE".into());
                    continue;
                };
                if row.content.len() != want.len() {
                    c.problem(format!(
                        "INSERT of {} values into {} columns",
                        row.content.len(),
                        want.len()
                    ));
                }
                for (value, want) in row.content.iter().zip(&want) {
                    // The inserted row has no target row: only the source is in scope.
                    let got = c.expr(value, &source_scope);
                    if !coerces(&got, want) {
                        c.problem(format!("INSERT VALUES: `{value}` is {}", got.name()));
                    }
                }
            }
            other => c.problem(format!(
                "WHEN {} THEN {other}: not a documented MERGE clause",
                clause.clause_kind
            )),
        }
    }
}
