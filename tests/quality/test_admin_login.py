"""The Django admin signs people in through allauth, so its login is rate-limited like the
portal's (allauth's ACCOUNT_RATE_LIMITS login_failed: 5 failures per address in 5 minutes)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    generate_totp_secret,
)
from django.urls import reverse

from tests.factories.accounts import UserFactory
from tests.factories.members import totp_code


@pytest.fixture
def staff(db):
    """Staff sign in with two factors (the admin opens only then): an authenticator app."""
    user = UserFactory(is_staff=True, is_superuser=True)
    user.totp_secret = generate_totp_secret()
    TOTP.activate(user, user.totp_secret)
    return user


def test_admin_login_page_sends_people_to_the_portal_sign_in(client, db):
    response = client.get(reverse("admin:login"), secure=True)

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == reverse("account_login")
    assert parse_qs(location.query)["next"] == [reverse("admin:login")]


def test_posting_credentials_to_the_admin_login_does_not_sign_in(client, staff, password):
    response = client.post(
        reverse("admin:login"), {"username": staff.username, "password": password}, secure=True
    )

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("account_login")
    assert "_auth_user_id" not in client.session


def test_staff_sign_in_through_the_portal_reaches_the_admin(client, staff, password):
    response = client.post(
        reverse("account_login"), {"login": staff.email, "password": password}, secure=True
    )
    assert response["Location"] == reverse("mfa_authenticate")
    code = totp_code(staff.totp_secret)
    response = client.post(reverse("mfa_authenticate"), {"code": code}, secure=True)
    assert response.status_code == 302

    assert client.get(reverse("admin:index"), secure=True).status_code == 200


def test_admin_sign_in_is_blocked_after_repeated_failures(client, staff, password):
    for _attempt in range(5):
        response = client.post(
            reverse("account_login"),
            {"login": staff.email, "password": "falsch-falsch"},
            secure=True,
        )
        assert response.status_code == 200

    response = client.post(
        reverse("account_login"), {"login": staff.email, "password": password}, secure=True
    )

    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
    assert client.get(reverse("admin:index"), secure=True).status_code == 302


def test_signed_in_non_staff_gets_403_from_the_admin_login(signed_in_client):
    assert signed_in_client.get(reverse("admin:login"), secure=True).status_code == 403
