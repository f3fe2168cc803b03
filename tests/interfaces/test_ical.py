"""iCalendar (network_portal/exports/ical.py), read back with the icalendar package."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.models import Event
from network_portal.exports import ical
from network_portal.exports.guard import body_etag
from network_portal.exports.models import CalendarQuery
from tests.factories.events import EventFactory
from tests.factories.members import NetworkFactory

HOST = urlsplit(settings.SITE_URL).hostname


def read(response) -> Calendar:
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def entries(calendar) -> dict:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_an_event_file_has_its_days_its_address_and_a_stable_uid(data, visitor_client):
    event = data.world.event
    event.ends_on = event.starts_on + datetime.timedelta(days=1)
    event.save()
    url = reverse("exports:event_ics", kwargs={"slug": event.slug})
    (entry,) = read(visitor_client.get(url)).walk("VEVENT")
    uid = str(entry["UID"])
    assert uid == f"event-{event.pk}@{HOST}"
    # All-day: DATE values, the end the day after the last day (RFC 5545).
    assert entry.decoded("DTSTART") == event.starts_on
    assert entry.decoded("DTEND") == event.ends_on + datetime.timedelta(days=1)
    assert str(entry["URL"]).endswith(event.get_absolute_url())
    assert str(entry["SUMMARY"]) == event.title
    assert entry.decoded("SEQUENCE") == event.version - 1
    assert entry.decoded("DTSTAMP").tzinfo is not None

    # An edit keeps the UID and counts up the sequence, so calendars update the entry.
    event.title = "Treffen Netzwerk Nord (verlegt)"
    event.version += 1
    event.save()
    (changed,) = read(visitor_client.get(url)).walk("VEVENT")
    assert str(changed["UID"]) == uid
    assert changed.decoded("SEQUENCE") == entry.decoded("SEQUENCE") + 1
    assert str(changed["SUMMARY"]) == "Treffen Netzwerk Nord (verlegt)"


def test_the_event_page_offers_its_file(data, visitor_client):
    page = visitor_client.get(data.world.event.get_absolute_url()).content.decode()
    assert reverse("exports:event_ics", kwargs={"slug": data.world.event.slug}) in page


def test_drafts_and_undated_events_are_in_no_calendar(data, visitor_client, officer_client):
    world = data.world
    for client in (visitor_client, officer_client):
        for event in (data.draft_event, data.undated_event):
            url = reverse("exports:event_ics", kwargs={"slug": event.slug})
            assert client.get(url).status_code == 404
        calendar = read(client.get(reverse("exports:network_ics", kwargs={"slug": world.n.slug})))
        assert set(entries(calendar)) == {f"event-{world.event.pk}@{HOST}"}


def test_a_topic_calendar_has_the_events_of_its_recaps_and_of_networks_working_on_it(
    data, visitor_client
):
    world = data.world
    elsewhere = EventFactory(slug="iface-anderswo")  # another network, nobody on the topic
    calendar = read(
        visitor_client.get(reverse("exports:topic_ics", kwargs={"slug": world.topic.slug}))
    )
    uids = set(entries(calendar))
    assert f"event-{world.event.pk}@{HOST}" in uids
    assert f"event-{elsewhere.pk}@{HOST}" not in uids
    assert f"event-{data.draft_event.pk}@{HOST}" not in uids


def test_a_filtered_list_gets_a_short_stable_address(data, visitor_client):
    world = data.world
    other = EventFactory(slug="iface-anderes-netz", network=world.m)
    list_url = reverse("events:event_list")
    query = {"network": world.n.slug, "page": "1"}
    page = visitor_client.get(list_url, query).content.decode()
    stored = CalendarQuery.objects.get()
    path = reverse("exports:calendar_ics", kwargs={"code": stored.code})
    assert path in page
    assert len(path) < 30
    assert stored.query == f"network={world.n.slug}"
    # The same filters in another order, with the page number: the same address.
    visitor_client.get(list_url, {"page": "2", "network": world.n.slug})
    assert CalendarQuery.objects.count() == 1
    uids = set(entries(read(visitor_client.get(path))))
    assert f"event-{world.event.pk}@{HOST}" in uids
    assert f"event-{other.pk}@{HOST}" not in uids
    # Unfiltered, the list offers the calendar of all events.
    page = visitor_client.get(list_url).content.decode()
    assert reverse("exports:events_ics") in page
    everything = entries(read(visitor_client.get(reverse("exports:events_ics"))))
    assert f"event-{other.pk}@{HOST}" in everything


def test_calendars_answer_304_when_unchanged(data, visitor_client):
    url = reverse("exports:network_ics", kwargs={"slug": data.world.n.slug})
    first = visitor_client.get(url)
    # Kept with the file, the hash of its body, as every other download's.
    assert first["ETag"] == body_etag(first.content)
    again = visitor_client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    # An edit as the portal makes them (a save: the content generation moves on).
    event = Event.objects.get(pk=data.world.event.pk)
    event.title = "Neuer Titel"
    event.save()
    edited = visitor_client.get(url, headers={"if-none-match": first["ETag"]})
    assert edited.status_code == 200
    assert "Neuer Titel" in edited.content.decode()
    assert edited["ETag"] == body_etag(edited.content) != first["ETag"]


def test_no_address_of_the_list_hides_an_event_file(data, visitor_client):
    event = EventFactory(slug="kalender", title="Ein Treffen namens Kalender")
    calendar = read(visitor_client.get(reverse("exports:event_ics", kwargs={"slug": "kalender"})))
    assert set(entries(calendar)) == {f"event-{event.pk}@{HOST}"}


def test_a_calendar_is_written_once_per_content_generation(data, visitor_client, monkeypatch):
    from network_portal.exports import ical

    written = []
    original = ical.calendar_body
    monkeypatch.setattr(
        ical, "calendar_body", lambda *args: written.append(args[0]) or original(*args)
    )
    url = reverse("exports:events_ics")
    first = visitor_client.get(url)
    second = visitor_client.get(url)
    assert first.content == second.content
    assert len(written) == 1

    event = Event.objects.get(pk=data.world.event.pk)
    event.title = "Neuer Titel"
    event.save()
    assert "Neuer Titel" in visitor_client.get(url).content.decode()
    assert len(written) == 2
    # Each address and language has its own file.
    visitor_client.get(url, {"network": data.world.n.slug})
    visitor_client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert len(written) == 4


def test_after_a_write_only_new_and_changed_entries_are_written_again(
    data, visitor_client, monkeypatch
):
    from network_portal.exports import ical

    written = []
    original = ical.entry
    monkeypatch.setattr(
        ical, "entry", lambda event, stamp: written.append(event.pk) or original(event, stamp)
    )
    url = reverse("exports:events_ics")
    before = entries(read(visitor_client.get(url)))
    assert sorted(written) == sorted(event.pk for event in ical.public_events())
    written.clear()

    event = Event.objects.get(pk=data.world.event.pk)
    event.title = "Neuer Titel"
    event.save()
    added = EventFactory(title="Neu im Kalender", starts_on=datetime.date(2031, 5, 4))
    after = entries(read(visitor_client.get(url)))

    assert sorted(written) == sorted([event.pk, added.pk])
    assert str(after[f"event-{event.pk}@{HOST}"]["SUMMARY"]) == "Neuer Titel"
    assert str(after[f"event-{added.pk}@{HOST}"]["SUMMARY"]) == "Neu im Kalender"
    unchanged = set(before) - {f"event-{event.pk}@{HOST}"}
    assert {uid: after[uid].to_ical() for uid in unchanged} == {
        uid: before[uid].to_ical() for uid in unchanged
    }


def dated_events(network, *days):
    """Events of `network` starting `days` from today (a pair: first and last day)."""
    today = timezone.localdate()
    made = {}
    for spec in days:
        first, last = spec if isinstance(spec, tuple) else (spec, spec)
        made[spec] = EventFactory(
            network=network,
            starts_on=today + datetime.timedelta(days=first),
            ends_on=today + datetime.timedelta(days=last),
        )
    return made


@pytest.mark.parametrize(
    ("limit", "kept", "cut"),
    [
        # Coming ones first (an ongoing one is coming: not over), soonest first …
        (2, [(-2, 2), 5], True),
        (3, [(-2, 2), 5, 300], True),
        # … then the latest past ones.
        (4, [-10, (-2, 2), 5, 300], True),
        (5, [-400, -10, (-2, 2), 5, 300], False),
    ],
)
def test_a_subscribed_calendar_holds_the_events_nearest_today(
    db, visitor_client, monkeypatch, limit, kept, cut
):
    monkeypatch.setattr(ical, "SUBSCRIPTION_MAX_EVENTS", limit)
    network = NetworkFactory(slug="kalender-netz")
    events = dated_events(network, -400, -10, (-2, 2), 5, 300)
    for url in (
        reverse("exports:network_ics", kwargs={"slug": network.slug}),
        reverse("exports:events_ics") + f"?network={network.slug}",
    ):
        calendar = read(visitor_client.get(url))
        assert set(entries(calendar)) == {f"event-{events[day].pk}@{HOST}" for day in kept}
        description = calendar.get("X-WR-CALDESC")
        if cut:
            assert f"{limit} events nearest to today" in str(description) or (
                f"Die {limit} Veranstaltungen" in str(description)
            )
            assert settings.SITE_URL + reverse("events:event_list") in str(description)
        else:
            assert description is None


def test_a_cut_calendar_says_so_in_the_asking_language(db, visitor_client, monkeypatch):
    monkeypatch.setattr(ical, "SUBSCRIPTION_MAX_EVENTS", 1)
    network = NetworkFactory(slug="kalender-netz")
    dated_events(network, 3, 4)
    url = reverse("exports:network_ics", kwargs={"slug": network.slug})
    german = read(visitor_client.get(url, HTTP_ACCEPT_LANGUAGE="de"))
    english = read(visitor_client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    assert str(german["X-WR-CALDESC"]).startswith("Die 1 Veranstaltungen, die heute am nächsten")
    assert str(english["X-WR-CALDESC"]).startswith("The 1 events nearest to today")


def test_an_event_file_is_never_cut(db, visitor_client, monkeypatch):
    monkeypatch.setattr(ical, "SUBSCRIPTION_MAX_EVENTS", 0)
    event = EventFactory(slug="einzeln")
    calendar = read(visitor_client.get(reverse("exports:event_ics", kwargs={"slug": "einzeln"})))
    assert set(entries(calendar)) == {f"event-{event.pk}@{HOST}"}
    assert calendar.get("X-WR-CALDESC") is None
