"""quotes: every quote of a corpus, offline, one JSON line per article.

    quotes ARTICLES/ -o quotes.jsonl --processes 2
    quotes corpus.jsonl --scope attributions --join-split > quotes.jsonl
    cat corpus.jsonl | quotes - > quotes.jsonl
    quotes ARTICLES/ -o quotes.jsonl --speakers speakers.jsonl

INPUT is a folder of .txt files (or a PolNeAR-style folder with text/), a JSONL file of
{"id", "text"} objects, or - for standard input. Each output line is the API's answer for
one article, {"id", "model", "quotes", "speakers"}, exactly as POST /v1/quotes returns it,
in input order (eval/score.py reads these lines). A record that cannot be answered (not
JSON, no text, over QUOTES_MAX_TEXT_CHARS, not Unicode text) gets an error line
{"id", "line" or "index", "error": problem} and a message on stderr. The input is streamed:
memory stays flat however long it is. Options default to the server's settings (QUOTES_*).
``--speakers FILE`` also writes one JSON line per ``speaker.key`` (the speakers table of
service.offline.speakers: names, roles, quotes and articles of each speaker across the
corpus), most quoted first; with ``--resume``, of the whole output file.
"""
from __future__ import annotations

import argparse
import sys
from collections import deque
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator

from tqdm import tqdm

from .. import __version__
from ..core.config import Settings, SettingsError
from ..core.options import Options
from . import corpus
from .corpus import Record
from .flags import add_engine_flags, chosen, positive
from .parallel import InProcess, LoadError, ProcessPool, runner
from .results_file import Finished, NotAnOutputFile, answers, encode, finished
from .speakers import SpeakerTable

EXIT_CODES = """exit codes:
  0  every record was answered
  1  some records could not be answered: each has an error line in the output and a message on stderr
  2  usage error, unreadable input or output, or the model could not be loaded (nothing or part written)"""


def main(argv: list[str] | None = None) -> int:
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"quotes: {exc}", file=sys.stderr)
        return 2
    parser = _parser(settings)
    args = parser.parse_args(argv)
    if args.resume and not args.output:
        parser.error("--resume needs -o FILE: the output to carry on")
    settings, options = chosen(args, settings)
    show = args.progress if args.progress is not None else sys.stderr.isatty()
    try:
        records = corpus.read(args.input)
        total = corpus.count(args.input) if show else None
        done = finished(Path(args.output)) if args.resume else Finished()
        table = SpeakerTable() if args.speakers else None
        if table is not None and args.resume:
            for line in answers(Path(args.output)):
                table.add(line)
    except (OSError, NotAnOutputFile) as exc:
        return _fail(exc)
    try:
        engine = runner(settings, args.processes)
    except LoadError as exc:
        return _fail(exc)
    try:
        model = engine.model(options)
        with _output(args.output, append=args.resume) as out, \
                tqdm(total=total, unit=" docs", file=sys.stderr, disable=not show, dynamic_ncols=True) as bar:
            failures = _run(_unanswered(records, done, bar), engine, options, model, out, bar, args.chunk, table)
        if table is not None:
            with open(args.speakers, "wb") as fh:
                fh.writelines(encode(row) for row in table.rows())
    except (*LoadError, OSError) as exc:
        return _fail(exc)
    except BrokenProcessPool as exc:
        return _fail(f"a worker process died ({exc}); what was written is complete, --resume carries on")
    finally:
        engine.close()
    return 1 if failures else 0


def _run(records: Iterable[Record], engine: InProcess | ProcessPool, options: Options, model: dict[str, Any], out: BinaryIO,
         bar: tqdm, chunk: int, table: SpeakerTable | None = None) -> int:
    """Write one line per record, in input order (each added to ``table`` too); the number of
    error lines."""
    failures = 0
    held: deque[list[Record]] = deque()  # batches sent to the engine and not yet written

    def documents() -> Iterator[list]:
        for batch in _batches(records, chunk):
            held.append(batch)
            yield [r.document for r in batch if r.document is not None]

    for results in engine.annotate(documents(), options):
        answers = iter(results)
        for record in held.popleft():
            line = _line(record, next(answers) if record.document is not None else None, model)
            if "error" in line:
                failures += 1
                where = f"line {record.place['line']}" if "line" in record.place else f"file #{record.place['index']}"
                tqdm.write(f"quotes: {where}" + (f" (id {record.id!r})" if record.id is not None else "")
                           + f": {line['error']['detail']}", file=sys.stderr)
            out.write(encode(line))
            if table is not None:
                table.add(line)
            bar.update(1)
        out.flush()  # whole batches reach the file: --resume carries on from them
    return failures


def _line(record: Record, result: dict[str, Any] | None, model: dict[str, Any]) -> dict[str, Any]:
    """The API's single-document answer, or an error line that says where the record stands."""
    if result is not None and "error" not in result:
        return {"id": record.id, "model": model, "quotes": result["quotes"], "speakers": result["speakers"]}
    error = record.problem.to_dict() if result is None else result["error"]
    return {"id": record.id, **record.place, "error": error}


def _batches(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    records = iter(records)
    while batch := list(islice(records, size)):
        yield batch


@contextmanager
def _output(path: str | None, append: bool) -> Iterator[BinaryIO]:
    """Standard output, or FILE (appended to with --resume)."""
    if not path:
        yield sys.stdout.buffer
        return
    with open(path, "ab" if append else "wb") as fh:
        yield fh


def _unanswered(records: Iterable[Record], done: Finished, bar: tqdm) -> Iterator[Record]:
    """The records the output to resume does not answer yet (all of them without --resume)."""
    for record in records:
        if done.take(record.id, record.place):
            bar.update(1)
        else:
            yield record


def _fail(problem: object) -> int:
    print(f"quotes: {problem}", file=sys.stderr)
    return 2


def version_line(settings: Settings) -> str:
    """What ``quotes --version`` prints: this service's version, spaCy's, and the pipeline the
    settings name with its version (read from the installed packages: nothing is loaded)."""
    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"
    return (f"quotes {__version__} (spaCy {installed('spacy')}; pipeline {settings.spacy_model} "
            f"{installed(settings.spacy_model)})")


def _parser(settings: Settings) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="quotes", description=__doc__, epilog=EXIT_CODES,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=version_line(settings))
    parser.add_argument("input", help="folder of .txt files, JSONL of {id, text}, or - for stdin")
    parser.add_argument("-o", "--output", help="write here instead of stdout")
    parser.add_argument("--speakers", metavar="FILE",
                        help="also write one JSON line per speaker.key (names, roles, quotes, articles) here")
    parser.add_argument("--resume", action="store_true",
                        help="keep the lines already in -o FILE and answer only the records it lacks (matched "
                             "by id, as often as the id occurs; id-less records are answered again)")
    parser.add_argument("--processes", type=positive, default=1,
                        help="processes, each with its own model (~150-450 MB each) (default: 1)")
    parser.add_argument("--chunk", type=positive, default=settings.batch_size,
                        help="articles per unit of work, parsed in order of length "
                             "(default: QUOTES_BATCH_SIZE, %(default)s)")
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="a progress bar on stderr (default: when stderr is a terminal)")
    add_engine_flags(parser, settings)
    return parser


if __name__ == "__main__":
    sys.exit(main())
