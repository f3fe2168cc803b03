"""Atom feeds (network_portal/exports/feeds.py), read back with ElementTree."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.access import Visibility
from tests.factories.projects import ProjectFactory

ATOM = "{http://www.w3.org/2005/Atom}"


def read(response):
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 (the portal's own output)
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}title").text
    assert feed.find(f"{ATOM}updated") is not None
    return feed


def entry_titles(feed):
    return [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]


def entry_links(feed):
    return [
        entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        for entry in feed.iter(f"{ATOM}entry")
    ]


def feed_urls(world):
    return {
        "all": reverse("exports:projects_feed"),
        "topic": reverse("exports:topic_projects_feed", kwargs={"slug": world.topic.slug}),
        "network": reverse("exports:network_projects_feed", kwargs={"slug": world.n.slug}),
        "municipality": reverse(
            "exports:municipality_projects_feed", kwargs={"slug": world.z.slug}
        ),
    }


@pytest.mark.parametrize("which", ["all", "topic", "network", "municipality"])
def test_project_feeds_hold_public_projects_only_even_for_a_member(
    data, visitor_client, officer_client, which
):
    world = data.world
    url = feed_urls(world)[which]
    for client in (visitor_client, officer_client):
        feed = read(client.get(url))
        titles = entry_titles(feed)
        assert world.public_project.title in titles
        assert world.members_project.title not in titles
        assert all(link.startswith("http") for link in entry_links(feed))
    # Both read the same feed: it can be cached and shared.
    assert visitor_client.get(url).content == officer_client.get(url).content


def test_a_network_feed_has_its_members_projects_and_no_others(data, visitor_client):
    world = data.world
    outside = ProjectFactory(
        title="Projekt in Ypsilanti", slug="iface-y", lead_municipality=world.y
    )
    titles = entry_titles(read(visitor_client.get(feed_urls(world)["network"])))
    assert outside.title not in titles
    assert outside.title in entry_titles(read(visitor_client.get(feed_urls(world)["all"])))


def test_newest_projects_come_first(data, visitor_client):
    newest = ProjectFactory(title="Neuestes Projekt", slug="iface-neu", topics=[data.world.topic])
    titles = entry_titles(read(visitor_client.get(reverse("exports:projects_feed"))))
    assert titles[0] == newest.title


def test_the_recap_feed_holds_published_recaps_from_their_time_on(data, visitor_client):
    world = data.world
    titles = entry_titles(read(visitor_client.get(reverse("exports:recaps_feed"))))
    assert world.recap.title in titles
    assert world.draft_recap.title not in titles
    assert data.scheduled_recap.title not in titles


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        (
            lambda world: reverse("projects:project_list"),
            lambda world: reverse("exports:projects_feed"),
        ),
        (lambda world: reverse("events:recap_list"), lambda world: reverse("exports:recaps_feed")),
        (lambda world: world.topic.get_absolute_url(), lambda world: feed_urls(world)["topic"]),
        (lambda world: world.n.get_absolute_url(), lambda world: feed_urls(world)["network"]),
        (lambda world: world.z.get_absolute_url(), lambda world: feed_urls(world)["municipality"]),
    ],
)
def test_pages_advertise_their_feed_in_the_head(data, visitor_client, page, feed):
    html = visitor_client.get(page(data.world)).content.decode()
    head = html[: html.index("</head>")]
    assert 'type="application/atom+xml"' in head
    assert f'href="{feed(data.world)}"' in head


def test_feeds_answer_304_when_unchanged(data, visitor_client):
    url = reverse("exports:projects_feed")
    first = visitor_client.get(url)
    assert first["Last-Modified"]
    assert visitor_client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    assert (
        visitor_client.get(url, headers={"if-modified-since": first["Last-Modified"]}).status_code
        == 304
    )
    ProjectFactory(title="Noch ein Projekt", slug="iface-noch-eins")
    assert visitor_client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 200


def test_a_members_only_project_made_public_enters_the_feed(data, visitor_client):
    project = data.world.members_project
    project.visibility = Visibility.PUBLIC
    project.save()
    titles = entry_titles(read(visitor_client.get(reverse("exports:projects_feed"))))
    assert project.title in titles


def feed_queries(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "projects_project" in q["sql"]]


def test_a_feed_asked_again_is_kept_and_an_edit_shows_at_once(data, visitor_client):
    url = reverse("exports:projects_feed")
    first = visitor_client.get(url)
    with CaptureQueriesContext(connection) as again:
        second = visitor_client.get(url)
    assert not feed_queries(again)
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == first["Content-Type"]

    project = data.world.public_project
    project.title = "Umbenanntes Projekt"
    project.save()
    assert "Umbenanntes Projekt" in entry_titles(read(visitor_client.get(url)))


def test_a_feed_is_kept_per_language(data, visitor_client):
    url = reverse("exports:projects_feed")
    german = visitor_client.get(url)
    english = visitor_client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert read(german).find(f"{ATOM}title").text == "Neue Projekte"
    assert read(english).find(f"{ATOM}title").text == "New projects"
    assert read(visitor_client.get(url)).find(f"{ATOM}title").text == "Neue Projekte"


def test_a_scheduled_recap_enters_the_kept_feed_at_its_time(data, visitor_client, monkeypatch):
    url = reverse("exports:recaps_feed")
    assert data.scheduled_recap.title not in entry_titles(read(visitor_client.get(url)))
    later = timezone.now() + datetime.timedelta(days=8)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert data.scheduled_recap.title in entry_titles(read(visitor_client.get(url)))
