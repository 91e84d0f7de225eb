"""Debian's chromium driven by Playwright, for the demo page's tests, screenshot and timings.

Nothing downloads a browser: Playwright is pointed at the system chromium (``apt-get install
chromium``; .ci/run installs it), headless, with every background fetch of its own turned off
so that it only talks to the 127.0.0.1 server it is given.
"""
from __future__ import annotations

import importlib.util
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

SEED_SAMPLE = "004_d7c9a3f24f921db4"  # the bundled article the screenshot and the timings use
CHROMIUM = Path(os.environ.get("QUOTES_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
        "--disable-extensions", "--metrics-recording-only", "--no-default-browser-check"]


def unavailable() -> str | None:
    """Why the browser cannot run here, or None when it can."""
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install -e '.[test]')"
    if not CHROMIUM.exists():
        return f"no chromium at {CHROMIUM} (apt-get install chromium, or set QUOTES_CHROMIUM)"
    return None


def launch(playwright):
    """A headless chromium browser from a started ``sync_playwright()``."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)


@contextmanager
def served(settings: dict[str, str] | None = None) -> Iterator[tuple[Any, Any]]:
    """A gunicorn with one worker on 127.0.0.1 (``settings``: more QUOTES_* variables) and a
    headless chromium: ``(server, browser)``, both stopped at the end. Without a browser it
    exits with the reason (the tests check ``unavailable()`` first and skip)."""
    reason = unavailable()
    if reason:
        raise SystemExit(f"no browser: {reason}")
    from playwright.sync_api import sync_playwright

    from bench.benchmark import Server

    with Server(1, env=settings) as server, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield server, browser
        finally:
            browser.close()


def open_demo(page, url: str) -> None:
    """Load the demo page from a server at ``url`` and wait until its samples are listed."""
    page.goto(url + "/demo")
    page.wait_for_selector("#sample option:nth-child(2)", state="attached")


def submit(page, text: str) -> None:
    """Paste ``text``, press the button, and wait until the answer or the problem is drawn.

    Waits use selectors: a ``wait_for_function`` predicate is eval'd in the page, which the
    page's Content-Security-Policy rightly forbids.
    """
    page.fill("#text", text)
    page.click("#go")
    page.wait_for_selector("#ask[aria-busy='false']", state="attached")


def submit_sample(page, name: str) -> str:
    """Pick a bundled sample article, wait for its text, ask; returns the text sent."""
    page.select_option("#sample", name)
    page.wait_for_selector("#text:not(:placeholder-shown)")
    text = page.input_value("#text")
    submit(page, text)
    return text
