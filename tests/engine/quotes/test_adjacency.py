"""What may stand between a quotation and its cue."""
import pytest

from tests.conftest import one


@pytest.mark.parametrize("text", [
    "Ana Ruiz mocked the plan, saying at one point, “Nobody believes this.”",
    "Ana Ruiz took a risk, telling the crowd, “Nobody believes this.”",
])
def test_cue_object_or_time_phrase_before_the_quotation(quotes_of, text):
    q = one(quotes_of(text), "Nobody believes this")
    assert (q.type, q.construction, q.speaker.name) == ("direct", "direct", "Ana Ruiz")
