"""Peers of a municipality: ranking, the reason in words, picked topics, bounds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from members.models import Membership
from network_portal.peers import rank_peers, topics_of
from projects.models import Visibility
from tests.factories.accounts import UserFactory
from tests.factories.members import MembershipFactory, MunicipalityFactory, NetworkFactory
from tests.factories.projects import ProjectFactory, TopicFactory
from tests.factories.viewers import VISITOR, everything_viewer, officer_viewer, unlinked_viewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics():
    return {
        slug: TopicFactory(slug=slug, name_de=name_de, name_en=name_en)
        for slug, name_de, name_en in [
            ("mobilitaet", "Mobilität", "Mobility"),
            ("datenplattformen", "Datenplattformen", "Data platforms"),
            ("ki", "KI", "AI"),
            ("energie", "Energie", "Energy"),
        ]
    }


@pytest.fixture
def mpsc():
    return NetworkFactory(slug="mpsc", name="Modellprojekte Smart Cities", short_name="MPSC")


def town(name, population=50_000, networks=()):
    municipality = MunicipalityFactory(name=name, slug=name.lower(), population=population)
    for network in networks:
        MembershipFactory(municipality=municipality, network=network)
    return municipality


def peers_url(municipality, **params):
    return reverse("peers", kwargs={"slug": municipality.slug})


def test_peers_are_ranked_by_topics_networks_and_size(topics, mpsc):
    kiel = town("Kiel", networks=[mpsc])
    ProjectFactory(
        lead_municipality=kiel,
        topics=[topics["mobilitaet"], topics["datenplattformen"], topics["ki"]],
    )
    # Three shared topics (one through a project it only partners in), MPSC, same size.
    ulm = town("Ulm", networks=[mpsc])
    ProjectFactory(lead_municipality=ulm, topics=[topics["mobilitaet"], topics["ki"]])
    # Three shared topics too, but much bigger and in no shared network.
    berlin = town("Berlin", population=3_800_000)
    ProjectFactory(lead_municipality=berlin, topics=[topics["mobilitaet"], topics["ki"]])
    ProjectFactory(
        lead_municipality=berlin,
        partner_municipalities=[ulm],
        topics=[topics["datenplattformen"]],
    )
    # Only the network.
    town("Jena", population=110_000, networks=[mpsc])
    # Nothing shared: size alone does not make a peer.
    other = town("Gotha")
    ProjectFactory(lead_municipality=other, topics=[topics["energie"]])

    peers = rank_peers(kiel, topics=topics_of(kiel, VISITOR), viewer=VISITOR)

    assert [peer.municipality.name for peer in peers] == ["Ulm", "Berlin", "Jena"]
    with translation.override("de"):
        assert "Datenplattformen, KI, Mobilität" in peers[0].reason
    with translation.override("en"):
        assert peers[0].reason == (
            "3 shared topics: AI, Data platforms, Mobility; similar size; also a city; "
            "also urban; both in MPSC"
        )
        assert peers[1].reason == (
            "3 shared topics: AI, Data platforms, Mobility; also a city; also urban"
        )
        assert peers[2].reason == "also a city; also urban; both in MPSC"


def test_one_shared_topic_reads_in_the_singular(topics):
    kiel = town("Kiel")
    ProjectFactory(lead_municipality=kiel, topics=[topics["ki"]])
    ulm = town("Ulm", population=200_000)
    ProjectFactory(lead_municipality=ulm, topics=[topics["ki"]])

    [peer] = rank_peers(kiel, topics=topics_of(kiel, VISITOR), viewer=VISITOR)

    with translation.override("en"):
        assert peer.reason == "1 shared topic: AI; also a city; also urban"


def test_former_members_and_requests_do_not_count_as_shared_networks(mpsc):
    kiel = town("Kiel", networks=[mpsc])
    left = town("Ulm")
    MembershipFactory(municipality=left, network=mpsc, status=Membership.Status.LEFT)
    asked = town("Jena")
    MembershipFactory(municipality=asked, network=mpsc, status=Membership.Status.REQUESTED)

    assert rank_peers(kiel, topics=[], viewer=VISITOR) == []


def test_members_only_projects_count_for_members_only(topics):
    kiel = town("Kiel")
    ProjectFactory(lead_municipality=kiel, topics=[topics["ki"]])
    ulm = town("Ulm")
    ProjectFactory(lead_municipality=ulm, topics=[topics["ki"]], visibility=Visibility.MEMBERS)
    network = NetworkFactory()
    MembershipFactory(municipality=ulm, network=network)
    in_network = officer_viewer(town("Jena"), network=network)
    elsewhere = officer_viewer(town("Gera"), network=NetworkFactory())

    def peers_for(viewer):
        return [p.municipality.name for p in rank_peers(kiel, topics=[topics["ki"]], viewer=viewer)]

    assert peers_for(VISITOR) == []
    assert peers_for(unlinked_viewer(UserFactory())) == []
    assert peers_for(elsewhere) == []
    assert peers_for(in_network) == ["Ulm"]
    assert peers_for(everything_viewer()) == ["Ulm"]


def test_the_page_lists_peers_with_reasons(english_client, topics, mpsc):
    kiel = town("Kiel", networks=[mpsc])
    ProjectFactory(lead_municipality=kiel, topics=[topics["mobilitaet"]])
    ulm = town("Ulm", networks=[mpsc])
    ProjectFactory(lead_municipality=ulm, topics=[topics["mobilitaet"]])

    response = english_client.get(peers_url(kiel))

    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Municipalities working on what Kiel works on</h1>" in content
    assert (
        "1 shared topic: Mobility; similar size; also a city; also urban; both in MPSC" in content
    )
    assert reverse("municipality_detail", kwargs={"slug": "ulm"}) in content
    # Its own topics are ticked in the form.
    assert 'value="mobilitaet" checked' in content


def test_without_projects_people_pick_topics(english_client, topics):
    newcomer = town("Neustadt")
    ulm = town("Ulm", population=300_000)
    ProjectFactory(lead_municipality=ulm, topics=[topics["energie"]])
    jena = town("Jena", population=300_000)
    ProjectFactory(lead_municipality=jena, topics=[topics["ki"]])

    first = english_client.get(peers_url(newcomer))
    assert b"has no projects with topics yet" in first.content
    assert first.context["peers"] == []
    assert b"No peers found yet" in first.content

    picked = english_client.get(peers_url(newcomer), {"picked": "1", "topic": ["energie"]})

    assert picked.status_code == 200
    assert [peer.municipality.name for peer in picked.context["peers"]] == ["Ulm"]
    assert b"1 shared topic: Energy" in picked.content
    assert 'value="energie" checked' in picked.content.decode()


def test_picking_no_topic_ranks_by_networks_alone(english_client, topics, mpsc):
    kiel = town("Kiel", networks=[mpsc])
    ProjectFactory(lead_municipality=kiel, topics=[topics["ki"]])
    ulm = town("Ulm")
    ProjectFactory(lead_municipality=ulm, topics=[topics["ki"]])
    jena = town("Jena", networks=[mpsc])

    response = english_client.get(peers_url(kiel), {"picked": "1"})

    assert [peer.municipality for peer in response.context["peers"]] == [jena]


def test_an_unknown_topic_gets_a_400_with_a_message(english_client):
    kiel = town("Kiel")

    response = english_client.get(peers_url(kiel), {"topic": ["no-such-topic"]})

    assert response.status_code == 400
    assert "There is no topic “no-such-topic”" in response.content.decode()


def test_an_unknown_municipality_is_a_404(english_client):
    assert english_client.get(reverse("peers", kwargs={"slug": "nirgendwo"})).status_code == 404


def make_peers(topic, numbers):
    for number in numbers:
        peer = MunicipalityFactory(name=f"Ort {number:03d}", slug=f"ort-{number}")
        ProjectFactory(lead_municipality=peer, topics=[topic])
        ProjectFactory(partner_municipalities=[peer], topics=[topic])


def test_the_number_of_queries_does_not_grow_with_the_candidates(english_client, topics, mpsc):
    kiel = town("Kiel", networks=[mpsc])
    ProjectFactory(lead_municipality=kiel, topics=[topics["ki"]])
    make_peers(topics["ki"], range(10))
    with CaptureQueriesContext(connection) as with_ten:
        english_client.get(peers_url(kiel))
    make_peers(topics["ki"], range(10, 100))
    with CaptureQueriesContext(connection) as with_hundred:
        response = english_client.get(peers_url(kiel))

    assert len(response.context["peers"]) == 20
    assert len(with_ten) == len(with_hundred)


def test_the_municipality_page_shows_its_top_peers(english_client, topics, mpsc):
    kiel = town("Kiel", networks=[mpsc])
    ProjectFactory(lead_municipality=kiel, topics=[topics["ki"]])
    for number in range(7):
        peer = town(f"Ort{number}")
        ProjectFactory(lead_municipality=peer, topics=[topics["ki"]])

    response = english_client.get(kiel.get_absolute_url())

    assert response.status_code == 200
    assert len(response.context["peer_preview"]) == 5
    content = response.content.decode()
    assert '<h2 id="peers-heading">Municipalities working on similar things</h2>' in content
    assert "1 shared topic: AI; similar size; also a city" in content
    assert f'href="{peers_url(kiel)}"' in content
