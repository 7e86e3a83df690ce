#!/usr/bin/env python3
"""Benchmark: a metric check over 1M ACD interval rows as an .xlsx, beside the
same rows as CSV, measured in the same run.

usage: python3 bench/xlsx.py [RUNS] [ROWS]   (defaults 3, 1000000; pip install openpyxl)

Writes bench/data/xlsx/{csv,xlsx}/records/intervals.{csv,xlsx} once (openpyxl's
write-only mode; a few minutes for 1M rows), builds the release binary, then
alternates `evident check` on the two folders and prints median wall time,
peak RSS and the ratio.
"""
import datetime as dt, os, random, statistics, subprocess, sys

from timing import timed

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(HERE, "data", "xlsx")


def generate(rows):
    import openpyxl
    rnd = random.Random(11)
    csv_dir, xl_dir = os.path.join(DATA, "csv", "records"), os.path.join(DATA, "xlsx", "records")
    os.makedirs(csv_dir, exist_ok=True)
    os.makedirs(xl_dir, exist_ok=True)
    header = ["site", "interval_start", "offered", "answered", "answered_in_sl", "abandoned"]
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Intervals")
    ws.append(header)
    start = dt.datetime(2025, 1, 1)
    with open(os.path.join(csv_dir, "intervals.csv"), "w") as fh:
        fh.write(",".join(header) + "\n")
        for i in range(rows):
            site = ("north", "south", "east", "west")[i % 4]
            ts = start + dt.timedelta(minutes=15 * (i // 4))
            offered = rnd.randint(10, 80)
            abandoned = rnd.randint(0, 5)
            answered = offered - abandoned
            in_sl = rnd.randint(int(answered * 0.6), answered)
            fh.write(f"{site},{ts.isoformat()},{offered},{answered},{in_sl},{abandoned}\n")
            ws.append([site, ts, offered, answered, in_sl, abandoned])
    wb.save(os.path.join(xl_dir, "intervals.xlsx"))


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    if not os.path.exists(os.path.join(DATA, "xlsx", "records", "intervals.xlsx")):
        generate(rows)
    subprocess.run(["cargo", "build", "--release", "--quiet"], check=True, cwd=ROOT)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    evident = os.path.join(target, "release", "evident")
    pack = os.path.join(HERE, "packs", "bench-sheet")
    cmd = lambda d: [evident, "check", os.path.join(DATA, d), "--pack", pack, "--as-of", "2026-01-01", "-q"]
    timed(cmd("csv")), timed(cmd("xlsx"))
    c, x = [], []
    for _ in range(runs):
        c.append(timed(cmd("csv")))
        x.append(timed(cmd("xlsx")))
    for name, r in [("csv", c), ("xlsx", x)]:
        bad = [t for t in r if t[2] not in (0, 1)]
        if bad:
            sys.exit(f"evident failed on {name}: {bad[0][3]}")
    med = lambda r, i: statistics.median(t[i] for t in r)
    size = lambda d, f: os.path.getsize(os.path.join(DATA, d, "records", f)) / 1e6
    print(f"{rows:,} rows; {runs} runs each, medians")
    print(f"CSV  ({size('csv', 'intervals.csv'):.0f} MB): {med(c, 0):.2f} s, peak RSS {med(c, 1):.0f} MB")
    print(f"XLSX ({size('xlsx', 'intervals.xlsx'):.0f} MB): {med(x, 0):.2f} s, peak RSS {med(x, 1):.0f} MB")
    print(f"xlsx/csv wall: {med(x, 0) / med(c, 0):.1f}x")


if __name__ == "__main__":
    main()
