"""Changing the sign-in data: reauthentication, email notices, and login rate limits that
count the client's own address behind the TLS proxy."""

from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory

NEW_PASSWORD = "Smarte-Region-2030!"


def test_adding_an_address_asks_for_the_password_first(signed_in_client, user):
    response = signed_in_client.post(
        reverse("account_email"), {"action_add": "", "email": "neu@example.org"}
    )

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("account_reauthenticate")
    assert not EmailAddress.objects.filter(email="neu@example.org").exists()

    response = signed_in_client.post(
        reverse("account_reauthenticate") + "?next=" + reverse("account_email"),
        {"password": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    signed_in_client.post(reverse("account_email"), {"action_add": "", "email": "neu@example.org"})
    assert EmailAddress.objects.filter(user=user, email="neu@example.org").exists()


def reauthenticate(client):
    response = client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302


def test_changing_the_password_asks_for_the_current_one(signed_in_client, user):
    response = signed_in_client.post(
        reverse("account_change_password"),
        {"oldpassword": "not-the-password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert "oldpassword" in response.context["form"].errors
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)
    assert not mail.outbox


def test_a_password_change_is_announced_by_email(signed_in_client, user):
    response = signed_in_client.post(
        reverse("account_change_password"),
        {"oldpassword": DEFAULT_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert "Passwort" in mail.outbox[0].subject


def test_a_new_primary_address_is_announced_to_the_old_one(client, user):
    old_address = user.email
    client.force_login(user)
    reauthenticate(client)
    EmailAddress.objects.create(user=user, email="neu@example.org", verified=True)

    response = client.post(
        reverse("account_email"), {"action_primary": "", "email": "neu@example.org"}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "neu@example.org"
    notice = mail.outbox[-1]
    assert notice.to == [old_address]
    assert "neu@example.org" in notice.body


def test_removing_an_address_is_announced(client, user):
    client.force_login(user)
    reauthenticate(client)
    EmailAddress.objects.create(user=user, email="zweit@example.org", verified=True)

    client.post(reverse("account_email"), {"action_remove": "", "email": "zweit@example.org"})

    assert not EmailAddress.objects.filter(email="zweit@example.org").exists()
    assert mail.outbox[-1].to == [user.email]
    assert "zweit@example.org" in mail.outbox[-1].body


def fail_logins(client, *, address, times):
    for attempt in range(times):
        client.post(
            reverse("account_login"),
            {"login": f"nobody{attempt}@example.org", "password": "falsch-falsch"},
            HTTP_X_FORWARDED_FOR=address,
        )


def sign_in(client, user, *, address):
    return client.post(
        reverse("account_login"),
        {"login": user.email, "password": DEFAULT_PASSWORD},
        HTTP_X_FORWARDED_FOR=address,
    )


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_failed_logins_lock_out_only_their_own_address(client, db):
    """Every request comes from the proxy (REMOTE_ADDR 127.0.0.1); the proxy appends the
    client's address to X-Forwarded-For. Ten failures from one client lock that client out
    (login_failed: 10/m/ip), while another client still signs in."""
    user = UserFactory()
    fail_logins(client, address="203.0.113.5", times=10)

    locked = sign_in(client, user, address="203.0.113.5")
    assert "_auth_user_id" not in client.session
    assert locked.status_code in (200, 429)

    other = sign_in(client, user, address="198.51.100.7")
    assert other.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_the_client_cannot_choose_its_address_by_sending_the_header(client, db):
    """A client that sends its own X-Forwarded-For gets the proxy's entry appended: only
    the rightmost entry counts, so a forged first entry changes nothing."""
    user = UserFactory()
    fail_logins(client, address="203.0.113.5", times=10)

    response = sign_in(client, user, address="198.51.100.99, 203.0.113.5")

    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


@override_settings(ALLAUTH_TRUSTED_CLIENT_IP_HEADER="X-Real-IP")
def test_a_proxy_header_with_the_client_address_can_be_trusted_instead(client, db):
    user = UserFactory()
    for attempt in range(10):
        client.post(
            reverse("account_login"),
            {"login": f"nobody{attempt}@example.org", "password": "falsch-falsch"},
            HTTP_X_REAL_IP="203.0.113.5",
        )

    client.post(
        reverse("account_login"),
        {"login": user.email, "password": DEFAULT_PASSWORD},
        HTTP_X_REAL_IP="203.0.113.5",
    )
    assert "_auth_user_id" not in client.session
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": DEFAULT_PASSWORD},
        HTTP_X_REAL_IP="198.51.100.7",
    )
    assert response.status_code == 302


@pytest.mark.parametrize("proxy_count", [0])
def test_without_the_proxy_setting_everyone_shares_the_proxys_address(client, db, proxy_count):
    """Why the setting matters: ignoring X-Forwarded-For, ten failures lock out everyone."""
    user = UserFactory()
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=proxy_count):
        fail_logins(client, address="203.0.113.5", times=10)
        sign_in(client, user, address="198.51.100.7")

    assert "_auth_user_id" not in client.session
