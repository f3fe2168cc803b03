"""Sessions live in PostgreSQL and are read through Redis (cached_db) where the portal has
Redis: a signed-in request reads no session row, and emptying Redis signs nobody out."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not settings.REDIS_URL, reason="sessions go through Redis only with it"),
]


def session_reads(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"]]


def test_a_signed_in_request_reads_its_session_from_redis(signed_in_client):
    url = reverse("members:my_requests")
    assert signed_in_client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert signed_in_client.get(url).status_code == 200
    assert session_reads(queries) == []


def test_emptying_redis_signs_nobody_out(signed_in_client):
    url = reverse("members:my_requests")
    assert signed_in_client.get(url).status_code == 200
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        again = signed_in_client.get(url)
    assert again.status_code == 200  # not sent to sign in
    assert len(session_reads(queries)) == 1
