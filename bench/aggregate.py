#!/usr/bin/env python3
"""Time and memory of `evident aggregate` merging N site results.

Runs the example once for its north site, writes N copies of the results as
sites site-001 ... site-N (every value naming the site renamed), and merges
them with the release binary, reporting wall time and peak memory.

    python3 bench/aggregate.py [N]        (default 100)
"""
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
EVIDENT = os.path.join(ROOT, "target", "release", "evident")


def rename(value, old, new):
    if isinstance(value, dict):
        return {k: rename(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [rename(v, old, new) for v in value]
    return new if value == old else value


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        one = os.path.join(tmp, "north.json")
        subprocess.run(
            [EVIDENT, "check", "examples/acme-contact-centre", "--site", "north", "-q", "--report", f"json={one}"],
            cwd=ROOT,
        )
        base = json.load(open(one))
        runs = os.path.join(tmp, "runs")
        os.mkdir(runs)
        for i in range(1, n + 1):
            site = f"site-{i:03}"
            with open(os.path.join(runs, f"{site}.json"), "w") as f:
                json.dump(rename(base, "north", site), f)
        size = sum(os.path.getsize(os.path.join(runs, x)) for x in os.listdir(runs))
        out = os.path.join(tmp, "merged.json")
        # GNU time reports the merge's own peak (the check above is a child too).
        start = time.monotonic()
        r = subprocess.run(
            ["/usr/bin/time", "-f", "%M", EVIDENT, "aggregate", runs, "-q", "--report", f"json={out}"],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        wall = time.monotonic() - start
        peak = int(r.stderr.strip().splitlines()[-1]) / 1024
        merged = json.load(open(out))
        assert r.returncode in (0, 1), r.returncode
        assert len(merged["sites"]) == n, len(merged["sites"])
        print(f"{n} site results ({size / 2**20:.0f} MiB of JSON) merged in {wall:.2f} s, peak RSS {peak:.0f} MiB")


if __name__ == "__main__":
    main()
