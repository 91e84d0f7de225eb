"""The app under gunicorn's threaded workers: views run off the main thread, many at once."""
import threading
import time

from service.core.config import Settings
from service.server.app import create_app
from tests.conftest import seed


def _in_threads(count, work):
    threads = [threading.Thread(target=work) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)


def test_one_request_at_a_time_uses_the_engine(nlp):
    app = create_app(Settings(), nlp=nlp)
    annotator = app.extensions["annotator"]
    inside, most, lock = [0], [0], threading.Lock()
    one = annotator.one

    def watched(*args, **kwargs):
        with lock:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        time.sleep(0.02)
        try:
            return one(*args, **kwargs)
        finally:
            with lock:
                inside[0] -= 1

    annotator.one = watched
    client = app.test_client()
    statuses = []
    _in_threads(6, lambda: statuses.append(client.post("/v1/quotes", json={"text": "He said so."}).status_code))
    assert statuses == [200] * 6 and most[0] == 1


def test_the_processing_limit_holds_in_a_worker_thread(nlp):
    """SIGALRM cannot reach a thread; the deadline does."""
    client = create_app(Settings(max_processing_seconds=0.05), nlp=nlp).test_client()
    answers = []
    _in_threads(1, lambda: answers.append(client.post("/v1/quotes", json={"text": seed("004") * 6})))
    assert answers[0].status_code == 413
    assert answers[0].get_json()["type"] == "urn:quotes:problem:processing-time-exceeded"
    # the engine was given back: the next request gets an answer instead of waiting for it
    # (200, or 413 again if this machine is too busy for 0.05 s)
    again = []
    _in_threads(1, lambda: again.append(client.post("/v1/quotes", json={"text": "“Yes,” Dmitry Peskov said."})))
    assert again and again[0].status_code in (200, 413)
