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
import subprocess
import sys
import tempfile

from timing import timed
from warehouse import DATA, PROFILE, ROOT, ROWS, SHARED


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    sizes = (sys.argv[2] if len(sys.argv) > 2 else "10m").split(",")
    subprocess.run(["cargo", "build", "--release", "--quiet"], check=True, cwd=ROOT)
    evident = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "evident")
    out = tempfile.mkdtemp(prefix="evident-sqm-")
    for size in sizes:
        csv = os.path.join(DATA, f"surveys_{size}.csv")
        if not os.path.exists(csv):
            os.makedirs(DATA, exist_ok=True)
            subprocess.run([sys.executable, os.path.join(SHARED, "bench", "gen_data.py"), "surveys",
                            str(ROWS[size]), csv], check=True)
        root = os.path.join(DATA, f"sqm-{size}")
        target = os.path.join(root, "records", "customer-survey", "surveys.csv")
        if not os.path.exists(target):
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.link(csv, target)
        with open(os.path.join(root, "evident.yaml"), "w") as f:
            f.write(PROFILE.format(sites=", ".join(f"SITE-{i:02d}" for i in range(1, 21))))
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
