"""400, 403, 404, 429 and 500 pages: in the base layout, in both languages, no traceback."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.pages import LANGUAGES
from tests.quality.urls_failing import SECRET_DETAIL


def client_speaking(language, **kwargs) -> Client:
    client = Client(**kwargs)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def assert_error_page(response, status, language):
    body = response.content.decode()
    assert response.status_code == status, body[:300]
    assert response["Content-Type"].startswith("text/html")
    assert f'<html lang="{language}">' in body
    # the base layout: skip link, main landmark, footer with the statement links
    assert 'class="skip-link"' in body
    assert '<main id="main"' in body
    assert body.count("<h1>") == 1
    assert reverse("accessibility_statement") in body
    assert reverse("easy_language") in body
    for leak in ("Traceback", SECRET_DETAIL, "File &quot;", "django/core", ".py"):
        assert leak not in body, leak
    assert "Content-Security-Policy" in response.headers


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = "tests.quality.urls_failing"


@pytest.mark.parametrize("language", LANGUAGES)
def test_404_page(db, language):
    response = client_speaking(language).get("/gibt-es-nicht/", secure=True)
    assert_error_page(response, 404, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_400_page_for_a_nul_byte(db, language):
    client = client_speaking(language)
    assert_error_page(client.get("/?q=a%00b", secure=True), 400, language)
    response = client.post(
        reverse("account_login"), {"login": "a\x00b", "password": "x"}, secure=True
    )
    assert_error_page(response, 400, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_403_page(db, failing_urls, language):
    response = client_speaking(language).get("/verboten/", secure=True)
    assert_error_page(response, 403, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_403_page_for_a_form_without_csrf_token(db, language):
    client = client_speaking(language, enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": "a@example.org"}, secure=True)
    assert_error_page(response, 403, language)
    assert "CSRF verification failed" not in response.content.decode()  # Django's own page


@pytest.mark.parametrize("language", LANGUAGES)
def test_429_page_when_sign_in_attempts_run_out(db, settings, language):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    client = client_speaking(language)
    data = {"login": "niemand@example.org", "password": "falsch-falsch"}
    client.post(reverse("account_login"), data, secure=True)
    response = client.post(reverse("account_login"), data, secure=True)
    assert_error_page(response, 429, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_500_page_without_a_request_context(db, failing_urls, language):
    client = client_speaking(language, raise_request_exception=False)
    response = client.get("/kaputt/", secure=True)
    assert_error_page(response, 500, language)


def test_error_pages_speak_the_visitors_language(db):
    """English text in English; the German page says it is German (its text comes from
    locale/de once translated)."""
    english = client_speaking("en").get("/gibt-es-nicht/", secure=True).content.decode()
    assert "Page not found" in english
