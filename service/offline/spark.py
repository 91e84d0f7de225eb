"""The Spark job: every quote of a corpus on a cluster, as Parquet.

    python -m service.offline.spark INPUT OUTPUT [--speakers PATH] [--master URL]   (default local[*])
    spark-submit --master URL .../service/spark.py INPUT OUTPUT

INPUT is Parquet, or JSON lines, with an id and a text column (``--id-column``,
``--text-column``). OUTPUT is Parquet with one row per quote: ``article_id``, the quote's
fields exactly as the API returns them (``id``, ``type``, ``text``, ``start``, ``end``,
``speaker`` and ``verb`` as structs, ``confidence``, ``construction``, ``fragments``), and
per article its ``article_index`` (unique, in input order), a ``status`` (``ok`` or
``error``), the ``error`` problem, ``article_quotes`` and ``model``, the API's ``model``
object as a struct (pipeline, data digest, gazetteer, options: what made the row).
An article without quotes is one ``ok`` row whose quote fields are null; an article that
could not be annotated (no text, over QUOTES_MAX_TEXT_CHARS, not JSON) is one ``error``
row. Nothing is dropped. ``--speakers PATH`` also writes the speakers table
(``service.offline.speakers``: one row per ``speaker.key``, with its names, roles, quotes
and articles) as Parquet: grouping the corpus's quotes by speaker across articles is then
a join on ``speaker.key``.

Each Python worker loads the model once, on its first batch, and keeps it for every task it
runs after (Spark reuses Python workers); documents go through
:meth:`service.core.annotate.Annotator.annotate` (``nlp.pipe`` in batches of similar length), so
a row holds the same data as the API's answer and the ``quotes`` command's line.
"""
from __future__ import annotations

import argparse
import os
import sys
from functools import partial
from pathlib import Path
from typing import Any, Iterator

import pyarrow as pa
from marshmallow import Schema, fields
from pyspark.errors import AnalysisException
from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql import types as T
from pyspark.sql.pandas.types import to_arrow_schema

from service.core.annotate import Annotator, Document
from service.core.config import Settings, SettingsError
from service.core.options import Options
from service.core.schemas import ModelSchema, QuoteSchema
from service.offline.corpus import problem
from service.offline.flags import add_engine_flags, chosen, positive
from service.offline.speakers import COLUMNS as SPEAKER_COLUMNS

UNREADABLE = "_corrupt_record"  # Spark's column for a JSON line it could not parse
_FIELD_TYPES = {fields.String: T.StringType(), fields.Integer: T.LongType(), fields.Float: T.DoubleType(),
                fields.Boolean: T.BooleanType()}

LOOPBACK = {"spark.driver.bindAddress": "127.0.0.1", "spark.driver.host": "127.0.0.1"}

_loaded: tuple[Settings, Annotator] | None = None  # this Python worker's model
loads = 0  # how often this worker loaded one: once, whatever the number of tasks it runs


def spark_type(field: fields.Field) -> T.DataType:
    """The Spark type of a response field, so the rows follow the API's schema by construction."""
    if isinstance(field, fields.Nested):
        return struct_type(field.schema)
    if isinstance(field, fields.List):
        return T.ArrayType(spark_type(field.inner))
    return next(kind for base, kind in _FIELD_TYPES.items() if isinstance(field, base))


def struct_type(schema: Schema) -> T.StructType:
    return T.StructType([T.StructField(name, spark_type(f)) for name, f in schema.fields.items()])


ERROR = T.StructType([T.StructField("type", T.StringType()), T.StructField("title", T.StringType()),
                      T.StructField("status", T.LongType()), T.StructField("detail", T.StringType())])
ROWS = T.StructType([T.StructField("article_id", T.StringType()), T.StructField("article_index", T.LongType(), False),
                     T.StructField("status", T.StringType(), False),
                     T.StructField("error", ERROR), T.StructField("article_quotes", T.LongType()),
                     T.StructField("model", struct_type(ModelSchema())), *struct_type(QuoteSchema()).fields])
_ARROW_ROWS = to_arrow_schema(ROWS)


def read_articles(spark: SparkSession, source: str, fmt: str, id_column: str = "id",
                  text_column: str = "text") -> DataFrame:
    """Columns ``id`` (as a string), ``text``, ``unreadable`` (a JSON line Spark could not
    parse, else null) and ``index`` (unique, increasing in input order, not consecutive: it
    tells apart articles that share an id) of every article in ``source``."""
    if fmt == "json":
        schema = T.StructType([T.StructField(id_column, T.StringType()), T.StructField(text_column, T.StringType()),
                               T.StructField(UNREADABLE, T.StringType())])
        frame = spark.read.schema(schema).option("mode", "PERMISSIVE") \
            .option("columnNameOfCorruptRecord", UNREADABLE).json(source)
    else:
        frame = spark.read.parquet(source)
        missing = [c for c in (id_column, text_column) if c not in frame.columns]
        if missing:
            raise ValueError(f"{source} has no column {missing[0]!r} (columns: {', '.join(frame.columns)})")
        if not isinstance(frame.schema[text_column].dataType, T.StringType):
            kind = frame.schema[text_column].dataType.simpleString()
            raise ValueError(f"column {text_column!r} of {source} holds {kind}, not text")
        frame = frame.withColumn(UNREADABLE, F.lit(None).cast(T.StringType()))
    return frame.select(F.col(id_column).cast(T.StringType()).alias("id"), F.col(text_column).alias("text"),
                        F.col(UNREADABLE).alias("unreadable"), F.monotonically_increasing_id().alias("index"))


def annotate_articles(articles: DataFrame, settings: Settings, options: Options, partitions: int) -> DataFrame:
    """One row per quote (see the module's doc) for the articles of :func:`read_articles`,
    spread over ``partitions`` tasks."""
    return articles.repartition(partitions).mapInArrow(partial(_annotate_batches, settings, options), ROWS)


def _annotator(settings: Settings) -> Annotator:
    """The model of this Python worker, loaded on first use (and again only for other settings)."""
    global _loaded, loads
    if _loaded is None or _loaded[0] != settings:
        _loaded = (settings, Annotator.load(settings))
        loads += 1
    return _loaded[1]


def _annotate_batches(settings: Settings, options: Options,
                      batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    annotator = _annotator(settings)
    model = annotator.model(options)
    for batch in batches:
        ids, texts, unreadable, indexes = (batch.column(name).to_pylist()
                                           for name in ("id", "text", "unreadable", "index"))
        readable = [Document(t, i) for i, t, u in zip(ids, texts, unreadable) if t is not None and u is None]
        records = annotator.annotate(readable, options, chunk=len(readable) or None)
        rows: list[dict[str, Any]] = []
        for doc_id, text, line, index in zip(ids, texts, unreadable, indexes):
            if line is not None:
                error = problem(400, "invalid-json", f"not valid JSON: {line[:200]!r}")
                record = {"id": None, "error": error.to_dict()}
            elif text is None:
                record = {"id": doc_id, "error": problem(422, "validation-error", "the article has no text").to_dict()}
            else:
                record = next(records)
            rows += _rows(record, index, model)
        yield pa.RecordBatch.from_pylist(rows, schema=_ARROW_ROWS)


def _rows(record: dict[str, Any], index: int, model: dict[str, Any]) -> list[dict[str, Any]]:
    """An article's rows: one per quote, or one carrying its status alone; each with the
    ``model`` that made (or refused) it."""
    if "error" in record:
        return [{"article_id": record["id"], "article_index": index, "status": "error", "error": record["error"],
                 "model": model}]
    article = {"article_id": record["id"], "article_index": index, "status": "ok",
               "article_quotes": len(record["quotes"]), "model": model}
    return [{**article, **quote} for quote in record["quotes"]] or [article]


def speakers(rows: DataFrame) -> DataFrame:
    """The speakers table of the quote rows (``service.offline.speakers``, whose rows these
    are, made with Spark's aggregates): one row per ``speaker.key``."""
    quoted = rows.where(F.col("speaker.key").isNotNull()).select("article_index", "speaker.*")

    def most(column: str) -> DataFrame:  # the value given most often; ties, the first in sorted order
        order = Window.partitionBy("key").orderBy(F.desc("count"), F.asc(column))
        counted = quoted.groupBy("key", column).count().withColumn("rank", F.row_number().over(order))
        return counted.where(F.col("rank") == 1).select("key", column)

    totals = quoted.groupBy("key").agg(F.min("kb_id").alias("kb_id"),
                                       F.array_sort(F.collect_set("name")).alias("names"),
                                       F.array_sort(F.collect_set("role")).alias("roles"),
                                       F.count(F.lit(1)).alias("quotes"),
                                       F.countDistinct("article_index").alias("articles"))
    return totals.join(most("name"), "key").join(most("kind"), "key").select(*SPEAKER_COLUMNS)


def session(master: str | None, batch_size: int, **conf: str) -> SparkSession:
    """A session whose Python workers run this interpreter (locally) and get Arrow batches of
    ``batch_size`` articles. No master: spark-submit's ``--master``, else ``local[*]``. A local
    session listens on the loopback interface only: it serves no other machine."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    if master is None and "PYSPARK_GATEWAY_PORT" not in os.environ:  # that variable: run by spark-submit
        master = "local[*]"
    builder = SparkSession.builder.appName("quotes")
    if master:
        builder = builder.master(master)
    local = LOOPBACK if master and master.startswith("local") else {}
    settings = {"spark.sql.execution.arrow.maxRecordsPerBatch": str(batch_size), "spark.python.worker.reuse": "true",
                "spark.ui.showConsoleProgress": "false", **local, **conf}
    for key, value in settings.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def run(spark: SparkSession, source: str, output: str, settings: Settings, options: Options, fmt: str = "json",
        id_column: str = "id", text_column: str = "text", partitions: int | None = None,
        overwrite: bool = False, speakers_output: str | None = None) -> dict[str, int]:
    """The whole job: read ``source``, write the rows to ``output`` (and the speakers table to
    ``speakers_output``), count what was written."""
    mode = "overwrite" if overwrite else "errorifexists"
    articles = read_articles(spark, source, fmt, id_column, text_column)
    rows = annotate_articles(articles, settings, options, partitions or 4 * spark.sparkContext.defaultParallelism)
    rows.write.mode(mode).parquet(output)
    written = spark.read.parquet(output)
    if speakers_output:
        speakers(written).write.mode(mode).parquet(speakers_output)
    return summary(written)


def summary(rows: DataFrame) -> dict[str, int]:
    """Quotes, articles without quotes and failed articles among ``rows``."""
    counts = rows.agg(F.count("id").alias("quotes"),
                      F.count(F.when((F.col("status") == "ok") & F.col("id").isNull(), 1)).alias("without_quotes"),
                      F.count(F.when(F.col("status") == "error", 1)).alias("failed")).first()
    return counts.asDict()


def main(argv: list[str] | None = None) -> int:
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"service.offline.spark: {exc}", file=sys.stderr)
        return 2
    parser = argparse.ArgumentParser(prog="python -m service.offline.spark", description=__doc__.splitlines()[0])
    parser.add_argument("input", help="Parquet file or folder, or JSON lines")
    parser.add_argument("output", help="Parquet folder to write")
    parser.add_argument("--master", help="Spark master URL (default: spark-submit's --master, else local[*])")
    parser.add_argument("--format", choices=("parquet", "json"),
                        help="input format (default: json for .json/.jsonl/.ndjson, else parquet)")
    parser.add_argument("--id-column", default="id")
    parser.add_argument("--text-column", default="text")
    parser.add_argument("--partitions", type=positive,
                        help="tasks to spread the articles over (default: 4 per core of the cluster)")
    parser.add_argument("--speakers", metavar="PATH",
                        help="also write the speakers table (one row per speaker.key) as Parquet here")
    parser.add_argument("--overwrite", action="store_true", help="replace OUTPUT (and --speakers PATH) if it exists")
    add_engine_flags(parser, settings)
    args = parser.parse_args(argv)
    settings, options = chosen(args, settings)
    fmt = args.format or ("json" if Path(args.input).suffix in (".json", ".jsonl", ".ndjson") else "parquet")
    spark = session(args.master, 4 * settings.batch_size)
    try:
        counts = run(spark, args.input, args.output, settings, options, fmt, args.id_column, args.text_column,
                     args.partitions, args.overwrite, args.speakers)
    except (ValueError, AnalysisException) as exc:
        print(f"service.offline.spark: {exc}", file=sys.stderr)
        return 2
    finally:
        spark.stop()
    print(f"service.offline.spark: {args.output}: {counts['quotes']} quotes, {counts['without_quotes']} articles "
          f"without quotes, {counts['failed']} failed articles", file=sys.stderr)
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    # Run the installed module's main, not this file's copy: functions shipped to the workers
    # are then pickled by reference to service.offline.spark, whose model each worker keeps.
    from service.offline.spark import main as installed_main

    sys.exit(installed_main())
