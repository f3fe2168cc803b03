"""Maps of where municipalities are (issue 12, point 5): drawn on the server from the
portal's own outlines, points as links, the list as the accessible alternative."""

import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.access import Visibility
from network_portal import map_pages
from network_portal.map import REGION_MAX_SPAN, place_map
from tests.factories.members import MembershipFactory, MunicipalityFactory, NetworkFactory
from tests.factories.projects import ProjectFactory, TopicFactory

GERMAN_PLACES = {
    # name: (latitude, longitude), from GeoNames
    "Bamberg": (49.89873, 10.90067),
    "Kiel": (54.32133, 10.13489),
    "Kempten": (47.72674, 10.31389),
}


def spot(name, latitude, longitude):
    return SimpleNamespace(name=name, latitude=latitude, longitude=longitude)


def test_german_places_are_drawn_zoomed_to_germany_from_the_finer_outlines():
    drawn = place_map(
        [spot(name, *at) for name, at in GERMAN_PLACES.items()] + [spot("X", None, None)]
    )

    assert drawn.resolution == "region"
    # A tall, narrow group of points is widened to a readable shape, still around Germany.
    assert 1 < drawn.west < 10.1 and 10.9 < drawn.east < 20
    assert 45 < drawn.south < 47.7 and 54.4 < drawn.north < 57
    # Germany and its neighbours are drawn, not the rings of far countries (whose boxes span
    # the globe): the page stays small.
    paths = drawn.outline_paths
    assert 10 <= len(paths) < 20
    assert sum(len(path) for path in paths) < 80_000
    # Points are projected: x scaled by the cosine of the middle latitude, y is -latitude.
    kiel = next(point for point in drawn.points if point.place.name == "Kiel")
    assert kiel.y == -54.3213
    assert kiel.x == pytest.approx(10.13489 * drawn.x_scale, abs=1e-3)
    assert 0.55 < drawn.x_scale < 0.7
    assert [place.name for place in drawn.unplaced] == ["X"]
    # The viewBox holds every point.
    x, y, width, height = map(float, drawn.view_box.split())
    assert all(x <= p.x <= x + width and y <= p.y <= y + height for p in drawn.points)


def test_places_across_the_world_use_the_world_outlines():
    drawn = place_map([spot("Kiel", 54.3, 10.1), spot("Melbourne", -37.8, 144.96)])

    assert drawn.resolution == "world"
    assert drawn.east - drawn.west > REGION_MAX_SPAN


def test_one_place_shows_its_surroundings():
    drawn = place_map([spot("Kiel", 54.3, 10.1)])

    assert drawn.north - drawn.south >= 4
    assert drawn.west < 10.1 < drawn.east


def place(name, slug, *, at=None, population=50_000, **fields):
    return MunicipalityFactory(
        name=name,
        slug=slug,
        population=population,
        latitude=at[0] if at else None,
        longitude=at[1] if at else None,
        **fields,
    )


def point_links(content):
    """(href, accessible name) of every point link in the SVG."""
    svg = content[content.index("<svg") : content.index("</svg>")]
    return re.findall(r'<a href="([^"]+)" aria-label="([^"]+)">', svg)


@pytest.fixture
def mobility(db):
    return TopicFactory(slug="mobilitaet", name_de="Mobilität", name_en="Mobility")


def test_the_list_map_shows_the_filtered_places_and_keeps_the_filters(english_client, mobility):
    for name, at in GERMAN_PLACES.items():
        ProjectFactory(lead_municipality=place(name, name.lower(), at=at), topics=[mobility])
    ProjectFactory(lead_municipality=place("Salzlandkreis", "salzlandkreis"), topics=[mobility])
    place("Hamburg", "hamburg", at=(53.55, 9.99))  # no project on the topic

    response = english_client.get(reverse("municipality_map"), {"topic": "mobilitaet"})

    assert response.status_code == 200
    content = response.content.decode()
    assert point_links(content) == [
        ("/kommunen/bamberg/", "Bamberg"),
        ("/kommunen/kempten/", "Kempten"),
        ("/kommunen/kiel/", "Kiel"),
    ]
    not_on_map = content[content.index('id="unplaced-heading"') :]
    # No English name: the German one, marked as German for a screen reader.
    assert '<a href="/kommunen/salzlandkreis/" lang="de">Salzlandkreis</a>' in not_on_map
    assert "Hamburg" not in content
    assert "Filters: Topic: Mobility" in content
    assert 'href="/kommunen/?topic=mobilitaet">Back to the list with these filters' in content
    # Drawn from the portal's own outlines: no script, no image from elsewhere.
    assert "<script" not in content.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<path d=" in content


def test_the_list_links_to_the_map_with_its_filters(english_client, mobility):
    ProjectFactory(lead_municipality=place("Kiel", "kiel"), topics=[mobility])

    response = english_client.get(reverse("municipality_list"), {"topic": "mobilitaet"})

    assert 'href="/karte/?topic=mobilitaet">Show these municipalities on a map' in (
        response.content.decode()
    )


def test_an_invalid_filter_value_is_a_400_with_the_message(english_client):
    response = english_client.get(reverse("municipality_map"), {"settlement_type": "keine"})

    assert response.status_code == 400
    assert "Some filter values are not valid" in response.content.decode()


def test_the_topic_map_shows_only_projects_the_viewer_may_see(english_client, mobility):
    kiel = place("Kiel", "kiel", at=GERMAN_PLACES["Kiel"])
    ProjectFactory(lead_municipality=kiel, topics=[mobility])
    hidden = place("Bamberg", "bamberg", at=GERMAN_PLACES["Bamberg"])
    ProjectFactory(lead_municipality=hidden, topics=[mobility], visibility=Visibility.MEMBERS)

    response = english_client.get(reverse("topic_map", kwargs={"slug": "mobilitaet"}))

    assert point_links(response.content.decode()) == [("/kommunen/kiel/", "Kiel")]
    assert b"/kommunen/bamberg/" not in response.content
    topic_page = english_client.get(reverse("topic_detail", kwargs={"slug": "mobilitaet"}))
    assert b'href="/karte/themen/mobilitaet/"' in topic_page.content


def test_the_network_map_shows_its_active_members(english_client, db):
    network = NetworkFactory(slug="mpsc", name="Modellprojekte Smart Cities", short_name="MPSC")
    for name, at in GERMAN_PLACES.items():
        MembershipFactory(network=network, municipality=place(name, name.lower(), at=at))
    MembershipFactory(
        network=network, municipality=place("Ulm", "ulm", at=(48.4, 10.0)), status="left"
    )

    response = english_client.get(reverse("network_map", kwargs={"slug": "mpsc"}))

    assert [name for _, name in point_links(response.content.decode())] == [
        "Bamberg",
        "Kempten",
        "Kiel",
    ]
    network_page = english_client.get(network.get_absolute_url())
    assert b'href="/karte/netzwerke/mpsc/"' in network_page.content


def test_the_map_is_bounded_to_the_largest_places(english_client, db, monkeypatch):
    monkeypatch.setattr(map_pages, "MAP_LIMIT", 2)
    for number, population in enumerate([10_000, 90_000, 50_000]):
        place(f"Ort {number}", f"ort-{number}", at=(50 + number, 10), population=population)

    content = english_client.get(reverse("municipality_map")).content.decode()

    assert [name for _, name in point_links(content)] == ["Ort 1", "Ort 2"]
    assert "The map shows the 2 largest of 3 municipalities." in content


def test_the_number_of_queries_does_not_grow_with_the_places(english_client, db):
    def make(numbers):
        for number in numbers:
            place(f"Ort {number:03d}", f"ort-{number}", at=(47 + number / 30, 6 + number / 12))

    make(range(10))
    with CaptureQueriesContext(connection) as with_ten:
        english_client.get(reverse("municipality_map"))
    make(range(10, 100))
    with CaptureQueriesContext(connection) as with_hundred:
        response = english_client.get(reverse("municipality_map"))

    assert len(point_links(response.content.decode())) == 100
    assert len(with_ten) == len(with_hundred)


def test_a_search_word_of_the_list_narrows_the_map_too(english_client, db):
    place("Kiel", "kiel", at=GERMAN_PLACES["Kiel"])
    place("Bamberg", "bamberg", at=GERMAN_PLACES["Bamberg"])

    response = english_client.get(reverse("municipality_map"), {"q": "Kiel"})

    assert response.status_code == 200
    assert point_links(response.content.decode()) == [("/kommunen/kiel/", "Kiel")]
    assert "Search term: “Kiel”" in response.content.decode()


def test_places_are_named_in_the_readers_language_and_marked_when_not(client, db):
    place("München", "muenchen", at=(48.14, 11.58), name_en="Munich")
    place("Kiel", "kiel", at=(54.3, 10.1))

    english = client.get(reverse("municipality_map"), HTTP_ACCEPT_LANGUAGE="en")
    german = client.get(reverse("municipality_map"), HTTP_ACCEPT_LANGUAGE="de")

    assert point_links(english.content.decode()) == [
        ("/kommunen/kiel/", "Kiel"),
        ("/kommunen/muenchen/", "Munich"),
    ]
    assert '<a href="/kommunen/muenchen/">Munich</a>' in english.content.decode()
    assert '<a href="/kommunen/kiel/" lang="de">Kiel</a>' in english.content.decode()
    assert ("/kommunen/muenchen/", "München") in point_links(german.content.decode())
    assert '<a href="/kommunen/muenchen/">München</a>' in german.content.decode()
