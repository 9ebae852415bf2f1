//! The part of a dialect's table that says how a script of several statements is written: the
//! transaction around it, its staging tables, how a table is replaced and how the membership
//! tables are updated (`objects.rs`, `merge.rs`). Each dialect fills it in its own file.

/// The statements around the DDL and DML that `seg compile --emit` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scripts {
    /// The statement that starts a transaction.
    pub begin: &'static str,
    /// The statement that commits it.
    pub commit: &'static str,
    /// How a staging table, private to the run, is created.
    pub staging: StagingTables,
    /// `CREATE OR REPLACE TABLE name AS query` exists. Without it a table is replaced by
    /// `DROP TABLE IF EXISTS` and `CREATE TABLE … AS` inside one transaction.
    pub replace_table: bool,
    /// How a merge brings the membership tables up to date.
    pub upserts: Upserts,
}

/// The statements that close and open stays and update the current members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upserts {
    /// `MERGE … WHEN MATCHED AND … THEN UPDATE | DELETE WHEN NOT MATCHED AND … THEN INSERT`,
    /// one statement per table.
    Merge,
    /// `UPDATE … FROM`, `DELETE` and `INSERT … SELECT`, in the same transaction.
    UpdateDeleteInsert,
}

/// How a temporary table that lives only as long as the run is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StagingTables {
    /// `CREATE TEMPORARY TABLE name ON COMMIT DROP AS query`: dropped when the transaction ends.
    DropOnCommit,
    /// `CREATE OR REPLACE TEMPORARY TABLE name AS query`: private to the connection, replaced by
    /// the next run on it.
    Replace,
    /// `CREATE TEMP TABLE name AS query`: private to the script, dropped when it ends.
    ScriptScoped,
}
