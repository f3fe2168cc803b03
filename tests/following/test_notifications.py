"""Immediate email notifications (issue 14, point 2): tasks run inline (eager), each
activity reaches a person at most once, whatever runs twice; plain text and HTML in the
recipient's language, with a one-click unsubscribe header (RFC 8058)."""

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.db import transaction

from network_portal.following import tasks
from network_portal.following.models import Activity, Delivery, Notice
from tests.following.conftest import make_follower, sent_to

pytestmark = pytest.mark.django_db


def test_a_new_project_on_a_followed_topic_is_emailed_once_in_the_followers_language(
    town, django_capture_on_commit_callbacks
):
    follower = make_follower(town.topic, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        project = town.publish("Rufbus auf Bestellung")

    [message] = sent_to(follower)
    assert "New for you: 1 update" in message.subject
    assert "Rufbus auf Bestellung" in message.body
    assert project.get_absolute_url() in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="en">' in html and "Rufbus auf Bestellung" in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/benachrichtigungen/abmelden/" in message.extra_headers["List-Unsubscribe"]
    # The officer who made it is not told about it.
    assert sent_to(town.officer) == []


def test_german_is_the_default_language(town, django_capture_on_commit_callbacks):
    follower = make_follower(town.topic)
    with django_capture_on_commit_callbacks(execute=True):
        town.publish("Offene Datenplattform")
    [message] = sent_to(follower)
    assert '<html lang="de">' in message.alternatives[0][0]


def test_the_same_task_run_twice_sends_one_email(town, django_capture_on_commit_callbacks):
    follower = make_follower(town.topic)
    with django_capture_on_commit_callbacks(execute=True):
        town.publish("Smarte Parkplätze")
    assert len(sent_to(follower)) == 1
    # Retried, duplicated or redelivered: nothing left to claim.
    assert tasks.send_notification.delay(follower.pk).get() == 0
    assert tasks.send_notification.apply(args=(follower.pk,)).get() == 0
    # The fan-out itself repeated adds no inbox row and no email.
    activity = Activity.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.fan_out.delay([activity.pk])
    assert len(sent_to(follower)) == 1
    assert Notice.objects.filter(user=follower).count() == 1
    assert Delivery.objects.filter(user=follower).count() == 1


def test_a_failed_send_gives_its_claim_back_and_the_retry_sends_it(
    town, django_capture_on_commit_callbacks, monkeypatch
):
    follower = make_follower(town.topic)
    failing = {"on": True}
    original = mail.EmailMultiAlternatives.send

    def send(self, *args, **kwargs):
        if failing["on"]:
            raise OSError("SMTP down")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", send)
    # Eager, the task's automatic retry (with backoff) surfaces as Retry.
    with pytest.raises((OSError, Retry)), django_capture_on_commit_callbacks(execute=True):
        town.publish("Digitale Bürgerdienste")
    assert not Delivery.objects.filter(user=follower).exists()
    failing["on"] = False
    assert tasks.send_notification.delay(follower.pk).get() == 1
    assert len(sent_to(follower)) == 1


def test_a_batch_of_projects_in_one_transaction_is_one_message(
    town, django_capture_on_commit_callbacks
):
    follower = make_follower(town.topic, language="en")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for number in range(12):
            town.publish(f"Importiertes Projekt {number}")
    [message] = sent_to(follower)
    assert "12 updates" in message.subject
    assert Activity.objects.values("batch").distinct().count() == 1
    assert Delivery.objects.filter(user=follower).count() == 12


def test_digest_and_no_email_people_get_nothing_immediately(
    town, django_capture_on_commit_callbacks
):
    daily = make_follower(town.topic, frequency="daily")
    silent = make_follower(town.topic, frequency="none")
    with django_capture_on_commit_callbacks(execute=True):
        town.publish("Sensoren im Stadtpark")
    assert sent_to(daily) == [] and sent_to(silent) == []
    assert Notice.objects.filter(user__in=[daily, silent]).count() == 2
