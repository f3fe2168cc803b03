"""The peer ranking is computed once per group of viewers and content generation
(core.cached): a second request reads no topic profile, a write shows at once, and no
group ever gets another group's ranking."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network_portal.peers import rank_peers
from projects.models import Visibility
from tests.factories.members import MembershipFactory, MunicipalityFactory, NetworkFactory
from tests.factories.projects import ProjectFactory, TopicFactory
from tests.factories.viewers import VISITOR, officer_viewer

pytestmark = pytest.mark.django_db


def town(name, **fields):
    return MunicipalityFactory(name=name, slug=name.lower(), **fields)


def names(peers):
    return [peer.municipality.name for peer in peers]


def ranking_queries(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "projects_municipalitytopic" in q["sql"]]


@pytest.fixture
def ai():
    return TopicFactory(slug="ki", name_de="KI", name_en="AI")


def test_a_second_ranking_reads_the_places_but_no_topic_profile(ai):
    kiel = town("Kiel")
    ProjectFactory(lead_municipality=kiel, topics=[ai])
    for name in ("Ulm", "Jena", "Gera"):
        ProjectFactory(lead_municipality=town(name), topics=[ai])

    with CaptureQueriesContext(connection) as first:
        first_names = names(rank_peers(kiel, topics=[ai], viewer=VISITOR))
    with CaptureQueriesContext(connection) as second:
        second_names = names(rank_peers(kiel, topics=[ai], viewer=VISITOR))

    assert second_names == first_names and len(first_names) == 3
    assert ranking_queries(first) and not ranking_queries(second)


def test_an_edit_shows_in_the_next_ranking(ai):
    kiel = town("Kiel")
    ProjectFactory(lead_municipality=kiel, topics=[ai])
    assert names(rank_peers(kiel, topics=[ai], viewer=VISITOR)) == []

    ulm = town("Ulm")
    project = ProjectFactory(lead_municipality=ulm, topics=[ai], visibility=Visibility.MEMBERS)
    assert names(rank_peers(kiel, topics=[ai], viewer=VISITOR)) == []

    project.visibility = Visibility.PUBLIC
    project.save()
    assert names(rank_peers(kiel, topics=[ai], viewer=VISITOR)) == ["Ulm"]

    project.delete()
    assert names(rank_peers(kiel, topics=[ai], viewer=VISITOR)) == []


def test_a_member_never_gets_a_visitors_ranking_nor_the_reverse(ai):
    kiel = town("Kiel")
    ProjectFactory(lead_municipality=kiel, topics=[ai])
    ulm = town("Ulm")
    ProjectFactory(lead_municipality=ulm, topics=[ai], visibility=Visibility.MEMBERS)
    network = NetworkFactory()
    MembershipFactory(municipality=ulm, network=network)
    member = officer_viewer(town("Jena"), network=network)

    # The member's ranking first (filling the cache), then the visitor's, then again.
    assert names(rank_peers(kiel, topics=[ai], viewer=member)) == ["Ulm"]
    assert names(rank_peers(kiel, topics=[ai], viewer=VISITOR)) == []
    assert names(rank_peers(kiel, topics=[ai], viewer=member)) == ["Ulm"]


def test_other_topics_and_radii_are_ranked_apart(ai):
    data = TopicFactory(slug="daten", name_de="Daten", name_en="Data")
    kiel = town("Kiel", latitude=54.3, longitude=10.1)
    ProjectFactory(lead_municipality=kiel, topics=[ai, data])
    ProjectFactory(lead_municipality=town("Ulm", latitude=48.4, longitude=10.0), topics=[ai])
    ProjectFactory(lead_municipality=town("Lübeck", latitude=53.9, longitude=10.7), topics=[data])

    assert names(rank_peers(kiel, topics=[ai], viewer=VISITOR)) == ["Ulm"]
    assert names(rank_peers(kiel, topics=[data], viewer=VISITOR)) == ["Lübeck"]
    assert names(rank_peers(kiel, topics=[ai, data], viewer=VISITOR, within_km=150)) == ["Lübeck"]
