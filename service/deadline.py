"""A time budget for one request's processing.

The parse cannot be cancelled from outside, and gunicorn's worker timeout kills the
whole worker. Instead an interval timer raises in the worker's own thread; spaCy runs
Python between its steps, so the exception lands within milliseconds, the request
gets a clear error and the worker (and its loaded model) carries on.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator


class ProcessingTimeout(BaseException):
    """The request used up its processing time.

    A BaseException, like KeyboardInterrupt: it interrupts whatever runs, and no
    ``except Exception`` on the way (spaCy's, or the annotator's fault isolation) may
    swallow it."""


def _expire(signum, frame) -> None:
    raise ProcessingTimeout()


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise ProcessingTimeout in this block after ``seconds`` (0: no limit).

    Only the main thread can take signals (gunicorn's sync workers serve requests
    there); elsewhere the block runs unbounded.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
