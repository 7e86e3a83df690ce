#!/usr/bin/env python3
"""Benchmark (b): `evident check` over the 10,000-document evidence folder
against ripgrep with the same patterns, measured in the same run.

usage: python3 bench/evidence.py [RUNS]     (from the repository root or bench/)

Generates the folder with ../shared/bench/gen_data.py if missing, builds the
release binary, then alternates the two commands RUNS times (default 7) under
/usr/bin/time and prints median wall time, peak RSS and the ratio.
Needs ripgrep (apt-get install ripgrep).
"""
import os, shutil, statistics, subprocess, sys

from timing import timed

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.environ.get("EVIDENT_SHARED", os.path.join(ROOT, "..", "shared"))
DATA = os.path.join(HERE, "data")
EVIDENCE = os.path.join(DATA, "evidence")
PATTERNS = ["^## Purpose$", "^## Scope$", "^## Responsibilities$", "^## Procedure$", "^## Records$",
            r"^approved_on: \d{4}-\d{2}-\d{2}$", "^kind: procedure$", r"REC-\d{4}",
            r"retention period of \d+ years", r"\bTODO\b"]


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    if not shutil.which("rg"):
        sys.exit("ripgrep is needed: apt-get install ripgrep")
    if not os.path.isdir(EVIDENCE):
        os.makedirs(DATA, exist_ok=True)
        subprocess.run([sys.executable, os.path.join(SHARED, "bench", "gen_data.py"), "evidence", EVIDENCE],
                       check=True, cwd=DATA)
    subprocess.run(["cargo", "build", "--release", "--quiet"], check=True, cwd=ROOT)
    evident = [os.path.join(ROOT, "target", "release", "evident"), "check", EVIDENCE,
               "--pack", os.path.join(HERE, "packs", "bench-docs"), "--as-of", "2025-01-01", "--quiet"]
    rg = ["rg", "-c"] + [a for p in PATTERNS for a in ("-e", p)] + [EVIDENCE]
    files = sum(len(f) for _, _, f in os.walk(EVIDENCE))
    size = sum(os.path.getsize(os.path.join(d, x)) for d, _, fs in os.walk(EVIDENCE) for x in fs)
    timed(evident), timed(rg)  # warm the page cache and the binaries
    ev, rgr = [], []
    for _ in range(runs):
        ev.append(timed(evident))
        rgr.append(timed(rg))
    bad = [r for r in ev if r[2] not in (0, 1)]
    if bad:
        sys.exit(f"evident failed: {bad[0][3]}")
    ev_wall, rg_wall = statistics.median(r[0] for r in ev), statistics.median(r[0] for r in rgr)
    ev_rss, rg_rss = statistics.median(r[1] for r in ev), statistics.median(r[1] for r in rgr)
    print(f"evidence folder: {files} files, {size / 1e6:.1f} MB; {runs} runs each, medians")
    print(f"evident check : {ev_wall:.3f} s  peak RSS {ev_rss:.1f} MB  ({files / ev_wall:,.0f} files/s)")
    print(f"ripgrep       : {rg_wall:.3f} s  peak RSS {rg_rss:.1f} MB")
    print(f"ratio evident/ripgrep wall: {ev_wall / rg_wall:.2f}x  (target <= 3x, < 100 MB)")


if __name__ == "__main__":
    main()
