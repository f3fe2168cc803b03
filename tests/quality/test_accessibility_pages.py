"""The accessibility statement (BITV 2.0 § 7) and the Leichte Sprache page exist, say what
they must, and every page's footer links to both."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from network_portal.pages import SCHLICHTUNGSSTELLE_URL


def get(path, language):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(path, secure=True)


@pytest.mark.parametrize("language", ["de", "en"])
def test_accessibility_statement_has_every_required_part(db, settings, language):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "barrieren@portal.example.org"
    response = get(reverse("accessibility_statement"), language)
    html = response.content.decode()

    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    assert 'href="mailto:barrieren@portal.example.org"' in html  # feedback contact
    assert SCHLICHTUNGSSTELLE_URL in html  # enforcement procedure, address as text
    assert "§ 16 BGG" in html
    assert "BITV 2.0" in html and "WCAG 2.1" in html  # status of conformity
    assert re.search(r"\b2026\b", html)  # date of preparation
    assert html.count("<h2>") >= 5
    if language == "en":
        for heading in (
            "Status of conformity",
            "Content that is not accessible",
            "Preparation of this statement",
            "Feedback and contact",
            "Enforcement procedure",
        ):
            assert f"<h2>{heading}</h2>" in html


@pytest.mark.parametrize("language", ["de", "en"])
def test_leichte_sprache_is_german_whatever_the_interface_language(db, language):
    response = get(reverse("easy_language"), language)
    html = response.content.decode()

    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    content = re.search(r'<div class="easy-language" lang="de">(.*?)</div>\s*</main>', html, re.S)
    assert content, "the content is marked as German"
    text = re.sub(r"<[^>]+>", " ", content.group(1))
    sentences = [s for s in re.split(r"(?<=[.?!:])\s+", text) if s.strip()]
    assert len(sentences) > 30
    longest = max(len(sentence.split()) for sentence in sentences)
    assert longest <= 12, "Leichte Sprache keeps sentences short"
    for topic in (
        "Was ist das Netzwerk·portal?",
        "Wer nutzt das Portal?",
        "Wie finden Sie etwas?",
        "Wie melden Sie sich an?",
    ):
        assert topic in html
    assert f"mailto:{settings.ACCESSIBILITY_CONTACT_EMAIL}" in html


def footer_problems(html: str) -> list[str]:
    """What a page's footer lacks of its links to the statement and the Leichte Sprache
    page. (The gate on every page is in test_served_pages.py.)"""
    footer = html[html.find("<footer") :] if "<footer" in html else ""
    return [
        f"no link to {path} in the footer"
        for path in (reverse("accessibility_statement"), reverse("easy_language"))
        if f'href="{path}"' not in footer
    ]


def test_the_footer_check_notices_a_missing_link(db):
    page = get(reverse("home"), "de").content.decode()
    assert footer_problems(page) == []
    statement = f'href="{reverse("accessibility_statement")}"'
    without_statement = page.replace(statement, 'href="/"')
    assert footer_problems(without_statement) == [
        f"no link to {reverse('accessibility_statement')} in the footer"
    ]
    # a link outside the footer does not count
    footer_at = page.index("<footer")
    moved = page[:footer_at].replace("<main", f"<a {statement}>x</a><main", 1)
    assert len(footer_problems(moved + without_statement[footer_at:])) == 1
    assert len(footer_problems(page.replace("<footer", "<div"))) == 2
