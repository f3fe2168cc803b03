"""The Django admin of members, projects and events: every page opens, lists stay cheap."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Event, Highlight, ProgrammeItem, Recap
from members.models import (
    Membership,
    Municipality,
    Network,
    NetworkRole,
    Officer,
    Organization,
    Person,
    UserProfile,
)
from projects.models import Adoption, Project, Topic
from tests.factories.accounts import UserFactory
from tests.factories.events import (
    EventFactory,
    HighlightFactory,
    ProgrammeItemFactory,
    RecapFactory,
)
from tests.factories.members import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    NetworkRoleFactory,
    OfficerFactory,
    OrganizationFactory,
    PersonFactory,
    UserProfileFactory,
)
from tests.factories.projects import AdoptionFactory, ProjectFactory, TopicFactory

FACTORIES = {
    Organization: OrganizationFactory,
    Network: NetworkFactory,
    Municipality: MunicipalityFactory,
    Membership: MembershipFactory,
    Person: PersonFactory,
    UserProfile: UserProfileFactory,
    NetworkRole: NetworkRoleFactory,
    Officer: OfficerFactory,
    Topic: TopicFactory,
    Project: lambda: ProjectFactory(topics=[TopicFactory()]),
    Adoption: AdoptionFactory,
    Event: EventFactory,
    ProgrammeItem: lambda: ProgrammeItemFactory(speakers=[PersonFactory()]),
    Recap: lambda: RecapFactory(projects=[ProjectFactory()]),
    Highlight: HighlightFactory,
}


@pytest.fixture
def staff_client(client, db):
    staff = UserFactory(is_staff=True, is_superuser=True)
    TOTP.activate(staff, generate_totp_secret())  # the admin opens only with two factors
    client.force_login(staff)
    return client


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_model_of_the_three_apps_is_in_the_admin():
    assert set(FACTORIES) <= set(admin.site._registry)


@pytest.mark.parametrize("model", FACTORIES, ids=lambda model: model.__name__)
def test_list_add_and_change_pages_open(staff_client, model):
    obj = FACTORIES[model]()

    for url in (
        admin_url(model, "changelist"),
        admin_url(model, "changelist") + "?q=a",
        admin_url(model, "add"),
        admin_url(model, "change", obj.pk),
    ):
        assert staff_client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "model", [Membership, Person, Project, Event, Recap, Highlight], ids=lambda m: m.__name__
)
def test_list_queries_do_not_grow_with_rows(staff_client, model):
    url = admin_url(model, "changelist")
    staff_client.get(url)  # the first request fills per-process caches (content types)

    def queries_for_list(rows):
        for _ in range(rows):
            FACTORIES[model]()
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(url).status_code == 200
        return len(queries)

    # 10 rows, then 100 on one page (the admin shows 100 per page).
    assert queries_for_list(10) == queries_for_list(90)


def test_municipality_autocomplete_finds_by_name(staff_client):
    MunicipalityFactory(name="Kempten (Allgäu)", slug="kempten")
    MunicipalityFactory(name="Kiel", slug="kiel")

    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "allgäu",
            "app_label": "projects",
            "model_name": "project",
            "field_name": "lead_municipality",
        },
    )

    assert [result["text"] for result in response.json()["results"]] == ["Kempten (Allgäu)"]


def test_municipality_change_page_shows_its_memberships(staff_client):
    membership = MembershipFactory(network=NetworkFactory(name="City Possible"))

    response = staff_client.get(admin_url(Municipality, "change", membership.municipality.pk))

    assert "City Possible" in response.content.decode()


def test_rights_changed_in_the_admin_are_audited(client, db):
    from members.models import AuditEntry, Membership, NetworkRole
    from tests.factories.members import give_two_factor

    staff = UserFactory(is_staff=True, is_superuser=True)
    give_two_factor(staff)
    client.force_login(staff)
    role = NetworkRoleFactory(role=NetworkRole.Role.ORGANIZER)
    response = client.post(
        reverse("admin:members_networkrole_delete", args=[role.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ROLE_REVOKED)
    assert entry.actor_id == staff.pk
    assert entry.network_id == role.network_id
    assert entry.before["role"] == "organizer"
    assert staff.email not in str(entry.__dict__)

    membership = MembershipFactory()
    url = reverse("admin:members_membership_change", args=[membership.pk])
    response = client.post(
        url,
        {
            "municipality": membership.municipality_id,
            "network": membership.network_id,
            "status": Membership.Status.LEFT,
            "tier": membership.tier,
            "joined_on": "2020-01-01",
            "left_on": "2024-01-01",
            "note": "",
            "source_url": "",
            "request_message": "",
            "decision_reason": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.MEMBERSHIP_CHANGED)
    assert entry.before["status"] == "active" and entry.after["status"] == "left"
