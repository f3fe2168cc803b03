"""Constraints and querysets of the events models."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.db.models.deletion import ProtectedError
from django.utils import timezone

from events.models import Event, Highlight, ProgrammeItem, Recap
from tests.factories.events import (
    EventFactory,
    HighlightFactory,
    ProgrammeItemFactory,
    RecapFactory,
)

pytestmark = pytest.mark.django_db


def violates(constraint_name, make):
    with pytest.raises(IntegrityError, match=constraint_name), transaction.atomic():
        make()
    return True


def test_event_end_not_before_start():
    assert violates(
        "event_end_not_before_start",
        lambda: EventFactory(starts_on="2025-10-01", ends_on="2025-09-30"),
    )


def test_published_recap_needs_a_date():
    assert violates(
        "recap_published_has_date",
        lambda: RecapFactory(status=Recap.Status.PUBLISHED, published_at=None),
    )
    assert RecapFactory(status=Recap.Status.DRAFT, published_at=None).pk


def test_slugs_are_unique():
    EventFactory(slug="mpsc-kongress-7-kiel")

    assert violates(
        "slug",
        lambda: Event.objects.create(
            title="Kongress", slug="mpsc-kongress-7-kiel", kind=Event.Kind.CONGRESS
        ),
    )


def test_upcoming_past_and_undated_events():
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    upcoming = EventFactory(starts_on=today + day, ends_on=today + 2 * day)
    running = EventFactory(starts_on=today - day, ends_on=today + day)
    one_day_today = EventFactory(starts_on=today, ends_on=None)
    past = EventFactory(starts_on=today - 3 * day, ends_on=today - 2 * day)
    undated = EventFactory(starts_on=None, ends_on=None)

    assert set(Event.objects.upcoming()) == {upcoming, running, one_day_today}
    assert set(Event.objects.past()) == {past}
    assert set(Event.objects.undated()) == {undated}


def test_published_recaps():
    published = RecapFactory()
    RecapFactory(status=Recap.Status.DRAFT, published_at=None)

    assert list(Recap.objects.published()) == [published]


def test_natural_keys_of_programme_items_and_highlights():
    item = ProgrammeItemFactory(position=3)
    highlight = HighlightFactory(position=2)

    assert item.natural_key() == (item.event.slug, 3)
    assert ProgrammeItem.objects.get_by_natural_key(*item.natural_key()) == item
    assert highlight.natural_key() == (highlight.recap.slug, 2)
    assert Highlight.objects.get_by_natural_key(*highlight.natural_key()) == highlight


def test_a_quoted_person_cannot_be_deleted():
    highlight = HighlightFactory()

    with pytest.raises(ProtectedError):
        highlight.person.delete()


def test_an_event_with_recaps_is_deleted_with_them():
    recap = RecapFactory()
    HighlightFactory(recap=recap)

    recap.event.delete()

    assert not Recap.objects.exists()
    assert not Highlight.objects.exists()
