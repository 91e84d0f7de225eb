"""Annotating batches of documents in this process or in several, in input order.

Parsing is CPU-bound and spaCy holds the GIL, so more cores mean more processes, each with
its own model (about 150-450 MB each, see docs/performance.md). Batches go out to the pool
as results come back, never more than two per process at a time, so the parent's memory
stays flat however long the input is, and results come back in the order the batches went
in. Both runners give the same records: :meth:`service.core.annotate.Annotator.annotate`'s.
"""
from __future__ import annotations

from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any, Iterable, Iterator, Sequence

from ..core.annotate import Annotator, Document
from ..core.config import Settings
from ..core.options import Options
from ..core.pipeline import ModelLoadError
from ..core.runtime import single_threaded_blas
from ..engine.lexicon.datafiles import DataFileError

# what stops a model from loading: it is not installed, or the gazetteer file is unreadable
LoadError = (ModelLoadError, DataFileError)

_annotator: Annotator | None = None  # the model of a pool process, loaded once when it starts
_load_error: Exception | None = None


class InProcess:
    """One model, in this process."""

    def __init__(self, settings: Settings) -> None:
        self.annotator = Annotator.load(settings)

    def model(self, options: Options) -> dict[str, Any]:
        return self.annotator.model(options)

    def annotate(self, batches: Iterable[Sequence[Document]], options: Options) -> Iterator[list[dict[str, Any]]]:
        for batch in batches:
            yield list(self.annotator.annotate(batch, options, chunk=len(batch) or None))

    def close(self) -> None:
        """Nothing to stop."""


class ProcessPool:
    """``processes`` worker processes, each loading the model once when it starts. Started
    with ``spawn``: a fork of a parent with threads (the progress bar's) can deadlock."""

    def __init__(self, settings: Settings, processes: int) -> None:
        self.processes = processes
        single_threaded_blas()  # one process per core already: the workers inherit this
        self.executor = ProcessPoolExecutor(processes, mp_context=get_context("spawn"),
                                            initializer=_start, initargs=(settings,))

    def model(self, options: Options) -> dict[str, Any]:
        """The response's ``model`` object, from a worker (the parent loads no model); raises
        what stopped the workers from loading theirs (one of LoadError)."""
        return self.executor.submit(_model, options).result()

    def annotate(self, batches: Iterable[Sequence[Document]], options: Options) -> Iterator[list[dict[str, Any]]]:
        pending: deque[Future] = deque()
        for batch in batches:
            pending.append(self.executor.submit(_annotate, list(batch), options))
            if len(pending) >= 2 * self.processes:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self) -> None:
        self.executor.shutdown(cancel_futures=True)


def runner(settings: Settings, processes: int) -> InProcess | ProcessPool:
    """The runner for ``processes`` processes (1: this one)."""
    return InProcess(settings) if processes <= 1 else ProcessPool(settings, processes)


def _start(settings: Settings) -> None:
    global _annotator, _load_error
    try:
        _annotator = Annotator.load(settings)
    except LoadError as exc:  # raised again by the first task, so the parent can report it
        _load_error = exc


def _loaded() -> Annotator:
    if _annotator is None:
        raise _load_error or ModelLoadError("the model was not loaded in this worker")
    return _annotator


def _model(options: Options) -> dict[str, Any]:
    return _loaded().model(options)


def _annotate(batch: list[Document], options: Options) -> list[dict[str, Any]]:
    return list(_loaded().annotate(batch, options, chunk=len(batch) or None))
