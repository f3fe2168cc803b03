"""The audit log in the workspace: a network's admins read their network's entries, staff
all; an actor shows as their address while the account exists, else as the pseudonym."""

from django.urls import reverse

from members.models import AuditEntry, NetworkRole
from members.services.audit import pseudonym
from members.services.roles import role_grant
from tests.factories.accounts import UserFactory
from tests.factories.members import NetworkFactory, give_two_factor, make_network_admin, make_staff


def test_admins_read_their_networks_entries_and_staff_all(client, db):
    network, other = NetworkFactory(), NetworkFactory()
    admin = make_network_admin(network, user__email="admin@netz.example")
    other_admin = make_network_admin(other)
    role_grant(actor=admin, network=network, user=UserFactory(), role=NetworkRole.Role.ORGANIZER)
    role_grant(
        actor=other_admin, network=other, user=UserFactory(), role=NetworkRole.Role.ORGANIZER
    )
    mine, foreign = AuditEntry.objects.get(network=network), AuditEntry.objects.get(network=other)

    client.force_login(admin)
    response = client.get(reverse("members:audit_log", args=[network.slug]))
    assert response.status_code == 200
    assert [entry.pk for entry in response.context["entries"]] == [mine.pk]
    assert "admin@netz.example" in response.content.decode()
    assert client.get(reverse("members:audit_log", args=[other.slug])).status_code == 403

    client.force_login(make_staff())
    response = client.get(reverse("members:audit_log_all"))
    assert {entry.pk for entry in response.context["entries"]} == {mine.pk, foreign.pk}


def test_a_deleted_account_shows_as_its_pseudonym(client, db):
    network = NetworkFactory()
    leaving = make_network_admin(network, user__email="geht@netz.example")
    successor = UserFactory()
    give_two_factor(successor)
    role_grant(actor=leaving, network=network, user=successor, role=NetworkRole.Role.ADMIN)
    leaving_id = leaving.pk
    leaving.delete()

    client.force_login(successor)

    html = client.get(reverse("members:audit_log", args=[network.slug])).content.decode()
    assert "geht@netz.example" not in html
    assert pseudonym(leaving_id) in html


def test_entries_are_newest_first_and_pages_out_of_range_are_404(client, db):
    network = NetworkFactory()
    admin = make_network_admin(network)
    for _ in range(3):
        role_grant(actor=admin, network=network, user=UserFactory(password=None), role="organizer")
    client.force_login(admin)
    url = reverse("members:audit_log", args=[network.slug])
    entries = list(client.get(url).context["entries"])
    assert entries == sorted(entries, key=lambda e: (e.created_at, e.pk), reverse=True)
    assert client.get(url, {"page": 99}).status_code == 404
    assert client.get(url, {"page": "x"}).status_code == 404
