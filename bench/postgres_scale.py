#!/usr/bin/env python3
"""Query time of the retail segments on PostgreSQL at scale, against the limit.

The same data as `bench/duckdb_scale.py` (generated in DuckDB with the same function, exported
to CSV and loaded with `COPY`, then `ANALYZE`d as a warehouse would be) in a throw-away
PostgreSQL server that this script starts itself: `initdb` into a temporary directory, the
server on a unix socket in it, no TCP listener, removed at the end (as `tests/it/pg_server.rs`
does). The server keeps PostgreSQL's default settings (JIT on, default `work_mem`,
`shared_buffers`, …); only `fsync` is off, which speeds up loading and changes no plan. Run as
root, the server programs run as user `postgres` (`runuser`), since PostgreSQL refuses root.

It times, interleaved round by round in one session with default settings: the limit (the
feature CTEs of the membership query alone, every column consumed), the membership query, and
each statement `seg compile --target postgres --segment NAME` prints, exactly as printed, and
prints the same table as `bench/duckdb_scale.py`: each query's median and its ratio to the
limit's median. A statement still running at `--cap` times the limit is cancelled (and reported
as such); `--explain NAME` prints the `EXPLAIN ANALYZE` of one statement instead.

Usage: python3 bench/postgres_scale.py [--customers N] [--orders-per-customer K] [--runs R]
                                       [--seg PATH] [--only NAME ...] [--cap F] [--explain NAME]
Needs `initdb` and `postgres` (PostgreSQL 12 or later) on PATH, the `duckdb` and `psycopg`
Python packages (`pip install duckdb 'psycopg[binary]'`) and a built `seg`, found as
`bench/duckdb_scale.py` finds it.
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import duckdb_scale as scale  # noqa: E402 (the shared generator, compiler calls and report)

# Column types of examples/retail/schema.seg, as PostgreSQL tables.
DDL = """
CREATE SCHEMA crm;
CREATE TABLE crm.customers (customer_id TEXT NOT NULL, email TEXT, first_name TEXT,
  birth_date DATE, gender TEXT, region TEXT, pcs_group TEXT, signup_at TIMESTAMP NOT NULL,
  loyalty_card BOOLEAN NOT NULL, preferred_device TEXT, religion TEXT);
CREATE TABLE crm.orders (customer_id TEXT NOT NULL, order_id TEXT NOT NULL,
  ordered_at TIMESTAMP NOT NULL, amount NUMERIC(12, 2) NOT NULL, channel TEXT NOT NULL,
  discount_used BOOLEAN NOT NULL, category TEXT NOT NULL);
CREATE TABLE crm.order_lines (order_id TEXT NOT NULL, category TEXT NOT NULL,
  quantity INTEGER NOT NULL, unit_price NUMERIC(10, 2) NOT NULL, product_id TEXT);
CREATE TABLE crm.products (product_id TEXT NOT NULL, brand TEXT NOT NULL, label TEXT NOT NULL,
  premium BOOLEAN NOT NULL);
CREATE TABLE crm.events (customer_id TEXT NOT NULL, occurred_at TIMESTAMP NOT NULL,
  kind TEXT NOT NULL, detail TEXT);
CREATE TABLE crm.consents (customer_id TEXT NOT NULL, channel TEXT NOT NULL,
  granted_at TIMESTAMP NOT NULL, withdrawn_at TIMESTAMP, basis TEXT NOT NULL,
  source TEXT NOT NULL);
CREATE TABLE crm.suppressions (customer_id TEXT NOT NULL, recorded_at TIMESTAMP,
  channel TEXT, reason TEXT NOT NULL);
"""


class Server:
    """A throw-away PostgreSQL server in a temporary directory, stopped and removed on exit."""

    def __init__(self):
        # Under /tmp rather than $TMPDIR, as the tests do: user `postgres` must reach it, and a
        # unix socket's path must stay short.
        self.dir = Path(tempfile.mkdtemp(prefix="seglang-bench-pg-", dir="/tmp"))
        self.dir.chmod(0o755)
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            subprocess.run(["chown", "postgres:postgres", str(self.dir)], check=True)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        data = self.dir / "data"
        self.command(["initdb", "-D", str(data), "-U", "seg", "--auth=trust", "-E", "UTF8",
                      "--locale=C", "--no-sync"], check=True, capture_output=True)
        log = open(self.dir / "server.log", "w")
        self.postmaster = subprocess.Popen(
            self.wrap(["postgres", "-D", str(data), "-k", str(self.dir), "-p", str(self.port),
                       "-c", "listen_addresses=", "-c", "fsync=off"]),
            stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        self.conninfo = f"host={self.dir} port={self.port} user=seg dbname=postgres"

    def wrap(self, argv):
        return ["runuser", "-u", "postgres", "--"] + argv if self.as_postgres else argv

    def command(self, argv, **kwargs):
        return subprocess.run(self.wrap(argv), **kwargs)

    def connect(self, psycopg):
        deadline = time.monotonic() + 30
        while True:
            try:
                return psycopg.connect(self.conninfo, autocommit=True)
            except psycopg.OperationalError:
                if time.monotonic() > deadline or self.postmaster.poll() is not None:
                    sys.exit("PostgreSQL did not start:\n" + (self.dir / "server.log").read_text())
                time.sleep(0.2)

    def stop(self):
        self.postmaster.terminate()  # SIGTERM: PostgreSQL's "smart" shutdown
        try:
            self.postmaster.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.postmaster.kill()
            self.postmaster.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def load(server, pg, rows_of, duck):
    """Copies every table of DuckDB's `crm` schema into PostgreSQL, then ANALYZEs them."""
    pg.execute(DDL)
    for table in scale.TABLES:
        csv = server.dir / f"{table}.csv"
        duck.execute(f"COPY crm.{table} TO '{csv}' (FORMAT CSV, HEADER false)")
        csv.chmod(0o644)
        # Server-side COPY (user `seg` is the superuser) reads the file the server can see.
        pg.execute(f"COPY crm.{table} FROM '{csv}' (FORMAT csv)")
        csv.unlink()
        count = pg.execute(f"SELECT COUNT(*) FROM crm.{table}").fetchone()[0]
        assert count == rows_of[table], (table, count, rows_of[table])
    pg.execute("ANALYZE")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--orders-per-customer", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seg", help="the seg binary (default: $SEG, else the cargo build)")
    parser.add_argument("--only", nargs="*", default=(), help="time only these --segment names")
    parser.add_argument("--cap", type=float, default=5.0,
                        help="cancel a statement after this many times the limit (default 5)")
    parser.add_argument("--explain", metavar="NAME",
                        help="print EXPLAIN ANALYZE of this statement (`membership`, `limit`, "
                             "a segment, `segment:control`) instead of timing")
    args = parser.parse_args()
    import duckdb  # noqa: E402 (optional for the rest of the project)
    import psycopg  # noqa: E402

    binary = scale.seg_binary(args.seg)
    duck = duckdb.connect()
    rows = scale.generate(duck, args.customers, args.orders_per_customer)
    statements = scale.statements_to_time(binary, "postgres", args.only)
    server = Server()
    try:
        pg = server.connect(psycopg)
        load(server, pg, rows, duck)
        duck.close()
        version = pg.execute("SHOW server_version").fetchone()[0]
        jit = pg.execute("SHOW jit").fetchone()[0]
        work_mem = pg.execute("SHOW work_mem").fetchone()[0]
        if args.explain:
            name = "limit (feature CTEs alone)" if args.explain == "limit" else args.explain
            sql = dict(statements)[name]
            for (line,) in pg.execute("EXPLAIN ANALYZE " + sql):
                print(line)
            return

        def run(sql, cap):
            # statement_timeout only stops a runaway statement; it changes no plan.
            timeout = 0 if cap is None else int(cap * 1000) + 1
            pg.execute(f"SET statement_timeout = {timeout}")
            start = time.perf_counter()
            try:
                pg.execute(sql).fetchall()
            except psycopg.errors.QueryCanceled:
                return None
            return time.perf_counter() - start

        times, cap = scale.time_rounds(run, statements, args.runs, args.cap)
        scale.print_table(f"PostgreSQL {version} (jit {jit}, work_mem {work_mem})", rows,
                          times, cap)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
