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
import sys
import tempfile

from surveydata import DATA, ROWS, evidence_root, release_binary, survey_csv
from timing import timed

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
    """The CSV, the DuckDB file database and the Parquet file of a size, and
    the evidence folders: one with the CSV, one with the Parquet file, one
    with only the profile (the records are in the warehouse)."""
    csv = survey_csv(size)
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
    roots = [evidence_root(f"wh-{size}-{name}", file, profile=True)
             for name, file in (("csv", csv), ("parquet", parquet), ("pushed", None))]
    return (db, parquet, *roots)


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
    evident = release_binary()
    out = tempfile.mkdtemp(prefix="evident-wh-out-")
    print("rows    path                        wall s   peak MB   vs native CSV")
    for size in sizes:
        db, parquet, native, pq_root, pushed = prepare(size)
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
