"""Faceted filters of the municipality list."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Membership, Municipality
from projects.models import Visibility
from tests.factories.members import MembershipFactory, MunicipalityFactory, NetworkFactory
from tests.factories.projects import ProjectFactory, TopicFactory
from tests.factories.viewers import colleague_of

URL = reverse("municipality_list")


@pytest.fixture
def world(db):
    mobility = TopicFactory(slug="mobilitaet", name_de="Mobilität", name_en="Mobility")
    ai = TopicFactory(slug="ki", name_de="KI", name_en="AI")
    mpsc = NetworkFactory(slug="mpsc", short_name="MPSC")
    iscn = NetworkFactory(slug="iscn", short_name="ISCN")
    kiel = MunicipalityFactory(
        slug="kiel", country="DE", state="Schleswig-Holstein", population=246_000
    )
    wien = MunicipalityFactory(slug="wien", country="AT", state="Wien", population=1_900_000)
    dorf = MunicipalityFactory(
        slug="kleindorf",
        state="Bayern",
        population=3_000,
        settlement_type=Municipality.SettlementType.RURAL,
    )
    MunicipalityFactory(slug="bamberg", state="Bayern", population=80_000)
    MembershipFactory(municipality=kiel, network=mpsc)
    MembershipFactory(municipality=dorf, network=mpsc, status=Membership.Status.REQUESTED)
    MembershipFactory(municipality=wien, network=iscn)
    # Kiel leads a mobility project with Kleindorf as partner; Vienna's AI project is
    # members-only, so visitors do not see Vienna under AI.
    ProjectFactory(lead_municipality=kiel, topics=[mobility], partner_municipalities=[dorf])
    ProjectFactory(lead_municipality=wien, topics=[ai], visibility=Visibility.MEMBERS)
    return mobility


def slugs(response):
    assert response.status_code == 200, response.content.decode()[:500]
    return sorted(m.slug for m in response.context["municipalities"])


def counts(response, name):
    facet = next(f for f in response.context["facets"] if f.name == name)
    return {option.value: option.count for option in facet.options}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["bamberg", "kiel", "kleindorf", "wien"]),
        ("network=mpsc", ["kiel"]),  # Kleindorf's membership is only requested
        ("network=mpsc&network=iscn", ["kiel", "wien"]),
        ("country=AT", ["wien"]),
        ("state=Bayern", ["bamberg", "kleindorf"]),
        ("population_class=xs&population_class=m", ["bamberg", "kleindorf"]),
        ("settlement_type=urban", ["bamberg", "kiel", "wien"]),
        ("topic=mobilitaet", ["kiel", "kleindorf"]),  # lead and partner
        ("topic=ki", []),  # the AI project is members-only
        ("topic=mobilitaet&state=Bayern", ["kleindorf"]),
    ],
)
def test_each_facet_and_combinations(client, world, query, expected):
    assert slugs(client.get(f"{URL}?{query}")) == expected


def test_topic_facet_counts_lead_and_partner_municipalities_once(client, signed_in_client, world):
    assert counts(client.get(URL, {"state": "Bayern"}), "topic") == {"mobilitaet": 1}
    assert counts(signed_in_client.get(URL), "topic") == {"mobilitaet": 2}
    wien = Municipality.objects.get(slug="wien")
    signed_in_client.force_login(colleague_of(wien))
    assert counts(signed_in_client.get(URL), "topic") == {"mobilitaet": 2, "ki": 1}


def test_counts_follow_the_other_filters(client, world):
    response = client.get(URL, {"country": "DE", "network": "mpsc"})
    assert counts(response, "network") == {"mpsc": 1}
    assert counts(response, "country") == {"DE": 1}
    assert counts(response, "state") == {"Schleswig-Holstein": 1}
    response = client.get(URL, {"country": "DE"})
    assert counts(response, "state") == {"Bayern": 2, "Schleswig-Holstein": 1}
    assert counts(response, "population_class") == {"xs": 1, "m": 1, "l": 1}


def test_search_term_combines_with_facets(client, world):
    Municipality.objects.filter(slug="bamberg").update(name="Bamberg")
    assert slugs(client.get(URL, {"q": "Bamberg"})) == ["bamberg"]
    assert slugs(client.get(URL, {"q": "Bamberg", "country": "AT"})) == []


@pytest.mark.parametrize(
    "query",
    ["network=nope", "topic=nope", "country=DEU", "population_class=giant", "state=" + "x" * 101],
)
def test_invalid_values_answer_400_with_a_message(client, world, query):
    response = client.get(f"{URL}?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert b"Some filter values are not valid" in response.content


def queries_for(client, url):
    cache.clear()  # the page's own queries, not the cached counts (core.cached)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_query_count_is_the_same_for_10_and_100_municipalities(client, world):
    network = NetworkFactory()

    def add(count):
        for _ in range(count):
            MembershipFactory(network=network, municipality=MunicipalityFactory())

    add(10)
    url = f"{URL}?country=DE&topic=mobilitaet&network={network.slug}&network=mpsc"
    with_10 = queries_for(client, url)
    add(90)
    assert queries_for(client, url) == with_10
    assert queries_for(client, URL) == queries_for(client, URL)
