"""A recap scheduled for next month is absent everywhere until its time, and present
everywhere from then on — lists, home, search and its counts, topic, event and project
pages (issue 10, point 8: it showed at once on the recap list and the home page).

The clock is moved forward by patching django.utils.timezone.now, which every query of
published recaps reads (Recap.objects.published())."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.access import VISITOR
from events.models import Recap
from network_portal.search import KINDS_BY_KEY, search_group
from tests.factories.events import RecapFactory

pytestmark = pytest.mark.django_db

TITLE = "Zukunftsrückblick Sonnenquartier"


@pytest.fixture
def scheduled(persona_world):
    world = persona_world
    return RecapFactory(
        event=world.event,
        title=TITLE,
        body="Sonnenquartier und Wärmenetz im Rückblick.",
        published_at=timezone.now() + datetime.timedelta(days=30),
        projects=[world.public_project],
        topics=[world.topic],
    )


def pages(world):
    return {
        "recap list": reverse("events:recap_list"),
        "home": reverse("home"),
        "search": reverse("search") + "?q=Sonnenquartier",
        "topic": world.topic.get_absolute_url(),
        "event": world.event.get_absolute_url(),
        "project": world.public_project.get_absolute_url(),
    }


def found(client, url):
    return TITLE in client.get(url).content.decode()


def recap_count():
    return search_group(KINDS_BY_KEY["recaps"], "Sonnenquartier", VISITOR, offset=0, limit=5).count


def test_absent_everywhere_before_its_time_and_present_after(
    persona_world, scheduled, visitor, monkeypatch
):
    for name, url in pages(persona_world).items():
        assert not found(visitor.client, url), name
    assert visitor.client.get(scheduled.get_absolute_url()).status_code == 404
    assert recap_count() == 0
    assert Recap.objects.published().filter(pk=scheduled.pk).count() == 0

    later = timezone.now() + datetime.timedelta(days=31)
    monkeypatch.setattr(timezone, "now", lambda: later)

    for name, url in pages(persona_world).items():
        assert found(visitor.client, url), name
    assert visitor.client.get(scheduled.get_absolute_url()).status_code == 200
    assert recap_count() == 1


def test_editors_see_it_marked_as_scheduled(persona_world, scheduled, organizer_n, officer_x):
    page = organizer_n.client.get(scheduled.get_absolute_url())
    assert page.status_code == 200
    assert "Geplant für" in page.content.decode() or "Scheduled for" in page.content.decode()
    assert officer_x.client.get(scheduled.get_absolute_url()).status_code == 404


def test_a_recap_of_a_draft_event_stays_hidden(persona_world, visitor):
    event = persona_world.event
    event.status = "draft"
    event.save(update_fields=["status"])
    assert visitor.client.get(persona_world.recap.get_absolute_url()).status_code == 404
    assert not Recap.objects.published().filter(pk=persona_world.recap.pk).exists()


def test_editors_find_drafts_and_scheduled_recaps_apart_on_the_list(
    persona_world, scheduled, organizer_n, officer_x
):
    url = reverse("events:recap_list")
    page = organizer_n.client.get(url)
    pending = [recap.title for recap in page.context["pending"]]
    assert sorted(pending) == sorted([TITLE, persona_world.draft_recap.title])
    assert page.context["paginator"].count == 1  # the list itself: public recaps only
    assert not officer_x.client.get(url).context["pending"]
