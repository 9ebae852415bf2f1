#!/usr/bin/env python3
"""Query time of the retail segments on DuckDB at scale.

Generates synthetic data shaped like examples/retail (customers, orders, events, consents,
suppressions) inside DuckDB, compiles the segments with `seg compile --target duckdb`, and times:

  * the membership query: all segments at once, one scan of each facts table;
  * the same segments as one member query each (what a tool with a subquery per segment does).

Figures are wall-clock medians of a few runs on this machine; compare the ratio, not the seconds.

Usage: python3 bench/duckdb_scale.py [--customers N] [--orders-per-customer K] [--runs R]
Needs the `duckdb` Python package (`pip install duckdb`) and a built `seg` (`cargo build`, with
the same CARGO_TARGET_DIR).
"""

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-22"

REGIONS = "['IDF','ARA','PACA','HDF','OCC','NAQ','GES','BRE','PDL','NOR','BFC','CVL','COR']"
PCS = ("['agriculteurs','artisans_commercants','cadres','intermediaires','employes',"
       "'ouvriers','retraites','sans_activite']")
CATEGORIES = "['dresses','shirts','trousers','shoes','accessories','swimwear','knitwear','coats']"


def generate(con, customers, orders_per_customer):
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
    con.execute(f"""
        CREATE OR REPLACE TABLE crm.events AS
        SELECT 'C' || lpad((hash(j, 11) % {n})::VARCHAR, 9, '0') AS customer_id,
               TIMESTAMP '2025-01-01' + to_seconds((hash(j, 12) % 60000000)::BIGINT) AS occurred_at,
               (['email_open', 'email_click', 'web_visit', 'cart_add', 'search'])[1 + (hash(j, 13) % 5)::INTEGER] AS kind,
               NULL::VARCHAR AS detail
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
    return {t: con.execute(f"SELECT COUNT(*) FROM crm.{t}").fetchone()[0]
            for t in ["customers", "orders", "events", "consents", "suppressions"]}


def seg_binary():
    """The `seg` of the current build: $CARGO_TARGET_DIR/debug/seg, else target/debug/seg."""
    import os
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    binary = target / "debug" / "seg"
    if not binary.exists():
        sys.exit(f"no seg binary at {binary}: run `cargo build` first (same CARGO_TARGET_DIR)")
    return binary


def seg(*args):
    return subprocess.run([str(seg_binary())] + list(args), cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout


def median_seconds(con, sql, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        con.execute(sql).fetchall()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--orders-per-customer", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import duckdb  # noqa: E402 (the package is optional for the rest of the project)

    con = duckdb.connect()
    start = time.perf_counter()
    rows = generate(con, args.customers, args.orders_per_customer)
    generated = time.perf_counter() - start
    membership = seg("compile", "examples/retail", "--target", "duckdb", "--as-of", AS_OF)
    names = re.findall(r"^\s+'([a-z_0-9]+)' AS segment", membership, re.M)
    per_segment = [seg("compile", "examples/retail", "--target", "duckdb", "--as-of", AS_OF,
                       "--segment", name) for name in names]
    all_at_once = median_seconds(con, membership, args.runs)
    one_by_one = sum(median_seconds(con, sql, args.runs) for sql in per_segment)
    report = {
        "duckdb": duckdb.__version__,
        "rows": rows,
        "segments": len(names),
        "generation_s": round(generated, 2),
        "membership_query_s": round(all_at_once, 3),
        "one_query_per_segment_total_s": round(one_by_one, 3),
        "ratio_one_by_one_over_membership": round(one_by_one / all_at_once, 2),
    }
    json.dump(report, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
