"""Scheduled recaps (issue 14, point 4): followers are told once, when the recap becomes
visible; a periodic task finds it, visibility stays the query-time filter."""

import datetime

import pytest
from django.utils import timezone

from events.models import Event, Recap
from events.services import recap_publish
from network_portal.following import tasks
from network_portal.following.models import Activity, Notice
from tests.factories.events import EventFactory, RecapFactory
from tests.factories.members import make_network_admin
from tests.following.conftest import make_follower, sent_to

pytestmark = pytest.mark.django_db


def test_a_scheduled_recap_is_announced_once_when_its_time_comes(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(status=Event.Status.PUBLISHED)
    recap = RecapFactory(event=event, status=Recap.Status.DRAFT, published_at=None)
    follower = make_follower(event.network)
    admin = make_network_admin(event.network, user__password=None)
    at = timezone.now() + datetime.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        recap_publish(actor=admin, recap=recap, at=at)
    assert not Activity.objects.exists()  # not visible yet: nobody told

    with django_capture_on_commit_callbacks(execute=True):
        assert (
            tasks.announce_recaps.delay((at - datetime.timedelta(minutes=1)).isoformat()).get() == 0
        )
        assert tasks.announce_recaps.delay().get() == 0
    assert not Recap.objects.published().filter(pk=recap.pk).exists()

    # Two days later (the clock moved on: the publication time is now past).
    Recap.objects.filter(pk=recap.pk).update(
        published_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.announce_recaps.delay().get() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.announce_recaps.delay().get() == 0
    activity = Activity.objects.get()
    assert activity.recap == recap
    assert activity.occurred_at == Recap.objects.get(pk=recap.pk).published_at
    assert Notice.objects.filter(user=follower).count() == 1
    [message] = sent_to(follower)
    assert recap.title in message.body


def test_a_recap_published_now_is_announced_at_once_and_not_again(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(status=Event.Status.PUBLISHED)
    recap = RecapFactory(event=event, status=Recap.Status.DRAFT, published_at=None)
    follower = make_follower(event.network)
    admin = make_network_admin(event.network, user__password=None)
    with django_capture_on_commit_callbacks(execute=True):
        recap_publish(actor=admin, recap=recap)
    assert len(sent_to(follower)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.announce_recaps.delay().get() == 0
        recap_publish(actor=admin, recap=recap)  # published again: told once only
    assert Activity.objects.count() == 1
    assert len(sent_to(follower)) == 1
