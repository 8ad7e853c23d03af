"""Compares the hits of `interdict batch` (a Parquet file) with the hits of
the Spark job (a Parquet directory), row for row, and prints a JSON report.

Rows are matched by (key, rank, entity_id), since a Spark job's output has
no input row numbers and comes in no particular order; every other column
must be equal (scores as the float32 they are, explanations as JSON).
"""

import json
import sys

import pyarrow.parquet as pq

COLUMNS = ["key", "query_name", "rank", "entity_id", "entity_name", "schema", "sources",
           "matched_name", "score", "name_score", "features", "explanation"]


def rows(path):
    table = pq.read_table(path, columns=COLUMNS)
    found = []
    for row in table.to_pylist():
        row["rank"] = int(row["rank"])
        row["explanation"] = json.loads(row["explanation"])
        found.append(row)
    found.sort(key=lambda r: (r["key"], r["rank"], r["entity_id"]))
    return found


def main(cli_path, spark_path):
    cli, spark = rows(cli_path), rows(spark_path)
    differences = []
    for index, (a, b) in enumerate(zip(cli, spark)):
        for column in COLUMNS:
            if a[column] != b[column]:
                differences.append({"index": index, "key": a["key"], "column": column,
                                    "cli": a[column], "spark": b[column]})
                break
    print(json.dumps({
        "cli_hits": len(cli),
        "spark_hits": len(spark),
        "customers_with_hits": len({r["key"] for r in cli}),
        "differences": len(differences),
        "first_differences": differences[:5],
    }))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
