"""The order of peers on a small known data set (issue 12, point 4): shared topics first,
then size class, kind and rural/urban, then shared networks and distance; "in my region"."""

import pytest
from django.urls import reverse
from django.utils import translation

from members.models import Municipality
from network_portal.peers import rank_peers
from tests.factories.members import MembershipFactory, MunicipalityFactory, NetworkFactory
from tests.factories.projects import ProjectFactory, TopicFactory
from tests.factories.viewers import VISITOR

pytestmark = pytest.mark.django_db

DISTRICT, CITY = Municipality.Kind.DISTRICT, Municipality.Kind.CITY
RURAL, URBAN = Municipality.SettlementType.RURAL, Municipality.SettlementType.URBAN


def place(name, *, topics=(), networks=(), population=190_000, kind=DISTRICT, rural=RURAL, at=None):
    municipality = MunicipalityFactory(
        name=name,
        slug=name.lower(),
        population=population,
        kind=kind,
        settlement_type=rural,
        latitude=at[0] if at else None,
        longitude=at[1] if at else None,
    )
    for network in networks:
        MembershipFactory(municipality=municipality, network=network)
    if topics:
        ProjectFactory(lead_municipality=municipality, topics=list(topics))
    return municipality


@pytest.fixture
def world():
    mobility = TopicFactory(slug="mobilitaet", name_de="Mobilität", name_en="Mobility")
    data = TopicFactory(slug="daten", name_de="Datenplattformen", name_en="Data platforms")
    city_possible = NetworkFactory(slug="city-possible", name="City Possible", short_name="")
    # The rural district of the issue, with coordinates of Bernburg's surroundings.
    home = place(
        "Salzlandkreis", topics=[mobility, data], networks=[city_possible], at=(51.8, 11.7)
    )
    return {
        "home": home,
        "mobility": mobility,
        "data": data,
        "city_possible": city_possible,
    }


def names(peers):
    return [peer.municipality.name for peer in peers]


def test_a_shared_network_alone_ranks_below_one_shared_topic(world):
    # A metropolis of another kind far away, sharing every network but no topic.
    place(
        "Dubai",
        networks=[world["city_possible"]],
        population=3_790_000,
        kind=CITY,
        rural=URBAN,
        at=(25.1, 55.3),
    )
    # One shared topic and nothing else in common (urban city of another size, no network).
    place("Kiel", topics=[world["mobility"]], population=250_000, kind=CITY, rural=URBAN)

    peers = rank_peers(world["home"], topics=[world["mobility"], world["data"]], viewer=VISITOR)

    assert names(peers) == ["Kiel", "Dubai"]


def test_more_shared_topics_outrank_size_kind_and_networks(world):
    place(
        "Kempten",
        topics=[world["mobility"], world["data"]],
        population=61_000,
        kind=CITY,
        rural=URBAN,
    )
    place("Harz", topics=[world["mobility"]], networks=[world["city_possible"]], at=(51.8, 11.0))

    peers = rank_peers(world["home"], topics=[world["mobility"], world["data"]], viewer=VISITOR)

    assert names(peers) == ["Kempten", "Harz"]


def test_ties_on_topics_go_by_size_then_kind_then_rural_or_urban(world):
    mobility = world["mobility"]
    # All share one topic; they differ in what follows, each losing on one more criterion.
    place("A-Size-Kind-Rural", topics=[mobility])  # same size class, district, rural
    place("B-Size-Kind", topics=[mobility], rural=URBAN)
    place("C-Size", topics=[mobility], kind=CITY, rural=URBAN)
    place("D-Kind-Rural", topics=[mobility], population=30_000)
    place("E-Rural", topics=[mobility], population=30_000, kind=CITY)
    place("F-Nothing", topics=[mobility], population=30_000, kind=CITY, rural=URBAN)

    peers = rank_peers(world["home"], topics=[mobility], viewer=VISITOR)

    assert names(peers) == [
        "A-Size-Kind-Rural",
        "B-Size-Kind",
        "C-Size",
        "D-Kind-Rural",
        "E-Rural",
        "F-Nothing",
    ]
    with translation.override("en"):
        assert peers[0].reason == (
            "1 shared topic: Mobility; similar size; also a district; also rural"
        )
        assert peers[5].reason == "1 shared topic: Mobility"


def test_then_shared_networks_then_distance(world):
    mobility, network = world["mobility"], world["city_possible"]
    other = NetworkFactory(slug="mpsc", name="Modellprojekte Smart Cities", short_name="MPSC")
    MembershipFactory(municipality=world["home"], network=other)
    place("Far-Two-Networks", topics=[mobility], networks=[network, other], at=(48.1, 11.6))
    place("Near-One-Network", topics=[mobility], networks=[network], at=(51.9, 11.8))
    place("Far-One-Network", topics=[mobility], networks=[network], at=(53.6, 10.0))
    place("Nowhere-One-Network", topics=[mobility], networks=[network])

    peers = rank_peers(world["home"], topics=[mobility], viewer=VISITOR)

    assert names(peers) == [
        "Far-Two-Networks",
        "Near-One-Network",
        "Far-One-Network",
        "Nowhere-One-Network",
    ]
    assert 10 < peers[1].distance_km < 20
    assert peers[3].distance_km is None
    with translation.override("en"):
        assert peers[1].reason.endswith("; both in City Possible; 13 km away")


def test_in_my_region_keeps_the_peers_within_the_radius(world):
    mobility = world["mobility"]
    place("Harz", topics=[mobility], at=(51.8, 11.0))  # about 48 km west
    place("Hamburg", topics=[mobility], at=(53.55, 10.0))  # about 225 km north-west
    place("Unplaced", topics=[mobility])

    def within(km):
        return names(rank_peers(world["home"], topics=[mobility], viewer=VISITOR, within_km=km))

    assert within(None) == ["Harz", "Hamburg", "Unplaced"]
    assert within(150) == ["Harz"]
    assert within(500) == ["Harz", "Hamburg"]


def test_in_my_region_without_own_coordinates_finds_none(world):
    home = world["home"]
    home.latitude = home.longitude = None
    home.save()
    place("Harz", topics=[world["mobility"]], at=(51.8, 11.0))

    assert rank_peers(home, topics=[world["mobility"]], viewer=VISITOR, within_km=150) == []


def test_the_region_option_is_a_plain_form_control_kept_in_the_url(english_client, world):
    place("Harz", topics=[world["mobility"]], at=(51.8, 11.0))
    place("Hamburg", topics=[world["mobility"]], at=(53.55, 10.0))
    url = reverse("peers", kwargs={"slug": "salzlandkreis"})

    response = english_client.get(url, {"within": "150"})

    assert response.status_code == 200
    assert names(response.context["peers"]) == ["Harz"]
    content = response.content.decode()
    assert '<select name="within" id="peer-within">' in content
    assert '<option value="150" selected>within 150 km</option>' in content
    assert "Only municipalities within 150 km." in content
    # The topics it ranks by are still its own.
    assert 'value="mobilitaet" checked' in content


def test_an_unknown_radius_is_a_400_with_a_message(english_client, world):
    url = reverse("peers", kwargs={"slug": "salzlandkreis"})

    response = english_client.get(url, {"within": "99999"})

    assert response.status_code == 400
    assert "Pick a distance from the list." in response.content.decode()


def test_without_coordinates_the_page_says_so(english_client, world):
    MunicipalityFactory(name="Irgendwo", slug="irgendwo")

    response = english_client.get(reverse("peers", kwargs={"slug": "irgendwo"}))

    assert "Irgendwo has no coordinates yet" in response.content.decode()


def test_the_reason_names_topics_and_networks_in_the_readers_language(world):
    network = NetworkFactory(
        slug="staedte", name="Digitale Städte", name_en="Digital cities", short_name=""
    )
    MembershipFactory(municipality=world["home"], network=network)
    place("Peer", topics=[world["mobility"]], networks=[network])

    [peer] = rank_peers(world["home"], topics=[world["mobility"]], viewer=VISITOR)

    with translation.override("en"):
        assert peer.reason.startswith("1 shared topic: Mobility;")
        assert peer.reason.endswith("both in Digital cities")
    with translation.override("de"):
        assert peer.reason.startswith("1 gemeinsames Thema: Mobilität;")
        assert peer.reason.endswith("beide Mitglied in Digitale Städte")
