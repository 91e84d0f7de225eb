"""The processing deadline works in any thread (gunicorn's threaded workers) and never
fires after its block has ended."""
import threading
import time

import pytest

from service.server.deadline import ProcessingTimeout, deadline


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
