"""Impressum, privacy statement and contact form: built from the operator's settings, the
demo defaults flagged as placeholders, and the form reaches the operator without showing
where it goes."""

import logging

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network_portal.pages import is_placeholder, lines

OPERATOR = {
    "OPERATOR_NAME": "Stadtwerke Musterstadt GmbH",
    "OPERATOR_ADDRESS": "Hauptstraße 1|12345 Musterstadt",
    "OPERATOR_REPRESENTATIVE": "Erika Mustermann",
    "OPERATOR_CONTENT_RESPONSIBLE": "Max Mustermann",
    "OPERATOR_EMAIL": "impressum@musterstadt.de",
    "OPERATOR_PHONE": "+49 30 1234567",
    "OPERATOR_REGISTER": "Amtsgericht Musterstadt, HRB 4711",
    "OPERATOR_VAT_ID": "DE123456789",
    "DATA_PROTECTION_OFFICER": "Dr. Datenschutz|datenschutz@musterstadt.de",
    "DATA_PROTECTION_AUTHORITY": "Landesbeauftragte für Datenschutz|Musterweg 2, 12345 Musterstadt",
    "CONTACT_FORM_RECIPIENT": "postfach-geheim@musterstadt.de",
}
MESSAGE = {
    "name": "Kim Beispiel",
    "email": "kim@beispiel.de",
    "subject": "Frage zum Portal",
    "message": "Wie kann unsere Gemeinde mitmachen?",
}


@pytest.fixture
def operator(settings):
    for name, value in OPERATOR.items():
        setattr(settings, name, value)
    return settings


def speaking(language, **kwargs) -> Client:
    client = Client(**kwargs)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    return client


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def send(client, data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("contact"), data, secure=True)


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_impressum_shows_the_operator(db, operator, language):
    html = html_of(speaking(language).get(reverse("impressum"), secure=True))

    assert f'<html lang="{language}">' in html
    for value in (
        "Stadtwerke Musterstadt GmbH",
        "Hauptstraße 1<br>12345 Musterstadt",
        "Erika Mustermann",
        "Max Mustermann",
        "mailto:impressum@musterstadt.de",
        "+49 30 1234567",
        "Amtsgericht Musterstadt, HRB 4711",
        "DE123456789",
        "§ 5 DDG",
        "§ 18 (2) MStV",
    ):
        assert value in html, value
    assert "placeholders" not in html.lower()
    assert "postfach-geheim" not in html


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_privacy_statement_names_controller_officer_and_authority(db, operator, language):
    html = html_of(speaking(language).get(reverse("privacy"), secure=True))

    assert f'<html lang="{language}">' in html
    for value in (
        "Stadtwerke Musterstadt GmbH",
        "Dr. Datenschutz<br>datenschutz@musterstadt.de",
        "Landesbeauftragte für Datenschutz",
        "Art. 77",
        "Art. 15",
        "Art. 21",
        django_settings.SESSION_COOKIE_NAME,
        django_settings.CSRF_COOKIE_NAME,
        django_settings.LANGUAGE_COOKIE_NAME,
    ):
        assert value in html, value
    assert "postfach-geheim" not in html


def test_the_privacy_statement_gives_the_configured_lifetimes(db, operator):
    operator.SESSION_IDLE_TIMEOUT = 30 * 60
    operator.SESSION_ABSOLUTE_LIFETIME = 8 * 60 * 60
    operator.SERVER_LOG_RETENTION_DAYS = 14
    html = html_of(speaking("en").get(reverse("privacy"), secure=True))

    assert "after 30 minutes without activity" in html
    assert "after 8 hours" in html
    assert "after 14 days" in html


def test_a_public_body_relies_on_the_public_task_instead_of_legitimate_interests(db, operator):
    operator.OPERATOR_PUBLIC_BODY = True
    html = html_of(speaking("en").get(reverse("privacy"), secure=True))

    assert "Art. 6 (1) (e)" in html
    assert "Art. 6 (1) (f)" not in html


@pytest.mark.parametrize("url_name", ["impressum", "privacy"])
def test_the_demo_defaults_are_flagged_as_placeholders(client, db, url_name):
    html = html_of(client.get(reverse(url_name), secure=True))

    assert 'class="message message-warning"' in html
    assert "<code>OPERATOR_NAME</code>" in html
    assert "[Name des Betreibers – OPERATOR_NAME setzen]" in html


def test_one_forgotten_setting_is_named_alone(db, operator):
    operator.OPERATOR_PHONE = "[Telefonnummer – OPERATOR_PHONE setzen]"
    html = html_of(speaking("en").get(reverse("impressum"), secure=True))

    assert "<code>OPERATOR_PHONE</code>" in html
    assert "<code>OPERATOR_NAME</code>" not in html


def test_placeholders_and_lines():
    assert is_placeholder("[Name – OPERATOR_NAME setzen]")
    assert is_placeholder("betreiber@example.org")
    assert not is_placeholder("Stadt Musterstadt")
    assert not is_placeholder("post@musterstadt.de")
    assert lines("Hauptstraße 1|12345 Musterstadt") == ["Hauptstraße 1", "12345 Musterstadt"]
    assert lines("Hauptstraße 1\\n12345 Musterstadt\n") == ["Hauptstraße 1", "12345 Musterstadt"]
    assert lines("") == []


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_contact_page_never_shows_where_messages_go(db, operator, language):
    html = html_of(speaking(language).get(reverse("contact"), secure=True))

    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="email"' in html
    for address in ("postfach-geheim@musterstadt.de", "impressum@musterstadt.de", "mailto:"):
        assert address not in html


def test_a_message_reaches_the_operator_with_reply_to_the_sender(
    client, db, operator, django_capture_on_commit_callbacks
):
    response = send(client, MESSAGE, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == reverse("contact")
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["postfach-geheim@musterstadt.de"]
    assert sent.reply_to == ["Kim Beispiel <kim@beispiel.de>"]
    assert "Frage zum Portal" in sent.subject
    assert "Wie kann unsere Gemeinde mitmachen?" in sent.body
    assert "kim@beispiel.de" in sent.body
    html = html_of(client.get(response["Location"], secure=True))
    assert 'class="message message-success"' in html
    assert "postfach-geheim" not in html


def test_the_recipient_defaults_to_the_operator_address(
    client, db, settings, django_capture_on_commit_callbacks
):
    settings.OPERATOR_EMAIL = "betrieb@musterstadt.de"
    settings.CONTACT_FORM_RECIPIENT = settings.OPERATOR_EMAIL  # as settings.py derives it
    send(client, {**MESSAGE, "name": ""}, django_capture_on_commit_callbacks)

    assert mail.outbox[0].to == ["betrieb@musterstadt.de"]
    assert mail.outbox[0].reply_to == ["kim@beispiel.de"]


def test_line_breaks_cannot_reach_the_mail_headers(
    client, db, operator, django_capture_on_commit_callbacks
):
    data = {
        **MESSAGE,
        "name": "Kim\r\nBcc: x@evil.example",
        "subject": "Hallo\nBcc: y@evil.example",
    }
    response = send(client, data, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    sent = mail.outbox[0].message()
    assert sent["Bcc"] is None
    assert "\n" not in mail.outbox[0].subject
    assert sent["Subject"].endswith("Hallo Bcc: y@evil.example")


def test_invalid_input_is_kept_and_explained_next_to_the_fields(
    client, db, operator, django_capture_on_commit_callbacks
):
    data = {"name": "Kim", "email": "kein-at-zeichen", "subject": "", "message": "x" * 5001}
    response = send(client, data, django_capture_on_commit_callbacks)
    html = html_of(response)

    assert mail.outbox == []
    assert 'value="kein-at-zeichen"' in html
    assert 'value="Kim"' in html
    assert "x" * 5001 in html
    for field in ("email", "subject", "message"):
        assert f'<ul class="errorlist" id="id_{field}_error">' in html, field
        assert f'aria-describedby="id_{field}' in html
    assert 'aria-invalid="true"' in html
    assert 'id="id_name_error"' not in html


def test_the_honeypot_drops_the_message_quietly(
    client, db, operator, django_capture_on_commit_callbacks
):
    response = send(
        client, {**MESSAGE, "website": "http://spam.example"}, django_capture_on_commit_callbacks
    )

    assert response.status_code == 302
    assert mail.outbox == []


def test_the_contact_form_needs_its_csrf_token(db, operator):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("contact"), MESSAGE, secure=True)

    assert response.status_code == 403
    assert mail.outbox == []


def test_too_many_messages_from_one_address_get_the_429_page(
    client, db, operator, django_capture_on_commit_callbacks
):
    operator.CONTACT_FORM_RATE_LIMIT = "2/h/ip"
    for _ in range(2):
        assert send(client, MESSAGE, django_capture_on_commit_callbacks).status_code == 302
    response = send(client, MESSAGE, django_capture_on_commit_callbacks)

    assert response.status_code == 429
    assert '<main id="main"' in response.content.decode()
    assert len(mail.outbox) == 2
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert send(other, MESSAGE, django_capture_on_commit_callbacks).status_code == 302


def test_invalid_posts_do_not_use_up_the_limit(
    client, db, operator, django_capture_on_commit_callbacks
):
    operator.CONTACT_FORM_RATE_LIMIT = "1/h/ip"
    for _ in range(3):
        send(client, {**MESSAGE, "email": ""}, django_capture_on_commit_callbacks)

    assert send(client, MESSAGE, django_capture_on_commit_callbacks).status_code == 302


def test_a_failed_delivery_is_logged_and_the_sender_is_not_shown_an_error(
    client, db, operator, django_capture_on_commit_callbacks, caplog, monkeypatch
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with caplog.at_level(logging.ERROR, logger="network_portal.tasks"):
        response = send(client, MESSAGE, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert "could not be sent" in caplog.text
    assert "Wie kann unsere Gemeinde" not in caplog.text  # the message itself is not logged


def test_nothing_of_the_message_is_stored(client, db, operator, django_capture_on_commit_callbacks):
    # Only the rate limit's cache (a database table when there is no Redis) is written to.
    with CaptureQueriesContext(connection) as queries:
        send(client, MESSAGE, django_capture_on_commit_callbacks)
    written = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("INSERT")]
    assert all("portal_cache" in sql or "django_session" in sql for sql in written), written


@pytest.mark.parametrize("url_name", ["impressum", "privacy", "contact"])
def test_every_footer_links_the_legal_pages(client, db, url_name):
    html = html_of(client.get(reverse("home"), secure=True))
    footer = html[html.index('<footer class="site-footer"') :]

    assert f'href="{reverse(url_name)}"' in footer


def test_the_privacy_statement_says_how_long_rate_limits_keep_an_address(db, operator):
    operator.CONTACT_FORM_RATE_LIMIT = "3/d/ip"
    html = html_of(speaking("en").get(reverse("privacy"), secure=True))

    assert "in its cache for at most 24 hours" in html
