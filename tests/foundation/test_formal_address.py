"""The portal addresses people formally ("Sie"); allauth's German catalog says "du".

locale_overrides/de holds formal versions of allauth's informal strings. These tests render
the account pages in German (the default language) and look for informal pronouns in the
text a person sees or hears: text nodes, inline JSON (allauth's confirm dialogs) and the
attributes that are read out or shown. Tag and attribute names are left out, so an HTML
attribute such as dir="ltr" cannot count as "dir".
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import allauth
import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

INFORMAL = re.compile(r"\b(du|dich|dir|dein|deine|deinen|deinem|deiner|deines)\b", re.IGNORECASE)
SHOWN_ATTRIBUTES = {"alt", "aria-label", "content", "placeholder", "title", "value"}
ALLAUTH_GERMAN = Path(allauth.__file__).parent / "locale/de/LC_MESSAGES/django.po"
OVERRIDES = Path(settings.BASE_DIR) / "locale_overrides/de/LC_MESSAGES/django.po"


class _ShownText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("type") == "hidden":
            return
        self.parts += [value for name, value in attrs if name in SHOWN_ATTRIBUTES and value]

    def handle_data(self, data):
        self.parts.append(data)


def shown_text(response):
    parser = _ShownText()
    parser.feed(response.content.decode())
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def assert_formal(response, formal_phrase=None):
    assert response.status_code == 200
    text = shown_text(response)
    assert not INFORMAL.findall(text), [
        text[max(match.start() - 60, 0) : match.end() + 60] for match in INFORMAL.finditer(text)
    ]
    if formal_phrase:
        assert formal_phrase in text


@pytest.mark.parametrize(
    ("url_name", "formal_phrase"),
    [
        ("account_login", "Sie haben noch kein Konto?"),
        ("account_signup", "Sie haben bereits ein Konto?"),
        ("account_reset_password", "Geben Sie unten Ihre E-Mail-Adresse ein."),
        ("account_email_verification_sent", "Wir haben Ihnen eine E-Mail zur Bestätigung"),
    ],
)
def test_pages_for_visitors_say_sie(client, db, url_name, formal_phrase):
    response = client.get(reverse(url_name))

    assert response["Content-Language"] == "de"
    assert_formal(response, formal_phrase)


def test_the_checked_pages_are_the_konto_paths():
    assert reverse("account_login") == "/konto/login/"
    assert reverse("account_signup") == "/konto/signup/"
    assert reverse("account_reset_password") == "/konto/password/reset/"
    assert reverse("account_email_verification_sent") == "/konto/confirm-email/"


@pytest.mark.parametrize(
    ("url_name", "formal_phrase"),
    [
        ("account_email", "Möchten Sie die ausgewählte E-Mail-Adresse wirklich entfernen?"),
        ("account_change_password", None),
        ("usersessions_list", None),
        ("account_logout", "Möchten Sie sich wirklich abmelden?"),
    ],
)
def test_pages_for_signed_in_people_say_sie(signed_in_client, url_name, formal_phrase):
    response = signed_in_client.get(reverse(url_name))

    assert response["Content-Language"] == "de"
    assert_formal(response, formal_phrase)


def test_a_failed_login_is_reported_formally(client, user):
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "not-the-password"}
    )

    assert response.context["form"].errors
    assert "Die E-Mail-Adresse und/oder das Passwort sind leider falsch." in shown_text(response)
    assert_formal(response, "Sie haben noch kein Konto?")


def test_too_many_failed_logins_are_reported_formally(client, user):
    for attempt in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": f"wrong-{attempt}"})

    response = client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})

    assert "Zu viele gescheiterte Anmeldeversuche" in str(response.context["form"].errors)
    assert_formal(response, "Bitte versuchen Sie es später erneut.")


def test_a_wrong_current_password_is_reported_formally(signed_in_client):
    response = signed_in_client.post(
        reverse("account_change_password"),
        {"oldpassword": "not-the-password", "password1": "x", "password2": "x"},
    )

    assert_formal(response, "Bitte geben Sie Ihr aktuelles Passwort ein.")


def test_signing_out_is_confirmed_formally(signed_in_client):
    response = signed_in_client.post(reverse("account_logout"), follow=True)

    assert_formal(response, "Sie haben sich abgemeldet.")


def test_the_overrides_win_over_allauths_catalog():
    overrides = polib.pofile(str(OVERRIDES))
    assert overrides.metadata["Language"] == "de"
    assert len(overrides) > 50

    with translation.override("de"):
        shadowed = [
            entry.msgid for entry in overrides if translation.gettext(entry.msgid) != entry.msgstr
        ]

    assert not shadowed, "compile them: manage.py compile_translations"


def test_no_allauth_string_says_du_in_german():
    """Catches informal strings a newer allauth adds: every German translation it ships."""
    informal = []
    with translation.override("de"):
        for entry in polib.pofile(str(ALLAUTH_GERMAN)).translated_entries():
            if entry.msgid_plural:
                texts = [
                    translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                    if entry.msgctxt
                    else translation.ngettext(entry.msgid, entry.msgid_plural, n)
                    for n in (1, 2)
                ]
            elif entry.msgctxt:
                texts = [translation.pgettext(entry.msgctxt, entry.msgid)]
            else:
                texts = [translation.gettext(entry.msgid)]
            informal += [text for text in texts if INFORMAL.search(text)]

    assert not informal
