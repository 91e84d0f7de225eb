"""Screenshots of the demo page answering a seed article, for the README.

    .venv/bin/python scripts/screenshot.py            # writes docs/demo.png and docs/demo-narrow.png

Starts gunicorn on 127.0.0.1 (a free port; stopped at the end), opens the page in Debian's
chromium at a fixed size, picks the sample, asks, and shows one quote's card, so the same
service gives the same pictures.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.browser import SEED_SAMPLE, open_demo, served, submit_sample  # noqa: E402

SPEAKER = "Alexander Gabuev"


def shoot(page, url: str, path: Path, speaker: str) -> None:
    """The sample answered, scrolled to the speaker's last quote with its card open, as a
    keyboard user would see it."""
    open_demo(page, url)
    submit_sample(page, SEED_SAMPLE)
    if page.is_visible("#problem"):
        raise SystemExit(f"the service answered a problem: {page.text_content('#problem')}")
    speaker_id = page.locator("#speakers tr", has_text=speaker).first.get_attribute("data-speaker")
    quote = page.locator(f"#article mark.quote[tabindex][data-speaker='{speaker_id}']").last
    page.mouse.move(0, 0)  # a pointer left over a quote would open that quote's card instead
    quote.evaluate("el => { el.scrollIntoView({block: 'center'}); el.focus({preventScroll: true}); }")
    page.screenshot(path=str(path))
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNGs")
    parser.add_argument("--speaker", default=SPEAKER, help="whose quote shows its card")
    args = parser.parse_args(argv)
    with served() as (server, browser):
        for name, width, height in (("demo.png", 1280, 860), ("demo-narrow.png", 360, 740)):
            context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
            shoot(context.new_page(), server.url, args.out / name, args.speaker)
            context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
