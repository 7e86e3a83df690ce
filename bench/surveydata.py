"""Survey workloads shared by the benchmark scripts: the generated CSV of a
size, and evidence folders that hold a file where its kind expects it."""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.environ.get("EVIDENT_SHARED", os.path.join(ROOT, "..", "shared"))
DATA = os.path.join(HERE, "data")
ROWS = {"1m": 1_000_000, "3m": 3_000_000, "5m": 5_000_000, "10m": 10_000_000, "100m": 100_000_000}
# The generated surveys: 20 sites, calls in 2023 and 2024.
PROFILE = """organisation: Benchmark Contact Centre
sites: [{sites}]
as_of: 2025-01-15
period: {{from: 2023-01-01, to: 2024-12-31}}
""".format(sites=", ".join(f"SITE-{i:02d}" for i in range(1, 21)))


def survey_csv(size):
    """data/surveys_<size>.csv, generated (fixed seed, needs numpy) if missing."""
    csv = os.path.join(DATA, f"surveys_{size}.csv")
    if not os.path.exists(csv):
        os.makedirs(DATA, exist_ok=True)
        subprocess.run([sys.executable, os.path.join(SHARED, "bench", "gen_data.py"), "surveys",
                        str(ROWS[size]), csv], check=True)
    return csv


def evidence_root(name, file=None, profile=False):
    """data/<name>: an evidence folder holding `file` as its survey records
    (a hard link, not a copy) and, with `profile`, the surveys' profile."""
    root = os.path.join(DATA, name)
    os.makedirs(root, exist_ok=True)
    if file:
        target = os.path.join(root, "records", "customer-survey", "surveys" + os.path.splitext(file)[1])
        if not os.path.exists(target):
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.link(file, target)
    if profile:
        with open(os.path.join(root, "evident.yaml"), "w") as f:
            f.write(PROFILE)
    return root


def release_binary():
    """Builds the release binary; its path."""
    subprocess.run(["cargo", "build", "--release", "--quiet"], check=True, cwd=ROOT)
    return os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "evident")
