"""Network and municipality pages (members app)."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.access import Visibility
from members.models import AuditEntry, Membership, Municipality, NetworkRole, Officer
from members.services.audit import audit_record
from network_portal.models import FeaturedProject
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
from tests.pages import MEMBER, NETWORK_ADMIN, OFFICER, READERS, STAFF, VISITOR, exempt, page


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


def members_only_project(kiel):
    """A project Kiel keeps for its networks' members: officers and staff see it."""
    ProjectFactory(lead_municipality=kiel, title="Kieler Datenraum", visibility=Visibility.MEMBERS)


# The network admin sees the link to the network's administration.
@page("network_detail", personas=(VISITOR, MEMBER, OFFICER, NETWORK_ADMIN, STAFF))
def network_detail():
    network, kiel = kiel_in_mpsc()
    members_only_project(kiel)
    # Kiel's public project featured: the featured section shows first.
    FeaturedProject.objects.create(network=network, project=kiel.led_projects.order_by("pk")[0])
    return network.get_absolute_url()


@page("municipality_list")
def municipality_list():
    kiel_in_mpsc()
    return reverse("municipality_list")


# The officer (of every sample municipality) sees the links for Kiel's officers.
@page("municipality_detail", personas=READERS)
def municipality_detail():
    _network, kiel = kiel_in_mpsc()
    AdoptionFactory(municipality=kiel, kind="as_is")
    members_only_project(kiel)
    return kiel.get_absolute_url()


# A person's requests (members/views_requests.py): for signed-in people only (a visitor is
# sent to sign in). Builders that make officer links for `user` register for the officer
# only: the gates' member stays an account without a link.
MEMBER_ONLY = (MEMBER,)
OFFICER_ONLY = (OFFICER,)


# The officer (of Kiel too) is told they are one already.
@page("members:officer_request", personas=(MEMBER, OFFICER))
def officer_request():
    _network, kiel = kiel_in_mpsc()
    return reverse("members:officer_request", args=[kiel.slug])


@page("members:membership_request", personas=OFFICER_ONLY)
def membership_request(user):
    """The officer is an officer of Kiel."""
    user = user or UserFactory(password=None)  # tests that build every page pass None
    _network, kiel = kiel_in_mpsc()
    NetworkFactory(name="International Smart Cities Network", short_name="ISCN")
    OfficerFactory(user=user, municipality=kiel)
    return reverse("members:membership_request", args=[kiel.slug])


@page("members:my_requests", personas=OFFICER_ONLY)
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


@page("members:officer_step_down", personas=OFFICER_ONLY, html=False)
def officer_step_down(user):
    """POST only: a GET answers 405."""
    user = user or UserFactory(password=None)
    return reverse("members:officer_step_down", args=[OfficerFactory(user=user).pk])


# The network admins' workspace (members/views_workspace.py): its pages are checked as the
# network admin (of every sample network) and staff; who else gets 403 or a sign-in is the
# permission matrix's (tests/quality/test_permission_matrix.py). The POST-only pages answer
# 405 to a GET: the gates check status and headers as a plain member.
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
    with transaction.atomic():  # an entry for the audit logs to show
        audit_record(
            actor=role.user,
            action=AuditEntry.Action.OFFICER_APPROVED,
            target=approved,
            label=f"{kiel.name}: {approved.role_title}",
            network=network,
            before={"status": "requested"},
            after={"status": "approved"},
            reason="Über die Dienstadresse bestätigt.",
        )
    return locals()


def _workspace_page(url_name, *, key=None, network=True, html=False, personas=MEMBER_ONLY):
    def build():
        world = workspace_world()
        args = [world["network"].slug] if network else []
        if key:
            args.append(world[key].pk)
        return reverse(url_name, args=args)

    build.__name__ = url_name.replace(":", "_")
    page(url_name, personas=personas, html=html)(build)


ADMINS = (NETWORK_ADMIN, STAFF)
_workspace_page("members:workspace", network=False, html=True, personas=ADMINS)
_workspace_page("members:audit_log_all", network=False, html=True, personas=(STAFF,))
_workspace_page("members:workspace_network", html=True, personas=ADMINS)
_workspace_page("members:audit_log", html=True, personas=ADMINS)
_workspace_page("members:membership_edit", key="membership", html=True, personas=ADMINS)
# POST only: a GET answers 405.
_workspace_page("members:officer_decide", key="waiting")
_workspace_page("members:officer_remove", key="approved")
_workspace_page("members:officer_decide_unaffiliated", key="unaffiliated", network=False)
_workspace_page("members:officer_remove_unaffiliated", key="unaffiliated", network=False)
_workspace_page("members:membership_decide", key="request")
_workspace_page("members:role_grant")
_workspace_page("members:role_revoke", key="role")


exempt(
    "media",
    "serves uploaded picture files, not HTML pages: tests/members/test_pictures.py checks its "
    "content types, nosniff and caching",
)


# Featured projects (network_portal/featured.py), in the network admins' workspace: checked
# as the network admin and staff; the POST-only pages answer 405 to a GET.
def featured_world():
    network, kiel = kiel_in_mpsc()
    members_only_project(kiel)
    for position, project in enumerate(kiel.led_projects.order_by("pk")):
        FeaturedProject.objects.create(network=network, project=project, position=position)
    ProjectFactory(lead_municipality=kiel, title="Kieler Parkplatzsensoren")
    return network, kiel.led_projects.order_by("pk")[0]


@page("featured_projects", personas=(NETWORK_ADMIN, STAFF))
def featured_projects():
    network, _project = featured_world()
    return reverse("featured_projects", args=[network.slug])


def _featured_post_only(url_name, *, with_project=True):
    def build():
        network, project = featured_world()
        args = [network.slug, project.slug] if with_project else [network.slug]
        return reverse(url_name, args=args)

    build.__name__ = url_name
    page(url_name, personas=MEMBER_ONLY, html=False)(build)


_featured_post_only("featured_project_add", with_project=False)
_featured_post_only("featured_project_move")
_featured_post_only("featured_project_remove")


def kiel_with_profile():
    """Kiel with a Markdown description, a contact person, a picture and two versions."""
    from members.pictures import Picture  # here: only these samples need it

    network, kiel = kiel_in_mpsc()
    kiel.description = "# Über uns\n\nDie *Landeshauptstadt* an der [Förde](https://kiel.de)."
    kiel.save()
    Picture.objects.create(
        target=kiel,
        image="pictures/00/beispiel.jpg",
        width=1600,
        height=900,
        renditions=[{"width": 480, "height": 270, "name": "pictures/00/beispiel-480.webp"}],
        alt_text="Die Kieler Förde mit Segelbooten",
        caption="Kieler Woche",
    )
    return kiel


@page("members:municipality_edit", personas=(OFFICER, STAFF))
def municipality_edit():
    kiel = kiel_with_profile()
    return reverse("members:municipality_edit", kwargs={"slug": kiel.slug})


@page("members:municipality_history", personas=(OFFICER, STAFF))
def municipality_history():
    kiel = kiel_with_profile()
    return reverse("members:municipality_history", kwargs={"slug": kiel.slug})


for _name in (
    "members:municipality_restore",
    "members:municipality_picture_add",
    "members:municipality_picture_remove",
):
    exempt(
        _name,
        "POST only, answers with a redirect (or the edit page with errors, checked as "
        "members:municipality_edit): tests/members/test_municipality_edit.py",
    )
