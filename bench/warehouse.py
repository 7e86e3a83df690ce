#!/usr/bin/env python3
"""Benchmark: time to a certification decision for the whole sqm-wcc pack,
pushed down to DuckDB (a file database, and Parquet files) against the
native reader over the same rows as CSV, from 1M to 100M survey rows.

usage: python3 bench/warehouse.py [SIZES] [RUNS]     e.g.  python3 bench/warehouse.py 1m,10m,100m 1

For each size it makes (once, under bench/data/): the survey CSV
(../shared/bench/gen_data.py, fixed seed), a DuckDB file database holding it
as a typed table, and the same table as one Parquet file. Then, RUNS times:

  native CSV      evident check over the CSV, with --report json= (the
                  manifest hashes the file)
  native Parquet  the same over the Parquet file (up to 10M rows)
  push-down       evident sql + DuckDB running the query on the file
                  database (or on the Parquet file) and exporting partials
                  as CSV + evident check --aggregates, on an evidence folder
                  that holds only the profile: the steps summed

Prints medians, peak RSS and each push-down's ratio to the native CSV run.
Needs: pip install duckdb numpy; 2 threads for DuckDB, as evident has 2 cores.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

from timing import timed

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.environ.get("EVIDENT_SHARED", os.path.join(ROOT, "..", "shared"))
DATA = os.path.join(HERE, "data")
ROWS = {"1m": 1_000_000, "3m": 3_000_000, "5m": 5_000_000, "10m": 10_000_000, "100m": 100_000_000}
PROFILE = """organisation: Benchmark Contact Centre
sites: [{sites}]
as_of: 2025-01-15
period: {{from: 2023-01-01, to: 2024-12-31}}
"""
COLUMNS = ("{'site':'VARCHAR','call_id':'VARCHAR','call_ts':'TIMESTAMP','survey_ts':'TIMESTAMP',"
           "'overall_sat':'BIGINT','resolved':'BOOLEAN','csr_sat':'BIGINT','questions':'BIGINT',"
           "'agent_id':'VARCHAR','call_type':'VARCHAR'}")
RUN_QUERY = """
import sys, duckdb
source, query, out = sys.argv[1:4]
con = duckdb.connect(source, read_only=True) if source.endswith('.duckdb') else duckdb.connect()
con.execute('SET threads = 2')
con.execute(f"COPY ({open(query).read()}) TO '{out}' (HEADER)")
"""


def prepare(size):
    csv = os.path.join(DATA, f"surveys_{size}.csv")
    if not os.path.exists(csv):
        os.makedirs(DATA, exist_ok=True)
        subprocess.run([sys.executable, os.path.join(SHARED, "bench", "gen_data.py"), "surveys",
                        str(ROWS[size]), csv], check=True)
    sites = ", ".join(f"SITE-{i:02d}" for i in range(1, 21))
    native = os.path.join(DATA, f"wh-{size}-csv")
    target = os.path.join(native, "records", "customer-survey", "surveys.csv")
    if not os.path.exists(target):
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.link(csv, target)
    db = os.path.join(DATA, f"surveys_{size}.duckdb")
    parquet = os.path.join(DATA, f"surveys_{size}.parquet")
    if not os.path.exists(db) or not os.path.exists(parquet):
        import duckdb
        con = duckdb.connect(db + ".tmp")
        con.execute("SET threads = 2")
        con.execute(f"CREATE TABLE customer_survey AS SELECT * FROM read_csv('{csv}', header = true, "
                    f"auto_detect = false, columns = {COLUMNS})")
        con.execute(f"COPY customer_survey TO '{parquet}' (FORMAT PARQUET)")
        con.close()
        os.replace(db + ".tmp", db)
    pq_root = os.path.join(DATA, f"wh-{size}-parquet")
    target = os.path.join(pq_root, "records", "customer-survey", "surveys.parquet")
    if not os.path.exists(target):
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.link(parquet, target)
    pushed = os.path.join(DATA, f"wh-{size}-pushed")
    os.makedirs(pushed, exist_ok=True)
    for root in (native, pq_root, pushed):
        with open(os.path.join(root, "evident.yaml"), "w") as f:
            f.write(PROFILE.format(sites=sites))
    return csv, db, parquet, native, pq_root, pushed


def pushdown(evident, source, pushed, table):
    """The push-down steps, each timed: (wall, peak RSS) summed / maxed."""
    work = tempfile.mkdtemp(prefix="evident-wh-")
    try:
        sql_dir, partials = os.path.join(work, "sql"), os.path.join(work, "partials")
        os.makedirs(partials)
        steps = [timed([evident, "sql", pushed, "--pack", "sqm-wcc", "--out", sql_dir] + table)]
        query = os.path.join(sql_dir, "customer-survey.sql")
        steps.append(timed([sys.executable, "-c", RUN_QUERY, source, query,
                            os.path.join(partials, "customer-survey.csv")]))
        steps.append(timed([evident, "check", pushed, "--pack", "sqm-wcc", "--aggregates", partials,
                            "--report", f"json={os.path.join(work, 'r.json')}", "-q"]))
        bad = [s for s in steps if s[2] not in (0, 1)]
        if bad:
            sys.exit(f"a push-down step failed: {bad[0][3]}")
        return sum(s[0] for s in steps), max(s[1] for s in steps)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    sizes = (sys.argv[1] if len(sys.argv) > 1 else "1m,10m").split(",")
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    subprocess.run(["cargo", "build", "--release", "--quiet"], check=True, cwd=ROOT)
    evident = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "evident")
    out = tempfile.mkdtemp(prefix="evident-wh-out-")
    print("rows    path                        wall s   peak MB   vs native CSV")
    for size in sizes:
        csv, db, parquet, native, pq_root, pushed = prepare(size)
        report = ["--report", f"json={os.path.join(out, 'n.json')}", "-q"]
        plans = [("native CSV", lambda: timed([evident, "check", native, "--pack", "sqm-wcc"] + report)[:2])]
        if ROWS[size] <= 10_000_000:
            plans.append(("native Parquet", lambda: timed([evident, "check", pq_root, "--pack", "sqm-wcc"] + report)[:2]))
        plans.append(("push-down DuckDB file", lambda: pushdown(evident, db, pushed, [])))
        plans.append(("push-down Parquet", lambda: pushdown(
            evident, ":memory:", pushed, ["--table", f"customer-survey=read_parquet('{parquet}')"])))
        medians = {}
        for name, run in plans:
            times = [run() for _ in range(runs)]
            medians[name] = (statistics.median(t[0] for t in times), statistics.median(t[1] for t in times))
        base = medians["native CSV"][0]
        for name, (wall, rss) in medians.items():
            print(f"{size:7} {name:26} {wall:7.2f}  {rss:8.0f}   {wall / base:5.2f}x", flush=True)
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
