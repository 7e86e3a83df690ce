#!/usr/bin/env python3
"""Push-down against the native reader, on evidence repositories.

For each case (an evidence folder, the packs it is audited against, an
as-of date): the native run writes its partial aggregates (`check
--save-aggregates`) and results; `evident sql` writes one query per record
kind; each kind's record files are loaded into DuckDB as text (the query
casts them to the kind's types, as it would over a text table in a
warehouse), the query runs and its partials are exported as CSV; `check
--aggregates` decides from them. The partials must equal the native ones
and the results must be the same, manifest aside (it names the partials
instead of the raw files).

Usage: compare.py [--engine spark|postgres] EVIDENT CASE ...
where CASE is FOLDER[:PACK,PACK][@DATE]. With `--engine spark` the queries
are written for Spark and run in local mode; with `--engine postgres`, for
PostgreSQL, in the database EVIDENT_PG_DB. Neither runs in CI (they need
Java, a server).
Prints one line per case; exits 1 on any difference.
"""

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples" / "warehouse"))
import warehouse  # noqa: E402


def run(cmd, ok=(0, 1)):
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if p.returncode not in ok:
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited {p.returncode}: {p.stderr.strip()[:2000]}")
    return p


class DuckDB:
    """Each case in its own in-memory database."""

    name = "duckdb"

    def __init__(self):
        self.con = duckdb.connect()
        self.con.execute("SET threads TO 2")

    def load(self, table, files, columns):
        """A kind's files as one text table with every column of the kind:
        CSV files read by DuckDB itself, workbooks through Python."""
        con = self.con
        cols = ", ".join(f'"{c}" VARCHAR' for c in columns)
        con.execute(f'CREATE OR REPLACE TABLE "{table}" ({cols})')
        csvs = [f for f in files if f.suffix.lower() == ".csv"]
        if csvs:
            listed = ", ".join("'" + str(f).replace("'", "''") + "'" for f in csvs)
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE loaded AS SELECT * FROM read_csv([{listed}], header = true, "
                "all_varchar = true, union_by_name = true, strict_mode = false)"
            )
            have = {r[0] for r in con.execute("DESCRIBE loaded").fetchall()}
            names = ", ".join(f'"{c}"' for c in columns if c in have)
            con.execute(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM loaded')
        rows = [r for f in files if f.suffix.lower() != ".csv" for r in warehouse.file_rows(f, columns)]
        if rows:
            con.executemany(f'INSERT INTO "{table}" VALUES ({", ".join("?" for _ in columns)})', rows)

    def export(self, query, path):
        """Runs the query; its partials as one CSV file. False when the
        engine refuses the rows."""
        try:
            self.con.execute(f"COPY ({query}) TO '{path}.csv' (HEADER, DELIMITER ',')")
            return True
        except duckdb.Error:
            return False


class Spark:
    """One local Spark session for every case (not run in CI: it needs Java)."""

    name = "spark"
    session = None

    def __init__(self):
        if Spark.session is None:
            from pyspark.sql import SparkSession

            Spark.session = (
                SparkSession.builder.master("local[2]")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate()
            )
            Spark.session.sparkContext.setLogLevel("OFF")

    def load(self, table, files, columns):
        from pyspark.sql.types import StringType, StructField, StructType

        schema = StructType([StructField(c, StringType(), True) for c in columns])
        rows = [r for f in files for r in warehouse.file_rows(f, columns)]
        Spark.session.createDataFrame(rows, schema).createOrReplaceTempView(table)

    def export(self, query, path):
        """The partials as a folder of CSV part files, as Spark writes them."""
        try:
            Spark.session.sql(query).write.mode("overwrite").option("header", True).csv(str(path))
            return True
        except Exception:  # noqa: BLE001 - Spark's errors come in many classes
            return False


class Postgres:
    """Each case in its own schema of the database EVIDENT_PG_DB (default
    `evident`), over the default connection (not run in CI: it needs a
    server)."""

    name = "postgres"

    def __init__(self):
        import os
        import uuid

        import psycopg2

        self.con = psycopg2.connect(dbname=os.environ.get("EVIDENT_PG_DB", "evident"))
        self.con.autocommit = True
        self.schema = "case_" + uuid.uuid4().hex[:12]
        with self.con.cursor() as cur:
            cur.execute(f"CREATE SCHEMA {self.schema}")
            cur.execute(f"SET search_path TO {self.schema}")

    def load(self, table, files, columns):
        import csv
        import io

        buf = io.StringIO()
        w = csv.writer(buf)
        for r in (row for f in files for row in warehouse.file_rows(f, columns)):
            # An empty cell is NULL, as in the evidence file; text is quoted.
            w.writerow(["" if v is None else v for v in r])
        buf.seek(0)
        names = ", ".join(f'"{c}"' for c in columns)
        with self.con.cursor() as cur:
            cur.execute(f'CREATE TABLE "{table}" ({", ".join(f"{n} TEXT" for n in names.split(", "))})')
            cur.copy_expert(f'COPY "{table}" FROM STDIN WITH (FORMAT csv, FORCE_NULL ({names}))', buf)

    def export(self, query, path):
        import psycopg2

        try:
            with self.con.cursor() as cur, open(f"{path}.csv", "w") as out:
                cur.copy_expert(f"COPY ({query}) TO STDOUT WITH (FORMAT csv, HEADER)", out)
            return True
        except psycopg2.Error:
            return False


def exported(folder, kind):
    """A kind's exported partials: one CSV file, or a folder of parts."""
    single = folder / f"{kind}.csv"
    return single if single.is_file() else folder / kind


def case(engine, evident, folder, packs, as_of, work, kinds):
    work.mkdir(parents=True, exist_ok=True)
    common = [a for p in packs for a in ("--pack", p)] + (["--as-of", as_of] if as_of else [])
    native_dir, pushed_dir, sql_dir = work / "native", work / "pushed", work / "sql"
    for d in (native_dir, pushed_dir, sql_dir):
        shutil.rmtree(d, ignore_errors=True)
    run([evident, "check", folder, *common, "--save-aggregates", native_dir, "--report", f"json={work / 'native.json'}", "-q"])
    p = run([evident, "sql", folder, *common, "--dialect", engine.name, "--out", sql_dir], ok=(0, 2))
    if p.returncode != 0:
        return False, "evident sql: " + p.stderr.strip()
    pushed_dir.mkdir()
    compared = []
    for q in sorted(sql_dir.glob("*.sql")):
        kind = q.stem
        columns = kinds[kind]
        engine.load(kind.replace("-", "_").replace(".", "_"), warehouse.record_files(folder, kind), columns)
        native_rows = warehouse.read_partials(native_dir / f"{kind}.csv")
        if not engine.export(q.read_text(), pushed_dir / kind):
            # The engine refuses text its types cannot hold; the native run
            # must have found unreadable rows there too.
            if any(r["reason"] == "bad" for r in native_rows):
                return True, f"{kind}: refused by both (unreadable rows)"
            return False, f"{kind}: the engine failed where the native reader read every row"
        diffs = warehouse.differences(
            warehouse.canonical(native_rows), warehouse.canonical(warehouse.read_partials(exported(pushed_dir, kind)))
        )
        if diffs:
            return False, f"{kind}: " + "; ".join(diffs[:5])
        compared.append(kind)
    run([evident, "check", folder, *common, "--aggregates", pushed_dir, "--report", f"json={work / 'pushed.json'}", "-q"])
    a = json.loads((work / "native.json").read_text())
    b = json.loads((work / "pushed.json").read_text())
    differ = warehouse.same_results(a, b)
    if differ:
        return False, "the results differ: " + differ
    served = [e["kind"] for e in b["manifest"] if e["role"] == "query"]
    if sorted(served) != sorted(compared):
        return False, f"check --aggregates read partials for {served}, not {compared}"
    return True, f"{len(compared)} kind(s) equal, same results: {', '.join(compared)}"


def one(engine, evident, c, work):
    spec, _, as_of = c.partition("@")
    folder, _, packs = spec.partition(":")
    packs = [p for p in packs.split(",") if p]
    try:
        return case(engine(), evident, folder, packs, as_of, work, warehouse.kinds_of(packs))
    except Exception as e:  # noqa: BLE001 - reported per case
        return False, str(e)


def main():
    from concurrent.futures import ThreadPoolExecutor

    args = sys.argv[1:]
    engine = DuckDB
    if args[:1] == ["--engine"]:
        engine, args = {"spark": Spark, "postgres": Postgres, "duckdb": DuckDB}[args[1]], args[2:]
    evident, *cases = args
    work = Path(tempfile.mkdtemp(prefix="evident-pushdown-"))
    # Two at a time: the runs are processes and the engines release the
    # GIL; Spark has its own threads.
    workers = 1 if engine is Spark else 2
    with ThreadPoolExecutor(max_workers=workers) as pool:
        outcomes = list(pool.map(lambda ic: one(engine, evident, ic[1], work / str(ic[0])), enumerate(cases)))
    failed = 0
    for c, (ok, detail) in zip(cases, outcomes):
        failed += not ok
        print(f"{'ok ' if ok else 'BAD'} {c}: {detail}", flush=True)
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
