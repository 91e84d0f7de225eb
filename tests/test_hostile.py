"""Hostile input against a real gunicorn server on 127.0.0.1.

Over 200 malformed or extreme requests; the server must answer every one with a
non-5xx status, every error as problem+json with the right status, then answer a
good request correctly, with the same workers it started with.
"""
from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.benchmark import child_pids, free_port

ROOT = Path(__file__).resolve().parent.parent
LIMITS = {"QUOTES_MAX_BODY_BYTES": str(1024 * 1024), "QUOTES_MAX_TEXT_CHARS": "20000",
          "QUOTES_MAX_BATCH_DOCUMENTS": "8", "QUOTES_MAX_BATCH_CHARS": "40000"}


@pytest.fixture(scope="module")
def server():
    port = free_port()
    env = dict(os.environ, QUOTES_BIND=f"127.0.0.1:{port}", QUOTES_WORKERS="2", QUOTES_LOG_LEVEL="WARNING", **LIMITS)
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen([str(gunicorn), "-c", "gunicorn.conf.py", "service.app:create_app()"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                status, _, _ = request(port, "GET", "/readyz")
                if status == 200 and len(set(child_pids(proc.pid))) >= 2:
                    break
            except OSError:
                pass
            if proc.poll() is not None:
                pytest.fail(f"gunicorn exited: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.3)
        yield port, proc
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def request(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    """One request on its own connection. A server may answer 413 and close before it has
    read a huge body; the answer is still read after the broken pipe, as curl would."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    try:
        head = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
        for key, value in (headers or {}).items():
            head.append(f"{key}: {value}")
        if body is not None:
            head.append(f"Content-Length: {len(body)}")
        try:
            sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + (body or b""))
        except (BrokenPipeError, ConnectionResetError):
            pass
        resp = http.client.HTTPResponse(sock, method=method)
        resp.begin()
        return resp.status, resp.getheader("Content-Type", ""), resp.read()
    finally:
        sock.close()


def _json(obj) -> bytes:
    return json.dumps(obj).encode("utf-8")


def hostile_cases() -> list[tuple[str, str, bytes | None, dict, set[int]]]:
    """(method, path, body, headers, acceptable statuses)."""
    rng = random.Random(20261123)
    js = {"Content-Type": "application/json"}
    plain = {"Content-Type": "text/plain"}
    cases = []
    # invalid UTF-8 and binary bodies
    for n in range(25):
        junk = bytes(rng.randrange(128, 256) for _ in range(rng.randrange(1, 400)))
        cases.append(("POST", "/v1/quotes", b'{"text": "' + junk + b'"}', js, {400}))
        cases.append(("POST", "/v1/quotes", b"\xc3\x28" + junk, plain, {400}))
    for n in range(20):
        blob = bytes(rng.randrange(0, 256) for _ in range(rng.randrange(1, 2000)))
        cases.append(("POST", "/v1/quotes", blob, js, {400}))
        cases.append(("POST", "/v1/quotes/batch", blob, js, {400}))
    # malformed JSON
    for text in (b"", b"{", b'{"text": "a"', b'{"text": "a"}}', b"nul", b"[1,]", b'{"text": "\\ud800"}x',
                 b"{'text': 'single quotes'}", b'{"text": NaN}', b'{"text": Infinity}', b"\x00", b'{"text":"a"} trailing'):
        cases.append(("POST", "/v1/quotes", text, js, {400}))
    # deep and wide JSON
    for depth in (10, 100, 1000, 10_000, 100_000):
        cases.append(("POST", "/v1/quotes", b"[" * depth + b"]" * depth, js, {400, 422}))
        cases.append(("POST", "/v1/quotes", b'{"text": ' + b"[" * depth + b"]" * depth + b"}", js, {400, 422}))
    cases.append(("POST", "/v1/quotes", _json({"text": "a", "gazetteer": [{"name": f"N{n}"} for n in range(300)]}),
                  js, {413}))
    # bodies over the limit (1 MiB here), up to 10 MB
    for size in (1024 * 1024 + 1, 3 * 1024 * 1024, 10 * 1024 * 1024):
        cases.append(("POST", "/v1/quotes", b"a" * size, plain, {413}))
        cases.append(("POST", "/v1/quotes", b'{"text": "' + b"a" * size + b'"}', js, {413}))
        cases.append(("POST", "/v1/quotes/batch", b'{"documents": [{"text": "' + b"a" * size + b'"}]}', js, {413}))
    # texts over the text limit but under the body limit; batches over their limits
    cases.append(("POST", "/v1/quotes", _json({"text": "word " * 4001}), js, {413}))
    cases.append(("POST", "/v1/quotes/batch", _json({"documents": [{"text": "x"}] * 9}), js, {413}))
    cases.append(("POST", "/v1/quotes/batch", _json({"documents": [{"text": "y" * 15000}] * 3}), js, {413}))
    # wrong types, field by field
    for bad in (5, 1.5, True, None, [], ["a"], {}, {"a": 1}):
        cases.append(("POST", "/v1/quotes", _json({"text": bad}), js, {422}))
        cases.append(("POST", "/v1/quotes", _json({"text": "a", "id": bad if bad is not None else 7}), js, {422}))
        cases.append(("POST", "/v1/quotes", _json({"text": "a", "gazetteer": bad if bad != [] else [5]}), js, {422}))
        cases.append(("POST", "/v1/quotes/batch", _json({"documents": bad if bad != [] else [5]}), js, {422}))
        cases.append(("POST", "/v1/quotes/batch", _json({"documents": [{"text": bad}]}), js, {422}))
    for conf in (-1, 2, "high", [0.5], {"x": 1}):
        cases.append(("POST", "/v1/quotes", _json({"text": "a", "min_confidence": conf}), js, {422}))
    cases.append(("POST", "/v1/quotes", _json({"text": "a", "min_confidence": 1e309}), js, {400}))  # "Infinity"
    for top in ([], "text", 42, None, [{"text": "a"}]):
        cases.append(("POST", "/v1/quotes", _json(top), js, {422}))
    cases.append(("POST", "/v1/quotes", _json({"text": "a", "unknown": 1}), js, {422}))
    cases.append(("POST", "/v1/quotes", _json({"text": "a", "gazetteer": [{"name": "X", "kind": "alien"}]}), js, {422}))
    # wrong content types, charsets, methods, paths
    for ctype in ("application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
                  "image/png", "text/html", "application/octet-stream"):
        cases.append(("POST", "/v1/quotes", b"text", {"Content-Type": ctype}, {415}))
    cases.append(("POST", "/v1/quotes", b"text", {}, {415}))
    cases.append(("POST", "/v1/quotes", b"text", {"Content-Type": "text/plain; charset=x-unknown"}, {415}))
    cases.append(("POST", "/v1/quotes?min_confidence=7", b"text", plain, {422}))
    for method in ("GET", "PUT", "DELETE", "PATCH"):
        cases.append((method, "/v1/quotes", None, {}, {405}))
        cases.append((method, "/v1/quotes/batch", None, {}, {405}))
    for path in ("/demo/x", "/v1", "/v1/quotes/", "/../../etc/passwd", "/v1/quotes/batch/x", "/%00", "/" + "a" * 4000):
        cases.append(("GET", path, None, {}, {404, 405}))
    # valid requests with extreme content: answered, offsets exact
    extreme = ["", " ", "\x00" * 100, "“" * 5000, "”" * 5000, "\"" * 5000, "'" * 5000, "«»" * 2000, "„“" * 2000,
               "“a" * 3000, "\n" * 10000, "a" * 15000, "said " * 3000, "“" + "he said, “" * 1000,
               "🙂" * 3000, "\u202e\u0301" * 3000, "\ud7ff\ue000", "he said:\n\n" * 500,
               "According to " * 1000, "".join(chr(rng.randrange(32, 0x2FFF)) for _ in range(5000))]
    for text in extreme:
        cases.append(("POST", "/v1/quotes", _json({"text": text}), js, {200}))
        cases.append(("POST", "/v1/quotes", text.encode("utf-8", "surrogatepass") if "\ud7ff" not in text
                      else text.encode("utf-8"), plain, {200}))
    cases.append(("POST", "/v1/quotes/batch", _json({"documents": [{"text": t} for t in extreme[:8]]}), js, {200}))
    cases.append(("GET", "/healthz", None, {"X-Request-ID": "x" * 500}, {200}))
    cases.append(("GET", "/healthz", None, {"X-Request-ID": "ok-id\u00e9".encode().decode("latin-1")}, {200}))
    return cases


def test_hostile_requests_never_break_the_server(server):
    port, proc = server
    workers = set(child_pids(proc.pid))
    cases = hostile_cases()
    assert len(cases) >= 200
    seen: dict[int, int] = {}
    for method, path, body, headers, allowed in cases:
        status, ctype, payload = request(port, method, path, body, headers)
        seen[status] = seen.get(status, 0) + 1
        where = f"{method} {path} {headers} {(body or b'')[:60]!r}"
        assert status < 500, where
        assert status in allowed, f"{status} not in {allowed}: {where}"
        if status >= 400:
            assert ctype.startswith("application/problem+json"), where
            problem = json.loads(payload)
            assert problem["status"] == status and problem["title"] and problem["detail"], where
        elif path == "/v1/quotes" and status == 200:
            result = json.loads(payload)
            text = body.decode("utf-8") if ctype and headers.get("Content-Type") == "text/plain" else None
            if headers.get("Content-Type") == "application/json":
                text = json.loads(body)["text"]
            for quote in result["quotes"]:
                assert text[quote["start"]:quote["end"]] == quote["text"], where
    # the server still answers a good request correctly, with the same workers
    status, _, payload = request(port, "POST", "/v1/quotes", _json({"text": "“We are ready,” Dmitry Peskov said."}),
                                 {"Content-Type": "application/json"})
    assert status == 200
    quote = json.loads(payload)["quotes"][0]
    assert (quote["speaker"]["name"], quote["speaker"]["role"]) == ("Dmitry Peskov", "Kremlin spokesman")
    assert set(child_pids(proc.pid)) == workers, "a worker died or was replaced"
    assert proc.poll() is None
    # metrics from both workers add up at /metrics
    status, ctype, payload = request(port, "GET", "/metrics")
    assert status == 200 and ctype.startswith("text/plain")
    text = payload.decode()
    total_413 = sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
                    if line.startswith("quotes_http_requests_total{") and 'status="413"' in line)
    assert total_413 == seen[413]
    assert "quotes_model_load_seconds" in text and "quotes_extracted_total" in text
