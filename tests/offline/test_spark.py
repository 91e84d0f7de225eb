"""The Spark job on local[2]: its rows hold exactly what the HTTP API answers for the same
texts, articles without quotes and failed articles are rows too, and each Python worker
loads the model once. One SparkSession for the module (starting one takes seconds)."""
from __future__ import annotations

import json
import os
import shutil

import pytest

pytest.importorskip("pyspark", reason="pyspark is not installed: pip install -e '.[spark]' (.ci/run does)")
if shutil.which("java") is None:
    pytest.skip("no java: apt-get install openjdk-17-jre-headless (.ci/run does)", allow_module_level=True)

import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from service.core.config import Settings  # noqa: E402
from service.core.options import Options  # noqa: E402
from service.core.schemas import QuoteSchema  # noqa: E402
from service.offline import spark as job  # noqa: E402
from service.offline.speakers import SpeakerTable  # noqa: E402
from service.server.app import create_app  # noqa: E402
from tests.conftest import FIXTURES  # noqa: E402

QUOTE_FIELDS = list(QuoteSchema().fields)
LOCAL = {"spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "4"}  # local[2] listens on 127.0.0.1 only


@pytest.fixture(scope="module")
def spark():
    session = job.session("local[2]", 8, **LOCAL)
    session.sparkContext.setLogLevel("ERROR")
    assert session.conf.get("spark.driver.bindAddress") == "127.0.0.1"
    yield session
    session.stop()


@pytest.fixture(scope="module")
def api(nlp):
    return create_app(Settings(), nlp=nlp).test_client()


def articles_of(path) -> dict[int, list[dict]]:
    """article_index -> that article's rows, each a dict, quotes in their order."""
    by_article: dict[int, list[dict]] = {}
    for row in pq.read_table(path).to_pylist():
        by_article.setdefault(row["article_index"], []).append(row)
    for rows in by_article.values():
        rows.sort(key=lambda r: int(r["id"][1:]) if r["id"] else 0)
    return dict(sorted(by_article.items()))


def test_rows_equal_the_apis_answers(spark, api, tmp_path):
    seeds = [(f.stem, f.read_text(encoding="utf-8")) for f in sorted(FIXTURES.glob("*.txt"))]
    records = [{"id": i, "text": t, "source": "fixtures"} for i, t in seeds]
    records += [{"id": "empty", "text": ""}, {"id": "long", "text": "a" * (Settings().max_text_chars + 1)},
                {"id": "untexted"}, {"id": seeds[0][0], "text": "“Twice,” Dmitry Peskov said."}]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records[:5]) + "not json\n"
                      + "".join(json.dumps(r) + "\n" for r in records[5:]), encoding="utf-8")
    counts = job.run(spark, str(source), str(tmp_path / "out"), Settings(), Options(), "json", partitions=6,
                     speakers_output=str(tmp_path / "speakers"))
    articles = list(articles_of(tmp_path / "out").values())
    assert len(articles) == len(records) + 1  # every input line, in input order

    answers = [api.post("/v1/quotes", json={"id": r["id"], "text": r["text"]}).get_json()
               for r in records[:5] + records[-1:]]
    for rows, answer in zip(articles[:5] + articles[-1:], answers, strict=True):
        assert {r["article_id"] for r in rows} == {answer["id"]}
        assert {(r["status"], r["article_quotes"]) for r in rows} == {("ok", len(answer["quotes"]))}
        assert [{name: r[name] for name in QUOTE_FIELDS} for r in rows] == answer["quotes"]
        assert all(r["model"] == answer["model"] for r in rows)  # provenance, as a struct column
    assert sum(len(a["quotes"]) for a in answers) > 40

    # the speakers table: the rows the quotes CLI's --speakers makes from the same answers
    table = SpeakerTable()
    for answer in answers:
        table.add(answer)
    expected = sorted(table.rows(), key=lambda r: r["key"])
    assert sorted(pq.read_table(tmp_path / "speakers").to_pylist(), key=lambda r: r["key"]) == expected
    assert any(r["articles"] > 1 for r in expected)  # a speaker quoted in two of these articles

    bad_json, empty, long, untexted = articles[5:9]
    assert [(r["article_id"], r["status"], r["error"]["type"]) for r in bad_json] == [
        (None, "error", "urn:quotes:problem:invalid-json")]
    assert [(r["article_id"], r["status"], r["article_quotes"], r["id"]) for r in empty] == [("empty", "ok", 0, None)]
    assert long[0]["error"]["type"] == "urn:quotes:problem:text-too-long" and long[0]["error"]["status"] == 413
    assert untexted[0]["error"]["type"] == "urn:quotes:problem:validation-error"
    assert counts == {"quotes": sum(len(a["quotes"]) for a in answers), "without_quotes": 1, "failed": 3}


def test_each_python_worker_loaded_the_model_once(spark):
    def probe(batches):  # runs in the same pool of Python workers as the job's mapInArrow
        import service.offline.spark

        for _ in batches:
            yield pa.RecordBatch.from_pylist([{"pid": os.getpid(), "loads": service.offline.spark.loads}])
    workers = spark.range(16).repartition(8).mapInArrow(probe, "pid long, loads long").collect()
    assert {row["loads"] for row in workers} == {1}  # the job ran 6 tasks over these workers


def test_parquet_input_with_other_column_names_and_options(spark, api, tmp_path):
    text = (FIXTURES / "003_2bc42e7d6ea7a312.txt").read_text(encoding="utf-8")
    pq.write_table(pa.table({"doc": [7, 8], "body": [text, "“Ja,” he said."]}), tmp_path / "in.parquet")
    options = Options(scope="attributions", join_split=True, min_confidence=0.5, offsets="utf8")
    job.run(spark, str(tmp_path / "in.parquet"), str(tmp_path / "out"), Settings(), options, "parquet",
            id_column="doc", text_column="body", partitions=2)
    rows = list(articles_of(tmp_path / "out").values())[0]
    answer = api.post("/v1/quotes", json={"id": "7", "text": text, "scope": "attributions", "join_split": True,
                                          "min_confidence": 0.5, "offsets": "utf8"}).get_json()
    assert rows[0]["article_id"] == "7"
    assert [{name: r[name] for name in QUOTE_FIELDS} for r in rows] == answer["quotes"]
    with pytest.raises(ValueError, match="no column 'id'"):
        job.read_articles(spark, str(tmp_path / "in.parquet"), "parquet")
