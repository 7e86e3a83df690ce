#!/usr/bin/env python3
"""Benchmark: what writing every report format adds to `evident check` on the
bundled example (all its packs), measured in the same run.

usage: python3 bench/reports.py [RUNS]     (from the repository root or bench/)

Builds the release binary, then alternates `check -q` with and without
`--report json= md= html= sarif= junit=` RUNS times (default 21) and prints
the median wall times and the overhead. Target: under 10%.
"""
import os, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
EXAMPLE = os.path.join(ROOT, "examples", "acme-contact-centre")


def wall(cmd):
    start = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - start
    if p.returncode not in (0, 1):
        sys.exit(f"evident failed: {p.stderr[-400:]}")
    return took


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    subprocess.run(["cargo", "build", "--release", "--quiet"], check=True, cwd=ROOT)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    evident = os.path.join(target, "release", "evident")
    out = tempfile.mkdtemp()
    plain = [evident, "check", EXAMPLE, "-q"]
    reports = plain + [a for f, ext in [("json", "json"), ("md", "md"), ("html", "html"), ("sarif", "sarif"),
                                        ("junit", "xml")]
                       for a in ("--report", f"{f}={os.path.join(out, 'report.' + ext)}")]
    wall(plain), wall(reports)  # warm the page cache
    a, b = [], []
    for _ in range(runs):
        a.append(wall(plain))
        b.append(wall(reports))
    pa, pb = statistics.median(a), statistics.median(b)
    sizes = {f: os.path.getsize(os.path.join(out, f)) for f in sorted(os.listdir(out))}
    print(f"example: {EXAMPLE}; {runs} runs each, medians")
    print(f"check          : {pa * 1000:.1f} ms")
    print(f"check + reports: {pb * 1000:.1f} ms  ({', '.join(f'{k} {v / 1024:.0f} KB' for k, v in sizes.items())})")
    print(f"overhead: {(pb / pa - 1) * 100:.1f}%  (target < 10%)")


if __name__ == "__main__":
    main()
