"""A network's workspace keeps its sections rendered (core.kept) for the admins of the
network: a second request reads no rows, every write shows in the next answer, each admin
gets their own CSRF token, and a failed form is never kept."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.models import Membership, NetworkRole
from tests.factories.accounts import UserFactory
from tests.factories.members import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    OfficerFactory,
    make_network_admin,
)
from tests.performance.test_page_cache import TOKEN

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_kept")]


def admin_client(network, **client_options):
    client = Client(**client_options)
    client.force_login(make_network_admin(network))
    return client


def membership_reads(queries) -> list[str]:
    """Reads of memberships other than the viewer's rights (members.access: every request)."""
    return [
        q["sql"]
        for q in queries.captured_queries
        if "members_membership" in q["sql"] and 'FROM "auth_user"' not in q["sql"]
    ]


def test_a_second_request_reads_no_rows_and_shows_the_same_sections():
    network = NetworkFactory()
    MembershipFactory(network=network, municipality=MunicipalityFactory(name="Ulm"))
    client = admin_client(network)
    url = reverse("members:workspace_network", args=[network.slug])

    first = client.get(url)
    with CaptureQueriesContext(connection) as again:
        second = client.get(url)

    assert first.status_code == second.status_code == 200
    assert "Ulm" in second.content.decode()
    assert not membership_reads(again)
    assert TOKEN.sub("", first.content.decode()) == TOKEN.sub("", second.content.decode())


def test_every_admin_gets_their_own_csrf_token_in_the_kept_forms():
    network = NetworkFactory()
    kiel = MunicipalityFactory(name="Kiel")
    MembershipFactory(network=network, municipality=kiel, status=Membership.Status.REQUESTED)
    url = reverse("members:workspace_network", args=[network.slug])
    admin_client(network).get(url)  # keeps the sections, with the first admin's token
    second = admin_client(network, enforce_csrf_checks=True)

    page = second.get(url).content.decode()
    membership = Membership.objects.get(municipality=kiel)
    response = second.post(
        reverse("members:membership_decide", args=[network.slug, membership.pk]),
        {
            "csrfmiddlewaretoken": TOKEN.search(page).group(1),
            "decision": "approve",
            f"membership-{membership.pk}-tier": "member",
        },
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE


def test_writes_show_in_the_next_answer():
    network = NetworkFactory()
    ulm = MunicipalityFactory(name="Ulm")
    MembershipFactory(network=network, municipality=ulm)
    client = admin_client(network)
    url = reverse("members:workspace_network", args=[network.slug])
    assert "Ulm" in client.get(url).content.decode()

    MembershipFactory(network=network, municipality=MunicipalityFactory(name="Jena"))
    ulm.name = "Neu-Ulm"
    ulm.save()
    NetworkRole.objects.create(
        network=network, user=UserFactory(email="orga@ulm.example"), role="organizer"
    )

    page = client.get(url).content.decode()
    assert "Jena" in page
    assert "Neu-Ulm" in page
    assert "orga@ulm.example" in page


def test_a_changed_email_address_shows_in_the_next_answer():
    network = NetworkFactory()
    ulm = MunicipalityFactory(name="Ulm")
    MembershipFactory(network=network, municipality=ulm)
    officer = OfficerFactory(municipality=ulm, user__email="alt@ulm.example")
    client = admin_client(network)
    url = reverse("members:workspace_network", args=[network.slug])
    assert "alt@ulm.example" in client.get(url).content.decode()

    officer.user.email = "neu@ulm.example"
    officer.user.save(update_fields=["email"])  # as allauth's change of the primary address

    page = client.get(url).content.decode()
    assert "neu@ulm.example" in page
    assert "alt@ulm.example" not in page


def test_a_sign_in_does_not_drop_what_is_kept():
    network = NetworkFactory()
    someone = UserFactory()
    client = admin_client(network)
    url = reverse("members:workspace_network", args=[network.slug])
    client.get(url)

    someone.last_login = timezone.now()
    someone.save(update_fields=["last_login"])  # what every sign-in writes

    with CaptureQueriesContext(connection) as again:
        client.get(url)
    assert not membership_reads(again)


def test_a_failed_form_gives_back_what_was_typed_and_is_never_kept():
    network = NetworkFactory()
    client = admin_client(network)
    url = reverse("members:workspace_network", args=[network.slug])
    client.get(url)

    failed = client.post(
        reverse("members:role_grant", args=[network.slug]),
        {"grant-email": "niemand@stadt.example", "grant-role": "organizer"},
    )

    assert failed.status_code == 400
    assert "niemand@stadt.example" in failed.content.decode()
    assert "niemand@stadt.example" not in client.get(url).content.decode()


def test_the_kept_sections_never_reach_an_admin_of_another_network():
    network, other = NetworkFactory(), NetworkFactory()
    MembershipFactory(network=network, municipality=MunicipalityFactory(name="Ulm"))
    url = reverse("members:workspace_network", args=[network.slug])
    assert admin_client(network).get(url).status_code == 200

    response = admin_client(other).get(url)

    assert response.status_code == 403
    assert "Ulm" not in response.content.decode()
