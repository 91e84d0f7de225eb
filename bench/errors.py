"""Group a prediction file's errors against PolNeAR gold by construction, for error analysis.

    python -m service.offline.cli PATH/TO/polnear/train > train.jsonl
    python bench/errors.py PATH/TO/polnear/train train.jsonl --scorer PATH/TO/eval/score.py [--top 25]

Uses the scorer's own loading and one-to-one matching (``--scorer``, or QUOTES_EVAL_DIR/eval/score.py
where that variable names the evaluation folder), then counts
missed gold attributions by their cue's lemma (split into cues our lexicon knows and cues it
does not), spurious predictions by our verb, and matched quotes whose cue or source differs.
Meant for PolNeAR train: dev is for the figures, not for reading error by error.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from service.engine.lexicon.cues import CueLexicon  # noqa: E402


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pairs(score, text: str, gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """The scorer's matching: half of the shorter span shared, best overlap first, one to one."""
    gch = [score.chars(text, q["start"], q["end"], q.get("fragments")) for q in gold]
    pch = [score.chars(text, q["start"], q["end"]) for q in pred]
    cands = []
    for i, g in enumerate(gch):
        for j, p in enumerate(pch):
            inter = len(g & p)
            if inter and inter * 2 >= min(len(g), len(p)):
                cands.append((inter / max(len(g | p), 1), i, j))
    used_g, used_p, out = set(), set(), []
    for _, i, j in sorted(cands, reverse=True):
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", help="PolNeAR-style folder")
    parser.add_argument("pred", help="predictions JSONL")
    evaluation = os.environ.get("QUOTES_EVAL_DIR")
    parser.add_argument("--scorer", required=evaluation is None,
                        default=str(Path(evaluation) / "eval" / "score.py") if evaluation else None,
                        help="the scorer, eval/score.py of the evaluation folder (default: $QUOTES_EVAL_DIR/eval/score.py)")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--examples", type=int, default=2)
    args = parser.parse_args(argv)

    import spacy  # a tagger and lemmatizer for the gold cue words only

    from service.core.config import Settings
    score = load_scorer(Path(args.scorer))
    gold = score.load_brat_dir(args.gold)
    pred = score.load_jsonl(args.pred)
    lemma_nlp = spacy.load(Settings.from_env().spacy_model, disable=["parser", "ner"])
    known = set(CueLexicon.load().senses) | {"according"}

    def lemma(phrase: str) -> str:
        words = [t.lemma_.lower() for t in lemma_nlp(phrase) if not t.is_punct]
        return " ".join(words) or phrase.lower()

    groups: dict[str, Counter] = defaultdict(Counter)
    examples: dict[tuple[str, str], list[str]] = defaultdict(list)

    def note(group: str, key: str, example: str) -> None:
        groups[group][key] += 1
        if len(examples[group, key]) < args.examples:
            examples[group, key].append(" ".join(example.split())[:160])

    for art, g in gold.items():
        text, gq = g["text"], g["quotes"]
        pq = pred.get(art, {}).get("quotes", [])
        matched = pairs(score, text, gq, pq)
        mg, mp = {i for i, _ in matched}, {j for _, j in matched}
        for i, q in enumerate(gq):
            if i in mg:
                continue
            cue = q.get("cue")
            key = lemma(text[cue["start"]:cue["end"]]) if cue else "(no cue)"
            head = key.split()[0] if key != "(no cue)" else key
            group = "missed: known cue" if head in known else "missed: other cue"
            note(group, key, text[q["start"]:q["end"]])
        for j, q in enumerate(pq):
            if j in mp:
                continue
            verb = q.get("verb")
            note("spurious", f"{q.get('type')} {verb['lemma'] if verb else '(none)'}",
                 text[q["start"]:q["end"]])
        for i, j in matched:
            g_q, p_q = gq[i], pq[j]
            gcue, pcue = score.span_of(g_q.get("cue")), score.span_of(p_q.get("verb"))
            if not ((gcue is None and pcue is None) or score.overlaps(gcue, pcue)):
                key = (f"{lemma(text[gcue['start']:gcue['end']]) if gcue else '-'} -> "
                       f"{p_q['verb']['lemma'] if pcue else '-'}")
                note("wrong cue", key, text[g_q["start"]:g_q["end"]])
            spk = p_q.get("speaker") or {}
            gsrc, psrc = score.span_of(g_q.get("source")), score.span_of(spk.get("mention"))
            if not ((gsrc is None and psrc is None) or score.overlaps(gsrc, psrc)):
                how = spk.get("resolution") or "none"
                note("wrong source", f"{p_q.get('type')} via {how}",
                     f"gold={text[gsrc['start']:gsrc['end']] if gsrc else None!r} "
                     f"ours={text[psrc['start']:psrc['end']] if psrc else None!r}")
    for group, counter in groups.items():
        print(f"\n## {group}: {sum(counter.values())}")
        for key, n in counter.most_common(args.top):
            print(f"{n:6d}  {key}")
            for ex in examples[group, key]:
                print(f"          | {ex}")
    print(json.dumps({g: sum(c.values()) for g, c in groups.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
