"""A person's own data: the JSON download of everything the portal holds about them, and
deleting the account, after which their address is nowhere in the database."""

import json
import subprocess

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse

import members.models
from members.account_services import account_delete, account_export
from members.models import NetworkRole, Person
from network_portal.backups import database_backup, pg_program
from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory
from tests.factories.members import NetworkRoleFactory, PersonFactory

AuditEntry = members.models.AuditEntry
User = get_user_model()


@pytest.mark.parametrize("url_name", ["account_data", "account_data_download", "account_delete"])
def test_visitors_are_asked_to_sign_in(client, db, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_urls_sit_in_the_account_area():
    assert reverse("account_data") == "/konto/daten/"
    assert reverse("account_delete") == "/konto/loeschen/"


def test_the_data_page_links_to_download_and_deletion(signed_in_client):
    html = signed_in_client.get(reverse("account_data")).content.decode()

    assert reverse("account_data_download") in html
    assert reverse("account_delete") in html


def test_the_download_holds_the_account_and_every_row_linked_to_it(signed_in_client, user):
    EmailAddress.objects.create(user=user, email="zweite@example.org", verified=False)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    role = NetworkRoleFactory(user=user)

    response = signed_in_client.get(reverse("account_data_download"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    data = json.loads(response.content)
    assert data["user"]["email"] == user.email
    assert data["user"]["id"] == user.pk
    assert "password" not in data["user"]
    assert {a["email"] for a in data["email_addresses"]} == {user.email, "zweite@example.org"}
    assert sorted(a["type"] for a in data["two_factor"]) == ["recovery_codes", "totp"]
    assert all(set(a) == {"type", "created_at", "last_used_at"} for a in data["two_factor"])
    # Generic: every model with a foreign key to the user appears with its rows.
    roles = data["related"]["members.networkrole"]
    assert [(r["id"], r["linked_by"], r["network_id"]) for r in roles] == [
        (role.pk, "user", role.network_id)
    ]
    # No secret of any kind: password hash, TOTP seed, recovery codes, session keys.
    body = response.content.decode()
    assert user.password not in body
    assert secret not in body
    for code in RecoveryCodes(
        Authenticator.objects.get(user=user, type="recovery_codes")
    ).get_unused_codes():
        assert code not in body
    assert signed_in_client.session.session_key not in body


def test_the_export_lists_sessions_without_their_keys(client, user):
    client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})

    data = account_export(user=user)

    assert len(data["sessions"]) == 1
    assert set(data["sessions"][0]) == {"created_at", "last_seen_at", "ip", "user_agent"}


def test_the_export_leaves_other_peoples_rows_out(db):
    user, other = UserFactory(), UserFactory()
    NetworkRoleFactory(user=other)

    data = account_export(user=user)

    assert "members.networkrole" not in data["related"]
    assert other.email not in json.dumps(data, default=str)


def test_deleting_needs_the_password(signed_in_client, user):
    assert signed_in_client.get(reverse("account_delete")).status_code == 200

    response = signed_in_client.post(reverse("account_delete"), {"password": "nicht-richtig"})

    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert User.objects.filter(pk=user.pk).exists()


def test_deleting_is_post_only(signed_in_client, user):
    assert signed_in_client.put(reverse("account_delete")).status_code == 405
    assert User.objects.filter(pk=user.pk).exists()


def test_deleting_removes_the_account_and_signs_out(signed_in_client, user):
    NetworkRoleFactory(user=user)
    TOTP.activate(user, generate_totp_secret())

    response = signed_in_client.post(reverse("account_delete"), {"password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert not User.objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.filter(email=user.email).exists()
    assert not NetworkRole.objects.filter(user_id=user.pk).exists()
    assert not Authenticator.objects.filter(user_id=user.pk).exists()
    assert "_auth_user_id" not in signed_in_client.session
    assert not mail.outbox


def test_deleting_ends_the_sessions_on_other_devices(client, user):
    from django.test import Client

    other_device = Client()
    other_device.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})

    client.post(reverse("account_delete"), {"password": DEFAULT_PASSWORD})

    assert other_device.get(reverse("account_data")).status_code == 302


def make_traces(user):
    """Where else an address turns up: the contact entry of the person, a line of the admin
    log that staff wrote about the account, a contact entry of someone else."""
    person = PersonFactory(email=user.email.upper())
    kept = PersonFactory()
    staff = UserFactory(is_staff=True)
    LogEntry.objects.create(
        user=staff,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(user.pk),
        object_repr=user.email,
        action_flag=CHANGE,
        change_message=json.dumps([{"changed": {"fields": ["Email"]}}]) + f" {user.email}",
    )
    audit = AuditEntry.objects.create(
        actor_id=user.pk,
        actor_label=f"Person #{user.pk}",
        action=AuditEntry.Action.ROLE_GRANTED,
        object_type="members.networkrole",
        object_id="1",
        object_label="Rolle",
    )
    return person, kept, audit


def test_deleting_scrubs_the_address_from_the_admin_log_and_contact_entries(db):
    user = UserFactory(email="weg.damit@stadt.example")
    EmailAddress.objects.create(user=user, email="alt@stadt.example", verified=True)
    person, kept, _audit = make_traces(user)
    PersonFactory(email="alt@stadt.example")

    account_delete(user=user)

    person.refresh_from_db()
    assert person.email == ""
    assert Person.objects.get(pk=kept.pk).email == kept.email
    assert not Person.objects.filter(email__iexact="alt@stadt.example").exists()
    entry = LogEntry.objects.get()
    assert "weg.damit@stadt.example" not in entry.object_repr + entry.change_message
    assert entry.get_change_message()  # the JSON part still reads


def test_deleting_an_account_records_the_rights_that_end_with_it(db):
    from tests.factories.members import NetworkRoleFactory

    role = NetworkRoleFactory()
    user = role.user
    user_id = user.pk

    account_delete(user=user)

    revoked = AuditEntry.objects.get(action=AuditEntry.Action.ROLE_REVOKED)
    assert revoked.network_id == role.network_id and revoked.actor_id == user_id
    deleted = AuditEntry.objects.get(action=AuditEntry.Action.ACCOUNT_DELETED)
    assert user.email not in str(deleted.__dict__) + str(revoked.__dict__)


def test_audit_entries_survive_with_their_pseudonym(db):
    user = UserFactory()
    _person, _kept, audit = make_traces(user)

    account_delete(user=user)

    entry = AuditEntry.objects.get(pk=audit.pk)
    assert entry.actor_id == audit.actor_id
    assert entry.actor_label == f"Person #{audit.actor_id}"


def test_after_deletion_the_address_is_nowhere_in_a_database_dump(transactional_db, tmp_path):
    address = "loesch-mich-7f3a@stadt.example"
    user = UserFactory(email=address)
    NetworkRoleFactory(user=user)
    TOTP.activate(user, generate_totp_secret())
    person, kept, _audit = make_traces(user)

    def dump_text():
        dump = database_backup(target=tmp_path / "portal.dump")
        # The custom format is compressed: pg_restore writes it out as plain SQL.
        sql = subprocess.run(  # noqa: S603
            [pg_program("pg_restore"), "--data-only", "--file=-", str(dump)],
            capture_output=True,
            check=True,
        ).stdout
        return sql.lower()

    assert address.encode() in dump_text()  # the dump shows what it holds

    account_delete(user=user)

    text = dump_text()
    assert address.encode() not in text
    assert kept.email.encode() in text
    assert person.name.encode().lower() in text


@pytest.mark.parametrize("url_name", ["account_data", "account_delete", "mfa_index"])
def test_the_pages_say_sie_in_german(signed_in_client, url_name):
    from tests.foundation.test_formal_address import assert_formal

    assert_formal(signed_in_client.get(reverse(url_name)))
