"""The Kubernetes manifests: valid against the Kubernetes JSON schemas (bundled with
kubernetes-validate, so this runs offline), and consistent with the service they run."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from service import __version__
from service.core.config import Settings
from service.server.app import create_app
from tests.conftest import ROOT

DEPLOY = ROOT / "deploy" / "kubernetes"
# the oldest Kubernetes still commonly run, and the newest the bundled schemas know
VERSIONS = ("1.30.0", kubernetes_validate.utils.latest_version())


def listed(folder: Path) -> list[Path]:
    """The resource files a kustomization lists, following listed folders (other kustomizations)."""
    files = []
    for entry in yaml.safe_load((folder / "kustomization.yaml").read_text())["resources"]:
        path = folder / entry
        files += listed(path) if path.is_dir() else [path]
    return files


def documents(files: list[Path]) -> list[dict]:
    return [doc for f in files for doc in yaml.safe_load_all(f.read_text()) if doc]


def test_every_file_is_listed_in_the_kustomization():
    own = {p for p in DEPLOY.glob("*.yaml") if p.name != "kustomization.yaml"}
    assert own == set(listed(DEPLOY))


@pytest.mark.parametrize("version", VERSIONS)
def test_every_manifest_is_valid(version):
    docs = documents(listed(DEPLOY))
    assert {d["kind"] for d in docs} >= {"Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget",
                                         "Secret", "NetworkPolicy"}
    for doc in docs:
        kubernetes_validate.validate(doc, version, strict=True)  # raises on any error or unknown field


def test_an_invalid_manifest_is_caught():
    deployment = next(d for d in documents(listed(DEPLOY)) if d["kind"] == "Deployment")
    deployment["spec"]["replicas"] = "two"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, VERSIONS[-1], strict=True)


@pytest.mark.skipif(shutil.which("kubectl") is None,
                    reason="kubectl is not installed: the kustomize build is not checked")
def test_the_kustomize_build_is_valid():
    built = subprocess.run(["kubectl", "kustomize", str(DEPLOY)], capture_output=True, text=True, timeout=60,
                           check=True).stdout
    docs = [d for d in yaml.safe_load_all(built) if d]
    assert len(docs) == len(documents(listed(DEPLOY)))
    for doc in docs:
        kubernetes_validate.validate(doc, VERSIONS[-1], strict=True)


def _container() -> tuple[dict, dict]:
    deployment = next(d for d in documents(listed(DEPLOY)) if d["kind"] == "Deployment")
    pod = deployment["spec"]["template"]["spec"]
    return pod, pod["containers"][0]


def _env(container: dict) -> dict[str, str]:
    return {e["name"]: e["value"] for e in container["env"] if "value" in e}


def test_deployment_matches_the_service_it_runs(nlp):
    pod, container = _container()
    env = _env(container)
    routes = {rule.rule for rule in create_app(Settings(), nlp=nlp).url_map.iter_rules()}
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"]["path"] in routes
    assert container["ports"][0]["containerPort"] == int(env["QUOTES_BIND"].rsplit(":", 1)[1])
    assert "QUOTES_WORKERS" not in env  # follows the CPU limit
    uid = re.search(r"useradd .*--uid (\d+)", (ROOT / "Dockerfile").read_text()).group(1)
    assert pod["securityContext"]["runAsUser"] == int(uid) and pod["securityContext"]["runAsNonRoot"]
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    tmp = next(m for m in container["volumeMounts"] if m["mountPath"] == "/tmp")
    assert "emptyDir" in next(v for v in pod["volumes"] if v["name"] == tmp["name"])
    pre_stop = int(container["lifecycle"]["preStop"]["exec"]["command"][-1])
    assert pod["terminationGracePeriodSeconds"] > pre_stop + int(env["QUOTES_GRACEFUL_TIMEOUT"])
    liveness = container["livenessProbe"]
    assert liveness["periodSeconds"] * liveness["failureThreshold"] > int(env["QUOTES_WORKER_TIMEOUT"])


def _mebibytes(quantity: str) -> float:
    number, unit = re.fullmatch(r"([0-9.]+)(Mi|Gi)", quantity).groups()
    return float(number) * (1024 if unit == "Gi" else 1)


def test_memory_limit_covers_every_worker_at_its_peak():
    """The derivation written in deployment.yaml: workers = the CPU limit; the master holds
    the model (~170 MB); a worker is replaced once resident past QUOTES_MAX_WORKER_RSS_MB
    after a request, and one request adds at most ~200 MB (bench/memory.py)."""
    _, container = _container()
    limits = container["resources"]["limits"]
    workers = int(limits["cpu"])
    env = _env(container)
    assert container["resources"]["requests"]["cpu"] == limits["cpu"]
    assert _mebibytes(limits["memory"]) >= 170 + workers * (int(env["QUOTES_MAX_WORKER_RSS_MB"]) + 200)


def test_api_keys_come_from_the_secret_and_the_image_from_kustomize():
    docs = documents(listed(DEPLOY))
    _, container = _container()
    secret = next(d for d in docs if d["kind"] == "Secret")
    ref = next(e for e in container["env"] if e["name"] == "QUOTES_API_KEYS")["valueFrom"]["secretKeyRef"]
    assert (ref["name"], ref["key"] in secret["stringData"]) == (secret["metadata"]["name"], True)
    assert Settings.from_env({"QUOTES_API_KEYS": secret["stringData"]["QUOTES_API_KEYS"]}).api_keys == ()  # open
    kustomization = yaml.safe_load((DEPLOY / "kustomization.yaml").read_text())
    (image,) = kustomization["images"]
    assert container["image"] == image["name"] and "/" in image["newName"]  # a registry, set in one place
    assert image["newTag"] == __version__


def test_the_network_policy_lets_in_the_service_port_only_and_out_nothing():
    docs = documents(listed(DEPLOY))
    pod, container = _container()
    deployment = next(d for d in docs if d["kind"] == "Deployment")
    policy = next(d for d in docs if d["kind"] == "NetworkPolicy")
    service = next(d for d in docs if d["kind"] == "Service")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert policy["spec"]["podSelector"]["matchLabels"].items() <= labels.items()
    assert set(policy["spec"]["policyTypes"]) == {"Ingress", "Egress"} and policy["spec"]["egress"] == []
    allowed = {p["port"] for rule in policy["spec"]["ingress"] for p in rule["ports"]}
    assert allowed == {service["spec"]["ports"][0]["targetPort"]} == {p["name"] for p in container["ports"]}


@pytest.mark.skipif(shutil.which("kubectl") is None,
                    reason="kubectl is not installed: the kustomize build with the sidecar is not checked")
def test_the_sidecar_opens_its_port_in_the_network_policy(tmp_path):
    overlay = tmp_path / "overlay"
    shutil.copytree(DEPLOY, overlay / "base")
    (overlay / "kustomization.yaml").write_text("resources: [base]\ncomponents: [base/nginx-sidecar]\n")
    built = subprocess.run(["kubectl", "kustomize", str(overlay)], capture_output=True, text=True, timeout=60,
                           check=True).stdout
    docs = [d for d in yaml.safe_load_all(built) if d]
    policy = next(d for d in docs if d["kind"] == "NetworkPolicy")
    assert {p["port"] for p in policy["spec"]["ingress"][0]["ports"]} == {"http", "proxy"}
    for doc in docs:
        kubernetes_validate.validate(doc, VERSIONS[-1], strict=True)
