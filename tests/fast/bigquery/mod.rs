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
//! The files: `signatures.rs` is the table (data only); `types.rs` BigQuery's types and conversion
//! rules; `checker.rs` the walk over statements, `exprs.rs` and `calls.rs` the typing of
//! expressions and the checking of calls; `numbers.rs` the arithmetic operators and decimal
//! literals; `lexical.rs` the scans of the SQL text (tokens, quoting, escapes); `fixture.rs` the
//! fixture and its statements; `tests.rs` the tests, `checker_tests.rs` those of the checker.
//! `scripts.rs` walks the scripts of `seg compile --emit view|table|merge` (DDL, `INSERT … SELECT`,
//! `MERGE`, transactions) with the same checker, and `script_tests.rs` tests them.
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
//!   coerced to a common supertype (`INT64`, `NUMERIC` and `BIGNUMERIC` compare with each
//!   other). "All comparison operators have the same priority, but comparison operators aren't
//!   associative. Therefore, parentheses are required": no comparison (nor `IS NULL`) directly
//!   on another. `NOT` (precedence 10) binds looser than the comparisons (9) and tighter than
//!   `AND` (11), so `NOT d > 0 AND x` is `(NOT (d > 0)) AND x`.
//! - Arithmetic operators, "Result types for Addition, Subtraction and Multiplication": the
//!   supertype of the operands (`INT64` with `INT64` is `INT64`, `NUMERIC` with `INT64` or
//!   `NUMERIC` is `NUMERIC`, `BIGNUMERIC` with any exact number is `BIGNUMERIC`, anything with
//!   `FLOAT64` is `FLOAT64`); "Result types for Unary Minus": the operand's type; "Result types
//!   for Division": the same, but `INT64 / INT64` is `FLOAT64`. A quotient is rounded (9 digits
//!   after the point for `NUMERIC`, 38 for `BIGNUMERIC`), and seglang compares quotients by
//!   cross-multiplying, so every `/` is refused. "All operators will throw an error if the
//!   computation result overflows".
//!
//! Conditional expressions (`conditional_expressions`): `IF(expr, true_result, else_result)`,
//! `COALESCE(expr[, ...])`, `NULLIF(expr, expr_to_match)`, `CASE WHEN ... THEN ... ELSE ... END`.
//! `COALESCE`'s inputs "must be implicitly coercible to a common supertype", its result that
//! supertype; `CASE`'s "result and else_result expressions must be coercible to a common
//! supertype", "Return Data Type: Supertype of result[, ...] and else_result" (so `INT64`,
//! `NUMERIC` and `BIGNUMERIC` branches give `BIGNUMERIC`).
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
//! Mathematical functions (`mathematical_functions`):
//! - `DIV(X, Y)` "Returns the result of integer division of X by Y", rounded toward zero
//!   ("12, -7: -1"); its "Return Data Type" table has rows and columns `INT64`, `NUMERIC`,
//!   `BIGNUMERIC` only (no `FLOAT64`) and gives their supertype.
//! - `ABS(X)`: `INT64`, `NUMERIC`, `BIGNUMERIC`, `FLOAT64`, each to itself; "Returns an error if
//!   the argument is an integer and the output value cannot be represented as the same type".
//! - `SIGN(X)`: `INT64`, `NUMERIC`, `BIGNUMERIC`, `FLOAT64`, each to itself: "Returns -1, 0, or +1
//!   for negative, zero and positive arguments".
//! - `LEAST(X1,...,XN)`, `GREATEST(X1,...,XN)`: "If any argument is NULL, returns NULL"; "The
//!   arguments X1, ..., XN must be coercible to a common supertype, and the supertype must
//!   support ordering"; the result has that type. (seglang's own `CASE WHEN x IS NULL THEN NULL`
//!   around them is redundant on BigQuery, and harmless.)
//!
//! Operators: `STRING || STRING` → `STRING`, `NULL` when an operand is `NULL`.
//!
//! String functions (`string_functions`): `STRPOS(value, subvalue)` → `INT64` ("Returns 0 if
//! subvalue isn't found"), `STARTS_WITH(value, prefix)` and `ENDS_WITH(value, suffix)` → `BOOL`.
//!
//! Conversion rules (`conversion_rules`): coercions ("Coerce to") `INT64` → `NUMERIC`,
//! `BIGNUMERIC`, `FLOAT64`; `NUMERIC` → `BIGNUMERIC`, `FLOAT64`; `BIGNUMERIC` → `FLOAT64`;
//! `DATE` → `DATETIME`; none from `TIMESTAMP`. So a `TIMESTAMP` never meets a `DATE` in a
//! comparison, and the supertype of two numbers is the later in `INT64` < `NUMERIC` <
//! `BIGNUMERIC` < `FLOAT64`. Casts ("Cast to") used: to `NUMERIC` from numbers; to `BIGNUMERIC`
//! from `INT64`, `NUMERIC`, `BIGNUMERIC` (the page also allows `FLOAT64` and `STRING`, which
//! would put a rounded or unparsed value into exact arithmetic: refused); to `INT64` from
//! `NUMERIC` and `BIGNUMERIC` (`conversion_functions`: the closest integer, halves away from
//! zero; seglang casts only whole values); to `DATE` from `DATE`.
//!
//! Lexical structure (`lexical`):
//! - `NUMERIC 'digits'` literals; "Numeric literals that contain either a decimal point or an
//!   exponent marker are presumed to be type double" (`FLOAT64`), so `12.50` would be inexact.
//!   `NUMERIC` itself (`data-types`) has precision 38 and scale 9; `BIGNUMERIC 'digits'` has
//!   precision 76.76 and scale 38, the range about ±5.79E+38 (the 39th whole digit is partial).
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
//! Quotas (<https://cloud.google.com/bigquery/quotas#query_jobs>): "An unresolved GoogleSQL
//! query can be up to 1 MB long", else "The query is too large."; every statement is measured.
//!
//! Set operations (`query-syntax`): `UNION ALL` or `UNION DISTINCT`; a bare `UNION` is an error.
//! Joins (`query-syntax`, "Join operation"): `[INNER] JOIN from_item ON bool_expression`,
//! `LEFT [OUTER] JOIN … ON bool_expression` and `CROSS JOIN`; the condition is a `BOOL`.

mod calls;
mod checker;
mod checker_tests;
mod exprs;
mod facts_of_facts;
mod fixture;
mod kpis;
mod lexical;
mod linked_entities;
mod lookups;
mod numbers;
mod script_tests;
mod scripts;
mod sequences;
mod signatures;
mod tests;
mod types;
