"""The network admins' workspace: who may open it, roles, and its query budget."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import AuditEntry, Membership, NetworkRole, Officer
from tests.factories.accounts import UserFactory
from tests.factories.members import (
    MembershipFactory,
    NetworkFactory,
    NetworkRoleFactory,
    OfficerFactory,
    make_network_admin,
    make_staff,
)


def workspace_urls(network):
    return [
        reverse("members:workspace_network", args=[network.slug]),
        reverse("members:audit_log", args=[network.slug]),
    ]


def test_visitors_are_sent_to_sign_in_everywhere(client, db):
    network = NetworkFactory()
    urls = [
        reverse("members:workspace"),
        reverse("members:audit_log_all"),
        *workspace_urls(network),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url
    response = client.post(reverse("members:role_grant", args=[network.slug]), {})
    assert response["Location"].startswith(reverse("account_login"))


def test_signed_in_without_the_right_get_403_and_unknown_networks_404(client, db):
    network = NetworkFactory()
    client.force_login(UserFactory())
    assert client.get(reverse("members:workspace")).status_code == 403
    assert client.get(reverse("members:audit_log_all")).status_code == 403
    for url in workspace_urls(network):
        assert client.get(url).status_code == 403, url
    assert (
        client.get(reverse("members:workspace_network", args=["gibt-es-nicht"])).status_code == 404
    )


def test_an_admin_reaches_only_their_network(client, db):
    network, other = NetworkFactory(), NetworkFactory()
    client.force_login(make_network_admin(network))
    assert client.get(reverse("members:workspace")).status_code == 200
    for url in workspace_urls(network):
        assert client.get(url).status_code == 200, url
    for url in workspace_urls(other):
        assert client.get(url).status_code == 403, url
    assert client.get(reverse("members:audit_log_all")).status_code == 403


def test_an_organizer_is_no_admin(client, db):
    network = NetworkFactory()
    role = NetworkRoleFactory(network=network, role=NetworkRole.Role.ORGANIZER)
    client.force_login(role.user)
    assert client.get(reverse("members:workspace_network", args=[network.slug])).status_code == 403


def test_staff_reach_every_network_and_the_whole_log(client, db):
    network = NetworkFactory()
    client.force_login(make_staff())
    for url in [
        reverse("members:workspace"),
        reverse("members:audit_log_all"),
        *workspace_urls(network),
    ]:
        assert client.get(url).status_code == 200, url


def test_an_admin_without_two_factors_is_sent_to_set_them_up(client, db):
    network = NetworkFactory()
    role = NetworkRoleFactory(network=network, role=NetworkRole.Role.ADMIN)
    client.force_login(role.user)
    for url in [reverse("members:workspace"), *workspace_urls(network)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp")
    response = client.get(reverse("members:workspace"), follow=True)
    assert list(response.context["messages"])
    # The nav offers the workspace, which leads there.
    assert reverse("members:workspace") in client.get(reverse("home")).content.decode()


def test_wrong_methods_get_405(client, db):
    network = NetworkFactory()
    admin = make_network_admin(network)
    client.force_login(admin)
    role = NetworkRole.objects.get(user=admin)
    membership = MembershipFactory(network=network, status=Membership.Status.REQUESTED)
    officer = OfficerFactory(municipality=MembershipFactory(network=network).municipality)
    post_only = [
        reverse("members:role_grant", args=[network.slug]),
        reverse("members:role_revoke", args=[network.slug, role.pk]),
        reverse("members:membership_decide", args=[network.slug, membership.pk]),
        reverse("members:officer_decide", args=[network.slug, officer.pk]),
        reverse("members:officer_remove", args=[network.slug, officer.pk]),
    ]
    for url in post_only:
        assert client.get(url).status_code == 405, url
    for url in workspace_urls(network):
        assert client.post(url).status_code == 405, url


def test_grant_a_role_by_address_and_revoke_it(client, db):
    network = NetworkFactory()
    client.force_login(make_network_admin(network))
    person = UserFactory(email="kim@stadt.example")
    url = reverse("members:role_grant", args=[network.slug])

    response = client.post(url, {"grant-email": "niemand@stadt.example", "grant-role": "organizer"})
    assert response.status_code == 400
    assert "niemand@stadt.example" in response.content.decode()

    response = client.post(url, {"grant-email": "KIM@stadt.example", "grant-role": "organizer"})
    assert response.status_code == 302
    role = NetworkRole.objects.get(user=person, network=network)
    assert role.role == NetworkRole.Role.ORGANIZER
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ROLE_GRANTED)
    assert entry.after == {"user": person.pk, "role": "organizer"}

    response = client.post(reverse("members:role_revoke", args=[network.slug, role.pk]))
    assert response.status_code == 302
    assert not NetworkRole.objects.filter(pk=role.pk).exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ROLE_REVOKED)
    assert entry.before == {"user": person.pk, "role": "organizer"}


def test_the_last_admin_cannot_remove_themselves(client, db):
    network = NetworkFactory()
    admin = make_network_admin(network)
    client.force_login(admin)
    role = NetworkRole.objects.get(user=admin)
    response = client.post(
        reverse("members:role_revoke", args=[network.slug, role.pk]), follow=True
    )
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert NetworkRole.objects.filter(pk=role.pk).exists()
    assert not AuditEntry.objects.exists()


def test_roles_of_another_network_are_out_of_reach(client, db):
    network, other = NetworkFactory(), NetworkFactory()
    client.force_login(make_network_admin(network))
    foreign = NetworkRoleFactory(network=other, role=NetworkRole.Role.ORGANIZER)
    response = client.post(reverse("members:role_revoke", args=[network.slug, foreign.pk]))
    assert response.status_code == 404
    assert NetworkRole.objects.filter(pk=foreign.pk).exists()


def test_a_grant_names_its_network_only_in_the_url(client, db):
    """A forged network field in the POST data grants nothing in that network."""
    network, other = NetworkFactory(), NetworkFactory()
    client.force_login(make_network_admin(network))
    person = UserFactory()
    client.post(
        reverse("members:role_grant", args=[network.slug]),
        {
            "grant-email": person.email,
            "grant-role": "admin",
            "network": other.pk,
            "grant-network": other.pk,
        },
    )
    assert list(NetworkRole.objects.filter(user=person).values_list("network", flat=True)) == [
        network.pk
    ]


def fill(network, rows):
    """`rows` of everything the workspace lists. Accounts without a password (hashing one
    takes long) act in turns; audit entries name existing and deleted accounts."""
    officer, requester = UserFactory(password=None), UserFactory(password=None)
    entries = []
    for number in range(rows):
        municipality = MembershipFactory(network=network).municipality
        OfficerFactory(municipality=municipality, user=officer)
        OfficerFactory(municipality=municipality, user=requester, status=Officer.Status.REQUESTED)
        MembershipFactory(network=network, status=Membership.Status.REQUESTED)
        # A municipality in no network: staff decide on its officer in the workspace.
        OfficerFactory(user=requester, status=Officer.Status.REQUESTED)
        OfficerFactory(user=officer)
        role = NetworkRoleFactory(network=network, user__password=None)
        entries.append(
            AuditEntry(
                actor_id=role.user_id if number % 2 else 10_000_000 + number,
                actor_label="#deadbeef",
                action=AuditEntry.Action.ROLE_GRANTED,
                object_type="members.networkrole",
                object_id=str(role.pk),
                object_label=str(network),
                network=network,
                after={"user": role.user_id, "role": role.role},
            )
        )
    AuditEntry.objects.bulk_create(entries)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url_name", ["members:workspace_network", "members:audit_log", "members:workspace"]
)
def test_query_count_does_not_grow_with_rows(client, db, url_name):
    network = NetworkFactory()
    staff = make_staff()
    client.force_login(staff)
    args = [] if url_name == "members:workspace" else [network.slug]
    url = reverse(url_name, args=args)

    client.get(url)  # the first request of a session also stamps it
    fill(network, 10)
    few = count_queries(client, url)
    fill(network, 90)
    assert count_queries(client, url) == few


def test_staff_find_imports_and_exports_from_the_workspace_and_admins_do_not(client, db):
    network = NetworkFactory()
    jobs = reverse("jobs:list")
    client.force_login(make_staff())
    assert f'href="{jobs}"' in client.get(reverse("members:workspace")).content.decode()
    assert client.get(jobs).status_code == 200
    client.force_login(make_network_admin(network))
    assert f'href="{jobs}"' not in client.get(reverse("members:workspace")).content.decode()


def overview_counts(client, network):
    """(members, requests waiting) in the workspace's row of `network`."""
    network_row = next(
        row
        for row in client.get(reverse("members:workspace")).context["networks"]
        if row.pk == network.pk
    )
    return network_row.member_total, network_row.pending_memberships


def test_the_overview_counts_members_and_requests_and_shows_a_decision_at_once(client, db):
    network = NetworkFactory()
    client.force_login(make_network_admin(network))
    members, waiting_before = overview_counts(client, network)
    MembershipFactory(network=network)
    assert overview_counts(client, network) == (members + 1, waiting_before)

    waiting = MembershipFactory(network=network, status=Membership.Status.REQUESTED)
    MembershipFactory(status=Membership.Status.REQUESTED)  # another network's
    assert overview_counts(client, network) == (members + 1, waiting_before + 1)

    waiting.status = Membership.Status.ACTIVE
    waiting.save()
    assert overview_counts(client, network) == (members + 2, waiting_before)


def test_the_overview_counts_are_kept_between_writes(client, db):
    network = NetworkFactory()
    client.force_login(make_network_admin(network))
    client.get(reverse("members:workspace"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("members:workspace")).status_code == 200
    assert not [q for q in queries.captured_queries if "members_membership" in q["sql"]]
