"""Shared by the warehouse example and the push-down tests: the example's
record files as text rows, and partial aggregates compared the way the
contract defines them (rows add up, so they are summed per metric, site,
group and reason before comparing)."""

import csv
import datetime
import functools
import math
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


@functools.lru_cache(maxsize=None)
def _declared(path):
    """The record kinds one pack or kinds file declares: name -> {column: type}."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    doc = yaml.load(Path(path).read_text(), Loader=loader) or {}
    out = {}
    for name, kind in (doc.get("kinds") or {}).items():
        rec = (kind or {}).get("records")
        if rec:
            out[name] = {**(rec.get("columns") or {}), **(rec.get("optional") or {})}
    return out


def kinds_of(packs=(), types=False):
    """Column names (with `types`, name: type) of every record kind the
    shipped packs, and the packs at the paths `packs`, declare."""
    files = [ROOT / "standards" / "kinds.yaml"] + sorted((ROOT / "standards").glob("*/pack.yaml"))
    for p in packs:
        p = Path(p)
        if p.is_dir() or p.suffix == ".yaml":
            files.append(p / "pack.yaml" if p.is_dir() else p)
    out = {}
    for f in files:
        for name, cols in _declared(str(f)).items():
            out.setdefault(name, cols if types else list(cols))
    return out


def evident(*args, ok=(0, 1)):
    """Runs evident (EVIDENT, else target/release/evident) with `args`."""
    import os
    import subprocess

    binary = os.environ.get("EVIDENT") or str(ROOT / "target" / "release" / "evident")
    p = subprocess.run([binary, *map(str, args)], capture_output=True, text=True)
    if p.returncode not in ok:
        raise SystemExit(f"evident {' '.join(map(str, args))} exited {p.returncode}:\n{p.stderr}")
    return p


def record_files(folder, kind):
    return sorted(f for f in (Path(folder) / "records" / kind).rglob("*") if f.is_file())


def text_rows(path):
    """A CSV file or a workbook's first sheet as text rows, header first
    (spreadsheet dates as ISO text); None for an empty cell."""
    if path.suffix.lower() == ".csv":
        with open(path, newline="", encoding="utf-8-sig") as f:
            return [[c if c != "" else None for c in row] for row in csv.reader(f)]
    if path.suffix.lower() != ".xlsx":
        raise RuntimeError(f"{path}: the example loads CSV and xlsx record files only")
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
        if any(c is not None for c in cells):
            out.append(cells)
    return out


def file_rows(path, columns):
    """One record file's rows, as text, in the order of `columns`."""
    table = text_rows(path)
    if not table:
        return []
    header = [h.strip() if h else "" for h in table[0]]
    at = [header.index(c) if c in header else None for c in columns]
    return [[r[i] if i is not None and i < len(r) else None for i in at] for r in table[1:]]


def kind_rows(folder, kind, columns):
    """Every row of a kind's files, as text, in the order of `columns`."""
    return [row for f in record_files(folder, kind) for row in file_rows(f, columns)]


def read_partials(path):
    """Partial rows from a CSV file, or every CSV part file of a folder."""
    path = Path(path)
    files = sorted(p for p in path.glob("*.csv")) if path.is_dir() else [path]
    rows = []
    for f in files:
        with open(f, newline="") as fh:
            rows.extend({k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(fh))
    return rows


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


def decisions(results):
    """Results without the manifest, which names partials instead of raw files."""
    r = dict(results)
    r.pop("manifest", None)
    return r


def same_results(a, b, path="results"):
    """Where two runs' results differ, manifest aside; None when they agree.
    A measured value may differ in its last digits: an engine sums values
    kept to 9 decimals, the native reader the doubles themselves."""
    if isinstance(a, float) or isinstance(b, float):
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12):
            return None
        return f"{path}: {a!r} native, {b!r} pushed down"
    if isinstance(a, dict) and isinstance(b, dict):
        if path == "results":
            a, b = decisions(a), decisions(b)
        if a.keys() != b.keys():
            return f"{path}: keys {sorted(a.keys() ^ b.keys())} in one only"
        for k in a:
            d = same_results(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} entries native, {len(b)} pushed down"
        for i, (x, y) in enumerate(zip(a, b)):
            d = same_results(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{path}: {a!r} native, {b!r} pushed down"


def decide_and_compare(folder, partials, out):
    """`check --aggregates` on the partials and a native run, compared; says
    how it went and exits 1 when the results differ."""
    import json
    import sys

    evident("check", folder, "--aggregates", partials, "--report", f"json={out / 'pushed.json'}", "-q")
    evident("check", folder, "--report", f"json={out / 'native.json'}", "-q")
    pushed = json.loads((out / "pushed.json").read_text())
    native = json.loads((out / "native.json").read_text())
    served = sorted(e["kind"] for e in pushed["manifest"] if e["role"] == "query")
    print(f"{len(served)} record kinds pushed down; partials in {partials}")
    differ = same_results(native, pushed)
    if differ:
        print(f"the results differ from the native run: {differ}")
        sys.exit(1)
    print("results: the same as the native run (manifest aside: it names the partials and queries)")
