"""Does ``speaker.key`` name one person across documents, and only one?

    python bench/speaker_keys.py EVAL/seeds/gold.jsonl EVAL/worldnews/train.jsonl

(EVAL: the evaluation folder outside the repository, QUOTES_EVAL_DIR.)

Runs the engine on every article of the gold files (JSON lines with ``text`` and ``quotes``
carrying ``speaker`` and ``speaker_aliases``, as eval/score.py reads them) and pairs each gold
quote with the predicted quote overlapping it most (at least half of the shorter one, as the
scorer pairs them). On the pairs whose predicted name is right (the gold speaker or one of its
aliases), it checks both ways:

* one speaker, one key: the articles quoting a gold speaker agree on its key (two articles
  whose keys for it have none in common are a split), unless the articles themselves spell
  the name differently ("Zelensky" in one, "Zelenskyy" in another: each key's words are in
  its article), which a key made from the name cannot join: those are listed, not counted;
* one key, one speaker: no key is given to two different gold speakers. Gold names are one
  speaker where the gold says so: a name of two words or more that the gold accepts for a
  speaker (its ``speaker_aliases``) and gives as another quote's speaker is that speaker
  ("Donald J. Trump" with the alias "Donald Trump"; not a joint speaker, "A and B").

Prints the speakers quoted in several articles with their keys, and every violation; exits 1
if there is one. A wrong attribution (the right quote, someone else's name) is the scorer's
business, not the key's, and is left out here; so is one article giving one speaker two keys,
which is the engine taking them for two speakers in that article (two ``speaker.id`` too):
those are listed, not counted.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from service.engine.text.folding import lookup_key, name_word  # noqa: E402


@dataclass
class KeyReport:
    """The keys each gold speaker got in each article, and the gold speakers each key was given to."""

    keys_of: dict[str, dict[str, set[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    speakers_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    pairs: int = 0
    keyless: int = 0  # right name, no key (a surname-only person, a group)
    unwritten: set[tuple[str, str]] = field(default_factory=set)  # (article, key): a key not spelled in its article

    def split(self, spelled: bool = False) -> dict[str, set[str]]:
        """Gold speakers two of whose articles have no key for them in common: where some key
        is not spelled out in its article (``spelled`` False), or where each is (True)."""
        out = {}
        for name, by_article in self.keys_of.items():
            sets = list(by_article.values())
            if any(not (a & b) for i, a in enumerate(sets) for b in sets[i + 1:]):
                written = not any((article, key) in self.unwritten for article, keys in by_article.items()
                                  for key in keys)
                if written == spelled:
                    out[name] = set().union(*sets)
        return out

    def split_within(self) -> dict[str, set[str]]:
        """Gold speakers one article gave two keys (the engine took them for two speakers there)."""
        return {f"{name} ({article})": keys for name, by_article in self.keys_of.items()
                for article, keys in by_article.items() if len(keys) > 1}

    def shared(self) -> dict[str, set[str]]:
        """Keys given to more than one gold speaker."""
        return {key: names for key, names in self.speakers_of.items() if len(names) > 1}

    def across(self, articles: int) -> dict[str, dict[str, int]]:
        """Gold speakers quoted (with a key) in at least ``articles`` articles: each key with
        the number of articles that gave it."""
        out = {}
        for name, by_article in self.keys_of.items():
            if len(by_article) >= articles:
                counts: dict[str, int] = defaultdict(int)
                for keys in by_article.values():
                    for key in keys:
                        counts[key] += 1
                out[name] = dict(counts)
        return out


def gold_articles(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """Every article of the gold files, its id made unique by its file."""
    articles = []
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    article = json.loads(line)
                    articles.append({**article, "id": f"{path.stem}:{article['id']}"})
    return articles


def gold_identities(articles: list[dict[str, Any]]) -> dict[str, str]:
    """Each gold speaker name -> one name for everyone the gold says is the same speaker."""
    names = {q["speaker"] for a in articles for q in a["quotes"] if q.get("speaker")}
    parent = {name: name for name in names}

    def root(name: str) -> str:
        while parent[name] != name:
            name = parent[name]
        return name

    for article in articles:
        for quote in article["quotes"]:
            speaker = quote.get("speaker")
            if not speaker or " and " in speaker:  # several people quoted together are none of them
                continue
            for alias in quote.get("speaker_aliases", []):
                if alias in names and len(alias.split()) > 1:
                    parent[root(alias)] = root(quote["speaker"])
    return {name: root(name) for name in names}


def check(nlp, articles: list[dict[str, Any]]) -> KeyReport:
    """Run ``nlp`` (a pipeline with quote attribution) on the articles and collect the keys."""
    from service.engine.pipeline import pipe

    identity = gold_identities(articles)
    report = KeyReport()
    for article, doc in zip(articles, pipe(nlp, (a["text"] for a in articles), 8)):
        words = set(name_word(w) for w in re.findall(r"[\w.'’-]+", doc.text))
        for gold in article["quotes"]:
            if not gold.get("speaker"):
                continue
            predicted = _paired(gold, doc._.quotes)
            if predicted is None or predicted.speaker is None or not _named_right(predicted.speaker.name, gold):
                continue
            report.pairs += 1
            key = predicted.speaker.key
            if key is None:
                report.keyless += 1
                continue
            report.keys_of[identity[gold["speaker"]]][article["id"]].add(key)
            if not set(key.split()) <= words:
                report.unwritten.add((article["id"], key))
            report.speakers_of[key].add(identity[gold["speaker"]])
    return report


def _paired(gold: dict[str, Any], quotes: list) -> Any:
    best, most = None, 0
    for quote in quotes:
        shared = min(gold["end"], quote.end) - max(gold["start"], quote.start)
        shorter = min(gold["end"] - gold["start"], quote.end - quote.start)
        if shared > most and 2 * shared >= shorter:
            best, most = quote, shared
    return best


def _named_right(name: str | None, gold: dict[str, Any]) -> bool:
    accepted = {lookup_key(n) for n in [gold["speaker"], *gold.get("speaker_aliases", [])]}
    return name is not None and lookup_key(name) in accepted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="+", type=Path, help="gold JSON lines (text, quotes with speaker)")
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: QUOTES_SPACY_MODEL)")
    args = parser.parse_args(argv)
    from service.core.config import Settings
    from service.core.pipeline import load_pipeline

    settings = Settings.from_env()
    nlp = load_pipeline(args.model or settings.spacy_model, settings.gazetteer_path,
                        gazetteer_people=settings.gazetteer_people)
    report = check(nlp, gold_articles(args.gold))
    print(f"{report.pairs} quotes paired with the right name; {report.keyless} of them without a key")
    for name, keys in sorted(report.across(2).items()):
        print(f"  {name}: {', '.join(f'{k!r} in {n} articles' for k, n in keys.items())}")
    for name, keys in sorted(report.split_within().items()):
        print(f"  (one article, two speakers: {name} has keys {sorted(keys)})")
    for name, keys in sorted(report.split(spelled=True).items()):
        print(f"  (spelled differently by the articles: {name} has keys {sorted(keys)})")
    for name, keys in sorted(report.split().items()):
        print(f"SPLIT: {name} has keys {sorted(keys)}")
    for key, names in sorted(report.shared().items()):
        print(f"SHARED: {key!r} is given to {sorted(names)}")
    return 1 if report.split() or report.shared() else 0


if __name__ == "__main__":
    sys.exit(main())
