"""The TypeScript client (clients/typescript): its types are openapi.yaml's as openapi-typescript
generates them today, it compiles under tsc's strict checks, its retry rules pass node's test
runner, and compiled it answers from a real gunicorn on 127.0.0.1 what the service answers.

Needs node and npm, and the packages package-lock.json pins (``npm ci`` in clients/typescript;
.ci/run runs it): without them these tests skip and say so."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from bench.benchmark import Server
from tests.conftest import ROOT

CLIENT = ROOT / "clients" / "typescript"
MODULES = CLIENT / "node_modules"

if shutil.which("node") is None or shutil.which("npm") is None:
    pytest.skip("node and npm are not installed: the TypeScript client is not built or run "
                "(.ci/run installs them where it can)", allow_module_level=True)
if not (MODULES / ".bin" / "tsc").exists():
    pytest.skip("clients/typescript/node_modules is missing: run `npm ci` there (.ci/run does)",
                allow_module_level=True)


def node(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(["node", *args], cwd=CLIENT, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def built():
    shutil.rmtree(CLIENT / "dist", ignore_errors=True)
    run = node(str(MODULES / "typescript" / "bin" / "tsc"), "-p", ".")
    assert run.returncode == 0, run.stdout + run.stderr  # strict type-check of the client against the spec's types
    return CLIENT / "dist"


def test_the_types_are_generated_from_openapi_yaml_as_it_is(tmp_path):
    fresh = tmp_path / "schema.ts"
    run = node(str(MODULES / "openapi-typescript" / "bin" / "cli.js"), str(ROOT / "openapi.yaml"), "-o", str(fresh))
    assert run.returncode == 0, run.stderr
    assert fresh.read_text(encoding="utf-8") == (CLIENT / "src" / "schema.ts").read_text(encoding="utf-8"), \
        "src/schema.ts is out of date: npm run generate in clients/typescript"


def test_the_retry_rules(built):
    run = node("--test", str(built))
    assert run.returncode == 0, run.stdout + run.stderr


def test_compiled_it_calls_the_service(built):
    with Server(workers=1) as server:
        run = node(str(built / "smoke.js"), server.url, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    out = json.loads(run.stdout)
    print("TypeScript client against the service:", run.stdout)
    assert out["model"]["options"]["offsets"] == "utf16" and out["model"]["data"].startswith("sha256:")
    assert [(q["name"], q["key"]) for q in out["quotes"]] == [("Dmitry Peskov", "dmitry peskov"),
                                                                ("Ann Ortiz", "ann ortiz")]
    assert all(q["span"] == q["text"] for q in out["quotes"])  # UTF-16 offsets slice JavaScript strings
    assert out["batch"] == [{"index": 0, "quotes": 2}, {"index": 1, "status": 413}]
    assert out["invalid"] == {"status": 422, "type": "urn:quotes:problem:validation-error"}
