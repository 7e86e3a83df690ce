#!/usr/bin/env python3
"""The Acme example's records in Spark (local mode), audited by push-down.

Each record kind the example's packs measure becomes a Spark view of its
files' text (Spark SQL casts them to the kinds' types, as it would over an
external CSV table); `evident sql --dialect spark` writes one query per
kind; Spark runs each and writes its partials as a folder of CSV part files;
`evident check --aggregates` decides from them, and the results are
compared with a native run.

Usage: python3 examples/warehouse/spark_example.py [OUT]   (default: a temp folder)
Needs: Java 17+, pip install pyspark pyyaml openpyxl; a built evident
(`cargo build --release`, or EVIDENT=path/to/evident).
"""

import sys
import tempfile
import time
from pathlib import Path

import warehouse

EXAMPLE = warehouse.ROOT / "examples" / "acme-contact-centre"


def main():
    from pyspark.sql import SparkSession
    from pyspark.sql.types import StringType, StructField, StructType

    out = Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="evident-spark-"))
    out.mkdir(parents=True, exist_ok=True)
    sql_dir, partials = out / "sql", out / "partials"
    warehouse.evident("sql", EXAMPLE, "--dialect", "spark", "--out", sql_dir, ok=(0,))
    kinds = warehouse.kinds_of()
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("evident-pushdown")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    started = time.time()
    for q in sorted(sql_dir.glob("*.sql")):
        kind = q.stem
        columns = kinds[kind]
        schema = StructType([StructField(c, StringType(), True) for c in columns])
        spark.createDataFrame(warehouse.kind_rows(EXAMPLE, kind, columns), schema).createOrReplaceTempView(kind.replace("-", "_"))
        spark.sql(q.read_text()).write.mode("overwrite").option("header", True).csv(str(partials / kind))
    took = time.time() - started
    version = spark.version
    spark.stop()
    print(f"Spark {version} ran the queries in {took:.1f}s")
    warehouse.decide_and_compare(EXAMPLE, partials, out)


if __name__ == "__main__":
    main()
