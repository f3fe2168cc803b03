"""Sessions: inactivity timeout, absolute lifetime, a new key at sign-in, and sign-out,
password change, password reset and deactivation end the person's other sessions."""

import types

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from network_portal import middleware
from tests.factories.accounts import UserFactory


class Clock:
    def __init__(self, now=1_800_000_000):
        self.now = now

    def time(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(middleware, "time", types.SimpleNamespace(time=clock.time))
    return clock


def sign_in(user, password) -> Client:
    """A browser of its own, signed in through the login form like a person."""
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": password}, secure=True
    )
    assert response.status_code == 302, response.content[:500]
    return client


def signed_in(client) -> bool:
    response = client.get(reverse("home"), secure=True)
    return response.wsgi_request.user.is_authenticated


def test_session_ends_after_the_inactivity_timeout(settings, clock, user, password):
    settings.SESSION_IDLE_TIMEOUT = 600
    settings.SESSION_ABSOLUTE_LIFETIME = 3600
    client = sign_in(user, password)
    assert signed_in(client)

    clock.now += 600  # exactly the timeout: still fine
    assert signed_in(client)
    clock.now += 601
    assert not signed_in(client)
    assert "_auth_user_id" not in client.session


def test_session_ends_after_its_absolute_lifetime_however_active(settings, clock, user, password):
    settings.SESSION_IDLE_TIMEOUT = 600
    settings.SESSION_ABSOLUTE_LIFETIME = 1500
    client = sign_in(user, password)
    assert signed_in(client)

    for _step in range(3):  # a request every 500 s: never idle
        clock.now += 500
        assert signed_in(client)
    clock.now += 500  # 2000 s after sign-in
    assert not signed_in(client)


def test_sign_in_gives_a_new_session_key(client, user, password):
    session = client.session
    session["visited"] = True
    session.save()
    before = client.cookies["sessionid"].value

    client.post(reverse("account_login"), {"login": user.email, "password": password}, secure=True)

    after = client.cookies["sessionid"].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert Session.objects.filter(session_key=after).exists()


def test_sign_out_ends_the_persons_sessions_on_other_devices(user, password):
    laptop, phone = sign_in(user, password), sign_in(user, password)
    somebody_else = sign_in(UserFactory(), password)
    assert UserSession.objects.filter(user=user).count() == 2

    laptop.post(reverse("account_logout"), secure=True)

    assert not signed_in(laptop)
    assert not signed_in(phone)
    assert not UserSession.objects.filter(user=user).exists()
    assert signed_in(somebody_else)


def test_an_idle_session_ending_leaves_the_other_devices_signed_in(settings, clock, user, password):
    settings.SESSION_IDLE_TIMEOUT = 600
    laptop, phone = sign_in(user, password), sign_in(user, password)
    assert signed_in(laptop)
    clock.now += 550
    assert signed_in(phone)
    clock.now += 100  # the laptop has been idle for 650 s, the phone for 100 s

    assert not signed_in(laptop)
    assert signed_in(phone)


def test_password_change_ends_the_other_sessions_but_keeps_this_one(user, password):
    laptop, phone = sign_in(user, password), sign_in(user, password)

    response = laptop.post(
        reverse("account_change_password"),
        {
            "oldpassword": password,
            "password1": "neues-Pferd-Batterie-7",
            "password2": "neues-Pferd-Batterie-7",
        },
        secure=True,
    )

    assert response.status_code == 302
    assert signed_in(laptop)
    assert not signed_in(phone)
    assert list(UserSession.objects.filter(user=user).values_list("session_key", flat=True)) == [
        laptop.session.session_key
    ]


def test_password_reset_ends_every_session(client, user, password):
    phone = sign_in(user, password)
    user.refresh_from_db()  # the token covers last_login, which signing in changed
    url = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    form_url = client.get(url, secure=True)["Location"]

    response = client.post(
        form_url,
        {"password1": "neues-Pferd-Batterie-7", "password2": "neues-Pferd-Batterie-7"},
        secure=True,
    )

    assert response.status_code == 302
    assert not signed_in(phone)
    assert not UserSession.objects.filter(user=user).exists()


def test_deactivating_a_person_ends_their_sessions(user, password):
    laptop = sign_in(user, password)
    other = UserFactory()
    other_client = sign_in(other, password)

    user.is_active = False
    user.save()

    assert not Session.objects.filter(session_key=laptop.session.session_key).exists()
    assert not signed_in(laptop)
    assert signed_in(other_client)
