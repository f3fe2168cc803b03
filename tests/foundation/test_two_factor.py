"""Two factors (allauth mfa: an authenticator app, recovery codes as its fallback).

Staff reach the Django admin only with an authenticator app; without one every admin page
sends them to set it up. has_two_factor() is what network admins' rights will check too."""

from urllib.parse import urlsplit

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    generate_totp_secret,
)
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.urls import reverse

from members.two_factor import has_two_factor
from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory
from tests.factories.members import totp_code


def give_two_factor(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


def test_has_two_factor_needs_an_active_authenticator_app(db):
    user = UserFactory()
    assert not has_two_factor(user)
    assert not has_two_factor(AnonymousUser())
    assert not has_two_factor(None)

    Authenticator.objects.create(user=user, type=Authenticator.Type.RECOVERY_CODES, data={})
    assert not has_two_factor(user), "recovery codes alone are no second factor"

    give_two_factor(user)
    assert has_two_factor(user)

    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    assert not has_two_factor(user)


def test_staff_without_two_factor_are_sent_to_set_it_up(client, staff):
    client.force_login(staff)

    for url in (reverse("admin:index"), reverse("admin:auth_user_changelist")):
        response = client.get(url)

        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp")
    message = [str(m) for m in get_messages(response.wsgi_request)][-1]
    assert "Zwei-Faktor" in message or "two-factor" in message.lower()


def test_the_reason_is_shown_on_the_setup_page(client, staff):
    client.force_login(staff)

    response = client.get(reverse("admin:index"), follow=True, HTTP_ACCEPT_LANGUAGE="en")

    # The setup page asks for the password first (reauthentication); the notice is shown.
    assert response.status_code == 200
    assert "two-factor authentication" in response.content.decode()


def test_posts_to_the_admin_are_refused_too(client, staff):
    client.force_login(staff)
    other = UserFactory()

    response = client.post(reverse("admin:auth_user_delete", args=[other.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert type(other).objects.filter(pk=other.pk).exists()


def test_staff_with_two_factor_open_the_admin(client, staff):
    give_two_factor(staff)
    client.force_login(staff)

    assert client.get(reverse("admin:index")).status_code == 200


def test_people_without_staff_status_still_get_the_admin_login(client, db):
    client.force_login(UserFactory())

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("admin:login")


def test_staff_set_up_the_app_and_then_sign_in_with_a_code(client, staff):
    client.force_login(staff)
    # Setting up asks for the password again.
    response = client.get(reverse("mfa_activate_totp"))
    assert urlsplit(response["Location"]).path == reverse("account_reauthenticate")
    client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})

    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    secret = response.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert response.status_code == 302
    assert has_two_factor(staff)
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.RECOVERY_CODES).exists()
    assert client.get(reverse("admin:index")).status_code == 200

    # The next sign-in asks for a code after the password.
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": staff.email, "password": DEFAULT_PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_the_account_area_links_to_two_factor_settings(client, db):
    client.force_login(UserFactory())

    for url_name in ("account_email", "account_change_password", "account_data"):
        html = client.get(reverse(url_name)).content.decode()
        assert f'href="{reverse("mfa_index")}"' in html, url_name
    assert client.get(reverse("mfa_index")).status_code == 200
