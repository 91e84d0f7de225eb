"""The demo page's resources through Flask's test client: headers, assets and samples
(the page itself is driven in a real browser in tests/server/test_demo_browser.py)."""
import re

import pytest

from service.core.config import Settings
from service.server.api.demo import sample_title
from service.server.app import create_app
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def client(nlp):
    return create_app(Settings(), nlp=nlp).test_client()


@pytest.mark.parametrize("path", ["/", "/demo", "/demo/static/demo.js", "/demo/static/demo.css", "/demo/samples"])
def test_every_demo_resource_carries_the_security_headers(client, path):
    r = client.get(path)
    assert r.status_code == 200
    policy = dict(part.strip().split(" ", 1) for part in r.headers["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == policy["style-src"] == policy["connect-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["base-uri"] == "'none'"
    assert policy["require-trusted-types-for"] == "'script'"
    assert "unsafe" not in r.headers["Content-Security-Policy"]
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "no-referrer"
    assert r.headers["X-Frame-Options"] == "DENY"


def test_page_loads_only_its_own_files_with_their_types(client):
    page = client.get("/demo")
    assert page.content_type.startswith("text/html")
    html = page.get_data(as_text=True)
    assert "<script>" not in html and "<style" not in html and " style=" not in html  # nothing inline
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(a.startswith("demo/static/") for a in assets)  # nothing from outside
    types = {"js": "text/javascript", "css": "text/css", "svg": "image/svg+xml"}
    for asset in assets:
        r = client.get("/" + asset)
        assert r.status_code == 200, asset
        assert r.content_type.startswith(types[asset.rsplit(".", 1)[1]]), asset
    assert client.get("/").get_data() == page.get_data()


def test_samples_are_the_seed_articles_with_titles(client):
    listed = client.get("/demo/samples").get_json()
    seeds = sorted(FIXTURES.glob("*.txt"))
    assert [s["name"] for s in listed] == [p.stem for p in seeds]
    titles = {s["name"]: s["title"] for s in listed}
    assert titles["004_d7c9a3f24f921db4"] == "Putin in China to meet his ally Xi Jinping"
    assert titles["001_70f9abf889163053"] == "Xi Jinping to Visit Russia Next Week, China Announces"
    for path in seeds:
        r = client.get(f"/demo/samples/{path.stem}")
        assert r.status_code == 200 and r.mimetype == "text/plain"
        assert r.get_data() == path.read_bytes()  # byte for byte the test fixtures


@pytest.mark.parametrize("name", ["nope", "..%2F..%2Fpyproject", "%2e%2e", "004_d7c9a3f24f921db4.txt"])
def test_an_unknown_sample_is_a_404_problem(client, name):
    r = client.get(f"/demo/samples/{name}")
    assert r.status_code == 404
    assert r.content_type == "application/problem+json"


def test_sample_title_takes_the_first_headline_and_shortens_it():
    assert sample_title("Global\n\nHarbour Chief Mara Lindqvist to Visit Oslo\nbody") == "Harbour Chief Mara Lindqvist to Visit Oslo"
    assert sample_title("One two\n") == "One two"
    long = sample_title("word " * 40)
    assert len(long) == 80 and long.endswith("…")
    assert sample_title("") == ""
