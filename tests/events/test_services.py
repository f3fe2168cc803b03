"""events.services called directly: each checks the acting person's right itself, so a
request that gets round a view changes nothing."""

import datetime

import pytest
from django.utils import timezone

from events.models import Event, Recap
from events.services import (
    EditConflict,
    event_create,
    event_update,
    recap_create,
    recap_publish,
)
from tests.personas import ADMIN_M, OFFICER_X, ORGANIZER_N, make_user

pytestmark = pytest.mark.django_db


def test_only_the_networks_editors_create_and_change_its_events(persona_world):
    world = persona_world
    for name in (OFFICER_X, ADMIN_M):
        user = make_user(name, world)
        with pytest.raises(PermissionError):
            event_create(actor=user, network=world.n, data={"title": "X", "kind": "meeting"})
        with pytest.raises(PermissionError):
            event_update(actor=user, event=world.event, data={"venue": "X"}, version=None)
        with pytest.raises(PermissionError):
            recap_create(actor=user, event=world.event, data={"title": "X", "body": "Y"})
    assert not Event.objects.filter(title="X").exists()
    assert not Recap.objects.filter(title="X").exists()


def test_new_events_are_drafts_with_a_free_slug(persona_world):
    organizer = make_user(ORGANIZER_N, persona_world)
    data = {"title": "Neu", "kind": Event.Kind.MEETING}
    first = event_create(actor=organizer, network=persona_world.n, data=data)
    second = event_create(actor=organizer, network=persona_world.n, data=data)
    assert first.status == second.status == Event.Status.DRAFT
    assert first.slug == "neu-2" and second.slug == "neu-3"  # "neu" is the create page


def test_a_stale_version_raises_a_conflict(persona_world):
    organizer = make_user(ORGANIZER_N, persona_world)
    event = persona_world.event
    event_update(actor=organizer, event=event, data={"venue": "A"}, version=1)
    with pytest.raises(EditConflict):
        event_update(actor=organizer, event=event, data={"venue": "B"}, version=1)
    event.refresh_from_db()
    assert event.venue == "A"


def test_a_time_already_past_publishes_now(persona_world):
    organizer = make_user(ORGANIZER_N, persona_world)
    recap = persona_world.draft_recap
    recap = recap_publish(
        actor=organizer, recap=recap, at=timezone.now() - datetime.timedelta(days=1)
    )
    assert not recap.is_scheduled
    assert Recap.objects.published().filter(pk=recap.pk).exists()
