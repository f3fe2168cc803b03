import os
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
def search_browser():
    """One Chromium for the search journeys (see NOTES.md for the launch arguments)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"The browser journeys need Chromium at {CHROMIUM} (apt-get install chromium).")
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test
    # (factories) would otherwise refuse to run next to it.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
