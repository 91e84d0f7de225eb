"""Loading the engine's data files (YAML) from the package or from a user's path."""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


class DataFileError(ValueError):
    """A data file is missing or malformed; the message names the file."""


def load_yaml(path: str | Path) -> Any:
    """Parse a YAML file, turning every failure into a DataFileError naming it."""
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except OSError as exc:
        raise DataFileError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise DataFileError(f"{path} is not valid YAML: {exc}") from exc


@lru_cache(maxsize=None)
def builtin(name: str) -> Any:
    """A data file shipped in ``service/engine/lexicon/data`` (parsed once per process)."""
    return load_yaml(Path(str(resources.files("service.engine.lexicon") / "data" / name)))


def digest(*data: Any) -> str:
    """``sha256:<hex>`` of data as read (canonical JSON: sorted keys, no spaces): it changes
    when what the engine reads changes, and not with a data file's comments or layout."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_sha256(path: str | Path) -> str:
    """``sha256:<hex>`` of a file's bytes, what ``sha256sum`` prints for it: an operator can
    check which file a deployment ran with."""
    try:
        with open(path, "rb") as fh:
            return "sha256:" + hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError as exc:
        raise DataFileError(f"cannot read {path}: {exc.strerror or exc}") from exc
