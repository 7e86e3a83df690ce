#!/usr/bin/env python3
"""Every dialect `evident sql` writes parses with sqlglot for that dialect.

Usage: dialects.py EVIDENT FOLDER [PACK...]
Writes each dialect's queries for FOLDER and parses each one; prints one
line per dialect; exits 1 if any query does not parse.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

import sqlglot
from sqlglot.errors import ErrorLevel

DIALECTS = ["duckdb", "spark", "trino", "postgres", "bigquery", "snowflake"]


def main():
    evident, folder, *packs = sys.argv[1:]
    pack_args = [a for p in packs for a in ("--pack", p)]
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for d in DIALECTS:
            out = Path(tmp) / d
            p = subprocess.run([evident, "sql", folder, *pack_args, "--dialect", d, "--out", out], capture_output=True, text=True)
            if p.returncode != 0:
                print(f"BAD {d}: evident sql exited {p.returncode}: {p.stderr.strip()}")
                bad += 1
                continue
            queries = sorted(out.glob("*.sql"))
            problems = []
            for q in queries:
                try:
                    parsed = sqlglot.parse(q.read_text(), read=d, error_level=ErrorLevel.RAISE)
                    if len(parsed) != 1 or parsed[0] is None:
                        problems.append(f"{q.name}: {len(parsed)} statements")
                except sqlglot.errors.SqlglotError as e:
                    problems.append(f"{q.name}: {str(e)[:300]}")
            if not queries:
                problems.append("no queries written")
            bad += bool(problems)
            print(f"{'BAD' if problems else 'ok '} {d}: {len(queries)} queries parse" if not problems else f"BAD {d}: " + "; ".join(problems[:3]))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
