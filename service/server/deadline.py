"""A time budget for one request's processing.

The parse cannot be cancelled from outside, and gunicorn's worker timeout kills the
whole worker. Instead a timer thread raises ProcessingTimeout in the thread doing the
work (``PyThreadState_SetAsyncExc``): spaCy runs Python between its steps, so the
exception lands within milliseconds, the request gets a clear error and the worker
(and its loaded model) carries on. Unlike a SIGALRM handler this works in any thread,
so it holds under gunicorn's threaded workers as under the sync ones.
"""
from __future__ import annotations

import ctypes
import threading
from contextlib import contextmanager
from typing import Iterator


class ProcessingTimeout(BaseException):
    """The request used up its processing time.

    A BaseException, like KeyboardInterrupt: it interrupts whatever runs, and no
    ``except Exception`` on the way (spaCy's, or the annotator's fault isolation) may
    swallow it."""


def _raise_in(thread_id: int, exception: type[BaseException] | None) -> None:
    """Make ``thread_id`` raise ``exception`` at its next Python instruction (None: cancel
    one that has not been raised yet)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exception) if exception else None)


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise ProcessingTimeout in this block after ``seconds`` (0: no limit), in whatever
    thread runs it. The exception never escapes after the block has ended."""
    if seconds <= 0:
        yield
        return
    target = threading.get_ident()
    guard = threading.Lock()
    state = {"armed": True, "fired": False}

    def expire() -> None:
        with guard:
            if state["armed"]:
                state["fired"] = True
                _raise_in(target, ProcessingTimeout)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    raised = False
    try:
        yield
    except ProcessingTimeout:
        raised = True
        raise
    finally:
        with guard:  # from here on the timer cannot fire
            state["armed"] = False
        timer.cancel()
        if state["fired"] and not raised:  # fired as the block ended: not delivered yet, so cancel it
            _raise_in(target, None)

