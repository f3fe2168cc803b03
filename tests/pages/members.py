"""Network and municipality pages (members app)."""

import datetime

from django.urls import reverse

from members.models import Membership, Municipality
from tests.factories.events import EventFactory
from tests.factories.members import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    OrganizationFactory,
    PersonFactory,
)
from tests.factories.projects import AdoptionFactory, ProjectFactory, TopicFactory
from tests.pages import page


def kiel_in_mpsc():
    """A network with a founding member that leads a project others adopted."""
    network = NetworkFactory(
        name="Modellprojekte Smart Cities",
        short_name="MPSC",
        operator=OrganizationFactory(name="Bundesministerium für Wohnen"),
        founded_year=2019,
        scope="national",
        website="https://www.smart-city-dialog.de/",
    )
    kiel = MunicipalityFactory(
        name="Kiel",
        state="Schleswig-Holstein",
        population=246_243,
        description="Landeshauptstadt an der Förde.",
    )
    MembershipFactory(
        municipality=kiel,
        network=network,
        tier=Membership.Tier.FOUNDING,
        joined_on=datetime.date(2019, 7, 1),
    )
    MembershipFactory(
        network=network,
        municipality=MunicipalityFactory(
            kind=Municipality.Kind.DISTRICT,
            settlement_type=Municipality.SettlementType.RURAL,
            population=120_000,
        ),
    )
    project = ProjectFactory(
        lead_municipality=kiel,
        topics=[TopicFactory(name_de="Mobilität", name_en="Mobility")],
        partner_municipalities=[MunicipalityFactory()],
    )
    AdoptionFactory(project=project, adopted_on=datetime.date(2024, 3, 1))
    PersonFactory(municipality=kiel, role_title="Chief Digital Officer")
    EventFactory(network=network, city=kiel, title="7. MPSC-Kongress")
    return network, kiel


@page("members:network_list")
def network_list():
    kiel_in_mpsc()
    return reverse("members:network_list")


@page("members:network_detail")
def network_detail():
    network, _kiel = kiel_in_mpsc()
    return network.get_absolute_url()


@page("members:municipality_list")
def municipality_list():
    kiel_in_mpsc()
    return reverse("members:municipality_list")


@page("municipality_detail")
def municipality_detail():
    _network, kiel = kiel_in_mpsc()
    AdoptionFactory(municipality=kiel, kind="as_is")
    return kiel.get_absolute_url()
