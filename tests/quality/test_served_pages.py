"""Three gates on every registered page as the portal serves it, for every persona that
reaches it, in German and English: the security headers (OWASP ASVS 5.0 V3.4, BSI
APP.3.1), valid HTML (the Nu Html Checker), and a footer that links the accessibility
statement and the Leichte Sprache page (BITV 2.0 § 7).

The samples are built once for this module and each is fetched once; the three gates read
the same responses (each gate used to build and fetch them all again for itself). Their
checkers live, with the tests that show they notice a broken page, in
test_security_headers.py, test_valid_html.py and test_accessibility_pages.py."""

from collections.abc import Mapping
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import transaction

from tests.pages import LANGUAGES
from tests.pages import samples as registered
from tests.quality.gates import PageRaised, Sample, build_samples, fetch_checked
from tests.quality.test_accessibility_pages import footer_problems
from tests.quality.test_security_headers import header_problems
from tests.quality.test_valid_html import run_vnu

# The module's data is made by the `pages` fixture; the mark has pytest-django set up the
# test database at all (it does so only when a collected test asks for it).
pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Served:
    """What the portal answered to one sample: the response's parts the gates read, or
    the exception its view raised (then status is None)."""

    sample: Sample
    status: int | None
    headers: Mapping[str, str]  # the response's own: names in any case
    content: bytes
    raised: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.sample.page_type.url_name, self.sample.persona, self.sample.language)


def serve(sample: Sample, clients: dict, *, follow: bool) -> Served:
    try:
        response = fetch_checked(sample, clients, follow=follow)
    except PageRaised as error:
        return Served(sample, None, {}, b"", str(error))
    return Served(sample, response.status_code, response.headers, response.content)


@dataclass(frozen=True)
class Pages:
    own: list[Served]  # every sample URL's own response, redirect or not
    shown: list[Served]  # every HTML sample's page, after the redirect of a follow=True one


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker) -> Pages:
    """Every sample of the registry, both languages, fetched as its persona. Built in one
    transaction that rolls back after the module (as tests/personas.py's personas_once)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            cache.clear()  # rate limits live in the cache: none left from an earlier test
            samples = build_samples(languages=LANGUAGES)
            own_clients, follow_clients = {}, {}
            own, shown = [], []
            for sample in samples:
                own.append(serve(sample, own_clients, follow=False))
                if not sample.page_type.html:
                    continue
                if sample.page_type.follow:
                    # a client of its own, as when this gate fetched the samples alone
                    shown.append(serve(sample, follow_clients, follow=True))
                else:
                    shown.append(own[-1])
            yield Pages(own, shown)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            cache.clear()


def test_the_gates_see_every_registered_page_for_every_persona_in_both_languages(pages):
    """What the three gates below read is every (page type, persona, language) the
    registry has: all of them for the headers, every HTML page for the other two."""
    every = [(page_type.url_name, persona, lang) for page_type, persona, lang in registered()]
    html = [(t.url_name, persona, lang) for t, persona, lang in registered(html_only=True)]
    assert sorted(served.key for served in pages.own) == sorted(every)
    assert sorted(served.key for served in pages.shown) == sorted(html)


def test_every_registered_page_sends_the_security_headers(pages, settings):
    # The test settings are the production ones (DEBUG=False), HSTS included.
    assert settings.SECURE_HSTS_SECONDS >= 31536000
    failures = []
    # (Not the pages a follow=True sample ends on: the test client follows a redirect over
    # plain HTTP, which gets no HSTS header.)
    for served in pages.own:
        label = served.sample.label
        if served.raised:
            failures.append(served.raised)
            continue
        if served.status >= 500:
            failures.append(f"{label}: status {served.status}")
        for problem in header_problems(served):
            failures.append(f"{label}: {problem}")
    assert pages.own
    assert not failures, "\n".join(failures)


def test_every_registered_page_is_valid_html(pages, tmp_path):
    names = {}
    problems = []
    for served in pages.shown:
        sample = served.sample
        if served.raised:
            problems.append(served.raised)
            continue
        if served.status != 200:
            problems.append(f"{sample.label}: status {served.status}, not 200")
            continue
        name = f"{sample.slug}.html"
        (tmp_path / name).write_bytes(served.content)
        names[name] = sample.label
    assert names

    for name, where, message in run_vnu(tmp_path):
        problems.append(f"{names.get(name, name)} line {where}: {message}")
    assert not problems, f"{len(problems)} HTML problems:\n" + "\n".join(problems)


def test_every_page_links_both_from_its_footer(pages):
    missing = []
    for served in pages.shown:
        if served.raised:
            missing.append(served.raised)
        elif footer_problems(served.content.decode()):
            missing.append(f"{served.sample.label}: {footer_problems(served.content.decode())}")
    assert pages.shown
    assert not missing, missing
