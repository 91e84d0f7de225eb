"""The demo page in a real browser: Debian's chromium, driven by Playwright, loading the page
from a real gunicorn on 127.0.0.1 and asserting what a person would see against what the API
answers for the same text."""
from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from bench.browser import (
    SEED_SAMPLE,
    open_demo,
    served,
    submit,
    submit_sample,
    unavailable,
)
from tests.conftest import seed

pytestmark = pytest.mark.skipif(unavailable() is not None, reason=f"no browser: {unavailable()}")

MAX_TEXT_CHARS = 20_000
# speakers and roles as the seed's gold annotation words them (../shared/seeds/gold.jsonl)
EXPECTED_SPEAKERS = {"Alexander Gabuev": ("director of the Carnegie Russia Eurasia Center", 2),
                     "Sergei Lavrov": ("Russian Foreign Minister", 1),
                     "Wang Yi": ("Chinese Foreign Minister", 1)}
ASTRAL = ("🙂 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 first. “We are 🙂 ready for 𝕏 talks,” Dmitry Peskov said on 🗓 Monday.\n\n"
          "The 👩‍👩‍👧 family said that the 🏠 house was “far 🌊 too close to the sea”. "
          "“𐐷 is a Deseret letter,” she added, “and 😀 so is 𐐸.”")

# what the page drew: per quote id, the text of its pieces joined in document order
HIGHLIGHTS = """() => {
  const out = {};
  for (const el of document.querySelectorAll('#article mark.quote')) {
    out[el.dataset.quote] = (out[el.dataset.quote] || '') + el.textContent;
  }
  return out;
}"""


@pytest.fixture(scope="module")
def running():
    """One gunicorn (a small text limit, for the 413) and one chromium for the module."""
    with served({"QUOTES_MAX_TEXT_CHARS": str(MAX_TEXT_CHARS)}) as both:
        yield both


@pytest.fixture(scope="module")
def server(running):
    return running[0]


@pytest.fixture
def page(running):
    """The demo page, loaded, with every CSP violation and script error recorded."""
    server, browser = running
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.add_init_script("window.violations = [];"
                         "document.addEventListener('securitypolicyviolation',"
                         " (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));")
    open_demo(page, server.url)
    yield page
    assert page.evaluate("window.violations") == [], "the page broke its own Content-Security-Policy"
    assert errors == []
    context.close()


def api(server, text: str, **options) -> dict:
    """What the API answers for the same text, asked directly: the answer, or the problem."""
    body = json.dumps({"text": text, "offsets": "utf16", **options}).encode("utf-8")
    request = urllib.request.Request(server.url + "/v1/quotes", data=body,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.load(response)
    except urllib.error.HTTPError as exc:
        return json.load(exc)


def test_seed_article_every_quote_highlighted_and_speakers_listed(page, server):
    text = submit_sample(page, SEED_SAMPLE)
    assert text == seed("004")
    answer = api(server, text)
    assert answer["quotes"]
    drawn = page.evaluate(HIGHLIGHTS)
    assert len(drawn) == len(answer["quotes"])
    assert drawn == {q["id"]: q["text"] for q in answer["quotes"]}
    assert page.locator("#article mark.quote[tabindex='0']").count() == len(answer["quotes"])
    assert page.text_content("#article") == text  # the article is drawn whole and unaltered
    verbs = page.eval_on_selector_all("#article .verb", "els => els.map(e => e.textContent)")
    assert sorted(set(verbs)) == sorted({q["verb"]["text"] for q in answer["quotes"] if q["verb"]})
    rows = page.eval_on_selector_all(
        "#speakers tr", "rows => rows.map(r => [r.querySelector('button').textContent,"
                        " r.querySelector('.role').firstChild.textContent, r.querySelector('.count').textContent])")
    assert rows == [[f"{i + 1}{s['name'] or s['description'] or 'unnamed'}", s["role"] or "—", str(s["quotes"])]
                    for i, s in enumerate(answer["speakers"])]
    listed = {name[len(str(i + 1)):]: (role, int(count)) for i, (name, role, count) in enumerate(rows)}
    for name, expected in EXPECTED_SPEAKERS.items():
        assert listed[name] == expected


def test_astral_characters_and_emoji_do_not_shift_the_highlights(page, server):
    submit(page, ASTRAL)
    answer = api(server, ASTRAL)
    quotes = {q["id"]: q["text"] for q in answer["quotes"]}
    assert len(quotes) >= 3 and any("🙂" in t for t in quotes.values()) and any("𐐸" in t for t in quotes.values())
    assert page.evaluate(HIGHLIGHTS) == quotes
    assert page.text_content("#article") == ASTRAL
    mentions = page.eval_on_selector_all("#article .mention", "els => els.map(e => e.textContent)")
    assert set(mentions) == {q["speaker"]["mention"]["text"] for q in answer["quotes"]
                             if q["speaker"] and q["speaker"]["mention"]} | \
        {m["text"] for s in answer["speakers"] for m in s["mentions"]}


def test_overlapping_and_nested_spans_render_as_pieces(page):
    """Two quotes that overlap, one nested in another, two on the same span, and marks inside:
    each quote's pieces still spell its text, and the text is drawn once."""
    result = page.evaluate("""() => {
        const text = 'abcdefghijklmnop';
        const quote = (id, start, end) => ({id, start, end, speaker: null, verb: null});
        const spans = spansOf({speakers: [], quotes: [quote('A', 0, 8), quote('B', 4, 12), quote('C', 9, 11),
                                                     quote('D', 9, 11)]});
        spans.push({kind: 'mention', start: 5, end: 7}, {kind: 'verb', start: 13, end: 15});
        const box = document.createElement('div');
        box.append(build(text, spans, 0, text.length));
        const pieces = {};
        for (const el of box.querySelectorAll('mark.quote')) (pieces[el.dataset.quote] ||= []).push(el.textContent);
        return {text: box.textContent, pieces, heads: box.querySelectorAll('[tabindex]').length,
                mentionInside: box.querySelector('mark[data-quote=B] .mention')?.textContent};
    }""")
    assert result["text"] == "abcdefghijklmnop"
    assert result["pieces"] == {"A": ["abcdefgh"], "B": ["efgh", "ijkl"], "C": ["jk"], "D": ["jk"]}
    assert result["heads"] == 4 and result["mentionInside"] == "fg"


def test_a_text_without_quotes_says_so(page):
    submit(page, "Nothing was said here.")
    assert page.text_content("#status").startswith("No quotes found")
    assert page.text_content("#article") == "Nothing was said here."
    assert page.locator("#speakers tr").count() == 0


def test_an_over_long_text_shows_the_413_problem(page, server):
    submit(page, "“We are ready,” Dmitry Peskov said.")  # an answer first: the problem replaces it
    text = "word " * (MAX_TEXT_CHARS // 5 + 1)
    submit(page, text)
    problem = api(server, text)
    assert problem["status"] == 413
    assert page.is_visible("#problem") and not page.is_visible("#answer")
    assert page.text_content("#problem-title") == problem["title"]
    assert page.text_content("#problem-detail") == problem["detail"]
    assert f"the limit is {MAX_TEXT_CHARS}" in problem["detail"]


def test_an_invalid_option_shows_the_422_problem_with_its_field(page, server):
    page.fill("#min_confidence", "1.5")
    submit(page, "“We are ready,” Dmitry Peskov said.")
    problem = api(server, "“We are ready,” Dmitry Peskov said.", min_confidence=1.5)
    assert problem["status"] == 422
    assert page.text_content("#problem-title") == problem["title"]
    assert page.text_content("#problem-detail") == problem["detail"]
    assert page.text_content("#problem-errors") == f"min_confidence: {' '.join(problem['errors']['min_confidence'])}"


def test_article_text_is_never_markup(page):
    text = '<img src=x onerror="window.owned=1"> “<script>window.owned=2</script> is <b>ours</b>,” Jane Roe said.'
    submit(page, text)
    assert page.text_content("#article") == text
    assert page.locator("#article img, #article script, #article b").count() == 0
    assert page.evaluate("window.owned") is None


def test_keyboard_reaches_every_quote_card_and_speaker(page, server):
    text = seed("004")
    submit(page, text)
    answer = api(server, text)
    page.focus("#go")
    page.keyboard.press("Tab")  # from the button, the next stop is the first quote
    first = min(answer["quotes"], key=lambda q: q["start"])
    assert page.evaluate("document.activeElement.dataset.quote") == first["id"]
    assert page.is_visible("#card")
    assert page.text_content("#card-speaker") == (first["speaker"]["name"] or first["speaker"]["description"])
    facts = page.text_content("#card-facts")
    for shown in (first["verb"]["text"], first["type"], str(first["confidence"])):
        assert shown in facts
    page.keyboard.press("Escape")
    assert not page.is_visible("#card")
    gabuev = next(s for s in answer["speakers"] if s["name"] == "Alexander Gabuev")
    button = page.locator(f"#speakers tr[data-speaker='{gabuev['id']}'] button")
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-pressed") == "true"
    picked = page.eval_on_selector_all("#article mark.quote.on[tabindex]", "els => els.map(e => e.dataset.quote)")
    assert sorted(picked) == sorted(q["id"] for q in answer["quotes"]
                                    if q["speaker"] and q["speaker"]["id"] == gabuev["id"])
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-pressed") == "false"
    assert page.locator("#article .on").count() == 0


def test_works_at_360_pixels_wide(page, server):
    page.set_viewport_size({"width": 360, "height": 740})
    text = seed("004")
    submit(page, text)
    assert len(page.evaluate(HIGHLIGHTS)) == len(api(server, text)["quotes"])
    page.focus("#article mark.quote[tabindex]")
    assert page.is_visible("#card")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing runs off the side
    box = page.locator("#card").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360


def test_api_key_is_sent_only_when_filled(page):
    with page.expect_request("**/v1/quotes") as without:
        submit(page, "“We are ready,” Dmitry Peskov said.")
    assert "x-api-key" not in without.value.headers
    page.fill("#api_key", "k-123")
    with page.expect_request("**/v1/quotes") as given:
        submit(page, "“We are ready,” Dmitry Peskov said.")
    assert given.value.headers["x-api-key"] == "k-123"
    assert json.loads(given.value.post_data) == {"text": "“We are ready,” Dmitry Peskov said.", "offsets": "utf16"}


def test_options_are_sent_and_applied(page, server):
    text = seed("004")
    page.select_option("#scope", "attributions")
    page.select_option("#join_split", "true")
    page.fill("#min_confidence", "0.8")
    with page.expect_request("**/v1/quotes") as sent:
        submit(page, text)
    assert {k: v for k, v in json.loads(sent.value.post_data).items() if k != "text"} == {
        "offsets": "utf16", "scope": "attributions", "join_split": True, "min_confidence": 0.8}
    answer = api(server, text, scope="attributions", join_split=True, min_confidence=0.8)
    assert page.evaluate(HIGHLIGHTS) == {q["id"]: q["text"] for q in answer["quotes"]}
    assert "scope attributions, join_split true, min_confidence 0.8" in page.text_content("#applied")


def test_the_service_being_unreachable_is_said_not_blank(page):
    page.route("**/v1/quotes", lambda route: route.abort())
    submit(page, "“We are ready,” Dmitry Peskov said.")
    assert page.text_content("#problem-title") == "The service could not be reached"
    assert not page.is_visible("#answer")
