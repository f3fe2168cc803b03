"""Network and municipality pages (members app)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from members.models import Membership, Municipality, NetworkRole, Officer
from tests.factories.accounts import UserFactory
from tests.factories.events import EventFactory
from tests.factories.members import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    NetworkRoleFactory,
    OfficerFactory,
    OrganizationFactory,
    PersonFactory,
)
from tests.factories.projects import AdoptionFactory, ProjectFactory, TopicFactory
from tests.pages import MEMBER, page


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


@page("network_detail")
def network_detail():
    network, _kiel = kiel_in_mpsc()
    return network.get_absolute_url()


@page("municipality_list")
def municipality_list():
    kiel_in_mpsc()
    return reverse("municipality_list")


@page("municipality_detail")
def municipality_detail():
    _network, kiel = kiel_in_mpsc()
    AdoptionFactory(municipality=kiel, kind="as_is")
    return kiel.get_absolute_url()


# A person's requests (members/views_requests.py): for signed-in people only (a visitor is
# sent to sign in).
MEMBER_ONLY = (MEMBER,)


@page("members:officer_request", personas=MEMBER_ONLY)
def officer_request():
    _network, kiel = kiel_in_mpsc()
    return reverse("members:officer_request", args=[kiel.slug])


@page("members:membership_request", personas=MEMBER_ONLY)
def membership_request(user):
    """The member is an officer of Kiel (the persona is a municipal digital officer)."""
    user = user or UserFactory(password=None)  # tests that build every page pass None
    _network, kiel = kiel_in_mpsc()
    NetworkFactory(name="International Smart Cities Network", short_name="ISCN")
    OfficerFactory(user=user, municipality=kiel)
    return reverse("members:membership_request", args=[kiel.slug])


@page("members:my_requests", personas=MEMBER_ONLY)
def my_requests(user):
    """An approved link, a waiting and a rejected request, and a rejected membership."""
    user = user or UserFactory(password=None)
    network, kiel = kiel_in_mpsc()
    OfficerFactory(user=user, municipality=kiel)
    OfficerFactory(user=user, status=Officer.Status.REQUESTED)
    OfficerFactory(
        user=user,
        status=Officer.Status.REJECTED,
        decision_reason="Bitte mit der Dienstadresse der Stadt anfragen.",
    )
    MembershipFactory(
        municipality=kiel,
        network=NetworkFactory(),
        status=Membership.Status.REJECTED,
        requested_by=user,
        requested_at=timezone.now(),
        decision_reason="Das Netzwerk nimmt nur Landkreise auf.",
    )
    return reverse("members:my_requests")


@page("members:officer_step_down", personas=MEMBER_ONLY, html=False)
def officer_step_down(user):
    """POST only: a GET answers 405."""
    user = user or UserFactory(password=None)
    return reverse("members:officer_step_down", args=[OfficerFactory(user=user).pk])


# The network admins' workspace (members/views_workspace.py). The gates' signed-in persona
# is a plain member, who gets 403 here (visitors are sent to sign in): the gates check
# status and headers. tests/members/test_workspace.py and the permission matrix check the
# pages as admins; when tests/pages has an admin persona, register these for it with html.
def workspace_world():
    network, kiel = kiel_in_mpsc()
    waiting = OfficerFactory(municipality=kiel, status=Officer.Status.REQUESTED)
    approved = OfficerFactory(municipality=kiel)
    request = MembershipFactory(
        network=network, status=Membership.Status.REQUESTED, requested_at=timezone.now()
    )
    membership = Membership.objects.get(network=network, municipality=kiel)
    role = NetworkRoleFactory(network=network, role=NetworkRole.Role.ORGANIZER)
    unaffiliated = OfficerFactory(status=Officer.Status.REQUESTED)
    return locals()


def _workspace_page(url_name, *, key=None, network=True, html=False):
    def build():
        world = workspace_world()
        args = [world["network"].slug] if network else []
        if key:
            args.append(world[key].pk)
        return reverse(url_name, args=args)

    build.__name__ = url_name.replace(":", "_")
    page(url_name, personas=MEMBER_ONLY, html=html)(build)


_workspace_page("members:workspace", network=False)
_workspace_page("members:audit_log_all", network=False)
_workspace_page("members:workspace_network")
_workspace_page("members:audit_log")
_workspace_page("members:membership_edit", key="membership")
# POST only: a GET answers 405.
_workspace_page("members:officer_decide", key="waiting")
_workspace_page("members:officer_remove", key="approved")
_workspace_page("members:officer_decide_unaffiliated", key="unaffiliated", network=False)
_workspace_page("members:officer_remove_unaffiliated", key="unaffiliated", network=False)
_workspace_page("members:membership_decide", key="request")
_workspace_page("members:role_grant")
_workspace_page("members:role_revoke", key="role")
