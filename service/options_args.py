"""The engine's options as command-line flags, for ``quotes`` and the Spark job alike.

Each flag defaults from the same ``Settings`` (QUOTES_* variables) the server reads, so a
corpus run and the service answer the same way unless told otherwise.
"""
from __future__ import annotations

import argparse
from dataclasses import replace

from .annotate import Options
from .config import Settings
from .engine.options import SCOPES
from .offsets import UNITS


def add_engine_flags(parser: argparse.ArgumentParser, settings: Settings) -> None:
    """--scope, --join-split, --min-confidence, --offsets, --gazetteer and --model."""
    parser.add_argument("--scope", choices=SCOPES, default=settings.scope,
                        help="attributions: also beliefs, intentions and stances (default: QUOTES_SCOPE, %(default)s)")
    parser.add_argument("--join-split", action=argparse.BooleanOptionalAction, default=settings.join_split,
                        help="a quote split by its attribution as one quote with fragments (default: QUOTES_JOIN_SPLIT)")
    parser.add_argument("--min-confidence", type=_confidence, default=settings.min_confidence,
                        help="confidence floor, 0 to 1 (default: QUOTES_MIN_CONFIDENCE, %(default)s)")
    parser.add_argument("--offsets", choices=UNITS, default=settings.offsets,
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


def _confidence(raw: str) -> float:
    value = float(raw)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("must be a number from 0 to 1")
    return value
