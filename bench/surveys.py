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
import os, statistics, sys

from surveydata import HERE, SHARED, evidence_root, release_binary, survey_csv
from timing import timed



def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    sizes = (sys.argv[2] if len(sys.argv) > 2 else "1m,10m").split(",")
    binary = release_binary()
    for size in sizes:
        csv = survey_csv(size)
        root = evidence_root(f"surveys-{size}", csv)
        evident = [binary, "check", root,
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
