"""sitemap.xml and robots.txt (network_portal/exports/sitemaps.py)."""

import xml.etree.ElementTree as ET

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(client, url):
    response = client.get(url)
    assert response.status_code == 200
    tree = ET.fromstring(response.content)  # noqa: S314 (the portal's own output)
    return [loc.text for loc in tree.iter(f"{SITEMAP}loc")]


def every_address(client):
    sections = locations(client, reverse("exports:sitemap"))
    assert len(sections) == 7
    return [address for section in sections for address in locations(client, section)]


def test_the_sitemap_lists_public_pages_only(data, visitor_client, officer_client):
    world = data.world
    for client in (visitor_client, officer_client):
        addresses = every_address(client)
        paths = {address.removeprefix(settings.SITE_URL) for address in addresses}
        for present in (
            reverse("home"),
            reverse("projects:project_list"),
            world.public_project.get_absolute_url(),
            world.x.get_absolute_url(),
            world.n.get_absolute_url(),
            world.topic.get_absolute_url(),
            world.event.get_absolute_url(),
            world.recap.get_absolute_url(),
        ):
            assert present in paths
        for absent in (
            world.members_project.get_absolute_url(),
            data.draft_event.get_absolute_url(),
            world.draft_recap.get_absolute_url(),
            data.scheduled_recap.get_absolute_url(),
        ):
            assert absent not in paths
        assert len(paths) == len(addresses)


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_parts(
    data, visitor_client
):
    response = visitor_client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in lines
    for path in ("/verwaltung/", "/konto/", "/admin/", "/*.csv$"):
        assert f"Disallow: {path}" in lines


def test_the_index_reads_no_rows_to_date_its_sections(data, visitor_client):
    # Django's default reads every row of a dated section (100,000 projects) for the index;
    # here one aggregate each (projects, recaps) and a count per section.
    with CaptureQueriesContext(connection) as context:
        response = visitor_client.get(reverse("exports:sitemap"))
    assert response.content.count(b"<lastmod>") == 2
    statements = [query["sql"] for query in context.captured_queries]
    assert sum("MAX(" in sql for sql in statements) == 2
    assert not any('"projects_project"."slug"' in sql for sql in statements)
