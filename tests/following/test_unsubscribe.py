"""One-click unsubscribe (RFC 8058) with a signed token that works without signing in: a GET
(a person, or a link scanner) only asks; a POST unsubscribes; a changed or expired token
gets a clear 400 page and changes nothing."""

import pytest
from django.core import signing
from django.urls import reverse

from network_portal.following.delivery import UNSUBSCRIBE_MAX_AGE, unsubscribe_token
from tests.following.conftest import frequency_of, make_follower

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscriber(town):
    return make_follower(town.topic, frequency="daily")


def url(token):
    return reverse("following:unsubscribe", args=[token])


def test_a_get_asks_and_changes_nothing(client, subscriber):
    response = client.get(url(unsubscribe_token(subscriber.pk)))
    assert response.status_code == 200
    assert b'method="post"' in response.content
    assert frequency_of(subscriber) == "daily"


def test_a_post_without_session_or_csrf_token_unsubscribes(subscriber):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(url(unsubscribe_token(subscriber.pk)), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert frequency_of(subscriber) == "none"


def test_a_changed_token_gets_a_400_page(client, subscriber):
    token = unsubscribe_token(subscriber.pk)
    other = unsubscribe_token(subscriber.pk + 1)
    forged = token.split(":")[0] + ":" + other.split(":", 1)[1]
    for bad in (forged, token[:-2] + "xx", "kein-token"):
        response = client.post(url(bad))
        assert response.status_code == 400
        assert "does not work" in response.content.decode() or "funktioniert" in (
            response.content.decode()
        )
    assert frequency_of(subscriber) == "daily"


def test_an_expired_token_gets_a_400_page(client, subscriber, monkeypatch):
    token = unsubscribe_token(subscriber.pk)
    real_time = signing.time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() + UNSUBSCRIBE_MAX_AGE + 60)
    assert client.get(url(token)).status_code == 400
    assert client.post(url(token)).status_code == 400
    assert frequency_of(subscriber) == "daily"


def test_the_token_of_another_purpose_does_not_work(client, subscriber):
    token = signing.dumps(subscriber.pk)  # signed, but not for unsubscribing
    assert client.post(url(token)).status_code == 400
