#!/usr/bin/env python3
"""The Acme example's records in a DuckDB database, audited by push-down.

1. Loads every record kind the example's packs measure into a DuckDB file
   database, typed as the kinds declare (as a warehouse would hold them).
2. `evident sql --dialect duckdb` writes one query per kind.
3. DuckDB runs each query and exports its partial aggregates as Parquet.
4. `evident check --aggregates` decides from them, and the results are
   compared with a native run over the same files.

Usage: python3 examples/warehouse/duckdb_example.py [OUT]   (default: a temp folder)
Needs: pip install duckdb pyyaml openpyxl; a built evident
(`cargo build --release`, or EVIDENT=path/to/evident).
"""

import sys
import tempfile
from pathlib import Path

import duckdb

import warehouse

EXAMPLE = warehouse.ROOT / "examples" / "acme-contact-centre"
SQL_TYPES = {"int": "BIGINT", "float": "DOUBLE", "bool": "BOOLEAN", "string": "VARCHAR", "date": "DATE", "datetime": "TIMESTAMP", "duration": "BIGINT"}


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="evident-warehouse-"))
    out.mkdir(parents=True, exist_ok=True)
    sql_dir, partials = out / "sql", out / "partials"
    partials.mkdir(exist_ok=True)
    warehouse.evident("sql", EXAMPLE, "--dialect", "duckdb", "--out", sql_dir, ok=(0,))
    kinds = warehouse.kinds_of(types=True)
    db = out / "warehouse.duckdb"
    db.unlink(missing_ok=True)
    con = duckdb.connect(str(db))
    for q in sorted(sql_dir.glob("*.sql")):
        kind, table = q.stem, q.stem.replace("-", "_")
        columns = kinds[kind]
        text_columns = ", ".join(f'"{c}" VARCHAR' for c in columns)
        con.execute(f'CREATE TABLE "{table}_text" ({text_columns})')
        rows = warehouse.kind_rows(EXAMPLE, kind, list(columns))
        if rows:
            con.executemany(f'INSERT INTO "{table}_text" VALUES ({", ".join("?" for _ in columns)})', rows)
        typed = ", ".join(f'CAST(NULLIF(TRIM("{c}"), \'\') AS {SQL_TYPES[t]}) AS "{c}"' if t != "string" else f'"{c}"' for c, t in columns.items())
        con.execute(f'CREATE TABLE "{table}" AS SELECT {typed} FROM "{table}_text"')
        con.execute(f'DROP TABLE "{table}_text"')
        con.execute(f"COPY ({q.read_text()}) TO '{partials / (kind + '.parquet')}' (FORMAT PARQUET)")
    con.close()
    print(f"DuckDB database: {db}")
    warehouse.decide_and_compare(EXAMPLE, partials, out)


if __name__ == "__main__":
    main()
