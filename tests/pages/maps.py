"""Maps of the filtered municipality list, a topic and a network (network_portal/map_pages)."""

from urllib.parse import urlencode

from django.urls import reverse

from tests.factories.members import MembershipFactory, MunicipalityFactory, NetworkFactory
from tests.factories.projects import ProjectFactory, TopicFactory
from tests.pages import READERS, page

# Real coordinates (GeoNames), one place without any: it is listed as not on the map.
PLACES = (
    ("Bamberg", "Bayern", 70_047, 49.89873, 10.90067),
    ("Kiel", "Schleswig-Holstein", 252_668, 54.32133, 10.13489),
    ("Kempten (Allgäu)", "Bayern", 61_399, 47.72674, 10.31389),
    ("Salzlandkreis", "Sachsen-Anhalt", 190_000, None, None),
)


def places(prefix, *, topic=None, network=None):
    made = []
    for name, state, population, latitude, longitude in PLACES:
        municipality = MunicipalityFactory(
            name=name,
            slug=f"{prefix}-{name.split()[0].lower()}",
            state=state,
            population=population,
            latitude=latitude,
            longitude=longitude,
        )
        if topic:
            ProjectFactory(lead_municipality=municipality, topics=[topic])
        if network:
            MembershipFactory(municipality=municipality, network=network)
        made.append(municipality)
    return made


@page("municipality_map")
def municipality_map():
    """The list's filters in the query string: a topic and a country."""
    topic = TopicFactory(slug="karte-mobilitaet", name_de="Mobilität", name_en="Mobility")
    places("karte", topic=topic)
    query = urlencode({"topic": topic.slug, "country": "DE"})
    return reverse("municipality_map") + "?" + query


@page("topic_map", personas=READERS)
def topic_map():
    topic = TopicFactory(slug="karte-daten", name_de="Datenplattformen", name_en="Data platforms")
    places("karte-thema", topic=topic)
    return reverse("topic_map", kwargs={"slug": topic.slug})


@page("network_map")
def network_map():
    network = NetworkFactory(
        slug="karte-mpsc", name="Modellprojekte Smart Cities", short_name="MPSC"
    )
    places("karte-netz", network=network)
    # A member across the world: the map zooms out to the world.
    MembershipFactory(
        network=network,
        municipality=MunicipalityFactory(
            name="Melbourne",
            slug="karte-melbourne",
            country="AU",
            state="",
            population=5_435_590,
            latitude=-37.814,
            longitude=144.96332,
        ),
    )
    return reverse("network_map", kwargs={"slug": network.slug})
