"""Loading the engine's data files (YAML) from the package or from a user's path."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

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


def builtin_path(name: str) -> Path:
    """Where a data file shipped in ``service/engine/lexicon/data`` is."""
    return Path(str(resources.files("service.engine.lexicon") / "data" / name))


@lru_cache(maxsize=None)
def builtin(name: str) -> Any:
    """A data file shipped in ``service/engine/lexicon/data`` (parsed once per process)."""
    return load_yaml(builtin_path(name))


def fingerprint(paths: Iterable[str | Path], *extra: str) -> str:
    """``sha256:<hex>`` of the files' bytes, in the order given, and of ``extra`` strings (a
    library's version whose data the engine reads): it changes whenever what the engine reads
    does, whatever the files' names or places. One file alone gives what ``sha256sum`` prints
    for it, so an operator can check which file a deployment ran with."""
    paths = list(paths)
    if len(paths) == 1 and not extra:
        return "sha256:" + _file_digest(paths[0]).hexdigest()
    digest = hashlib.sha256()
    for part in [*(_file_digest(p).digest() for p in paths), *(e.encode("utf-8") for e in extra)]:
        digest.update(len(part).to_bytes(8, "big") + part)
    return "sha256:" + digest.hexdigest()


def _file_digest(path: str | Path) -> "hashlib._Hash":
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256")
    except OSError as exc:
        raise DataFileError(f"cannot read {path}: {exc.strerror or exc}") from exc
