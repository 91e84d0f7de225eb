"""The processing deadline works in any thread (gunicorn's threaded workers) and never
fires after its block has ended."""
import threading
import time

import pytest

from service.deadline import ProcessingTimeout, deadline, processing


def _busy(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_deadline_interrupts_the_main_thread():
    started = time.monotonic()
    with pytest.raises(ProcessingTimeout):
        with deadline(0.05):
            _busy(5)
    assert time.monotonic() - started < 1


def test_deadline_interrupts_another_thread_and_only_that_one():
    outcome = {}

    def work(name: str, seconds: float, limit: float) -> None:
        try:
            with deadline(limit):
                _busy(seconds)
            outcome[name] = "finished"
        except ProcessingTimeout:
            outcome[name] = "timed out"

    threads = [threading.Thread(target=work, args=("slow", 5, 0.1)),
               threading.Thread(target=work, args=("quick", 0.2, 3))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert outcome == {"slow": "timed out", "quick": "finished"}


def test_no_limit_and_a_block_that_ends_in_time():
    with deadline(0):
        _busy(0.01)
    with deadline(0.2):
        _busy(0.01)
    _busy(0.4)  # the cancelled timer never fires afterwards


def test_a_deadline_expiring_as_the_block_ends_does_not_escape_it():
    for _ in range(200):  # the timer and the block's end race; nothing may be raised after the block
        try:
            with deadline(0.001):
                _busy(0.001)
        except ProcessingTimeout:
            pass
        _busy(0.002)


def test_processing_lets_one_request_at_a_time_use_the_engine():
    inside, most = [0], [0]
    lock = threading.Lock()

    def request() -> None:
        with processing(5):
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(0.02)
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=request) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert most[0] == 1


def test_the_api_answers_413_when_its_time_runs_out_in_a_worker_thread(nlp):
    """gunicorn's threaded workers run views off the main thread, where SIGALRM cannot reach."""
    from service.app import create_app
    from service.config import Settings
    from tests.conftest import seed

    client = create_app(Settings(max_processing_seconds=0.05), nlp=nlp).test_client()
    answers = []
    thread = threading.Thread(target=lambda: answers.append(client.post("/v1/quotes", json={"text": seed("004") * 6})))
    thread.start()
    thread.join(timeout=60)
    assert answers[0].status_code == 413
    assert answers[0].get_json()["type"] == "urn:quotes:problem:processing-time-exceeded"
