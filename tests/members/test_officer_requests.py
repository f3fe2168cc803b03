"""Officer requests end to end: a signed-in person asks, an admin of a network the
municipality belongs to (staff where it belongs to none) decides, the person reads it."""

from django.urls import reverse

from members.models import AuditEntry, Officer
from tests.factories.accounts import UserFactory
from tests.factories.members import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    OfficerFactory,
    make_network_admin,
    make_staff,
)


def municipality_in_network():
    network = NetworkFactory()
    municipality = MunicipalityFactory()
    MembershipFactory(network=network, municipality=municipality)
    return network, municipality


def ask(client, municipality, **data):
    data = {
        "role_title": "Chief Digital Officer",
        "message": "Ich leite das Smart-City-Team.",
    } | data
    return client.post(reverse("members:officer_request", args=[municipality.slug]), data)


def test_municipality_page_invites_signed_in_people_and_asks_visitors_to_sign_in(client, db):
    municipality = MunicipalityFactory()
    request_url = reverse("members:officer_request", args=[municipality.slug])

    html = client.get(municipality.get_absolute_url()).content.decode()
    assert request_url not in html
    assert reverse("account_login") in html

    client.force_login(UserFactory())
    assert request_url in client.get(municipality.get_absolute_url()).content.decode()

    officer = OfficerFactory(municipality=municipality).user
    client.force_login(officer)
    html = client.get(municipality.get_absolute_url()).content.decode()
    assert request_url not in html
    assert reverse("members:membership_request", args=[municipality.slug]) in html


def test_visitors_are_sent_to_sign_in(client, db):
    municipality = MunicipalityFactory()
    for url in (
        reverse("members:officer_request", args=[municipality.slug]),
        reverse("members:my_requests"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_request_approval_and_the_requester_sees_it(client, db):
    network, municipality = municipality_in_network()
    person = UserFactory()
    client.force_login(person)

    response = ask(client, municipality)
    assert response.status_code == 302
    assert response["Location"] == reverse("members:my_requests")
    officer = Officer.objects.get(user=person, municipality=municipality)
    assert officer.status == Officer.Status.REQUESTED
    html = client.get(reverse("members:my_requests")).content.decode()
    assert municipality.name in html and "Chief Digital Officer" in html

    admin = make_network_admin(network)
    client.force_login(admin)
    workspace = client.get(reverse("members:workspace_network", args=[network.slug]))
    assert "Ich leite das Smart-City-Team." in workspace.content.decode()
    response = client.post(
        reverse("members:officer_decide", args=[network.slug, officer.pk]),
        {"decision": "approve", f"officer-{officer.pk}-reason": ""},
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.status == Officer.Status.APPROVED
    assert officer.decided_by == admin

    entry = AuditEntry.objects.get(action=AuditEntry.Action.OFFICER_APPROVED)
    assert entry.network_id == network.pk
    assert entry.before == {"status": "requested"} and entry.after == {"status": "approved"}

    client.force_login(person)
    response = client.get(municipality.get_absolute_url())
    assert response.wsgi_request.viewer.is_officer_of(municipality)


def test_rejection_needs_a_reason_and_the_requester_reads_it(client, db):
    network, municipality = municipality_in_network()
    officer = OfficerFactory(municipality=municipality, status=Officer.Status.REQUESTED)
    admin = make_network_admin(network)
    client.force_login(admin)
    url = reverse("members:officer_decide", args=[network.slug, officer.pk])

    response = client.post(url, {"decision": "reject", f"officer-{officer.pk}-reason": "  "})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    officer.refresh_from_db()
    assert officer.status == Officer.Status.REQUESTED

    reason = "Bitte mit der Dienstadresse der Stadt anfragen."
    response = client.post(url, {"decision": "reject", f"officer-{officer.pk}-reason": reason})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.status == Officer.Status.REJECTED

    client.force_login(officer.user)
    assert reason in client.get(reverse("members:my_requests")).content.decode()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.OFFICER_REJECTED)
    assert entry.reason == reason


def test_an_invalid_request_keeps_what_was_typed(client, user, db):
    municipality = MunicipalityFactory()
    client.force_login(user)
    response = ask(client, municipality, role_title="", message="Mein Text bleibt.")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Mein Text bleibt." in html
    assert 'aria-invalid="true"' in html
    assert not Officer.objects.exists()


def test_asking_twice_is_refused_with_a_message(client, user, db):
    municipality = MunicipalityFactory()
    client.force_login(user)
    ask(client, municipality)
    response = ask(client, municipality)
    assert response.status_code == 400
    # The page says the request is waiting and links to where its decision will show.
    assert reverse("members:my_requests") in response.content.decode()
    assert Officer.objects.count() == 1


def test_staff_decide_for_a_municipality_in_no_network(client, db):
    municipality = MunicipalityFactory()
    officer = OfficerFactory(municipality=municipality, status=Officer.Status.REQUESTED)
    other_network, _ = municipality_in_network()
    client.force_login(make_network_admin(other_network))
    url = reverse("members:officer_decide_unaffiliated", args=[officer.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 403

    client.force_login(make_staff())
    assert municipality.name in client.get(reverse("members:workspace")).content.decode()
    assert client.post(url, {"decision": "approve"}).status_code == 302
    officer.refresh_from_db()
    assert officer.status == Officer.Status.APPROVED
    assert AuditEntry.objects.get(action=AuditEntry.Action.OFFICER_APPROVED).network_id is None


def test_admin_of_another_network_cannot_decide(client, db):
    network, municipality = municipality_in_network()
    other = NetworkFactory()
    officer = OfficerFactory(municipality=municipality, status=Officer.Status.REQUESTED)
    client.force_login(make_network_admin(other))

    # Their own network in the URL, a foreign request's id: it does not exist for them.
    url = reverse("members:officer_decide", args=[other.slug, officer.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 404
    # The foreign network in the URL: they may not administer it.
    url = reverse("members:officer_decide", args=[network.slug, officer.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 403
    officer.refresh_from_db()
    assert officer.status == Officer.Status.REQUESTED
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.OFFICER_APPROVED).exists()


def test_officer_steps_down(client, db):
    network, municipality = municipality_in_network()
    officer = OfficerFactory(municipality=municipality)
    client.force_login(officer.user)
    url = reverse("members:officer_step_down", args=[officer.pk])

    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.status == Officer.Status.STEPPED_DOWN
    assert AuditEntry.objects.filter(action=AuditEntry.Action.OFFICER_STEPPED_DOWN).exists()


def test_nobody_steps_down_for_someone_else(client, user, db):
    officer = OfficerFactory()
    client.force_login(user)
    assert client.post(reverse("members:officer_step_down", args=[officer.pk])).status_code == 404
    officer.refresh_from_db()
    assert officer.status == Officer.Status.APPROVED


def test_admin_removes_an_officer_with_a_reason(client, db):
    network, municipality = municipality_in_network()
    officer = OfficerFactory(municipality=municipality)
    client.force_login(make_network_admin(network))
    url = reverse("members:officer_remove", args=[network.slug, officer.pk])

    response = client.post(url, {f"remove-{officer.pk}-reason": ""})
    assert response.status_code == 400
    officer.refresh_from_db()
    assert officer.status == Officer.Status.APPROVED

    response = client.post(url, {f"remove-{officer.pk}-reason": "Hat die Stadt verlassen."})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.status == Officer.Status.REMOVED
    entry = AuditEntry.objects.get(action=AuditEntry.Action.OFFICER_REMOVED)
    assert entry.network_id == network.pk and entry.reason == "Hat die Stadt verlassen."

    client.force_login(officer.user)
    assert "Hat die Stadt verlassen." in client.get(reverse("members:my_requests")).content.decode()
