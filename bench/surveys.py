#!/usr/bin/env python3
"""Benchmark (a): evident's metric checks against DuckDB on the same survey CSV,
measured in the same run.

usage: python3 bench/surveys.py [RUNS] [SIZES]    e.g.  python3 bench/surveys.py 3 1m,10m

Generates data/surveys_{1m,10m}.csv with ../shared/bench/gen_data.py if missing
(needs numpy), builds the release binary, then alternates `evident check` (the
pack bench/packs/bench-surveys: query (a) as two metric checks, per site and
month) and DuckDB's typed read_csv query (default threads) RUNS times (default 3)
under /usr/bin/time. Prints median wall time, peak RSS and the ratio.
Needs: pip install duckdb numpy.
"""
import os, statistics, subprocess, sys

from timing import timed

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.environ.get("EVIDENT_SHARED", os.path.join(ROOT, "..", "shared"))
DATA = os.path.join(HERE, "data")
ROWS = {"1m": 1_000_000, "10m": 10_000_000}


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    sizes = (sys.argv[2] if len(sys.argv) > 2 else "1m,10m").split(",")
    subprocess.run(["cargo", "build", "--release", "--quiet"], check=True, cwd=ROOT)
    for size in sizes:
        csv = os.path.join(DATA, f"surveys_{size}.csv")
        if not os.path.exists(csv):
            os.makedirs(DATA, exist_ok=True)
            subprocess.run([sys.executable, os.path.join(SHARED, "bench", "gen_data.py"), "surveys",
                            str(ROWS[size]), csv], check=True)
        # An evidence root holding the file where the kind expects it (a hard link, not a copy).
        root = os.path.join(DATA, f"surveys-{size}")
        target = os.path.join(root, "records", "customer-survey", "surveys.csv")
        if not os.path.exists(target):
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.link(csv, target)
        target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
        evident = [os.path.join(target, "release", "evident"), "check", root,
                   "--pack", os.path.join(HERE, "packs", "bench-surveys"), "--quiet"]
        duckdb = [sys.executable, os.path.join(SHARED, "bench", "peers", "duckdb_query.py"), csv, "2", "typed"]
        timed(evident), timed(duckdb)  # warm up
        ev, dk = [], []
        for _ in range(runs):
            ev.append(timed(evident))
            dk.append(timed(duckdb))
        bad = [r for r in ev + dk if r[2] not in (0, 1)]
        if bad:
            sys.exit(f"a run failed: {bad[0][3]}")
        ew, dw = statistics.median(r[0] for r in ev), statistics.median(r[0] for r in dk)
        er, dr = statistics.median(r[1] for r in ev), statistics.median(r[1] for r in dk)
        mb = os.path.getsize(csv) / 1e6
        print(f"{size} rows ({mb:.0f} MB), {runs} runs each, medians:")
        print(f"  evident check : {ew:.2f} s  peak RSS {er:.0f} MB  ({mb / ew:.0f} MB/s)")
        print(f"  DuckDB typed  : {dw:.2f} s  peak RSS {dr:.0f} MB")
        print(f"  ratio evident/DuckDB wall: {ew / dw:.2f}  (target on 10M: <= 0.6, RSS <= 64 MB)")


if __name__ == "__main__":
    main()
