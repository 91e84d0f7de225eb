"""Reading a corpus for the offline tools: one record per article, streamed in input order.

A source is a folder of .txt files (or a PolNeAR-style folder with ``text/``), a JSONL file
of ``{"id", "text"}`` objects, or ``-`` for standard input. Records are read lazily, so a
corpus larger than memory streams through. A record that cannot be read (not UTF-8, not
JSON, no text) comes out as a problem with its place in the input instead of stopping the
run: the caller reports it and goes on, and nothing is dropped without a word.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator

from marshmallow import EXCLUDE, ValidationError

from ..core.annotate import Document, DocumentProblem
from ..core.schemas import DocumentSchema

STDIN = "-"
_document = DocumentSchema()


@dataclass(frozen=True)
class Record:
    """One article of the input and where it stands: ``{"line": n}`` (1-based) in JSONL,
    ``{"index": i}`` (0-based, in file-name order) in a folder. Either ``document`` is set, or
    ``problem`` says why it could not be read."""

    id: str | None
    place: dict[str, int]
    document: Document | None = None
    problem: DocumentProblem | None = None


def read(source: str | Path) -> Iterator[Record]:
    """The records of ``source``, one at a time (FileNotFoundError if there is no such source)."""
    if str(source) == STDIN:
        return _jsonl(sys.stdin.buffer)
    path = Path(source)
    if path.is_dir():
        return _folder(_text_folder(path))
    if not path.is_file():
        raise FileNotFoundError(f"no such file or folder: {source}")
    return _jsonl_file(path)


def count(source: str | Path) -> int | None:
    """How many records ``source`` holds (for a progress bar's ETA), reading no text into
    memory; None for standard input, which can be read only once."""
    if str(source) == STDIN:
        return None
    path = Path(source)
    if path.is_dir():
        return sum(1 for _ in _text_folder(path).glob("*.txt"))
    with path.open("rb") as fh:
        return sum(1 for line in fh if line.strip())


def load_texts(source: str | Path) -> list[tuple[str | None, str]]:
    """All (id, text) pairs of ``source`` at once, for tools that need the whole corpus (the
    benchmarks); a record that cannot be read is a ValueError."""
    pairs = []
    for record in read(source):
        if record.document is None:
            raise ValueError(f"{source} {record.place}: {record.problem.detail}")
        pairs.append((record.id, record.document.text))
    return pairs


def _text_folder(path: Path) -> Path:
    return path / "text" if (path / "text").is_dir() else path


def _folder(folder: Path) -> Iterator[Record]:
    """Ids are file stems, as eval/score.py expects; the text is the file's exact bytes
    decoded (line endings and a byte-order mark kept, so offsets index the file)."""
    for index, file in enumerate(sorted(folder.glob("*.txt"))):
        place = {"index": index}
        try:
            text = file.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Record(file.stem, place, problem=problem(400, "invalid-encoding",
                                                            f"{file.name} is not valid UTF-8 (byte {exc.start})"))
        except OSError as exc:
            yield Record(file.stem, place, problem=problem(400, "unreadable-file",
                                                            f"{file.name} cannot be read: {exc.strerror}"))
        else:
            yield Record(file.stem, place, Document(text, file.stem))


def _jsonl_file(path: Path) -> Iterator[Record]:
    with path.open("rb") as fh:
        yield from _jsonl(fh)


def _jsonl(lines: BinaryIO | Iterable[bytes]) -> Iterator[Record]:
    """One record per non-blank line, validated like a batch request's document (extra
    fields such as a title or URL are allowed and not used)."""
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        place = {"line": number}
        try:
            value = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
        except UnicodeDecodeError as exc:
            yield Record(None, place, problem=problem(400, "invalid-encoding",
                                                       f"not valid UTF-8 (byte {exc.start})"))
            continue
        except (ValueError, RecursionError) as exc:
            yield Record(None, place, problem=problem(400, "invalid-json", f"not valid JSON: {exc}"))
            continue
        given_id = value.get("id") if isinstance(value, dict) and isinstance(value.get("id"), str) else None
        try:
            loaded = _document.load(value, unknown=EXCLUDE)
        except ValidationError as exc:
            yield Record(given_id, place, problem=problem(
                422, "validation-error", f"not an {{\"id\", \"text\"}} object: {exc.messages}"))
            continue
        yield Record(loaded["id"], place, Document(loaded["text"], loaded["id"]))


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def problem(status: int, slug: str, detail: str) -> DocumentProblem:
    """A record's problem (its title is its status's, as everywhere in the service)."""
    return DocumentProblem(status, slug, detail)
