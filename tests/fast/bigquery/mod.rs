//! BigQuery output checked against BigQuery's documentation, since no BigQuery engine runs here.
//!
//! A fixture ([`fixture::FIXTURE`]) uses every construct whose SQL differs on BigQuery. Each
//! statement seglang generates for it (the membership query and every segment's member query, with
//! a fixed evaluation date and with `AsOf::Today`) is parsed with sqlparser's `BigQueryDialect` and
//! walked by a small type checker: every column is resolved against the schema and the CTEs, every
//! expression gets a BigQuery type, and every function call must match a signature of
//! [`signatures::SIGNATURES`], a table written from BigQuery's documentation. The walk refuses any
//! expression form it does not know, so nothing escapes it, and a scan of the tokens (`word (`)
//! must find exactly the calls the walk found.
//!
//! The files: `signatures.rs` is the table (data only); `types.rs` BigQuery's types and
//! conversion rules; `checker.rs` the walk over statements, `exprs.rs` and `calls.rs` the typing
//! of expressions and the checking of calls; `lexical.rs` the scans of the SQL text (tokens,
//! quoting, escapes); `fixture.rs` the fixture and its statements; `tests.rs` the tests.
//!
//! Documentation facts encoded here (GoogleSQL for BigQuery reference,
//! <https://cloud.google.com/bigquery/docs/reference/standard-sql/>, and the same text in
//! `google/zetasql` `docs/*.md`):
//!
//! Date functions (`date_functions`):
//! - `CURRENT_DATE([time_zone_expression])` → `DATE`; "If no time zone is specified, the default
//!   time zone, UTC, is used". seglang passes `'UTC'` explicitly, and reads it once.
//! - `DATE(timestamp_expression[, time_zone_expression])`, `DATE(datetime_expression)`,
//!   `DATE(year, month, day)` → `DATE`.
//! - `DATE_SUB(date_expression, INTERVAL int64_expression date_part)` → `DATE`, `date_part` one
//!   of `DAY`, `WEEK` ("Equivalent to 7 DAYs"), `MONTH`, `QUARTER`, `YEAR`; for `MONTH` "If the
//!   resulting month has fewer days than the original date's day, then the resulting date is the
//!   last date of that month" (seglang's end-of-month clamping). `DATE_ADD` likewise.
//! - `DATE_DIFF(end_date, start_date, granularity)` → `INT64`, "(end_date - start_date)": "If the
//!   first DATE is earlier than the second one, the output is negative". So `days since x` must be
//!   `DATE_DIFF(as_of, x, DAY)`, evaluation date first.
//! - `EXTRACT(part FROM date_expression)` → `INT64`, part among `DAYOFWEEK`, `DAY`, `DAYOFYEAR`,
//!   `WEEK`, `ISOWEEK`, `MONTH`, `QUARTER`, `YEAR`, `ISOYEAR`.
//!
//! Aggregate functions (`aggregate_functions`, `aggregate-function-calls`):
//! - Call syntax `function_name([DISTINCT] function_arguments [{IGNORE | RESPECT} NULLS]
//!   [HAVING {MAX | MIN} expression] [ORDER BY key [{ASC | DESC}] [, ...]] [LIMIT n])` with no
//!   `FILTER (WHERE ...)` clause: conditions must move inside (`COUNTIF`, `IF`).
//! - `COUNT(*)`, `COUNT([DISTINCT] expression)`, `COUNTIF([DISTINCT] expression)` (a `BOOL`,
//!   "the count of TRUE values") → `INT64`.
//! - `SUM([DISTINCT] expression)`: `INT64` → `INT64`, `NUMERIC` → `NUMERIC`, `FLOAT64` →
//!   `FLOAT64`; `AVG`: `INT64` → `FLOAT64`, `NUMERIC` → `NUMERIC`; `MIN(expression)`,
//!   `MAX(expression)` → the argument's type.
//! - `ARRAY_AGG([DISTINCT] expression [{IGNORE | RESPECT} NULLS] [ORDER BY key [{ASC | DESC}]
//!   [, ...]] [LIMIT n])` → `ARRAY`; "An error is raised if an array in the final query result
//!   contains a NULL element"; "The clauses in an aggregate function call are applied in the
//!   following order": ..., `IGNORE NULLS`, `DISTINCT`, `ORDER BY`, `LIMIT`; "The limit n must
//!   be a constant INT64". seglang's `first`/`last` is
//!   `(ARRAY_AGG(v IGNORE NULLS ORDER BY ... LIMIT 1))[SAFE_OFFSET(0)]`: the first present value,
//!   `NULL` over no rows.
//!
//! Operators (`operators`):
//! - `array_expression[SAFE_OFFSET(zero_based_offset)]`: zero-based, `NULL` when out of range.
//! - `expression [NOT] LIKE pattern`, no `ESCAPE` clause: "You can escape \, _, or % using two
//!   backslashes. For example, \\%" (two in the SQL text: one backslash in the pattern).
//! - `search_value [NOT] IN (expression[, ...])`: at least one value.
//! - Comparisons "generally require both operands to be of the same type"; otherwise both are
//!   coerced to a common supertype. `/` on two `INT64` is `FLOAT64`.
//!
//! Conditional expressions (`conditional_expressions`): `IF(expr, true_result, else_result)`,
//! `COALESCE(expr[, ...])`, `NULLIF(expr, expr_to_match)`, `CASE WHEN ... THEN ... ELSE ... END`.
//!
//! Window function calls (`window-function-calls`, `numbering_functions`):
//! - `function_name ( [ argument_list ] ) OVER over_clause`, `over_clause` `( [ PARTITION BY ... ]
//!   [ ORDER BY expression [ { ASC | DESC } ] [ { NULLS FIRST | NULLS LAST } ] [, ...] ]
//!   [ window_frame_clause ] )`; "NULLS FIRST is the default for ascending order" (`query-syntax`,
//!   ORDER BY clause), so RFM ranks say `NULLS LAST` explicitly.
//! - `RANK() OVER over_clause` → `INT64`, "Returns the ordinal (1-based) rank of each row within
//!   the ordered partition. All peer rows receive the same rank value"; `ORDER BY` is required.
//! - `COUNT(expression) OVER over_clause`: the count of non-NULL values in the window.
//!
//! Mathematical functions (`mathematical_functions`): `DIV(X, Y)` "Returns the result of integer
//! division of X by Y", rounded toward zero (`INT64` inputs → `INT64`).
//!
//! Operators: `STRING || STRING` → `STRING`, `NULL` when an operand is `NULL`.
//!
//! String functions (`string_functions`): `STRPOS(value, subvalue)` → `INT64` ("Returns 0 if
//! subvalue isn't found"), `STARTS_WITH(value, prefix)` and `ENDS_WITH(value, suffix)` → `BOOL`.
//!
//! Conversion rules (`conversion_rules`): coercions `INT64` → `NUMERIC`, `FLOAT64`; `NUMERIC` →
//! `FLOAT64`; `DATE` → `DATETIME`; none from `TIMESTAMP`. So a `TIMESTAMP` never meets a `DATE`
//! in a comparison. Casts used: to `NUMERIC` from numbers, to `DATE` from `DATE`.
//!
//! Lexical structure (`lexical`):
//! - `NUMERIC 'digits'` literals; "Numeric literals that contain either a decimal point or an
//!   exponent marker are presumed to be type double" (`FLOAT64`), so `12.50` would be inexact.
//!   `NUMERIC` itself (`data-types`) has precision 38 and scale 9.
//! - Quoted strings: "Backslashes (\) introduce escape sequences", the only valid ones are `\a`
//!   `\b` `\f` `\n` `\r` `\t` `\v` `\\` `\?` `\"` `\'` `` \` `` `\ooo` `\xhh` `\uhhhh`
//!   `\Uhhhhhhhh` ("Any sequence not in this table produces an error"), and "Quoted strings
//!   cannot contain newlines". A doubled quote `''` is not an escape.
//! - Quoted identifiers "Must be enclosed by backtick (`) characters"; unquoted ones "Must begin
//!   with a letter or an underscore" and contain letters, numbers, underscores; "If an identifier
//!   is the same as a reserved keyword, the identifier must be quoted" ([`signatures::RESERVED`]).
//!   `"..."` is a string literal in BigQuery, never an identifier.
//! - `DATE 'YYYY-M[M]-D[D]'` date literals.
//!
//! Set operations (`query-syntax`): `UNION ALL` or `UNION DISTINCT`; a bare `UNION` is an error.

mod calls;
mod checker;
mod exprs;
mod fixture;
mod lexical;
mod signatures;
mod tests;
mod types;
