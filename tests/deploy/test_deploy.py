"""The buffering proxy shipped for untrusted networks (deploy/): one nginx configuration for
compose and the Kubernetes sidecar, valid for nginx where nginx is installed."""
import shutil
import subprocess

import pytest
import yaml

from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"
CONF = DEPLOY / "nginx" / "quotes.conf"
SIDECAR = DEPLOY / "kubernetes" / "nginx-sidecar"


def test_the_sidecar_carries_the_same_nginx_configuration():
    assert (SIDECAR / "quotes.conf").read_bytes() == CONF.read_bytes()


def test_compose_puts_nginx_in_the_services_network_namespace():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))["services"]
    assert compose["nginx"]["network_mode"] == "service:quotes"
    assert compose["quotes"]["environment"]["QUOTES_BIND"] == "127.0.0.1:8000"  # only nginx reaches it
    assert "./nginx/quotes.conf:/etc/nginx/conf.d/default.conf:ro" in compose["nginx"]["volumes"]
    assert "upstream quotes_service {\n    server 127.0.0.1:8000;" in CONF.read_text(encoding="utf-8")


def test_the_sidecar_component_names_files_that_exist():
    component = yaml.safe_load((SIDECAR / "kustomization.yaml").read_text(encoding="utf-8"))
    assert component["kind"] == "Component"
    files = [entry.split("=", 1)[-1] for gen in component["configMapGenerator"] for entry in gen["files"]]
    for name in files + [patch["path"] for patch in component["patches"]]:
        assert (SIDECAR / name).is_file(), name


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed (.ci/run installs nginx-light)")
def test_nginx_accepts_the_configuration(tmp_path):
    main = tmp_path / "nginx.conf"
    main.write_text(f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
                    f"http {{\n client_body_temp_path {tmp_path}/body;\n proxy_temp_path {tmp_path}/proxy;\n"
                    f" include {CONF};\n}}\n", encoding="utf-8")
    result = subprocess.run(["nginx", "-t", "-c", str(main), "-e", str(tmp_path / "error.log")],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
