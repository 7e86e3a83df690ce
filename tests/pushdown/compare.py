#!/usr/bin/env python3
"""Push-down against the native reader, on evidence repositories.

For each case (an evidence folder and the packs it is audited against):
the native run writes its partial aggregates (`check --save-aggregates`)
and results; `evident sql` writes one query per record kind; each kind's
record files are loaded into DuckDB as text (the query casts them to the
kind's types, as it would over a text table in a warehouse), the query
runs and its partials are exported as CSV; `check --aggregates` decides
from them. The partials must equal the native ones and the results must be
the same, manifest aside (it names the partials instead of the raw files).

Usage: compare.py EVIDENT CASE[:PACK,PACK] ... [--work DIR] [--dialects]
Prints one line per case; exits 1 on any difference.
"""

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import duckdb
import yaml

ROOT = Path(__file__).resolve().parents[2]


def kinds_of(pack_ids):
    """Column names of every record kind the shipped packs declare."""
    out = {}
    files = [ROOT / "standards" / "kinds.yaml"] + sorted((ROOT / "standards").glob("*/pack.yaml"))
    for f in files:
        doc = yaml.safe_load(f.read_text()) or {}
        for name, kind in (doc.get("kinds") or {}).items():
            rec = (kind or {}).get("records")
            if not rec:
                continue
            cols = list((rec.get("columns") or {}).keys()) + list((rec.get("optional") or {}).keys())
            out.setdefault(name, cols)
    return out


def run(cmd, ok=(0, 1)):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode not in ok:
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited {p.returncode}: {p.stderr.strip()[:2000]}")
    return p


def sheet_rows(path):
    """A workbook's first sheet as text rows, header first (dates as ISO)."""
    import datetime

    import openpyxl

    ws = openpyxl.load_workbook(path, read_only=True, data_only=True).worksheets[0]
    out = []
    for row in ws.iter_rows(values_only=True):
        cells = []
        for v in row:
            if v is None:
                cells.append(None)
            elif isinstance(v, datetime.datetime):
                cells.append(v.isoformat(timespec="seconds"))
            elif isinstance(v, datetime.date):
                cells.append(v.isoformat())
            elif isinstance(v, float) and v.is_integer():
                cells.append(str(int(v)))
            else:
                cells.append(str(v))
        out.append(cells)
    return out


def load(con, kind, table, files, columns):
    """The kind's files as one text table, with every column of the kind."""
    cols = ", ".join(f'"{c}" VARCHAR' for c in columns) or '"none" VARCHAR'
    con.execute(f'CREATE OR REPLACE TABLE "{table}" ({cols})')
    csvs = [f for f in files if f.suffix.lower() == ".csv"]
    if csvs:
        listed = ", ".join("'" + str(f).replace("'", "''") + "'" for f in csvs)
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE loaded AS SELECT * FROM read_csv([{listed}], header = true, "
            "all_varchar = true, union_by_name = true)"
        )
        have = [r[0] for r in con.execute("DESCRIBE loaded").fetchall()]
        shared = [c for c in columns if c in have]
        names = ", ".join(f'"{c}"' for c in shared)
        con.execute(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM loaded')
    for f in files:
        if f.suffix.lower() == ".xlsx":
            rows = sheet_rows(f)
            header = [str(h) for h in rows[0]]
            shared = [c for c in columns if c in header]
            names = ", ".join(f'"{c}"' for c in shared)
            marks = ", ".join("?" for _ in shared)
            con.executemany(
                f'INSERT INTO "{table}" ({names}) VALUES ({marks})',
                [[r[header.index(c)] for c in shared] for r in rows[1:] if any(v is not None for v in r)],
            )
        elif f.suffix.lower() != ".csv":
            raise RuntimeError(f"{f}: the comparison loads CSV and xlsx record files only")


def canonical(rows):
    """Partials summed per metric, site, group and reason; values as counts."""
    out = {}
    for r in rows:
        bad = r["reason"] == "bad"
        key = (r["metric"], "" if bad else r["site"], r["k1"], r["k2"], r["k3"], r["k4"], r["reason"])
        a = out.setdefault(key, {"n": 0, "hits": 0, "vals": 0, "sum": 0.0, "per": 0.0, "min": None, "max": None, "hist": defaultdict(int)})
        for c in ("n", "hits", "vals"):
            a[c] += int(float(r[c] or 0))
        for c in ("sum", "per"):
            a[c] += float(r[c] or 0)
        for c, f in (("min", min), ("max", max)):
            if r[c] not in (None, ""):
                v = float(r[c])
                a[c] = v if a[c] is None else f(a[c], v)
        if r["v"] not in (None, ""):
            a["hist"][float(r["v"])] += int(float(r["vals"]))
    return out


def read_partials(path):
    import csv

    with open(path, newline="") as f:
        return [{k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(f)]


def differences(native, pushed):
    diffs = []
    for key in sorted(set(native) | set(pushed), key=str):
        a, b = native.get(key), pushed.get(key)
        if a is None or b is None:
            diffs.append(f"{key}: only {'pushed down' if a is None else 'native'}: {a or b}")
            continue
        for c in ("n", "hits", "vals"):
            if a[c] != b[c]:
                diffs.append(f"{key}: {c} {a[c]} native, {b[c]} pushed down")
        for c in ("sum", "per", "min", "max"):
            x, y = a[c], b[c]
            if (x is None) != (y is None) or (x is not None and not math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-6)):
                diffs.append(f"{key}: {c} {x} native, {y} pushed down")
        if dict(a["hist"]) != dict(b["hist"]):
            diffs.append(f"{key}: values differ")
    return diffs


def comparable(results):
    r = dict(results)
    r.pop("manifest", None)
    return r


def case(evident, folder, packs, work, kinds):
    work.mkdir(parents=True, exist_ok=True)
    pack_args = [a for p in packs for a in ("--pack", p)]
    native_dir, pushed_dir, sql_dir = work / "native", work / "pushed", work / "sql"
    for d in (native_dir, pushed_dir, sql_dir):
        shutil.rmtree(d, ignore_errors=True)
    run([evident, "check", folder, *pack_args, "--save-aggregates", native_dir, "--report", f"json={work / 'native.json'}", "-q"])
    p = run([evident, "sql", folder, *pack_args, "--out", sql_dir], ok=(0, 1, 2))
    if p.returncode != 0:
        return "no-sql", p.stderr.strip().splitlines()[-1] if p.stderr.strip() else ""
    pushed_dir.mkdir()
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    compared, refused = [], []
    for q in sorted(sql_dir.glob("*.sql")):
        kind = q.stem
        files = sorted(f for f in (Path(folder) / "records" / kind).rglob("*") if f.is_file())
        table = kind.replace("-", "_").replace(".", "_")
        load(con, kind, table, files, kinds.get(kind, []))
        native_rows = read_partials(native_dir / f"{kind}.csv")
        try:
            con.execute(f"COPY ({q.read_text()}) TO '{pushed_dir / (kind + '.csv')}' (HEADER, DELIMITER ',')")
        except duckdb.Error as e:
            # The engine refuses text its types cannot hold; the native run
            # must have found unreadable rows there too.
            if any(r["reason"] == "bad" for r in native_rows):
                refused.append(kind)
                continue
            raise RuntimeError(f"{kind}: DuckDB failed where the native reader read every row: {e}")
        diffs = differences(canonical(native_rows), canonical(read_partials(pushed_dir / f"{kind}.csv")))
        if diffs:
            return "differ", f"{kind}: " + "; ".join(diffs[:5])
        compared.append(kind)
    if refused:
        return "partials-equal", f"{len(compared)} kind(s) equal; {', '.join(refused)} refused by both (unreadable rows)"
    run([evident, "check", folder, *pack_args, "--aggregates", pushed_dir, "--report", f"json={work / 'pushed.json'}", "-q"])
    a = json.loads((work / "native.json").read_text())
    b = json.loads((work / "pushed.json").read_text())
    if comparable(a) != comparable(b):
        ra = {r["id"]: r["status"] for p in a["packs"] for s in p.get("sites", []) for r in s.get("rules", [])}
        return "decisions-differ", json.dumps(comparable(a))[:300] + " vs " + json.dumps(comparable(b))[:300]
    return "same", f"{len(compared)} kind(s): {', '.join(compared)}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("evident")
    ap.add_argument("cases", nargs="+", help="FOLDER or FOLDER:PACK,PACK")
    ap.add_argument("--work")
    args = ap.parse_args()
    kinds = kinds_of(None)
    work = Path(args.work or tempfile.mkdtemp(prefix="evident-pushdown-"))
    failed = 0
    for i, c in enumerate(args.cases):
        folder, _, packs = c.partition(":")
        packs = [p for p in packs.split(",") if p]
        try:
            status, detail = case(args.evident, folder, packs, work / str(i), kinds)
        except Exception as e:  # noqa: BLE001 - reported per case
            status, detail = "error", str(e)
        ok = status in ("same", "partials-equal", "no-sql")
        failed += not ok
        print(f"{'ok ' if ok else 'BAD'} {status:16} {c}: {detail}", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
