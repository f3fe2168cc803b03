"""The JSON API (network_portal.api): the access rule, no contact data, the pages' filters,
cursor pages, problem answers, the rate limit and conditional requests."""

import json
import re
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.access import Visibility
from network_portal.api.throttling import AnonymousPerAddressThrottle
from projects.models import Project
from tests.factories.events import HighlightFactory
from tests.factories.members import MunicipalityFactory, PersonFactory
from tests.factories.projects import ProjectFactory, TopicFactory
from tests.personas import OFFICER_X, STAFF, UNLINKED, log_in

LISTS = ("network", "municipality", "topic", "project", "adoption", "event", "recap")


def get(client, url, **headers):
    return client.get(url, secure=True, **headers)


def body(response):
    return json.loads(response.content)


def ids(client, url):
    response = get(client, url)
    assert response.status_code == 200, response.content
    return [item["id"] for item in body(response)["results"]]


def path_of(url):
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def every_answer(client):
    """The body of every list and of every item's detail the client may read."""
    for name in LISTS:
        url = reverse(f"api:{name}-list") + "?page_size=100"
        response = get(client, url)
        assert response.status_code == 200
        yield url, response.content
        for item in body(response)["results"]:
            detail = get(client, path_of(item["url"]))
            assert detail.status_code == 200, item["url"]
            yield item["url"], detail.content


@pytest.fixture
def world(api_world, db):
    return api_world[0]


@pytest.fixture
def users(api_world, db):
    return api_world[1]


# --- The access rule ----------------------------------------------------------------------


def test_a_visitor_gets_no_trace_of_members_only_items_or_drafts(world):
    visitor = Client()
    members_only = world.members_project.slug
    assert members_only not in ids(visitor, reverse("api:project-list"))
    assert members_only not in ids(visitor, reverse("api:project-list") + "?q=Vertraulicher")
    missing = get(visitor, reverse("api:project-detail", args=[members_only]))
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"
    assert body(missing)["status"] == 404
    # Z's adoption of the members-only project, and the project on a public recap.
    assert ids(visitor, reverse("api:adoption-list")) == []
    adoption = f"{members_only}.{world.z.slug}"
    assert get(visitor, reverse("api:adoption-detail", args=[adoption])).status_code == 404
    recap = body(get(visitor, reverse("api:recap-detail", args=[world.recap.slug])))
    assert [project["id"] for project in recap["projects"]] == [world.public_project.slug]
    # Never a draft recap, even for the network's organizers.
    assert world.draft_recap.slug not in ids(visitor, reverse("api:recap-list"))
    assert (
        get(visitor, reverse("api:recap-detail", args=[world.draft_recap.slug])).status_code == 404
    )
    everything = b"".join(content for _url, content in every_answer(visitor))
    assert b"Vertraulich" not in everything
    assert b"Entwurf" not in everything


def test_a_members_session_sees_the_members_only_project_and_its_lessons(world, users):
    Project.objects.filter(pk=world.members_project.pk).update(
        lessons_worked="Früh mit dem Stadtwerk reden.", lessons_visibility=Visibility.MEMBERS
    )
    officer = log_in(users[OFFICER_X])
    assert world.members_project.slug in ids(officer, reverse("api:project-list"))
    detail = body(get(officer, reverse("api:project-detail", args=[world.members_project.slug])))
    assert detail["visibility"] == "members"
    assert detail["lessons"]["worked"] == "Früh mit dem Stadtwerk reden."
    adoption = f"{world.members_project.slug}.{world.z.slug}"
    assert ids(officer, reverse("api:adoption-list")) == [adoption]
    # An account alone is no membership.
    unlinked = log_in(users[UNLINKED])
    assert world.members_project.slug not in ids(unlinked, reverse("api:project-list"))


def test_members_only_lessons_of_a_public_project_stay_hidden_from_visitors(world, users):
    Project.objects.filter(pk=world.public_project.pk).update(
        lessons_worked="Nur für Mitglieder.", lessons_visibility=Visibility.MEMBERS
    )
    url = reverse("api:project-detail", args=[world.public_project.slug])
    assert body(get(Client(), url))["lessons"] is None
    assert body(get(log_in(users[OFFICER_X]), url))["lessons"]["worked"] == "Nur für Mitglieder."


def test_no_personal_contact_data_in_any_answer(world, users):
    person = PersonFactory(
        name="Kim Kontakt",
        municipality=world.x,
        email="kim.kontakt@stadt.example",
        phone="+49 30 9876543",
    )
    HighlightFactory(recap=world.recap, person=person, quote="Austausch zählt.")
    for client in (Client(), log_in(users[STAFF])):
        answers = dict(every_answer(client))
        recap_url = next(url for url in answers if world.recap.slug in url and "recaps/" in url)
        assert b"Kim Kontakt" in answers[recap_url]  # quoted by name, as on the page
        for url, content in answers.items():
            text = content.decode()
            assert "stadt.example" not in text, url
            assert "9876543" not in text, url
            assert "@example.org" not in text, url  # no account's address either
            assert '"email"' not in text and '"phone"' not in text, url


# --- Filters: the pages' own, the same items in the same order ----------------------------


PROJECTS = ("projects:project_list", "api:project-list")
MUNICIPALITIES = ("municipality_list", "api:municipality-list")
EVENTS = ("events:event_list", "api:event-list")
RECAPS = ("events:recap_list", "api:recap-list")


@pytest.mark.parametrize(
    ("lists", "query", "persona"),
    [
        (PROJECTS, "topic=persona-waerme", None),
        (PROJECTS, "topic=persona-waerme", OFFICER_X),  # with the members-only project
        (PROJECTS, "q=W%C3%A4rmespeicher", OFFICER_X),
        (PROJECTS, "country=DE&stage=pilot&network=persona-n", None),
        (MUNICIPALITIES, "network=persona-n", None),
        (MUNICIPALITIES, "topic=persona-waerme&country=de", OFFICER_X),
        (MUNICIPALITIES, "q=Xanten", None),
        (EVENTS, "network=persona-n&kind=congress", None),
        (EVENTS, "q=Treffen", None),
        # The pages' sort orders (core.keyset), relevance among them.
        (PROJECTS, "sort=name", OFFICER_X),
        (PROJECTS, "q=W%C3%A4rmespeicher&sort=newest", None),
        (MUNICIPALITIES, "sort=population", None),
        (EVENTS, "sort=latest", None),
        (RECAPS, "sort=name", None),
    ],
)
def test_a_list_gives_what_its_page_gives_for_the_same_query_string(
    world, users, lists, query, persona
):
    page, api = lists
    client = log_in(users[persona]) if persona else Client()
    shown = get(client, f"{reverse(page)}?{query}")
    assert shown.status_code == 200
    on_page = [item.slug for item in shown.context["page_obj"].object_list]
    assert on_page, "the sample query should find something"
    assert ids(client, f"{reverse(api)}?{query}") == on_page


def test_bad_parameters_answer_400_problems_naming_each_parameter(world):
    response = get(Client(), reverse("api:project-list") + "?year=abc&topic=nirgends&page_size=0")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = body(response)
    assert problem["status"] == 400 and problem["title"]
    assert {error["parameter"] for error in problem["errors"]} == {"year", "topic"}
    for size in ("1000", "9" * 4400, "%C2%B2"):  # too many; thousands of digits; "²"
        response = get(Client(), reverse("api:project-list") + f"?page_size={size}")
        assert response.status_code == 400
        assert [e["parameter"] for e in body(response)["errors"]] == ["page_size"]
    response = get(Client(), reverse("api:event-list") + "?cursor=erfunden")
    assert [e["parameter"] for e in body(response)["errors"]] == ["cursor"]
    response = get(Client(), reverse("api:recap-list") + "?sort=zufall")
    assert response.status_code == 400
    assert [e["parameter"] for e in body(response)["errors"]] == ["sort"]
    refused = Client().post(reverse("api:project-list"), secure=True)
    assert refused.status_code == 405
    assert body(refused)["title"] == "Method Not Allowed"
    assert refused["Content-Type"] == "application/problem+json"
    unknown = get(Client(), "/api/nirgendwo/")
    assert unknown.status_code == 404
    assert unknown["Content-Type"] == "application/problem+json"


# --- Cursor pages -------------------------------------------------------------------------


def walk(client, url):
    """Every page from `url` on, following `next`; the pages' ids."""
    pages = []
    while url:
        answer = body(get(client, url))
        pages.append([item["id"] for item in answer["results"]])
        url = answer["next"] and path_of(answer["next"])
    return pages


def test_cursor_pages_give_every_item_once_in_the_pages_order_both_ways(world):
    topic = TopicFactory(slug="api-seiten")
    lead = MunicipalityFactory()
    made = bulk(ProjectFactory, 23, lead_municipality=lead)
    Project.topics.through.objects.bulk_create(
        Project.topics.through(project=project, topic=topic) for project in made
    )
    for number, project in enumerate(made):
        # Equal creation times and titles for some: the order then goes by title, then id.
        Project.objects.filter(pk=project.pk).update(
            title=f"Seite {number % 5}", created_at=made[number % 7].created_at
        )
    client = Client()
    url = reverse("api:project-list") + "?topic=api-seiten&page_size=10"
    pages = walk(client, url)
    assert [len(page) for page in pages] == [10, 10, 3]
    everything = ids(client, reverse("api:project-list") + "?topic=api-seiten&page_size=100")
    assert sum(pages, []) == everything
    assert len(set(everything)) == 23
    first = body(get(client, url))
    assert first["previous"] is None
    second = body(get(client, path_of(first["next"])))
    back = body(get(client, path_of(second["previous"])))
    assert [item["id"] for item in back["results"]] == pages[0]
    assert back["previous"] is None
    # A cursor belongs to its order.
    other = path_of(first["next"]) + "&sort=name"
    assert get(client, other).status_code == 400
    # A new project does not shift the pages after the cursor.
    ProjectFactory(title="Neu", lead_municipality=lead, topics=[topic])
    after = body(get(client, path_of(first["next"])))
    assert [item["id"] for item in after["results"]] == pages[1]


def test_event_cursor_pages_follow_the_lists_date_sections(world):
    # Upcoming, past and undated events: the nullable keys in the cursor.
    import datetime

    from django.utils import timezone

    from tests.factories.events import EventFactory

    today = timezone.localdate()
    for days in (-40, -3, 5, 30, None, None, 12, 5):
        starts_on = today + datetime.timedelta(days=days) if days is not None else None
        EventFactory(network=world.n, city=world.x, starts_on=starts_on, ends_on=starts_on)
    client = Client()
    everything = ids(client, reverse("api:event-list") + "?page_size=100")
    page = get(client, reverse("events:event_list"))
    assert everything[:20] == [event.slug for event in page.context["page_obj"].object_list]
    pages = walk(client, reverse("api:event-list") + "?page_size=3")
    assert sum(pages, []) == everything


# --- Rate limit and conditional requests ---------------------------------------------------


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_anonymous_requests_are_limited_per_client_address_behind_the_proxy(
    world, users, monkeypatch
):
    monkeypatch.setattr(AnonymousPerAddressThrottle, "THROTTLE_RATES", {"anon": "3/min"})
    url = reverse("api:topic-list")
    client = Client()
    for _ in range(3):
        assert get(client, url, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 200
    # A forged first entry changes nothing: the proxy's (last) entry counts.
    limited = get(client, url, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.5")
    assert limited.status_code == 429
    assert limited["Content-Type"] == "application/problem+json"
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert body(limited)["status"] == 429
    assert get(client, url, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 200
    # A signed-in session is not limited by its address.
    officer = log_in(users[OFFICER_X])
    assert get(officer, url, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 200


def test_unchanged_answers_are_304_and_a_change_gives_a_new_etag(world):
    client = Client()
    for url in (
        reverse("api:project-list"),
        reverse("api:project-detail", args=[world.public_project.slug]),
    ):
        first = get(client, url)
        assert first.status_code == 200
        etag, modified = first["ETag"], first["Last-Modified"]
        assert "Cookie" in first["Vary"]
        again = get(client, url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304
        assert again.content == b""
        assert again["ETag"] == etag
        assert get(client, url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    Project.objects.filter(pk=world.public_project.pk).update(summary="Neu zusammengefasst.")
    changed = get(client, url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


# --- Queries ------------------------------------------------------------------------------


def bulk(factory, count, **fields):
    """`count` rows built by `factory`, written in one query."""
    model = factory._meta.model
    return model.objects.bulk_create(factory.build_batch(count, **fields))


def make_rows(name, world, count):
    from tests.factories.events import EventFactory, RecapFactory
    from tests.factories.projects import AdoptionFactory

    if name == "project":
        made = bulk(ProjectFactory, count, lead_municipality=world.x)
        links = Project.topics.through
        links.objects.bulk_create(links(project=p, topic=world.topic) for p in made)
    elif name == "municipality":
        bulk(MunicipalityFactory, count)
    elif name == "event":
        bulk(EventFactory, count, network=world.n, city=world.x)
    elif name == "recap":
        bulk(RecapFactory, count, event=world.event, author_municipality=world.z)
    elif name == "adoption":
        places = bulk(MunicipalityFactory, count)
        Adoption = AdoptionFactory._meta.model
        Adoption.objects.bulk_create(
            AdoptionFactory.build(project=world.public_project, municipality=place)
            for place in places
        )


@pytest.mark.parametrize("name", ["project", "municipality", "event", "recap", "adoption"])
def test_a_list_reads_as_many_queries_for_100_items_as_for_10(world, name):
    client = Client()
    url = reverse(f"api:{name}-list") + "?page_size=100"
    if name == "event":
        # The date order reads one query per section a page touches (core.keyset's
        # SectionedOrder): at most three, whatever the rows. A plain order here.
        url += "&sort=latest"

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = get(client, url)
        assert response.status_code == 200
        return len(queries), len(body(response)["results"])

    make_rows(name, world, 10)
    ten, shown = count()
    assert shown >= 10
    make_rows(name, world, 90)
    assert count() == (ten, 100)


def test_the_explorer_loads_nothing_from_elsewhere_and_needs_no_inline_script(db):
    page = get(Client(), reverse("api:explorer"))
    assert page.status_code == 200
    html = page.content.decode()
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert len(scripts) == 3
    assert all(src.startswith(("/static/", "/api/")) for src in scripts), scripts
    assert "<script>" not in html and "<style" not in html and "style=" not in html
    assert "'unsafe-inline'" not in page["Content-Security-Policy"]
    assert reverse("api:docs") in html
    init = get(Client(), reverse("api:explorer") + "?script=")
    assert init["Content-Type"].startswith("application/javascript")
    assert b'"validatorUrl": null' in init.content  # no request to validator.swagger.io


def test_the_documentation_lists_every_operation_with_its_parameters(db):
    page = get(Client(), reverse("api:docs"))
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("networks", "municipalities", "topics", "projects", "adoptions", "events"):
        assert f"GET /api/{name}/</code>" in html
        assert f"GET /api/{name}/{{slug}}/</code>" in html
    assert "<code>population_class</code>" in html and "<code>lessons</code>" in html


# --- Visitors' answers kept in the cache --------------------------------------------------


def project_table_reads(queries):
    return [q["sql"] for q in queries.captured_queries if '"projects_project"' in q["sql"]]


@override_settings(PAGE_CACHE_SECONDS=600)
def test_a_visitors_answer_is_kept_and_an_edit_is_in_the_next_one(world):
    list_url = reverse("api:project-list")
    first = get(Client(), list_url)
    with CaptureQueriesContext(connection) as queries:
        second = get(Client(), list_url)
    assert second.status_code == 200
    assert body(second) == body(first)
    assert second["ETag"] == first["ETag"]
    assert project_table_reads(queries) == []

    project = Project.objects.get(slug=body(first)["results"][0]["id"])
    project.title = "Rufbus, jetzt überall"
    project.save()
    edited = get(Client(), list_url)
    assert body(edited)["results"][0]["title"] == "Rufbus, jetzt überall"
    detail = get(Client(), reverse("api:project-detail", args=[project.slug]))
    assert body(detail)["title"] == "Rufbus, jetzt überall"


@override_settings(PAGE_CACHE_SECONDS=600)
def test_a_member_never_gets_a_visitors_kept_answer_nor_a_visitor_a_members(world, users):
    members_only = world.members_project.slug
    url = reverse("api:project-list") + "?page_size=100"
    assert members_only not in ids(Client(), url)
    officer = log_in(users[OFFICER_X])
    assert members_only in ids(officer, url)
    assert members_only not in ids(Client(), url)


@override_settings(PAGE_CACHE_SECONDS=600)
def test_kept_answers_still_count_against_the_rate_limit(world, monkeypatch):
    monkeypatch.setattr(AnonymousPerAddressThrottle, "THROTTLE_RATES", {"anon": "2/min"})
    url = reverse("api:topic-list")
    client = Client()
    assert get(client, url).status_code == 200
    assert get(client, url).status_code == 200
    assert get(client, url).status_code == 429
