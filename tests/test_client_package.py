"""The Python client as its own package (clients/python): Python 3.9 code, installed alone in
a fresh virtualenv (no spaCy, no Flask: nothing but itself), and working from there against a
real gunicorn on 127.0.0.1."""
from __future__ import annotations

import glob
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.benchmark import Server
from tests.conftest import ROOT

PACKAGE = ROOT / "clients" / "python"
VERMIN = Path(sys.executable).with_name("vermin")
PROBE = """
import json, sys
from quotes_client import QuoteClient
client = QuoteClient(sys.argv[1], retries=2)
answer = client.quotes("“We are ready,” Dmitry Peskov said.", offsets="utf16")
results = client.batch(["Ann Ortiz said the bridge would reopen.", "bad \\ud800 text", ("b", "")])
print(json.dumps({"python": sys.version_info[:2], "answer": answer, "results": results}))
"""


def python39() -> str | None:
    """A Python 3.9 that runs (a pyenv shim for a version not selected does not), or None."""
    candidates = [shutil.which("python3.9"), "/usr/bin/python3.9", "/usr/local/bin/python3.9",
                  *sorted(glob.glob(str(Path.home() / ".pyenv" / "versions" / "3.9*" / "bin" / "python3.9")))]
    for candidate in filter(None, candidates):
        try:
            if subprocess.run([candidate, "-c", "import venv"], capture_output=True, timeout=30).returncode == 0:
                return candidate
        except OSError:
            continue
    return None


@pytest.mark.skipif(not VERMIN.exists(), reason="vermin is not installed (the 'test' extra)")
def test_the_client_needs_no_more_than_python_39():
    run = subprocess.run([str(VERMIN), "-t=3.9-", "--eval-annotations", "--violations", "--no-tips",
                          str(PACKAGE / "quotes_client")], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.skipif(python39() is None, reason="no Python 3.9 here: vermin's check above stands alone")
def test_the_client_imports_and_its_types_resolve_on_python_39():
    code = ("import typing, quotes_client.types as t; "
            "[typing.get_type_hints(getattr(t, n)) for n in dir(t) if isinstance(getattr(t, n), type)]")
    run = subprocess.run([python39(), "-c", code], cwd=PACKAGE, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr


@pytest.fixture(scope="module")
def server():
    with Server(workers=1) as running:
        yield running


def test_installed_alone_in_a_fresh_venv_it_answers(tmp_path, server):
    """The wheel built from clients/python, installed with no index into a new virtualenv (of
    Python 3.9 where there is one): pip list shows it and pip alone, and it calls the service."""
    source = tmp_path / "source"
    shutil.copytree(PACKAGE, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(tmp_path / "wheels"), str(source)], check=True, timeout=300)
    (wheel,) = (tmp_path / "wheels").glob("quotes_client-*.whl")
    interpreter = python39() or sys.executable
    venv = tmp_path / "venv"
    subprocess.run([interpreter, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-index", str(wheel)], check=True, timeout=300)
    listed = json.loads(subprocess.run([str(python), "-m", "pip", "list", "--format=json"], capture_output=True,
                                       text=True, check=True, timeout=120).stdout)
    names = {p["name"].lower() for p in listed}
    print(f"fresh venv ({interpreter}): pip list = {sorted(names)}")
    assert "quotes-client" in names and not names & {"spacy", "flask", "marshmallow", "gunicorn", "numpy"}
    assert names <= {"quotes-client", "pip", "setuptools", "wheel"}  # nothing but itself and the venv's own
    run = subprocess.run([str(python), "-c", PROBE, server.url], capture_output=True, text=True, timeout=120,
                         cwd=tmp_path)  # not the checkout: the installed package is what imports
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["answer"]["quotes"][0]["speaker"]["key"] == "dmitry peskov"
    first, bad, empty = out["results"]
    assert first["quotes"][0]["speaker"]["name"] == "Ann Ortiz" and first["model"]["options"]["offsets"] == "codepoint"
    assert first["model"]["data"] == out["answer"]["model"]["data"]  # provenance kept per document
    assert bad["error"]["status"] == 422 and bad["model"] is None and empty["quotes"] == []
