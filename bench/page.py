"""The demo page's weight and speed, measured in the browser.

    .venv/bin/python bench/page.py [--runs 5]

Starts gunicorn on 127.0.0.1 (one worker, a free port; stopped at the end) and, in Debian's
chromium, loads the page with an empty cache each run: every byte it fetches (HTML, CSS,
script, icon, the samples list), its first contentful paint (Performance API), then the time
from pressing the button on a seed article to its highlights drawn (marks the page sets:
quotes:submit, quotes:answered, quotes:drawn), split into the API's round trip and the drawing.
Prints medians over the runs. Absolute times depend on the machine and on what else it runs.
"""
from __future__ import annotations

import argparse
import gzip
import statistics
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.browser import SEED_SAMPLE, open_demo, served, submit_sample  # noqa: E402

TIMINGS = """() => {
  const mark = (name) => performance.getEntriesByName(name, 'mark')[0].startTime;
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  return {fcp: paint ? paint.startTime : null,
          answered: mark('quotes:answered') - mark('quotes:submit'),
          drawn: mark('quotes:drawn') - mark('quotes:answered'),
          total: mark('quotes:drawn') - mark('quotes:submit'),
          quotes: document.querySelectorAll('#article mark.quote[tabindex]').length};
}"""


def one_run(browser, url: str) -> tuple[dict[str, bytes], dict]:
    """A fresh context (empty cache): the bytes of every asset the page loads, and its timings."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    loaded: dict[str, bytes] = {}
    page.on("requestfinished", lambda request: loaded.setdefault(
        urlsplit(request.url).path, request.response().body()))
    open_demo(page, url)
    page.wait_for_load_state("networkidle")
    assets = dict(loaded)
    submit_sample(page, SEED_SAMPLE)
    timings = page.evaluate(TIMINGS)
    context.close()
    return assets, timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with served() as (server, browser):
        one_run(browser, server.url)  # warm the worker (first request parses its model pages in)
        runs = [one_run(browser, server.url) for _ in range(args.runs)]
    assets = runs[-1][0]
    print("| asset | bytes | gzip bytes |\n|---|---:|---:|")
    for path, body in sorted(assets.items()):
        print(f"| `{path}` | {len(body):,} | {len(gzip.compress(body, 9)):,} |")
    total = sum(len(b) for b in assets.values())
    print(f"| **all assets** | **{total:,}** | **{sum(len(gzip.compress(b, 9)) for b in assets.values()):,}** |")
    median = {key: statistics.median(t[key] for _, t in runs) for key in ("fcp", "answered", "drawn", "total")}
    print(f"\nmedians of {args.runs} runs, sample {SEED_SAMPLE} ({runs[-1][1]['quotes']} quotes highlighted):")
    print(f"- first contentful paint: {median['fcp']:.0f} ms")
    print(f"- submit to highlights drawn: {median['total']:.0f} ms "
          f"(API round trip {median['answered']:.0f} ms, drawing and painting {median['drawn']:.1f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
