"""Rate limits of anonymous downloads per client address (network_portal/exports/guard.py)."""

import pytest
from django.test import Client
from django.urls import reverse

URLS = ("exports:projects_csv", "exports:projects_feed", "exports:events_ics")


@pytest.fixture
def three_a_minute(settings):
    settings.EXPORT_RATE_LIMIT = (3, 60)


@pytest.mark.parametrize("name", URLS)
def test_a_visitor_over_the_limit_gets_429_with_retry_after(data, three_a_minute, name):
    client = Client(REMOTE_ADDR="203.0.113.7")
    url = reverse(name)
    for _ in range(3):
        assert client.get(url).status_code == 200
    response = client.get(url)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "try again" in response.content.decode().lower() or "erneut" in response.content.decode()
    # Another address is not held up.
    assert Client(REMOTE_ADDR="203.0.113.8").get(url).status_code == 200


def test_a_signed_in_member_is_not_limited(data, three_a_minute, officer_client):
    url = reverse("exports:projects_csv")
    for _ in range(5):
        assert officer_client.get(url, REMOTE_ADDR="203.0.113.9").status_code == 200


def test_behind_the_proxy_the_real_client_address_counts(data, three_a_minute, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    url = reverse("exports:recaps_feed")
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = Client(HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
    second = Client(HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy)
    for _ in range(3):
        assert first.get(url).status_code == 200
    assert first.get(url).status_code == 429
    # Same proxy, another client behind it.
    assert second.get(url).status_code == 200
