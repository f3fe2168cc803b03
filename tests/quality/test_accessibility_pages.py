"""The accessibility statement (BITV 2.0 § 7) and the Leichte Sprache page exist, say what
they must, and every page's footer links to both."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from network_portal.pages import SCHLICHTUNGSSTELLE_URL
from tests.quality.gates import PageRaised, build_samples, fetch_checked


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


def test_every_page_links_both_from_its_footer(db):
    statement, easy = reverse("accessibility_statement"), reverse("easy_language")
    missing = []
    for sample in build_samples(languages=("de",), html_only=True):
        try:
            html = fetch_checked(sample).content.decode()
        except PageRaised as error:
            missing.append(str(error))
            continue
        footer = html[html.find("<footer") :]
        if f'href="{statement}"' not in footer or f'href="{easy}"' not in footer:
            missing.append(sample.label)
    assert not missing, missing
