"""Hostile input against a real gunicorn server on 127.0.0.1.

Over 200 malformed or extreme requests; the server must answer every one with a
non-5xx status, every error as problem+json with the right status, then answer a
good request correctly, with the same workers it started with. Then the faults of
issue 13, each with its own assertion: broken and oversized chunked bodies, made-up
methods and 405s in the metrics, the security headers on every answer (gunicorn's own
included), slow clients, and a control socket of each server's own.
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
from bench.slowloris import Attack, good_request
from service.server.headers import SECURITY_HEADERS
from service.server.metrics import METHODS
from tests.conftest import ROOT

GUNICORN = Path(sys.executable).with_name("gunicorn")
LIMITS = {"QUOTES_MAX_BODY_BYTES": str(1024 * 1024), "QUOTES_MAX_TEXT_CHARS": "20000",
          "QUOTES_MAX_BATCH_DOCUMENTS": "8", "QUOTES_MAX_BATCH_CHARS": "40000",
          "QUOTES_REQUEST_READ_SECONDS": "2"}


@pytest.fixture(scope="module")
def server():
    port = free_port()
    env = dict(os.environ, QUOTES_BIND=f"127.0.0.1:{port}", QUOTES_WORKERS="2", QUOTES_LOG_LEVEL="WARNING", **LIMITS)
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.pop("QUOTES_CONTROL_SOCKET", None)
    proc = subprocess.Popen([str(GUNICORN), "-c", "gunicorn.conf.py", "service.server.app:create_app()"], cwd=ROOT, env=env,
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


def raw(port: int, data: bytes, timeout: float = 30) -> http.client.HTTPResponse:
    """Send ``data`` as it is (a request no client library would make) and read the answer."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        try:
            sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        resp = http.client.HTTPResponse(sock, method="POST")
        resp.begin()
        resp.body = resp.read()
        return resp
    finally:
        sock.close()


def chunked(body: bytes, size: int = 1000, path: str = "/v1/quotes", ctype: str = "text/plain") -> bytes:
    """A request with ``body`` in chunks of ``size`` bytes."""
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: {ctype}\r\n"
            "Transfer-Encoding: chunked\r\n\r\n").encode()
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + size]), body[i:i + size]) for i in range(0, len(body), size))
    return head + chunks + b"0\r\n\r\n"


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


def assert_problem(resp: http.client.HTTPResponse, status: int, slug: str) -> None:
    assert resp.status == status, resp.body[:300]
    assert resp.getheader("Content-Type", "").startswith("application/problem+json")
    problem = json.loads(resp.body)
    assert (problem["status"], problem["type"]) == (status, f"urn:quotes:problem:{slug}") and problem["detail"]


def test_chunked_bodies_are_read_whole_or_refused_with_the_right_status(server):
    port, _ = server
    text = "“We are ready,” Dmitry Peskov said. " * 40
    resp = raw(port, chunked(text.encode(), size=97))
    assert resp.status == 200
    quotes = json.loads(resp.body)["quotes"]
    assert len(quotes) == 40 and all(text[q["start"]:q["end"]] == q["text"] for q in quotes)
    head = chunked(b"")[:-5]  # the headers alone
    assert_problem(raw(port, head + b"zz\r\nhello\r\n0\r\n\r\n"), 400, "malformed-body")  # not a hex size
    assert_problem(raw(port, head + b"5\r\nhelloXX0\r\n\r\n"), 400, "malformed-body")  # no CRLF after the data
    assert_problem(raw(port, head + b"5;\x00=1\r\nhello\r\n0\r\n\r\n"), 400, "malformed-body")  # bad extension
    # over the body limit (1 MiB here): 413, not a truncated text answered 200 nor a 400
    assert_problem(raw(port, chunked(b"a" * (1024 * 1024 + 10), size=65536)), 413, "body-too-large")
    assert_problem(raw(port, chunked(b'{"text": "' + b"a" * (1024 * 1024) + b'"}', size=65536,
                                     ctype="application/json")), 413, "body-too-large")


def test_made_up_methods_and_405s_keep_the_metrics_bounded(server):
    port, _ = server
    rng = random.Random(13)
    for _ in range(40):
        method = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(rng.randint(3, 12)))
        status, _, _ = request(port, method, "/v1/quotes")
        assert status == 405
        status, _, _ = request(port, method, f"/nowhere/{method}")
        assert status in (404, 405)
    request(port, "GET", "/v1/quotes/batch")
    status, _, payload = request(port, "GET", "/metrics")
    series = [line for line in payload.decode().splitlines() if line.startswith("quotes_http_requests_total{")]
    labels = [dict(pair.split("=", 1) for pair in line[line.index("{") + 1:line.index("}")].replace('"', "").split(","))
              for line in series]
    assert {x["method"] for x in labels} <= METHODS | {"OTHER"}
    assert any(x["method"] == "OTHER" for x in labels)
    assert {x["endpoint"] for x in labels} <= {"/v1/quotes", "/v1/quotes/batch", "/healthz", "/readyz", "/metrics",
                                               "/openapi.yaml", "unmatched"}
    not_allowed = [x for x in labels if x["status"] == "405"]
    assert {x["endpoint"] for x in not_allowed} == {"/v1/quotes", "/v1/quotes/batch"}


def test_every_answer_carries_the_security_headers(server):
    port, _ = server
    answers = {
        "200": raw(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        "quotes": raw(port, chunked(b"He said so.")),
        "404": raw(port, b"GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        "405": raw(port, b"BREW /v1/quotes HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        "metrics": raw(port, b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        "spec": raw(port, b"GET /openapi.yaml HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        # answered by gunicorn itself, before the app: problem+json all the same
        "414": raw(port, b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
        "bad line": raw(port, b"NOT HTTP AT ALL\r\n\r\n"),
        "bad header": raw(port, b"GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n"),
    }
    for name, resp in answers.items():
        for header, value in SECURITY_HEADERS.items():
            assert resp.getheader(header) == value, (name, header, resp.getheaders())
    assert_problem(answers["414"], 414, "request-line-too-long")
    assert_problem(answers["bad line"], 400, "malformed-request")
    assert_problem(answers["bad header"], 400, "malformed-request")
    # the longest request line gunicorn reads reaches the app, which names the field
    status, ctype, payload = request(port, "POST", "/v1/quotes?id=" + "x" * 8000, b"a", {"Content-Type": "text/plain"})
    assert status == 422 and "id" in json.loads(payload)["errors"]


def test_slow_clients_hold_threads_not_the_service(server):
    """Slow headers and a body shorter than its Content-Length, 4 of each (more than the 2
    workers): good requests still answered at once; the read deadline (2 s here) ends the
    slow ones, a 408 for a body that stopped."""
    port, proc = server
    workers = set(child_pids(proc.pid))
    body = json.dumps({"text": "“We are ready,” Dmitry Peskov said."}).encode()
    attack = Attack("127.0.0.1", port, count=8, interval=0.5)
    attack.start()
    try:
        time.sleep(0.5)
        answers = []
        end = time.monotonic() + 3.5
        while time.monotonic() < end:
            answers.append(good_request("127.0.0.1", port, body, timeout=5))
            time.sleep(0.1)
    finally:
        attack.stop.set()
        attack.join(timeout=10)
    assert answers and all(status == 200 for status, _ in answers), answers
    assert max(seconds for _, seconds in answers) < 1.0, answers
    assert attack.stats.closed_by_server >= 8, attack.stats
    assert any(" 408 " in line for line in attack.stats.answers), attack.stats
    assert set(child_pids(proc.pid)) == workers


def test_each_server_has_its_own_control_socket(tmp_path):
    """Two servers with the same bind address (a Unix socket relative to their directories)
    and the same runtime directory: each has its own control socket, and stopping one leaves
    the other's in place. The app need not finish loading for this: the workers load it."""
    runtime = tmp_path / "run"
    runtime.mkdir()
    procs = {}
    try:
        for name in ("a", "b"):
            (tmp_path / name).mkdir()
            env = dict(os.environ, QUOTES_BIND="unix:quotes.sock", XDG_RUNTIME_DIR=str(runtime), QUOTES_WORKERS="1",
                       QUOTES_PRELOAD="0", QUOTES_LOG_LEVEL="WARNING")
            env.pop("QUOTES_CONTROL_SOCKET", None)
            env.pop("PROMETHEUS_MULTIPROC_DIR", None)
            procs[name] = subprocess.Popen([str(GUNICORN), "-c", str(ROOT / "gunicorn.conf.py"), "service.server.app:create_app()"],
                                           cwd=tmp_path / name, env=env, stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL)
        deadline = time.time() + 60
        while len(list(runtime.glob("quotes-gunicorn-*/gunicorn.ctl"))) < 2 and time.time() < deadline:
            assert all(proc.poll() is None for proc in procs.values()), "a server exited"
            time.sleep(0.2)
        sockets = sorted(runtime.glob("quotes-gunicorn-*/gunicorn.ctl"))
        assert len(sockets) == 2
        procs["b"].send_signal(signal.SIGTERM)
        procs["b"].wait(timeout=30)
        left = list(runtime.glob("quotes-gunicorn-*/gunicorn.ctl"))
        assert len(left) == 1
        with socket.socket(socket.AF_UNIX) as client:  # and it is a's, still answering
            client.settimeout(5)
            client.connect(str(left[0]))
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
