"""Faceted filters of the event list."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Event
from tests.factories.events import EventFactory
from tests.factories.members import MunicipalityFactory, NetworkFactory

URL = reverse("events:event_list")


@pytest.fixture
def world(db):
    mpsc = NetworkFactory(slug="mpsc", short_name="MPSC")
    iscn = NetworkFactory(slug="iscn", short_name="ISCN")
    kiel = MunicipalityFactory(slug="kiel", name="Kiel", country="DE")
    wien = MunicipalityFactory(slug="wien", name="Wien", country="AT")
    EventFactory(
        slug="kongress-2025",
        network=mpsc,
        city=kiel,
        kind=Event.Kind.CONGRESS,
        starts_on=datetime.date(2025, 6, 2),
    )
    EventFactory(
        slug="treffen-2025",
        network=iscn,
        city=wien,
        kind=Event.Kind.MEETING,
        starts_on=datetime.date(2025, 3, 1),
    )
    EventFactory(
        slug="panel-2024",
        network=mpsc,
        city=kiel,
        kind=Event.Kind.PANEL,
        starts_on=datetime.date(2024, 9, 10),
    )
    EventFactory(slug="treffen-offen", network=iscn, city=None, starts_on=None, ends_on=None)


def slugs(response):
    assert response.status_code == 200, response.content.decode()[:500]
    return sorted(event.slug for event in response.context["events"])


def counts(response, name):
    facet = next(f for f in response.context["facets"] if f.name == name)
    return {option.value: option.count for option in facet.options}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("network=mpsc", ["kongress-2025", "panel-2024"]),
        ("year=2025", ["kongress-2025", "treffen-2025"]),
        ("kind=meeting&kind=panel", ["panel-2024", "treffen-2025"]),
        ("country=AT", ["treffen-2025"]),
        ("city=kiel", ["kongress-2025", "panel-2024"]),
        ("city=kiel&year=2024", ["panel-2024"]),
        ("network=iscn", ["treffen-2025", "treffen-offen"]),
    ],
)
def test_each_facet_and_combinations(client, world, query, expected):
    assert slugs(client.get(f"{URL}?{query}")) == expected


def test_counts_follow_the_other_filters(client, world):
    response = client.get(URL, {"network": "mpsc"})
    assert counts(response, "network") == {"mpsc": 2, "iscn": 2}
    assert counts(response, "year") == {"2025": 1, "2024": 1}
    assert counts(response, "city") == {"kiel": 2}
    assert counts(response, "kind") == {"congress": 1, "panel": 1}


@pytest.mark.parametrize(
    "query", ["year=abc", "year=1066", "kind=party", "city=atlantis", "network=x", "country=1"]
)
def test_invalid_values_answer_400_with_a_message(client, world, query):
    response = client.get(f"{URL}?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert b"Some filter values are not valid" in response.content


def test_search_term_combines_with_facets(client, world):
    Event.objects.filter(slug="kongress-2025").update(title="Fördekongress")
    Event.objects.filter(slug="panel-2024").update(title="Fördepanel")
    assert slugs(client.get(URL, {"q": "Fördekongress"})) == ["kongress-2025"]
    assert slugs(client.get(URL, {"q": "Fördepanel", "year": "2025"})) == []


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_query_count_is_the_same_for_10_and_100_events(client, world):
    network = NetworkFactory()
    url = f"{URL}?network={network.slug}&network=mpsc&country=DE"
    EventFactory.create_batch(10, network=network)
    # The first view of a set of filters stores its calendar address (exports.ical), once.
    queries_for(client, url)
    with_10 = queries_for(client, url)
    EventFactory.create_batch(90, network=network)
    queries_for(client, url)  # the new events recount the cached facets, once
    # One query per date section the page touches (core.keyset.SectionedOrder, at most
    # three): ten events fill all sections of page 1, a hundred fewer of them.
    assert queries_for(client, url) <= with_10
