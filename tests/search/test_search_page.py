"""/suche/: one search across the kinds, grouped, with visibility, snippets and bad input."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Network, Organization
from network_portal import search as search_view
from projects.models import Project, Topic, Visibility
from tests.factories.events import EventFactory, RecapFactory
from tests.factories.members import MunicipalityFactory
from tests.factories.projects import ProjectFactory
from tests.factories.viewers import colleague_of

pytestmark = pytest.mark.django_db

SEARCH = reverse("search")


def search(client, **params):
    return client.get(SEARCH, params)


def result_titles(response, kind):
    group = next((g for g in response.context["groups"] if g.kind.key == kind), None)
    if group is None:
        return []
    return [getattr(result, "title", None) or result.name for result in group.results]


def test_without_a_query_the_page_explains_what_to_search(english_client):
    response = search(english_client)

    assert response.status_code == 200
    assert b"What are you looking for?" in response.content
    assert "groups" not in response.context


def test_results_are_grouped_by_kind_with_counts(english_client):
    bamberg = MunicipalityFactory(name="Bamberg", slug="bamberg")
    ProjectFactory(title="Rufbus Bamberg", lead_municipality=bamberg)
    ProjectFactory(title="Smarte Parkplätze Bamberg", lead_municipality=bamberg)
    event = EventFactory(title="Digitaltag Bamberg")
    RecapFactory(event=event, title="Rückblick Digitaltag", body="Zu Gast in Bamberg.")

    response = search(english_client, q="Bamberg")

    assert response.status_code == 200
    counts = {group.kind.key: group.count for group in response.context["groups"]}
    assert counts == {
        "municipalities": 1,
        "projects": 2,
        "topics": 0,
        "networks": 0,
        "organizations": 0,
        "events": 1,
        "recaps": 1,
    }
    content = response.content.decode()
    assert 'id="results-projects"' in content
    assert "Projects: 2" in content
    assert result_titles(response, "municipalities") == ["Bamberg"]


def test_a_typo_still_finds_the_city(english_client):
    MunicipalityFactory(name="Bamberg", slug="bamberg")

    response = search(english_client, q="Bamburg")

    assert result_titles(response, "municipalities") == ["Bamberg"]
    assert reverse("municipality_detail", kwargs={"slug": "bamberg"}) in (response.content.decode())


def test_members_only_projects_are_found_by_signed_in_people_only(
    english_client, english_member_client
):
    ProjectFactory(title="Rufbus offen")
    internal = ProjectFactory(title="Rufbus intern", visibility=Visibility.MEMBERS)

    visitor = search(english_client, q="Rufbus")
    account = search(english_member_client, q="Rufbus")
    english_member_client.force_login(colleague_of(internal.lead_municipality))
    member = search(english_member_client, q="Rufbus")

    assert result_titles(visitor, "projects") == ["Rufbus offen"]
    assert "Rufbus intern" not in visitor.content.decode()
    assert result_titles(account, "projects") == ["Rufbus offen"]
    assert "Rufbus intern" not in account.content.decode()
    assert sorted(result_titles(member, "projects")) == ["Rufbus intern", "Rufbus offen"]


def test_draft_recaps_are_never_found(english_member_client):
    RecapFactory(title="Entwurf Rufbus", status="draft", published_at=None)

    response = search(english_member_client, q="Rufbus")

    assert "Entwurf" not in response.content.decode()
    assert b"Nothing found" in response.content


def test_snippets_are_highlighted_and_escaped(english_client):
    ProjectFactory(title="Rufbus", summary='Tarif 5 < 6 & "günstig": der Rufbus fährt nachts.')

    content = search(english_client, q="Rufbus").content.decode()

    assert "<mark>Rufbus</mark>" in content
    assert "5 &lt; 6 &amp; &quot;günstig&quot;" in content
    assert '5 < 6 & "günstig"' not in content


def test_a_query_with_markup_is_shown_escaped(english_client):
    content = search(english_client, q="<script>alert(1)</script>").content.decode()

    assert "<script>alert(1)" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_one_kind_is_paged(english_client):
    for number in range(25):
        ProjectFactory(title=f"Rufbus {number:02d}")

    first = search(english_client, q="Rufbus", kind="projects")
    second = search(english_client, q="Rufbus", kind="projects", page=2)

    assert len(first.context["groups"][0].results) == 20
    assert len(second.context["groups"][0].results) == 5
    assert first.context["next_page"] == 2 and second.context["next_page"] is None
    assert search(english_client, q="Rufbus", kind="projects", page=3).status_code == 404


def test_the_overview_links_to_all_results_of_a_kind(english_client):
    for number in range(7):
        ProjectFactory(title=f"Rufbus {number}")

    content = search(english_client, q="Rufbus").content.decode()

    assert len(result_titles(search(english_client, q="Rufbus"), "projects")) == 5
    assert "?q=Rufbus&amp;kind=projects" in content


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 5000},
        {"q": "Rufbus", "kind": "people"},
        {"q": "Rufbus", "page": "abc"},
        {"q": "Rufbus", "page": "0"},
        {"q": "Rufbus", "page": "99999999999999999999"},
    ],
)
def test_bad_input_gets_a_400_with_a_message(english_client, params):
    response = search(english_client, **params)

    assert response.status_code == 400
    assert b'class="errorlist"' in response.content


def test_a_nul_byte_gets_a_400(english_client):
    assert search(english_client, q="Rufbus\x00").status_code == 400


@pytest.mark.parametrize(
    "query", ['"', "&|!:*", "(((", "\u202e\u200b", "😀🏙️", "' OR 1=1 --", "a" * 200, "\ue000"]
)
def test_odd_queries_are_answered(english_client, query):
    ProjectFactory(title="Rufbus")

    assert search(english_client, q=query).status_code == 200


def make_matches(numbers):
    projects = []
    for number in numbers:
        MunicipalityFactory(name=f"Rufbusstadt {number}", slug=f"rufbusstadt-{number}")
        projects.append(ProjectFactory(title=f"Rufbus {number}", summary="Ein Rufbus."))
        event = EventFactory(title=f"Rufbus-Tag {number}")
        RecapFactory(event=event, title=f"Rückblick Rufbus {number}")
    # Organisations (each running a network and partnering in a project) and topics.
    operators = Organization.objects.bulk_create(
        Organization(name=f"Rufbus GmbH {n}", slug=f"rufbus-gmbh-{n}", kind="company")
        for n in numbers
    )
    Network.objects.bulk_create(
        Network(name=f"Rufbus-Netz {n}", slug=f"rufbus-netz-{n}", operator=operator)
        for n, operator in zip(numbers, operators, strict=True)
    )
    Project.partner_organizations.through.objects.bulk_create(
        Project.partner_organizations.through(project=project, organization=operator)
        for project, operator in zip(projects, operators, strict=True)
    )
    Topic.objects.bulk_create(
        Topic(slug=f"rufbus-{n}", name_de=f"Rufbus {n}", name_en=f"On-demand bus {n}")
        for n in numbers
    )


def count_queries(client, **params):
    with CaptureQueriesContext(connection) as queries:
        assert search(client, **params).status_code == 200
    return len(queries)


# The query's glossary terms and its tsquery; per kind the capped count and the ranked
# page; the projects' topics; the organisations' networks and their first projects; the
# recaps' publication times for a visitor's ETag, once after a write (network_portal.conditional).
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "Rufbus"}, 2 + 7 * 2 + 1 + 2 + 1),
        ({"q": "Rufbus", "kind": "projects"}, 2 + 2 + 1 + 1),
    ],
)
def test_the_number_of_queries_does_not_grow_with_the_results(english_client, params, expected):
    make_matches(range(10))
    with_ten = count_queries(english_client, **params)
    make_matches(range(10, 100))
    with_hundred = count_queries(english_client, **params)

    assert with_ten == with_hundred == expected


def test_the_header_search_is_on_every_page(english_client):
    content = english_client.get(reverse("home")).content.decode()

    assert 'role="search"' in content
    assert f'action="{SEARCH}"' in content
    assert '<label for="header-search-q"' in content
    assert 'type="search" name="q" id="header-search-q"' in content


def test_the_header_search_keeps_the_query_on_the_results_page(english_client):
    content = search(english_client, q="Rufbus").content.decode()

    assert 'id="header-search-q" value="Rufbus"' in content


def test_a_title_hit_is_ranked_even_when_the_word_fills_many_bodies(english_client, monkeypatch):
    monkeypatch.setattr(search_view, "OVERVIEW_CANDIDATES", 2)
    for number in range(6):
        ProjectFactory(title=f"Projekt {number}", description="Ein Rufbus fährt.")
    ProjectFactory(title="Rufbus am Land", description="Nichts.")

    response = search(english_client, q="Rufbus")

    assert result_titles(response, "projects")[0] == "Rufbus am Land"
    assert response.context["groups"][1].count == 7


def test_typo_tolerant_titles_join_only_when_the_text_matches_few_rows(english_client):
    for number in range(12):
        ProjectFactory(title=f"Rufbus {number}")
    ProjectFactory(title="Rufbuss ohne Treffer", summary="Kein Wort.")

    few = search(english_client, q="Rufbuss")
    many = search(english_client, q="Rufbus")

    assert "Rufbuss ohne Treffer" in result_titles(few, "projects")
    assert many.context["groups"][1].count == 12


def test_each_group_links_to_its_list_page_with_the_same_words(english_client):
    ProjectFactory(title="Rufbus auf dem Land")

    content = search(english_client, q="Rufbus Land").content.decode()

    assert f'href="{reverse("projects:project_list")}?q=Rufbus+Land"' in content
