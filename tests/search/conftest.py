import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client


@pytest.fixture
def english_client(client):
    """A visitor reading the English pages (the German catalogue is written last)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def english_member_client(user):
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def run_in_browser():
    """run_in_browser(journey) calls journey(browser) with a Chromium of its own (see
    NOTES.md for the launch arguments) and returns its result.

    Playwright's sync API allows one running instance per thread, and the quality gates
    keep theirs open for the whole test session; so the journey runs in a thread of its
    own. It only speaks HTTP to the live server: make the data before calling it.
    """
    if not Path(CHROMIUM).exists():
        pytest.fail(f"The browser journeys need Chromium at {CHROMIUM} (apt-get install chromium).")

    def journey_in_thread(journey):
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return journey(browser)
            finally:
                browser.close()

    def run(journey):
        with ThreadPoolExecutor(max_workers=1) as executor:
            return executor.submit(journey_in_thread, journey).result()

    return run
