"""The request options as command-line flags, for ``quotes`` and the Spark job alike.

Each flag defaults from the same ``Settings`` (QUOTES_* variables) the server reads, so a
corpus run and the service answer the same way unless told otherwise; the values are
checked by the options' one schema (``service.core.options``), as a request's are.
"""
from __future__ import annotations

import argparse
from dataclasses import replace

from marshmallow import ValidationError

from ..core.config import Settings
from ..core.options import Options, OptionsSchema, choices

_OPTIONS = OptionsSchema(strings=True)


def add_engine_flags(parser: argparse.ArgumentParser, settings: Settings) -> None:
    """--scope, --join-split, --min-confidence, --offsets, --gazetteer and --model."""
    parser.add_argument("--scope", choices=choices("scope"), default=settings.scope,
                        help="attributions: also beliefs, intentions and stances (default: QUOTES_SCOPE, %(default)s)")
    parser.add_argument("--join-split", action=argparse.BooleanOptionalAction, default=settings.join_split,
                        help="a quote split by its attribution as one quote with fragments (default: QUOTES_JOIN_SPLIT)")
    parser.add_argument("--min-confidence", type=_option("min_confidence"), default=settings.min_confidence,
                        help="confidence floor, 0 to 1 (default: QUOTES_MIN_CONFIDENCE, %(default)s)")
    parser.add_argument("--offsets", choices=choices("offsets"), default=settings.offsets,
                        help="unit of every offset (default: QUOTES_OFFSETS, %(default)s)")
    parser.add_argument("--gazetteer", default=settings.gazetteer_path,
                        help="YAML gazetteer merged over the built-in one (default: QUOTES_GAZETTEER)")
    parser.add_argument("--model", default=settings.spacy_model,
                        help="installed spaCy pipeline (default: QUOTES_SPACY_MODEL, %(default)s)")


def chosen(args: argparse.Namespace, settings: Settings) -> tuple[Settings, Options]:
    """The settings to load the model with and the options to annotate with, as the flags say."""
    return (replace(settings, spacy_model=args.model, gazetteer_path=args.gazetteer),
            Options(scope=args.scope, join_split=args.join_split, min_confidence=args.min_confidence,
                    offsets=args.offsets))


def positive(raw: str) -> int:
    """An argparse type: a whole number, 1 or more."""
    value = int(raw)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _option(name: str):
    """An argparse type reading one option by the options' schema."""
    def read(raw: str):
        try:
            return _OPTIONS.load({name: raw})[name]
        except ValidationError as exc:
            raise argparse.ArgumentTypeError(" ".join(exc.messages[name])) from None
    read.__name__ = name.replace("_", " ")
    return read
