"""Faceted filters of the project list: each facet, combinations, counts given the other
filters, the free-text search, bad values and the query bound."""

import datetime

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.facets import CHECKBOXES, RADIOS, SELECT
from members.models import Membership, Municipality
from network_portal.municipality_list import MunicipalityFilter
from projects.filters import ProjectFilter
from projects.models import Project, Visibility
from tests.factories.members import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    OfficerFactory,
)
from tests.factories.projects import ProjectFactory, TopicFactory
from tests.factories.viewers import VISITOR, everything_viewer

URL = reverse("projects:project_list")


@pytest.fixture
def world(db):
    topics = {
        "mobility": TopicFactory(slug="mobilitaet", name_de="Mobilität", name_en="Mobility"),
        "data": TopicFactory(slug="daten", name_de="Datenplattformen", name_en="Data platforms"),
        "ai": TopicFactory(slug="ki", name_de="KI", name_en="AI"),
    }
    mpsc = NetworkFactory(slug="mpsc", name="Modellprojekte Smart Cities", short_name="MPSC")
    iscn = NetworkFactory(slug="iscn", name="International Smart Cities Network", short_name="ISCN")
    kiel = MunicipalityFactory(
        name="Kiel", country="DE", state="Schleswig-Holstein", population=246_000
    )
    wien = MunicipalityFactory(name="Wien", country="AT", state="Wien", population=1_900_000)
    dorf = MunicipalityFactory(
        name="Kleindorf",
        state="Bayern",
        population=3_000,
        settlement_type=Municipality.SettlementType.RURAL,
    )
    MembershipFactory(municipality=kiel, network=mpsc)
    MembershipFactory(municipality=wien, network=iscn)
    MembershipFactory(municipality=dorf, network=mpsc, status=Membership.Status.LEFT)

    def project(slug, lead, topics_, stage, open_source, year, **extra):
        extra.setdefault("title", f"Projekt {slug}")
        return ProjectFactory(
            slug=slug,
            lead_municipality=lead,
            topics=[topics[name] for name in topics_],
            stage=stage,
            stopped_reason="Förderung endete." if stage == Project.Stage.STOPPED else "",
            is_open_source=open_source,
            started_on=datetime.date(year, 5, 1),
            **extra,
        )

    project("p1", kiel, ["mobility", "data"], Project.Stage.PILOT, True, 2021)
    project("p2", kiel, ["ai"], Project.Stage.PERMANENT, False, 2022)
    project("p3", wien, ["mobility"], Project.Stage.PILOT, True, 2022, title="Rufbus Wien")
    project("p4", dorf, ["data"], Project.Stage.STOPPED, False, 2021)
    project(
        "p5", kiel, ["mobility"], Project.Stage.IDEA, False, 2023, visibility=Visibility.MEMBERS
    )
    return topics


def slugs(response):
    assert response.status_code == 200, response.content.decode()[:500]
    return sorted(project.slug for project in response.context["projects"])


def counts(response, facet_name):
    facet = next(f for f in response.context["facets"] if f.name == facet_name)
    return {option.value: option.count for option in facet.options}


def test_no_filters_lists_what_the_visitor_may_see(client, world):
    assert slugs(client.get(URL)) == ["p1", "p2", "p3", "p4"]


def officer_client(municipality_name, network_slug):
    """A client signed in as the approved officer of a new municipality in the network."""
    officer = OfficerFactory(municipality=MunicipalityFactory(name=municipality_name))
    MembershipFactory(municipality=officer.municipality, network=NetworkFactory(slug=network_slug))
    client = Client()
    client.force_login(officer.user)
    return client


def test_members_only_projects_are_listed_for_members_of_the_leads_network(signed_in_client, world):
    assert slugs(officer_client("Jena", "mpsc").get(URL)) == ["p1", "p2", "p3", "p4", "p5"]
    # An account alone, or an officer in another network, sees what a visitor sees.
    assert slugs(signed_in_client.get(URL)) == ["p1", "p2", "p3", "p4"]
    assert slugs(officer_client("Graz", "iscn").get(URL)) == ["p1", "p2", "p3", "p4"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("topic=mobilitaet", ["p1", "p3"]),
        ("topic=mobilitaet&topic=ki", ["p1", "p2", "p3"]),
        ("network=mpsc", ["p1", "p2"]),  # Kleindorf left MPSC: its project is not counted
        ("network=iscn&network=mpsc", ["p1", "p2", "p3"]),
        ("country=AT", ["p3"]),
        ("country=at", ["p3"]),
        ("state=Bayern", ["p4"]),
        ("population_class=xs", ["p4"]),
        ("population_class=xs&population_class=xl", ["p3", "p4"]),
        ("settlement_type=rural", ["p4"]),
        ("stage=pilot", ["p1", "p3"]),
        ("stage=pilot&stage=stopped", ["p1", "p3", "p4"]),
        ("open_source=yes", ["p1", "p3"]),
        ("open_source=no", ["p2", "p4"]),
        ("year=2022", ["p2", "p3"]),
        ("topic=mobilitaet&open_source=yes&country=DE", ["p1"]),
        ("network=mpsc&year=2022", ["p2"]),
        ("topic=ki&country=AT", []),
    ],
)
def test_each_facet_and_combinations(client, world, query, expected):
    assert slugs(client.get(f"{URL}?{query}")) == expected


def test_the_search_term_combines_with_the_facets(client, world):
    assert slugs(client.get(URL, {"q": "Rufbus"})) == ["p3"]
    assert slugs(client.get(URL, {"q": "Rufbus", "country": "DE"})) == []


def test_facet_counts_follow_the_other_filters_not_their_own(client, world):
    response = client.get(URL, {"topic": "mobilitaet"})
    # The topic facet ignores its own choice, so other topics show what picking them adds.
    assert counts(response, "topic") == {"mobilitaet": 2, "daten": 2, "ki": 1}
    assert counts(response, "stage") == {"pilot": 2}
    assert counts(response, "country") == {"DE": 1, "AT": 1}
    assert counts(response, "open_source") == {"yes": 2}

    response = client.get(URL, {"stage": "pilot"})
    assert counts(response, "topic") == {"mobilitaet": 2, "daten": 1}  # no AI pilot
    assert counts(response, "stage") == {"pilot": 2, "permanent": 1, "stopped": 1}
    assert counts(response, "network") == {"mpsc": 1, "iscn": 1}
    assert counts(response, "year") == {"2022": 1, "2021": 1}


def test_facet_counts_leave_out_hidden_projects_for_visitors(signed_in_client, world):
    assert counts(Client().get(URL), "topic")["mobilitaet"] == 2
    assert counts(signed_in_client.get(URL), "topic")["mobilitaet"] == 2
    assert counts(officer_client("Graz", "iscn").get(URL), "topic")["mobilitaet"] == 2
    assert counts(officer_client("Jena", "mpsc").get(URL), "topic")["mobilitaet"] == 3


def test_a_picked_option_without_results_stays_visible_and_checked(client, world):
    response = client.get(URL, {"topic": "ki", "country": "AT"})
    topic = next(f for f in response.context["facets"] if f.name == "topic")
    ki = next(option for option in topic.options if option.value == "ki")
    assert ki.selected
    country = next(f for f in response.context["facets"] if f.name == "country")
    # Vienna has no AI project: the picked country shows, checked, with what it would give.
    assert {o.value: (o.count, o.selected) for o in country.options}["AT"] == (0, True)
    assert b'value="ki" checked' in response.content


def test_the_form_is_a_labelled_get_form_that_keeps_the_state(client, world):
    response = client.get(URL, {"topic": "mobilitaet", "year": "2022"})
    html = response.content.decode()
    assert '<form method="get" action="/projekte/"' in html
    assert "<legend>Topic</legend>" in html or "<legend>Thema</legend>" in html
    assert '<label for="facet-year">' in html
    assert '<option value="2022" selected>2022 (1)</option>' in html
    assert '<button type="submit">' in html


def test_active_filters_are_listed_with_links_that_remove_them(client, world):
    response = client.get(URL, {"topic": "mobilitaet", "stage": "pilot", "page": "1"})
    by_query = {active.remove_query for active in response.context["active_filters"]}
    assert "stage=pilot" in by_query  # removing the topic keeps the stage, drops the page
    assert "topic=mobilitaet" in by_query
    assert 'href="?stage=pilot"' in response.content.decode()


def test_results_are_counted_on_the_page(client, world):
    response = client.get(URL, {"stage": "pilot"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "2 projects" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("topic=no-such-topic", "no-such-topic"),
        ("network=unbekannt", "unbekannt"),
        ("year=abc", "whole number"),
        ("year=99999", "2100"),
        ("stage=foo", "foo"),
        ("open_source=maybe", "maybe"),
        ("country=Germany", "two-letter"),
        ("population_class=huge", "huge"),
        ("settlement_type=suburban", "suburban"),
    ],
)
def test_invalid_filter_values_answer_400_with_a_message(client, world, query, message):
    response = client.get(f"{URL}?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Some filter values are not valid" in html
    assert message in html
    assert response.context["projects"].count() == 0


def test_a_valid_filter_next_to_an_invalid_one_still_shows_its_choice(client, world):
    response = client.get(URL, {"topic": "mobilitaet", "year": "abc"})
    assert response.status_code == 400
    assert b'value="mobilitaet" checked' in response.content


def test_pagination_keeps_the_filters(client, world):
    lead = MunicipalityFactory()
    for _ in range(25):
        ProjectFactory(lead_municipality=lead, stage=Project.Stage.PILOT)
    response = client.get(URL, {"stage": "pilot"})
    assert response.context["paginator"].count == 27
    # The next page's link (core.keyset: after the last row's sort keys) keeps the filter.
    next_query = response.context["page_obj"].next_query
    assert next_query.startswith("stage=pilot&after=") and next_query.endswith("&page=2")
    assert f"?{next_query}".replace("&", "&amp;") in response.content.decode()
    assert len(client.get(f"{URL}?{next_query}").context["projects"]) == 7
    assert len(client.get(URL, {"stage": "pilot", "page": "2"}).context["projects"]) == 7


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_query_count_is_the_same_for_10_and_100_projects(client, world):
    url = f"{URL}?topic=mobilitaet&stage=pilot&country=DE&q=Projekt"
    topics = list(world.values())

    def add(count):
        for _ in range(count):
            lead = MunicipalityFactory()
            MembershipFactory(municipality=lead)
            ProjectFactory(lead_municipality=lead, stage=Project.Stage.PILOT, topics=topics)

    add(10)
    with_10 = queries_for(client, url)
    add(90)
    assert queries_for(client, url) == with_10
    assert with_10 <= 16  # count, page, topics prefetch and one per facet (+ validation)


class CountedOneByOne(ProjectFilter):
    """The project filter with every facet counted in a query of its own."""

    def grouped_counts(self):
        return {}


class FewOptions(ProjectFilter):
    option_limit = {CHECKBOXES: 1, RADIOS: 1, SELECT: 2}


class FewOptionsOneByOne(FewOptions, CountedOneByOne):
    pass


class MunicipalitiesOneByOne(MunicipalityFilter):
    def grouped_counts(self):
        return {}


def facet_lists(filter_class, query, viewer):
    request = RequestFactory().get(URL, query)
    request.viewer = viewer
    if issubclass(filter_class, MunicipalityFilter):
        queryset = Municipality.objects.all()
    else:
        queryset = Project.objects.visible_to(viewer)
    filterset = filter_class(request.GET, queryset=queryset, request=request)
    assert filterset.is_valid(), filterset.errors
    with CaptureQueriesContext(connection) as queries:
        facets = filterset.facet_list()
    return facets, len(queries)


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"topic": "mobilitaet", "country": "DE"},
        {"stage": ["pilot", "idea"], "year": "2022"},
        {"open_source": "no", "state": "Bayern"},
        {"q": "Rufbus", "population_class": "l"},
        {"country": "FR"},
    ],
)
@pytest.mark.parametrize(
    "grouped, one_by_one", [(ProjectFilter, CountedOneByOne), (FewOptions, FewOptionsOneByOne)]
)
def test_facets_counted_together_count_as_each_facet_alone(world, query, grouped, one_by_one):
    # A project without start year and a lead without state: values the counts leave out.
    lead = MunicipalityFactory(name="Ohnestaat", country="DE", state="", population=500)
    ProjectFactory(slug="p6", lead_municipality=lead, started_on=None, stage=Project.Stage.IDEA)
    for user in (VISITOR, everything_viewer()):
        together, queries_together = facet_lists(grouped, query, user)
        alone, queries_alone = facet_lists(one_by_one, query, user)
        assert together == alone
        assert queries_together < queries_alone


@pytest.mark.parametrize("query", [{}, {"topic": "mobilitaet", "country": "DE"}, {"state": "Wien"}])
def test_municipality_facets_counted_together_count_as_each_facet_alone(world, query):
    MunicipalityFactory(name="Ohnestaat", country="DE", state="", population=500)
    for user in (VISITOR, everything_viewer()):
        together, queries_together = facet_lists(MunicipalityFilter, query, user)
        alone, queries_alone = facet_lists(MunicipalitiesOneByOne, query, user)
        assert together == alone
        assert queries_together < queries_alone
