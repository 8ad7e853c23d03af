"""Screening a Spark DataFrame of customers with interdict.

The lists are small (tens of thousands of entities, a few MB compressed):
the driver loads them once and broadcasts them; every Python worker builds
its own index from the broadcast (once, then reuses it), and screens its
partitions through ``mapInArrow``, one Arrow batch at a time, with the same
code as ``interdict batch``. The customers are what is partitioned.

Use it from PySpark::

    from interdict.spark import screen_dataframe
    hits = screen_dataframe(customers_df, Screener.from_store("/srv/interdict.db"))
    hits.write.parquet("hits.parquet")

or as a job: ``python -m interdict.spark customers.parquet hits.parquet``
(``--help`` for options). See docs/spark.md.
"""

import argparse
import sys
import uuid

import pyarrow as pa

from interdict import DEFAULT_THRESHOLD, Screener

# The columns of a hit, as in ``interdict batch``'s output but for ``row``:
# rows of a distributed DataFrame have no number, so a hit is tied to its
# customer by the key column, which a Spark job must have.
HIT_COLUMNS = [
    ("key", pa.string()),
    ("query_name", pa.string()),
    ("rank", pa.int32()),
    ("entity_id", pa.string()),
    ("entity_name", pa.string()),
    ("schema", pa.string()),
    ("sources", pa.string()),
    ("matched_name", pa.string()),
    ("score", pa.float32()),
    ("name_score", pa.float32()),
    ("features", pa.string()),
    ("explanation", pa.string()),
]
HITS_ARROW_SCHEMA = pa.schema([pa.field(name, kind, nullable=True) for name, kind in HIT_COLUMNS])
HITS_SPARK_SCHEMA = (
    "key string, query_name string, rank int, entity_id string, entity_name string, "
    "schema string, sources string, matched_name string, score float, name_score float, "
    "features string, explanation string"
)

# The screener each Python worker built, by the token of the job's
# broadcast: Spark reuses its workers, so the index is built once per
# worker, not once per partition.
_SCREENERS = {}


def _screener_of(token, broadcast):
    screener = _SCREENERS.get(token)
    if screener is None:
        _SCREENERS.clear()
        screener = Screener.from_bytes(broadcast.value)
        _SCREENERS[token] = screener
    return screener


def _has_key_column(names, columns):
    if columns and "key" in columns:
        return True
    compact = {"".join(ch for ch in n.lower() if ch.isalnum()) for n in names}
    return bool(compact & {"key", "id", "recordid", "customerid", "customerkey", "clientid",
                           "accountid", "ref", "reference"})


def screen_dataframe(df, screener=None, *, columns=None, threshold=DEFAULT_THRESHOLD, limit=10,
                     lenient=False):
    """Screens every row of ``df``; a DataFrame of hits (see ``HIT_COLUMNS``).

    ``screener`` defaults to the bundled lists. ``columns`` maps fields
    (key, name, alias, dob, country, id, schema) to column names; other
    columns are recognised by name as ``interdict batch`` recognises a
    header. The DataFrame must have a key column (``customer_id``, ``key``,
    ...) to tie hits to customers.
    """
    if not _has_key_column(df.columns, columns):
        raise ValueError(
            "the DataFrame has no key column (customer_id, key, id, ...; name one with "
            f"columns={{'key': ...}}); its columns are {df.columns}")
    screener = screener or Screener.bundled()
    lists = df.sparkSession.sparkContext.broadcast(screener.to_bytes())
    token = uuid.uuid4().hex
    pairs = dict(columns) if columns else None

    def screen_partition(batches):
        native = _screener_of(token, lists)
        for batch in batches:
            hits = native.screen_batch(batch, columns=pairs, threshold=threshold, limit=limit,
                                       lenient=lenient)
            yield hits.select([name for name, _ in HIT_COLUMNS]).cast(HITS_ARROW_SCHEMA)

    return df.mapInArrow(screen_partition, HITS_SPARK_SCHEMA)


def _read(spark, path):
    if path.endswith(".parquet") or not path.rsplit("/", 1)[-1].count("."):
        return spark.read.parquet(path)
    if path.endswith(".csv") or path.endswith(".csv.gz"):
        # Every column as text, as interdict batch reads CSV.
        return spark.read.option("header", True).option("inferSchema", False).csv(path)
    if path.endswith(".jsonl") or path.endswith(".json"):
        return spark.read.json(path)
    raise ValueError(f"{path}: cannot tell the format from the extension (.parquet, .csv, .jsonl)")


def main(argv=None):
    """``python -m interdict.spark INPUT OUTPUT``: screen a file of customers
    on Spark and write the hits as Parquet."""
    parser = argparse.ArgumentParser(prog="python -m interdict.spark", description=main.__doc__)
    parser.add_argument("input", help="customers: Parquet, CSV (with a header) or JSON Lines")
    parser.add_argument("output", help="where to write the hits (a Parquet directory)")
    lists = parser.add_mutually_exclusive_group()
    lists.add_argument("--store", help="screen against the versions this store serves")
    lists.add_argument("--manifest", help="screen against the lists this manifest names")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--lenient", action="store_true",
                        help="leave out values that cannot be read instead of failing")
    parser.add_argument("--column", action="append", default=[], metavar="FIELD=COLUMN",
                        help="read FIELD (key, name, alias, dob, country, id, schema) from COLUMN")
    parser.add_argument("--master", default=None, help="Spark master, e.g. local[2]")
    parser.add_argument("--partitions", type=int, default=None,
                        help="repartition the customers into this many partitions first")
    args = parser.parse_args(argv)

    columns = {}
    for pair in args.column:
        field, sep, column = pair.partition("=")
        if not sep:
            parser.error(f"--column {pair!r}: write FIELD=COLUMN")
        columns[field] = column

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("interdict screening")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    if args.store:
        screener = Screener.from_store(args.store)
    elif args.manifest:
        screener = Screener.from_manifest(args.manifest)
    else:
        screener = Screener.bundled()
    customers = _read(spark, args.input)
    if args.partitions:
        customers = customers.repartition(args.partitions)
    hits = screen_dataframe(customers, screener, columns=columns or None,
                            threshold=args.threshold, limit=args.limit, lenient=args.lenient)
    hits.write.mode("overwrite").parquet(args.output)
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
