"""ETag and Last-Modified on visitors' content pages (network_portal.conditional): an
unchanged page answers 304, an edit changes the page and its ETag at once, and nobody
signed in ever gets a visitor's page (or a visitor a member's) from a revalidation."""

import pytest
from django.utils import timezone

from network_portal import conditional
from tests.factories.projects import ProjectFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_an_unchanged_page_answers_304_and_an_edit_changes_it_at_once(client, world):
    public, _hidden, _member = world
    url = public.get_absolute_url()
    first = client.get(url)
    etag = first["ETag"]
    assert etag.startswith('W/"') and first.has_header("Last-Modified")
    assert "no-cache" in first["Cache-Control"]

    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""

    public.title = "Rufbus, jetzt überall"
    public.save()
    edited = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert edited.status_code == 200
    assert "Rufbus, jetzt überall" in edited.content.decode()
    assert edited["ETag"] != etag
    # The lists that show the project moved on too.
    listed = client.get("/projekte/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert listed.status_code == 200


def test_the_next_time_bucket_builds_the_page_anew(client, world, monkeypatch):
    """Pages that depend on the day (upcoming events) are at most TIME_BUCKET late."""
    public, _hidden, _member = world
    url = public.get_absolute_url()
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    bucket = conditional.time_bucket(timezone.now())
    monkeypatch.setattr(conditional, "time_bucket", lambda now: bucket + 1)

    later = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert later.status_code == 200
    assert later["ETag"] != etag


def test_each_address_and_language_has_its_own_etag(client, world):
    public, _hidden, _member = world
    url = public.get_absolute_url()
    german = client.get(url)["ETag"]
    assert client.get("/projekte/")["ETag"] != german
    assert client.get("/projekte/?stage=idea")["ETag"] != client.get("/projekte/")["ETag"]
    client.cookies["django_language"] = "en"
    english = client.get(url)
    assert english["ETag"] != german
    assert client.get(url, HTTP_IF_NONE_MATCH=german).status_code == 200


def test_a_member_never_gets_a_visitors_page_nor_an_etag(client, world):
    _public, hidden, member = world
    visitor_page = client.get("/projekte/")
    assert hidden.title not in visitor_page.content.decode()

    as_member = member.get("/projekte/", HTTP_IF_NONE_MATCH=visitor_page["ETag"])
    assert as_member.status_code == 200
    assert hidden.title in as_member.content.decode()
    assert not as_member.has_header("ETag")
    # Nor "*": a signed-in person's page is always built.
    assert member.get("/projekte/", HTTP_IF_NONE_MATCH="*").status_code == 200
    # A visitor's revalidation never reaches the member's page.
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_pages_outside_the_content_get_no_etag(client, world):
    assert not client.get("/kontakt/").has_header("ETag")
    assert client.get("/kontakt/", HTTP_IF_NONE_MATCH="*").status_code == 200


def test_the_cached_counts_of_a_topic_page_show_a_new_project_at_once(client):
    topic = TopicFactory()
    ProjectFactory(topics=[topic])
    assert client.get(f"/themen/{topic.slug}/").context["project_count"] == 1
    ProjectFactory(topics=[topic])
    assert client.get(f"/themen/{topic.slug}/").context["project_count"] == 2
