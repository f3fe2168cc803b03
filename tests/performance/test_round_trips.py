"""What a kept content page costs in round trips (network_portal.conditional, sessions,
members.auth_backends): a visitor's two to Redis (what the page's key is made of, then the
page) and no query; a signed-in person's two to Redis (their session with the page key's
parts, then the page with their follows) and one query (who they are and their rights)."""

import pytest
import redis.client
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("pages_kept"),
    pytest.mark.skipif(not settings.REDIS_URL, reason="the page cache is Redis only with it"),
]


@pytest.fixture
def redis_commands(monkeypatch):
    sent = []
    execute = redis.client.Redis.execute_command

    def recording(self, *args, **options):
        sent.append(args[0])
        return execute(self, *args, **options)

    monkeypatch.setattr(redis.client.Redis, "execute_command", recording)
    return sent


def page_url(persona_world) -> str:
    return reverse("projects:project_detail", args=[persona_world.public_project.slug])


def test_a_visitor_gets_a_kept_page_in_two_round_trips_and_no_query(
    visitor, persona_world, redis_commands
):
    url = page_url(persona_world)
    visitor.client.get(url)
    visitor.client.get(url)  # now with the CSRF cookie: the page is kept
    redis_commands.clear()
    with CaptureQueriesContext(connection) as queries:
        assert visitor.client.get(url).status_code == 200
    assert redis_commands == ["MGET", "GET"]
    assert len(queries) == 0


def test_a_signed_in_person_gets_a_kept_page_in_two_round_trips_and_one_query(
    officer_x, persona_world, redis_commands
):
    url = page_url(persona_world)
    officer_x.client.get(url)
    officer_x.client.get(url)
    redis_commands.clear()
    with CaptureQueriesContext(connection) as queries:
        response = officer_x.client.get(url)
    assert response.status_code == 200
    assert officer_x.user.email in response.content.decode()
    assert redis_commands == ["MGET", "MGET"]
    assert [q["sql"] for q in queries.captured_queries] == [
        f"EXECUTE portal_user_with_rights({officer_x.user.pk})"
    ]
