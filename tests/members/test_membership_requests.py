"""Membership requests end to end: an officer asks for their municipality to join a
network, the network's admins decide, the municipality's officers read the decision."""

import datetime

from django.urls import reverse

from members.models import AuditEntry, Membership
from tests.factories.accounts import UserFactory
from tests.factories.members import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    make_network_admin,
    make_officer,
)


def request_url(municipality):
    return reverse("members:membership_request", args=[municipality.slug])


def test_only_officers_may_ask(client, db):
    municipality = MunicipalityFactory()
    response = client.get(request_url(municipality))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))

    client.force_login(UserFactory())
    assert client.get(request_url(municipality)).status_code == 403

    client.force_login(make_officer(MunicipalityFactory()))
    assert client.get(request_url(municipality)).status_code == 403


def test_request_approval_with_tier_and_date_and_officers_see_it(client, db):
    network = NetworkFactory(name="Modellprojekte Smart Cities")
    already = NetworkFactory(name="Schon Mitglied")
    municipality = MunicipalityFactory()
    MembershipFactory(municipality=municipality, network=already)
    officer = make_officer(municipality)
    colleague = make_officer(municipality)
    client.force_login(officer)

    form = client.get(request_url(municipality)).content.decode()
    assert network.name in form and "Schon Mitglied" not in form
    response = client.post(
        request_url(municipality), {"network": network.pk, "message": "Wir möchten mitmachen."}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(municipality=municipality, network=network)
    assert membership.status == Membership.Status.REQUESTED
    assert membership.requested_by == officer

    admin = make_network_admin(network)
    client.force_login(admin)
    html = client.get(reverse("members:workspace_network", args=[network.slug])).content.decode()
    assert "Wir möchten mitmachen." in html
    prefix = f"membership-{membership.pk}"
    response = client.post(
        reverse("members:membership_decide", args=[network.slug, membership.pk]),
        {
            "decision": "approve",
            f"{prefix}-joined_on": "2024-05-01",
            f"{prefix}-tier": Membership.Tier.FOUNDING,
        },
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.joined_on == datetime.date(2024, 5, 1)
    assert membership.is_founding_member

    entry = AuditEntry.objects.get(action=AuditEntry.Action.MEMBERSHIP_APPROVED)
    assert entry.network_id == network.pk
    assert entry.before["status"] == "requested"
    assert entry.after == {
        "status": "active",
        "tier": "founding",
        "joined_on": "2024-05-01",
        "left_on": None,
    }

    client.force_login(colleague)
    html = client.get(reverse("members:my_requests")).content.decode()
    assert network.name in html


def test_rejection_needs_a_reason_which_the_officers_read(client, db):
    network = NetworkFactory()
    municipality = MunicipalityFactory()
    officer = make_officer(municipality)
    membership = MembershipFactory(
        municipality=municipality,
        network=network,
        status=Membership.Status.REQUESTED,
        requested_by=officer,
        requested_at=datetime.datetime(2025, 1, 2, tzinfo=datetime.UTC),
    )
    client.force_login(make_network_admin(network))
    url = reverse("members:membership_decide", args=[network.slug, membership.pk])
    prefix = f"membership-{membership.pk}"

    response = client.post(url, {"decision": "reject", f"{prefix}-tier": "member"})
    assert response.status_code == 400
    membership.refresh_from_db()
    assert membership.status == Membership.Status.REQUESTED

    reason = "Das Netzwerk nimmt nur Landkreise auf."
    response = client.post(
        url, {"decision": "reject", f"{prefix}-reason": reason, f"{prefix}-tier": "member"}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.REJECTED

    client.force_login(officer)
    assert reason in client.get(reverse("members:my_requests")).content.decode()


def test_a_forged_network_id_changes_nothing(client, db):
    active = NetworkFactory()
    municipality = MunicipalityFactory()
    MembershipFactory(municipality=municipality, network=active)
    client.force_login(make_officer(municipality))

    for forged in (active.pk, 999_999, "x"):
        response = client.post(request_url(municipality), {"network": forged})
        assert response.status_code == 400
    assert Membership.objects.get().status == Membership.Status.ACTIVE
    assert not AuditEntry.objects.exists()


def test_a_forged_municipality_in_post_data_is_ignored(client, db):
    network = NetworkFactory()
    mine, other = MunicipalityFactory(), MunicipalityFactory()
    client.force_login(make_officer(mine))
    client.post(request_url(mine), {"network": network.pk, "municipality": other.pk})
    assert list(Membership.objects.values_list("municipality", flat=True)) == [mine.pk]


def test_admin_of_another_network_cannot_decide(client, db):
    network, other = NetworkFactory(), NetworkFactory()
    membership = MembershipFactory(network=network, status=Membership.Status.REQUESTED)
    client.force_login(make_network_admin(other))

    url = reverse("members:membership_decide", args=[other.slug, membership.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 404
    url = reverse("members:membership_decide", args=[network.slug, membership.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 403
    assert client.get(url).status_code in (403, 405)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.REQUESTED


def test_leaving_is_a_left_date_not_a_deletion(client, db):
    network = NetworkFactory()
    membership = MembershipFactory(network=network, joined_on=datetime.date(2020, 1, 1))
    client.force_login(make_network_admin(network))
    url = reverse("members:membership_edit", args=[network.slug, membership.pk])

    assert client.get(url).status_code == 200
    response = client.post(
        url, {"joined_on": "2020-01-01", "left_on": "2019-12-31", "tier": "member"}
    )
    assert response.status_code == 400
    assert "2019-12-31" in response.content.decode()

    response = client.post(
        url,
        {
            "joined_on": "2020-01-01",
            "left_on": "2025-06-30",
            "tier": "founding",
            "reason": "Austritt",
        },
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.LEFT
    assert membership.left_on == datetime.date(2025, 6, 30)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.MEMBERSHIP_LEFT)
    assert entry.before["left_on"] is None and entry.after["left_on"] == "2025-06-30"
    assert entry.reason == "Austritt"


def test_membership_of_another_network_cannot_be_edited(client, db):
    network, other = NetworkFactory(), NetworkFactory()
    foreign = MembershipFactory(network=other)
    client.force_login(make_network_admin(network))
    url = reverse("members:membership_edit", args=[network.slug, foreign.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"left_on": "2025-01-01", "tier": "member"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == Membership.Status.ACTIVE
