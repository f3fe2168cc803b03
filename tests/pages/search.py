"""The one search (/suche/) and a municipality's peers page."""

from urllib.parse import urlencode

from django.urls import reverse

from core.access import Visibility
from tests.factories.events import EventFactory, RecapFactory
from tests.factories.members import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    OrganizationFactory,
)
from tests.factories.projects import ProjectFactory, TopicFactory
from tests.pages import READERS, page


@page("search", personas=READERS)
def search_results():
    """A query with a hit of every kind, so every result card and snippet is checked."""
    mobility = TopicFactory(
        slug="mobilitaet",
        name_de="Mobilität",
        name_en="Mobility",
        description_de="Wie Städte wie Bamberg ihre Mobilität gestalten.",
    )
    bamberg = MunicipalityFactory(
        name="Bamberg", slug="search-bamberg", description="Welterbestadt mit smarter Mobilität."
    )
    public = ProjectFactory(
        title="Mobilitätsplattform Bamberg",
        summary="Ein Rufbus & eine Mobilitäts-App für die Region <Bamberg>.",
        lead_municipality=bamberg,
        topics=[mobility],
    )
    # An organisation that runs a network and partners in the project.
    operator = OrganizationFactory(
        name="Stadtwerke Bamberg",
        slug="search-stadtwerke",
        description="Betreiben Busse für die Mobilität in Bamberg.",
    )
    public.partner_organizations.add(operator)
    NetworkFactory(
        name="Mobilitätsnetz Franken",
        slug="search-mobilitaetsnetz",
        operator=operator,
        description="Kommunen rund um Bamberg teilen ihre Mobilität.",
    )
    ProjectFactory(
        title="Mobilitätsdaten Bamberg intern",
        lead_municipality=bamberg,
        topics=[mobility],
        visibility=Visibility.MEMBERS,
    )
    MembershipFactory(municipality=bamberg)
    event = EventFactory(title="Mobilitätstag Bamberg", city=bamberg)
    RecapFactory(event=event, title="Rückblick Mobilitätstag", body="Mobilität in Bamberg.")
    return reverse("search") + "?" + urlencode({"q": "Mobilität Bamberg"})


@page("peers", personas=READERS)
def peers_page():
    """A municipality with two ranked peers, explained."""
    mobility = TopicFactory(slug="mobilitaet", name_de="Mobilität", name_en="Mobility")
    network = NetworkFactory(
        slug="peers-mpsc", name="Modellprojekte Smart Cities", short_name="MPSC"
    )
    # With coordinates, so the page offers "in my region" and says how far each peer is.
    kiel = MunicipalityFactory(name="Kiel", slug="peers-kiel", latitude=54.32, longitude=10.13)
    for name, latitude, longitude in (("Bamberg", 49.9, 10.9), ("Ulm", 48.4, 9.99)):
        peer = MunicipalityFactory(
            name=name, slug=f"peers-{name.lower()}", latitude=latitude, longitude=longitude
        )
        ProjectFactory(lead_municipality=peer, topics=[mobility])
        MembershipFactory(municipality=peer, network=network)
    ProjectFactory(lead_municipality=kiel, topics=[mobility])
    # A topic of Kiel's that only those who see members-only projects rank by.
    ProjectFactory(
        lead_municipality=kiel,
        topics=[TopicFactory(slug="peers-energie", name_de="Energie", name_en="Energy")],
        visibility=Visibility.MEMBERS,
    )
    MembershipFactory(municipality=kiel, network=network)
    return reverse("peers", kwargs={"slug": kiel.slug})
