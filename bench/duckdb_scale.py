#!/usr/bin/env python3
"""Query time of the retail segments on DuckDB at scale, against the limit.

Generates synthetic data shaped like examples/retail (customers, orders, order lines, events,
consents, suppressions) inside DuckDB, compiles the segments with `seg compile --target duckdb`, and times,
in the same process and interleaved round by round:

  * the limit: the feature CTEs of the membership query alone (one GROUP BY per facts table,
    every column consumed by a COUNT), which any query over these aggregates must pay;
  * the membership query: all segments at once, one scan of each facts table;
  * each statement `seg compile --segment NAME` prints (a segment with a holdout prints two: its
    members and its control group, `NAME:control`), which is what a user schedules most often;
    a segment with a sequence (`followed by`) also as its first step alone, the same query
    without the sequence, and the membership query likewise.

It prints one table: each query's median time and its ratio to the limit's median, measured in
this one run. `bench/postgres_scale.py` prints the same table for PostgreSQL on the same data.
Figures are wall-clock medians, including fetching the rows; compare the ratios, not the seconds.

Usage: python3 bench/duckdb_scale.py [--customers N] [--orders-per-customer K] [--runs R]
                                     [--seg PATH] [--only NAME ...]
Needs the `duckdb` Python package (`pip install duckdb`) and a built `seg`: `--seg PATH`, else
$SEG, else `release/seg` or `debug/seg` under $CARGO_TARGET_DIR (default `target/`). A build
without the engines is enough (`cargo build --release --no-default-features`).
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-22"
TABLES = [
    "customers", "orders", "order_lines", "products", "events", "consents", "suppressions",
]

REGIONS = "['IDF','ARA','PACA','HDF','OCC','NAQ','GES','BRE','PDL','NOR','BFC','CVL','COR']"
PCS = ("['agriculteurs','artisans_commercants','cadres','intermediaires','employes',"
       "'ouvriers','retraites','sans_activite']")
CATEGORIES = "['dresses','shirts','trousers','shoes','accessories','swimwear','knitwear','coats']"


def generate(con, customers, orders_per_customer):
    """Fills schema `crm` of DuckDB connection `con`; returns the row count of each table."""
    n, o = customers, customers * orders_per_customer
    con.execute("CREATE SCHEMA IF NOT EXISTS crm")
    con.execute(f"""
        CREATE OR REPLACE TABLE crm.customers AS
        SELECT 'C' || lpad(i::VARCHAR, 9, '0') AS customer_id,
               CASE WHEN hash(i, 1) % 10 = 0 THEN NULL
                    WHEN hash(i, 1) % 97 = 0 THEN 'staff' || i || '@maison-exemple.fr'
                    ELSE 'p' || i || '@example.fr' END AS email,
               NULL::VARCHAR AS first_name,
               CASE WHEN hash(i, 2) % 12 = 0 THEN NULL
                    ELSE DATE '1945-01-01' + (hash(i, 2) % 23000)::INTEGER END AS birth_date,
               (['F', 'M', 'X'])[1 + (hash(i, 3) % 3)::INTEGER] AS gender,
               ({REGIONS})[1 + (hash(i, 4) % 13)::INTEGER] AS region,
               ({PCS})[1 + (hash(i, 5) % 8)::INTEGER] AS pcs_group,
               TIMESTAMP '2019-01-01' + to_seconds((hash(i, 6) % 250000000)::BIGINT) AS signup_at,
               hash(i, 7) % 10 < 4 AS loyalty_card,
               (['mobile', 'desktop', 'tablet'])[1 + (hash(i, 8) % 3)::INTEGER] AS preferred_device,
               NULL::VARCHAR AS religion
        FROM range({n}) t(i)""")
    con.execute(f"""
        CREATE OR REPLACE TABLE crm.orders AS
        SELECT 'C' || lpad((hash(j, 1) % {n})::VARCHAR, 9, '0') AS customer_id,
               'O' || j AS order_id,
               TIMESTAMP '2022-01-01' + to_seconds((hash(j, 2) % 153000000)::BIGINT) AS ordered_at,
               ((hash(j, 3) % 40000)::DECIMAL(12, 2) / 100 + 5)::DECIMAL(12, 2) AS amount,
               (['store', 'web', 'app'])[1 + (hash(j, 4) % 3)::INTEGER] AS channel,
               hash(j, 5) % 4 = 0 AS discount_used,
               ({CATEGORIES})[1 + (hash(j, 6) % 8)::INTEGER] AS category
        FROM range({o}) t(j)""")
    # One and a half lines per order on average, each on a random order (all exist); 2% of
    # the lines have no product, and 5% name one the catalogue does not list.
    con.execute(f"""
        CREATE OR REPLACE TABLE crm.order_lines AS
        SELECT 'O' || (hash(j, 41) % {o}) AS order_id,
               CASE WHEN hash(j, 42) % 100 < 78 THEN 'standard'
                    WHEN hash(j, 42) % 100 < 92 THEN 'organic'
                    ELSE 'recycled' END AS category,
               (1 + hash(j, 43) % 3)::INTEGER AS quantity,
               ((hash(j, 44) % 12000)::DECIMAL(10, 2) / 100 + 5)::DECIMAL(10, 2) AS unit_price,
               CASE WHEN hash(j, 45) % 50 = 0 THEN NULL
                    ELSE 'P' || lpad((1 + hash(j, 46) % 2000)::VARCHAR, 5, '0') END AS product_id
        FROM range({o * 3 // 2}) t(j)""")
    con.execute("""
        CREATE OR REPLACE TABLE crm.products AS
        SELECT 'P' || lpad((1 + i)::VARCHAR, 5, '0') AS product_id,
               (['Maison Aube', 'Verdure', 'Nordlys', 'Tissé'])[1 + (hash(i, 51) % 4)::INTEGER] AS brand,
               'article ' || i AS label,
               hash(i, 52) % 4 = 0 AS premium
        FROM range(1900) t(i)""")
    con.execute(f"""
        CREATE OR REPLACE TABLE crm.events AS
        SELECT 'C' || lpad((hash(j, 11) % {n})::VARCHAR, 9, '0') AS customer_id,
               TIMESTAMP '2025-01-01' + to_seconds((hash(j, 12) % 60000000)::BIGINT) AS occurred_at,
               (['email_open', 'email_click', 'web_visit', 'cart_add', 'search'])[1 + (hash(j, 13) % 5)::INTEGER] AS kind,
               -- A search names a category, which `searched_then_bought_the_category` reads.
               CASE WHEN hash(j, 13) % 5 = 4
                    THEN ({CATEGORIES})[1 + (hash(j, 14) % 8)::INTEGER] END AS detail
        FROM range({o * 2}) t(j)""")
    con.execute(f"""
        CREATE OR REPLACE TABLE crm.consents AS
        SELECT 'C' || lpad((hash(j, 21) % {n})::VARCHAR, 9, '0') AS customer_id,
               (['email', 'sms', 'phone', 'push', 'post'])[1 + (hash(j, 22) % 5)::INTEGER] AS channel,
               TIMESTAMP '2020-01-01' + to_seconds((hash(j, 23) % 220000000)::BIGINT) AS granted_at,
               CASE WHEN hash(j, 24) % 5 = 0
                    THEN TIMESTAMP '2024-01-01' + to_seconds((hash(j, 25) % 100000000)::BIGINT) END AS withdrawn_at,
               CASE WHEN hash(j, 26) % 8 = 0 THEN 'legitimate_interest' ELSE 'consent' END AS basis,
               'web_form' AS source
        FROM range({n * 2}) t(j)""")
    con.execute(f"""
        CREATE OR REPLACE TABLE crm.suppressions AS
        SELECT 'C' || lpad((hash(j, 31) % {n})::VARCHAR, 9, '0') AS customer_id,
               TIMESTAMP '2023-01-01' + to_seconds((hash(j, 32) % 120000000)::BIGINT) AS recorded_at,
               CASE WHEN hash(j, 33) % 2 = 0 THEN NULL ELSE 'email' END AS channel,
               'objection_art21' AS reason
        FROM range({max(n // 25, 1)}) t(j)""")
    return {t: con.execute(f"SELECT COUNT(*) FROM crm.{t}").fetchone()[0] for t in TABLES}


def seg_binary(given=None):
    """The `seg` to compile with: `given`, else $SEG, else a build under $CARGO_TARGET_DIR."""
    if given or os.environ.get("SEG"):
        binary = Path(given or os.environ["SEG"])
    else:
        target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
        builds = [target / "release" / "seg", target / "debug" / "seg"]
        binary = next((b for b in builds if b.exists()), builds[0])
    if not binary.exists():
        sys.exit(f"no seg binary at {binary}: run `cargo build --release --no-default-features` "
                 "(same CARGO_TARGET_DIR), or pass --seg PATH")
    return binary


def seg(binary, *args):
    return subprocess.run([str(binary)] + list(args), cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout


def split_statements(text):
    """The statements of `seg compile` output, each with its name: `membership`, or the segment
    (or `segment:control`) its header names."""
    statements = []
    for sql in re.split(r";\n(?:\n|$)", text):
        if not sql.strip():
            continue
        named = re.search(r"^-- members of segment ([\w:]+)", sql, re.M)
        statements.append((named.group(1) if named else "membership", sql))
    return statements


def limit_query(membership):
    """The limit: the membership query's evaluation and feature CTEs, each feature CTE read once
    by a `COUNT` of every column, so no engine can skip an aggregate. The CTEs are plain (no
    `MATERIALIZED`): the limit is the cheapest way to compute the aggregates."""
    ctes = dict(re.findall(r"^(\w+) AS (?:MATERIALIZED )?\(\n(.*?)\n\)", membership, re.M | re.S))
    features = [name for name in ctes if name.endswith("_features")]
    parts, reads = [], []
    for name in features:
        select_list = ctes[name].split("\n  FROM ")[0]
        columns = re.findall(r" AS (\w+),?$", select_list, re.M)
        counts = ", ".join(f"COUNT({name}.{c}) AS {name}_{i}" for i, c in enumerate(columns))
        reads.append(f"(SELECT {counts} FROM {name}) AS {name}_all")
    # What the feature CTEs read, in the statement's order: DuckDB's time zone offsets, the
    # evaluation date and the lookups' CTEs.
    needed = [name for name in ctes
              if name in ("time_zone", "evaluation") or name.endswith(("_lookup", "_features"))]
    parts = [f"{name} AS (\n{ctes[name]}\n)" for name in needed]
    return ("-- the limit: the feature CTEs alone, every column consumed\nWITH\n"
            + ",\n".join(parts) + "\nSELECT *\nFROM " + "\nCROSS JOIN ".join(reads))


# `… [not] followed by STEP within N UNIT`: the second step of a sequence, up to its bound.
SECOND_STEP = re.compile(r"\s+(?:not\s+)?followed\s+by\s+.*?\bwithin\s+\w+\s+\w+", re.S)


def first_steps_only(project):
    """A copy of `project` whose sequences keep their first step alone (`events.any(…)`): the
    same segments on the same data without the sequence, to time a sequence against."""
    import shutil
    import tempfile

    copy = Path(tempfile.mkdtemp(prefix="seg-bench-")) / project.name
    shutil.copytree(project, copy)
    for path in copy.glob("*.seg"):
        path.write_text(SECOND_STEP.sub("", path.read_text()))
    return copy


def statements_to_time(binary, target, only=()):
    """[(name, sql)]: the limit, the membership query, then each `--segment` statement; a
    segment with a sequence is followed by the same segment without it (`name (first step
    only)`)."""
    project = ROOT / "examples" / "retail"
    base = ["--target", target, "--as-of", AS_OF]
    membership = seg(binary, "compile", str(project), *base)
    names = re.findall(r"^\s+'([a-z_0-9]+)' AS segment", membership, re.M)
    statements = [("limit (feature CTEs alone)", limit_query(membership)),
                  ("membership", membership)]
    plain = None
    if "_followers AS" in membership:
        plain = first_steps_only(project)
        alone = seg(binary, "compile", str(plain), *base)
        statements.append(("membership (first steps only)", alone))
    for name in names:
        if only and name not in only:
            continue
        sql = seg(binary, "compile", str(project), *base, "--segment", name)
        statements += split_statements(sql)
        if "_followers AS" in sql:
            plain = plain or first_steps_only(project)
            alone = seg(binary, "compile", str(plain), *base, "--segment", name)
            statements += [(f"{n} (first step only)", q) for n, q in split_statements(alone)]
    return statements


def time_rounds(run, statements, runs, cap_factor=None):
    """Times each statement `runs` times, round by round (so a noisy moment hits all of them
    alike). The first statement is the limit; with `cap_factor`, `run(sql, cap)` may cancel a
    statement after `cap` = `cap_factor` times the limit's first time, and returns None then,
    else seconds. Returns ({name: [seconds or None]}, cap)."""
    times = {name: [] for name, _ in statements}
    cap = None
    for r in range(runs):
        for name, sql in statements:
            if None in times[name]:
                times[name].append(None)  # cancelled once: not run again
                continue
            seconds = run(sql, cap)
            if cap_factor and cap is None:
                cap = cap_factor * seconds
            times[name].append(seconds)
            shown = "cancelled" if seconds is None else f"{seconds:.3f} s"
            print(f"  round {r + 1}/{runs}: {name}: {shown}", file=sys.stderr, flush=True)
    return times, cap


def print_table(engine, rows, times, cap):
    """The report: row counts, then each statement's median and its ratio to the limit's."""
    print(f"{engine}; rows: " + ", ".join(f"{t} {n:,}" for t, n in rows.items()))
    print()
    print("| query | median (s) | ratio to the limit |")
    print("| --- | --- | --- |")
    limit = None
    for name, seconds in times.items():
        done = [s for s in seconds if s is not None]
        if len(done) < len(seconds):
            print(f"| {name} | > {cap:.1f} (cancelled) | > {cap / limit:.1f} |")
            continue
        median = statistics.median(done)
        limit = limit or median
        print(f"| {name} | {median:.3f} | {median / limit:.2f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--orders-per-customer", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seg", help="the seg binary (default: $SEG, else the cargo build)")
    parser.add_argument("--only", nargs="*", default=(), help="time only these --segment names")
    args = parser.parse_args()
    import duckdb  # noqa: E402 (the package is optional for the rest of the project)

    binary = seg_binary(args.seg)
    con = duckdb.connect()
    rows = generate(con, args.customers, args.orders_per_customer)
    statements = statements_to_time(binary, "duckdb", args.only)

    def run(sql, _cap):
        start = time.perf_counter()
        con.execute(sql).fetchall()
        return time.perf_counter() - start

    times, _ = time_rounds(run, statements, args.runs)
    print_table(f"DuckDB {duckdb.__version__}", rows, times, None)


if __name__ == "__main__":
    main()
