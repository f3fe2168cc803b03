"""Browser fixtures shared by every browser test (quality gates and journeys): one Chromium
for the whole run, a live server of the portal, and contexts that record every request so
no third-party host goes unnoticed. tests/conftest.py makes them available everywhere."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.test import Client

# Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test
# (factories, force_login) would otherwise refuse to run next to it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[1]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"The browser tests need Chromium at {CHROMIUM}: run scripts/test.sh (it installs "
            "it with apt-get), or apt-get install chromium, or set CHROMIUM to its path."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, but serving /static/ through WhiteNoise as production
    does: its default handler looks files up by their unhashed names, so every hashed
    stylesheet (manifest storage) would 404 and axe would judge unstyled pages."""
    from pytest_django.live_server_helper import LiveServer

    address = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(address, start=False)
    server.thread.static_handler = lambda application: application
    server.start()
    yield server
    server.stop()


@pytest.fixture
def plain_http(settings):
    """The live server speaks plain HTTP: no redirect to HTTPS, cookies without Secure."""
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_COOKIE_SECURE = False
    return settings


class Watcher:
    """Records what a browser context does that a gate must know about."""

    def __init__(self, base_url: str):
        self.host = urlsplit(base_url).netloc
        self.foreign_requests: list[str] = []
        self.console_errors: list[str] = []
        self.failed_resources: list[str] = []  # stylesheets, images... that did not load

    def on_request(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if parts.netloc != self.host:
            self.foreign_requests.append(request.url)

    def on_response(self, response):
        if response.status >= 400 and not response.request.is_navigation_request():
            self.failed_resources.append(f"{response.status} {response.url}")

    def on_console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    def watch(self, page):
        page.on("console", self.on_console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        return page


@pytest.fixture
def open_context(browser, live_server, plain_http):
    """open_context(language=..., user=..., bypass_csp=...) -> (context, watcher).

    Every context is closed after the test; each asserts at the end that nothing was
    requested from a host other than the live server."""
    opened = []

    def open_(*, language=None, user=None, bypass_csp=False):
        # A browser set to German, like most of the portal's audience (Accept-Language).
        context = browser.new_context(
            base_url=live_server.url, bypass_csp=bypass_csp, locale="de-DE"
        )
        context.set_default_timeout(15_000)
        watcher = Watcher(live_server.url)
        context.on("request", watcher.on_request)
        context.on("response", watcher.on_response)
        cookies = []
        if language:
            cookies.append(cookie(django_settings.LANGUAGE_COOKIE_NAME, language, live_server))
        if user is not None:
            client = Client()
            client.force_login(user)
            session_id = client.cookies[django_settings.SESSION_COOKIE_NAME].value
            cookies.append(cookie(django_settings.SESSION_COOKIE_NAME, session_id, live_server))
        if cookies:
            context.add_cookies(cookies)
        opened.append((context, watcher))
        return context, watcher

    yield open_
    for context, watcher in opened:
        context.close()
        assert not watcher.foreign_requests, (
            f"requests to third-party hosts: {watcher.foreign_requests}"
        )


def cookie(name, value, live_server):
    return {"name": name, "value": value, "url": live_server.url}
