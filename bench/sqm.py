#!/usr/bin/env python3
"""Benchmark: the whole sqm-wcc pack over a survey file, with the manifest
(--report json=, so the file is hashed), against DuckDB doing the same
work in one scan (../shared/bench/peers/duckdb_sqm.py: counted filter,
site-month shares, site totals, per-agent shares; 2 threads).

usage: python3 bench/sqm.py [RUNS] [SIZES]     e.g.  python3 bench/sqm.py 3 10m

Target on 10M rows: evident <= 0.6x DuckDB's wall time, <= 64 MB peak RSS.
Needs: pip install duckdb numpy.
"""
import os
import statistics
import sys
import tempfile

from surveydata import SHARED, evidence_root, release_binary, survey_csv
from timing import timed


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    sizes = (sys.argv[2] if len(sys.argv) > 2 else "10m").split(",")
    evident = release_binary()
    out = tempfile.mkdtemp(prefix="evident-sqm-")
    for size in sizes:
        csv = survey_csv(size)
        root = evidence_root(f"sqm-{size}", csv, profile=True)
        ev_cmd = [evident, "check", root, "--pack", "sqm-wcc", "--report", f"json={os.path.join(out, 'r.json')}", "-q"]
        dk_cmd = [sys.executable, os.path.join(SHARED, "bench", "peers", "duckdb_sqm.py"), csv, "2"]
        timed(ev_cmd), timed(dk_cmd)  # warm up
        ev, dk = [], []
        for _ in range(runs):
            ev.append(timed(ev_cmd))
            dk.append(timed(dk_cmd))
        bad = [r for r in ev + dk if r[2] not in (0, 1)]
        if bad:
            sys.exit(f"a run failed: {bad[0][3]}")
        ew, dw = statistics.median(r[0] for r in ev), statistics.median(r[0] for r in dk)
        er, dr = statistics.median(r[1] for r in ev), statistics.median(r[1] for r in dk)
        print(f"{size} rows, {runs} runs each, medians:")
        print(f"  evident, whole sqm-wcc pack, --report json= : {ew:.2f} s  peak RSS {er:.0f} MB")
        print(f"  DuckDB, the same work in one scan           : {dw:.2f} s  peak RSS {dr:.0f} MB")
        print(f"  ratio evident/DuckDB wall: {ew / dw:.2f}  (target: <= 0.6, RSS <= 64 MB)")


if __name__ == "__main__":
    main()
