"""Loading the engine's data files (YAML) from the package or from a user's path."""
from __future__ import annotations

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
