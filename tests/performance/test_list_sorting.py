"""Sort orders and keyset pages of the lists (core.keyset; issue 11 point 3, issue 12
point 6): every order, every page reached by its links, no OFFSET on a page reached by a
link, and a row inserted between two requests neither repeats nor hides a row."""

import datetime
from urllib.parse import parse_qs

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import keyset
from core.facets import PAGE_SIZE
from core.keyset import MAX_OFFSET_PAGE
from events.models import Event, Recap
from members.models import Membership, Municipality
from projects.models import Project
from tests.factories.events import EventFactory
from tests.factories.members import MunicipalityFactory, NetworkFactory
from tests.factories.projects import ProjectFactory

pytestmark = pytest.mark.django_db

PROJECTS = reverse("projects:project_list")
MUNICIPALITIES = reverse("municipality_list")
EVENTS = reverse("events:event_list")
RECAPS = reverse("events:recap_list")

# Titles out of creation order, so that "newest" and "name" differ.
WORDS = ["Rufbus", "Abfall", "Parken", "Zähler", "Bürgerportal", "Daten", "Licht", "Wärme"]


@pytest.fixture
def projects():
    lead = MunicipalityFactory()
    return Project.objects.bulk_create(
        Project(
            title=f"{WORDS[i % len(WORDS)]} {i:02d}",
            slug=f"projekt-{i}",
            summary="Eine Lösung.",
            lead_municipality=lead,
        )
        for i in range(2 * PAGE_SIZE + 5)
    )


def titles(response, name="projects"):
    return [str(row) for row in response.context[name]]


def walk(client, url, params=None, name="projects"):
    """Every page from the first, following the "next page" links; (rows, responses)."""
    response = client.get(url, params or {})
    assert response.status_code == 200
    rows, responses = titles(response, name), [response]
    while response.context["page_obj"].has_next():
        next_query = response.context["page_obj"].next_query
        assert f"?{next_query}".replace("&", "&amp;") in response.content.decode()
        response = client.get(f"{url}?{next_query}")
        assert response.status_code == 200
        rows += titles(response, name)
        responses.append(response)
    return rows, responses


def test_projects_newest_first_by_default_and_by_name_on_request(client, projects):
    newest = [str(p) for p in Project.objects.order_by("-created_at", "-pk")]
    by_name = [str(p) for p in Project.objects.order_by("title", "pk")]
    assert newest != by_name

    assert walk(client, PROJECTS)[0] == newest
    assert walk(client, PROJECTS, {"sort": "newest"})[0] == newest
    rows, responses = walk(client, PROJECTS, {"sort": "name"})
    assert rows == by_name
    # Each page says where it is; the order stays in every link.
    assert [r.context["page_obj"].number for r in responses] == [1, 2, 3]
    assert all("sort=name" in r.context["page_obj"].next_query for r in responses[:-1])


def test_a_page_reached_by_its_link_reads_no_offset(client, projects):
    first = client.get(PROJECTS, {"sort": "name"})
    with CaptureQueriesContext(connection) as queries:
        second = client.get(f"{PROJECTS}?{first.context['page_obj'].next_query}")
    assert second.status_code == 200
    page_queries = [q["sql"] for q in queries if 'FROM "projects_project"' in q["sql"]]
    assert page_queries, "the page's own query"
    assert not any("OFFSET" in sql for sql in page_queries), page_queries


def test_a_row_inserted_between_two_requests_neither_repeats_nor_hides_a_row(client, projects):
    first = client.get(PROJECTS, {"sort": "name"})
    shown = titles(first)
    # Sorts into page 1's range: with OFFSET, page 2 would repeat page 1's last row.
    ProjectFactory(title="Aaaa eingefügt", lead_municipality=projects[0].lead_municipality)
    second = client.get(f"{PROJECTS}?{first.context['page_obj'].next_query}")
    after = [str(p) for p in Project.objects.order_by("title", "pk")]
    start = after.index(shown[-1]) + 1
    assert titles(second) == after[start : start + PAGE_SIZE]
    assert not set(shown) & set(titles(second))


def test_previous_first_and_last_links(client, projects):
    by_name = [str(p) for p in Project.objects.order_by("title", "pk")]
    first = client.get(PROJECTS, {"sort": "name"})
    second = client.get(f"{PROJECTS}?{first.context['page_obj'].next_query}")
    back = client.get(f"{PROJECTS}?{second.context['page_obj'].previous_query}")
    assert titles(back) == by_name[:PAGE_SIZE]
    assert back.context["page_obj"].number == 1

    last = client.get(f"{PROJECTS}?{first.context['page_obj'].last_query}")
    assert titles(last) == by_name[2 * PAGE_SIZE :]
    assert last.context["page_obj"].number == 3
    assert not last.context["page_obj"].has_next()
    before_last = client.get(f"{PROJECTS}?{last.context['page_obj'].previous_query}")
    assert titles(before_last) == by_name[PAGE_SIZE : 2 * PAGE_SIZE]
    assert parse_qs(last.context["page_obj"].first_query) == {"sort": ["name"]}


def test_the_order_stays_with_the_filters_and_the_sort_control_keeps_them(client, projects):
    response = client.get(PROJECTS, {"sort": "name", "stage": "idea"})
    html = response.content.decode()
    # The filter form carries the order, the sort form the filters (both without JS).
    assert '<input type="hidden" name="sort" value="name">' in html
    assert '<input type="hidden" name="stage" value="idea">' in html
    assert '<option value="name" selected>' in html
    assert "stage=idea" in response.context["page_obj"].next_query
    assert "sort=name" in response.context["page_obj"].next_query
    # Removing a filter keeps the order and goes back to the first page.
    remove = response.context["active_filters"][0].remove_query
    assert parse_qs(remove) == {"sort": ["name"]}


def test_a_search_word_sorts_by_relevance_unless_asked_otherwise(client, projects):
    response = client.get(PROJECTS, {"q": "Rufbus"})
    assert response.status_code == 200
    assert [value for value, _label, selected in response.context["sort_options"] if selected] == [
        "relevance"
    ]
    by_name = client.get(PROJECTS, {"q": "Rufbus", "sort": "name"})
    assert titles(by_name) == sorted(titles(by_name))
    assert len(titles(by_name)) == len(titles(response)) > 1
    # Relevance without a search word (the word was just removed): the default order.
    assert client.get(PROJECTS, {"sort": "relevance"}).status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "bogus"},
        {"after": "not-a-cursor"},
        {"after": "WzFd"},  # a cursor with one key of two
        {"before": "x", "after": "y"},
    ],
)
def test_an_invalid_order_or_page_link_answers_400_with_the_message(client, projects, params):
    response = client.get(PROJECTS, params)
    assert response.status_code == 400
    assert response.context["filter_error_list"]
    assert b'role="alert"' in response.content


def test_a_page_number_beyond_the_offset_limit_answers_400_and_a_missing_one_404(
    client, monkeypatch
):
    deepest = 2  # as if MAX_OFFSET_PAGE were 2, with 4 pages
    monkeypatch.setattr(keyset, "MAX_OFFSET_PAGE", deepest)
    lead = MunicipalityFactory()
    Project.objects.bulk_create(
        Project(title=f"Projekt {i}", slug=f"p-{i}", summary=".", lead_municipality=lead)
        for i in range((deepest + 1) * PAGE_SIZE + 1)
    )
    assert client.get(PROJECTS, {"page": str(deepest)}).status_code == 200
    # Reached by the links (after the sort keys of a row), never by an OFFSET this deep.
    assert client.get(PROJECTS, {"page": str(deepest + 1)}).status_code == 400
    # The last page reads the list backwards from its end: the one row after page 3.
    last = client.get(PROJECTS, {"page": str(deepest + 2)})
    assert last.status_code == 200
    assert titles(last) == ["Projekt 0"]
    assert client.get(PROJECTS, {"page": str(deepest + 3)}).status_code == 404
    assert client.get(PROJECTS, {"page": "0"}).status_code == 404
    assert MAX_OFFSET_PAGE == 50


def test_municipalities_by_name_and_by_population_largest_first(client):
    sizes = [500, None, 90_000, 12_000, 3_000_000, 500] + [100 + i for i in range(PAGE_SIZE)]
    Municipality.objects.bulk_create(
        Municipality(
            name=f"Ort {'QWERTZUIOP'[i]}" if i < 6 else f"Dorf {i:02d}",
            slug=f"ort-{i}",
            country="DE",
            population=population,
        )
        for i, population in enumerate(sizes)
    )
    by_name = [m.name for m in Municipality.objects.order_by("name", "pk")]
    rows, _ = walk(client, MUNICIPALITIES, name="municipalities")
    assert rows == by_name
    rows, _ = walk(client, MUNICIPALITIES, {"sort": "population"}, name="municipalities")
    populations = dict(Municipality.objects.values_list("name", "population"))
    assert rows[0] == "Ort T" and rows[-1] == "Ort W"  # the largest, then none last
    numbers = [populations[name] if populations[name] is not None else -1 for name in rows]
    assert numbers == sorted(numbers, reverse=True)


def test_events_by_date_sections_latest_first_and_name(client):
    network, city = NetworkFactory(), MunicipalityFactory()
    today = timezone.localdate()
    days = [40, -3, 5, -400, 12, -30, 90, -1]
    starts = [today + datetime.timedelta(days=days[i % len(days)] + i) for i in range(24)]
    Event.objects.bulk_create(
        [
            Event(
                title=f"Treffen {'HAFCGBED'[i % 8]}{i:02d}",
                slug=f"treffen-{i}",
                kind=Event.Kind.CONGRESS,
                network=network,
                city=city,
                status=Event.Status.PUBLISHED,
                starts_on=day,
                ends_on=day,
            )
            for i, day in enumerate(starts)
        ]
    )
    EventFactory(title="Treffen ohne Datum", network=network, city=city, starts_on=None)
    events = list(Event.objects.all())

    rows, responses = walk(client, EVENTS, name="events")
    upcoming = [e for e in events if e.starts_on and e.starts_on >= today]
    past = [e for e in events if e.starts_on and e.starts_on < today]
    # Soonest first, then latest first; equal days by title.
    expected = [e.title for e in sorted(upcoming, key=lambda e: (e.starts_on, e.title))]
    expected += [e.title for e in sorted(past, key=lambda e: (-e.starts_on.toordinal(), e.title))]
    assert rows == [*expected, "Treffen ohne Datum"]
    assert len(responses) == 2

    latest = [e.title for e in sorted(upcoming + past, key=lambda e: (e.starts_on, e.pk))[::-1]]
    assert walk(client, EVENTS, {"sort": "latest"}, name="events")[0] == [
        *latest,
        "Treffen ohne Datum",
    ]
    assert walk(client, EVENTS, {"sort": "name"}, name="events")[0] == sorted(
        e.title for e in events
    )


def test_recaps_newest_first_and_by_name(client):
    now = timezone.now()
    event = EventFactory()
    Recap.objects.bulk_create(
        Recap(
            event=event,
            title=f"Rückblick {WORDS[i % len(WORDS)]} {i:02d}",
            slug=f"rueckblick-{i}",
            body="Was wir mitgenommen haben.",
            status=Recap.Status.PUBLISHED,
            published_at=now - datetime.timedelta(hours=(i * 7) % 23),
        )
        for i in range(PAGE_SIZE + 3)
    )
    newest = [r.title for r in Recap.objects.order_by("-published_at", "-pk")]
    assert walk(client, RECAPS, name="recaps")[0] == newest
    by_name = [r.title for r in Recap.objects.order_by("title", "pk")]
    assert walk(client, RECAPS, {"sort": "name"}, name="recaps")[0] == by_name
    assert client.get(RECAPS, {"after": "???"}).status_code == 400


def test_a_municipality_page_shows_its_first_projects_and_links_to_all(client):
    lead = MunicipalityFactory(name="Großstadt")
    Project.objects.bulk_create(
        Project(title=f"Vorhaben {i:02d}", slug=f"v-{i}", summary=".", lead_municipality=lead)
        for i in range(PAGE_SIZE + 2)
    )
    ProjectFactory(title="Anderswo")
    page = client.get(lead.get_absolute_url())
    assert len(page.context["led_projects"]) == PAGE_SIZE
    link = f"{PROJECTS}?lead={lead.slug}"
    assert link in page.content.decode()

    listed = client.get(link)
    assert listed.context["paginator"].count == PAGE_SIZE + 2
    html = listed.content.decode()
    # The filter is no facet: the filter form keeps it, the summary names the place.
    assert f'<input type="hidden" name="lead" value="{lead.slug}">' in html
    [active] = listed.context["active_filters"]
    assert active.label.endswith(": Großstadt")  # its name, not its slug
    assert client.get(PROJECTS, {"lead": "nowhere"}).status_code == 400


def test_a_network_page_shows_its_first_members_and_events_and_links_to_all(client):
    network = NetworkFactory()
    places = Municipality.objects.bulk_create(
        Municipality(name=f"Mitglied {i:02d}", slug=f"m-{i}", country="DE")
        for i in range(PAGE_SIZE + 1)
    )
    Membership.objects.bulk_create(
        Membership(municipality=place, network=network, status=Membership.Status.ACTIVE)
        for place in places
    )
    today = timezone.localdate()
    Event.objects.bulk_create(
        Event(
            title=f"Treffen {i:02d}",
            slug=f"t-{i}",
            kind=Event.Kind.CONGRESS,
            network=network,
            city=places[0],
            starts_on=today - datetime.timedelta(days=i + 1),
            ends_on=today - datetime.timedelta(days=i + 1),
        )
        for i in range(PAGE_SIZE + 1)
    )
    page = client.get(network.get_absolute_url())
    assert len(page.context["memberships"]) == PAGE_SIZE
    assert len(page.context["past_events"]) == PAGE_SIZE
    html = page.content.decode()
    assert f"{MUNICIPALITIES}?network={network.slug}" in html
    assert f"{EVENTS}?network={network.slug}" in html
