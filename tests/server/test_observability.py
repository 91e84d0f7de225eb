"""What an operator reads: saturation metrics (requests in flight and queued, deadlines,
per-document batch errors, each worker's memory), one JSON log format for the app and
gunicorn with zoned timestamps, probes and scrapes at DEBUG, and the W3C traceparent read,
echoed and logged. Against a real gunicorn (127.0.0.1, stopped at the end) where the
multiprocess metrics matter, through Flask's test client elsewhere."""
from __future__ import annotations

import json
import logging
import re
import socket
import threading
import time
import urllib.request

import pytest

from bench.benchmark import Server
from service.core.config import Settings
from service.server import app as app_module
from service.server import metrics
from service.server.app import create_app
from service.server.logs import JsonFormatter
from service.server.tracing import TraceParent

TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
ZONED = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$")


def scrape(url: str) -> dict[str, float]:
    """Every sample of /metrics: 'name{labels}' -> value."""
    with urllib.request.urlopen(url + "/metrics", timeout=10) as response:
        lines = response.read().decode().splitlines()
    return {line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1]) for line in lines if not line.startswith("#")}


def post(url: str, path: str, payload: dict, headers: dict | None = None):
    request = urllib.request.Request(url + path, data=json.dumps(payload).encode(), method="POST",
                                     headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, dict(response.headers), json.loads(response.read())


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    log = tmp_path_factory.mktemp("server") / "stderr.log"
    env = {"QUOTES_LOG_LEVEL": "DEBUG", "QUOTES_REQUEST_READ_SECONDS": "1", "QUOTES_MAX_TEXT_CHARS": "300"}
    with Server(workers=2, env=env, log=log) as running:
        running.log_path = log
        yield running


def test_saturation_gauges_and_worker_memory(server):
    samples = scrape(server.url)
    assert samples["quotes_requests_in_flight"] >= 1  # the scrape itself is being handled
    assert samples["quotes_requests_queued"] == 0
    memory = {k: v for k, v in samples.items() if k.startswith("quotes_worker_resident_bytes{")}
    pids = {re.search(r'pid="(\d+)"', k).group(1) for k in memory}
    assert pids == {str(p) for p in server.worker_pids()}  # one series per live worker, none for the master
    assert all(50 * 2**20 < v < 2**31 for v in memory.values())


def test_document_errors_and_read_deadlines_are_counted(server):
    status, _, body = post(server.url, "/v1/quotes/batch", {"documents": [{"text": "“Fine,” Ann Ortiz said."},
                                                                          {"text": "x" * 301}]})
    assert status == 200 and body["results"][1]["error"]["status"] == 413
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:  # headers that never end
        sock.sendall(b"POST /v1/quotes HTTP/1.1\r\nHost: x\r\n")
        time.sleep(1.6)
        assert sock.recv(100) in (b"",)  # dropped at QUOTES_REQUEST_READ_SECONDS
    samples = scrape(server.url)
    assert samples['quotes_document_errors_total{type="text-too-long"}'] >= 1
    assert samples['quotes_deadlines_total{deadline="read"}'] >= 1


def test_every_line_is_json_with_a_zoned_time_and_traceparent_is_echoed_and_logged(server):
    status, headers, _ = post(server.url, "/v1/quotes", {"text": "“Fine,” Ann Ortiz said."}, {"traceparent": TRACE})
    assert status == 200 and headers["traceparent"] == TRACE
    urllib.request.urlopen(server.url + "/healthz", timeout=10).read()
    time.sleep(0.5)
    lines = [json.loads(line) for line in server.log_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert lines and all(ZONED.match(line["time"]) for line in lines)
    assert any(line["logger"] == "gunicorn.error" and "Booting worker" in line["message"] for line in lines)
    requests = {line["path"]: line for line in lines if line["message"] == "request"}
    assert requests["/v1/quotes"]["level"] == "INFO" and requests["/healthz"]["level"] == "DEBUG"
    assert requests["/v1/quotes"]["trace_id"] == TRACE.split("-")[1]
    assert requests["/v1/quotes"]["parent_id"] == TRACE.split("-")[2]


@pytest.fixture(scope="module")
def client(nlp):
    return create_app(Settings(max_processing_seconds=0.000001), nlp=nlp).test_client()


def test_a_processing_deadline_is_counted(client):
    before = metrics.DEADLINES.labels("processing")._value.get()
    assert client.post("/v1/quotes", json={"text": "“Fine,” Ann Ortiz said. " * 50}).status_code == 413
    assert metrics.DEADLINES.labels("processing")._value.get() == before + 1


def test_a_request_waiting_for_the_engine_is_queued(client):
    answered = []
    with app_module._ENGINE:  # another request holds this process's engine
        thread = threading.Thread(target=lambda: answered.append(client.post("/v1/quotes", json={"text": "x"})))
        thread.start()
        for _ in range(100):
            if metrics.QUEUED._value.get() == 1:
                break
            time.sleep(0.02)
        assert metrics.QUEUED._value.get() == 1 and metrics.IN_FLIGHT._value.get() >= 1
    thread.join(30)
    assert answered and metrics.QUEUED._value.get() == 0


@pytest.mark.parametrize("value", [None, "", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01",
                                   "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                                   "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                                   "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", "garbage"])
def test_an_invalid_traceparent_is_ignored(value):
    assert TraceParent.parse(value) is None


def test_a_later_versions_traceparent_is_read_and_sent_on_as_version_00():
    assert TraceParent.parse(TRACE.replace("00-", "01-", 1) + "-more").header() == TRACE


def test_lines_logged_inside_a_request_carry_its_ids(client, caplog):
    formatter = JsonFormatter()
    record = logging.LogRecord("service", logging.INFO, "", 0, "x %s", ("y",), None)
    out = json.loads(formatter.format(record))
    assert out["message"] == "x y" and ZONED.match(out["time"])
    response = client.post("/v1/quotes?min_confidence=2", json={"text": "x"},
                           headers={"traceparent": TRACE, "X-Request-ID": "req-1"})
    assert response.status_code == 422 and response.headers["traceparent"] == TRACE
    assert "traceparent" not in client.post("/v1/quotes", json={"text": "x"}, headers={"traceparent": "bad"}).headers
