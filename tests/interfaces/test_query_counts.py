"""The interfaces read as many queries for 100 rows as for 10 (the CSV's columns from other
tables come as subqueries, the feeds' and calendars' through joins)."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Event
from members.models import Municipality
from projects.models import Project, Topic
from tests.interfaces.conftest import body

URLS = (
    "exports:projects_csv",
    "exports:municipalities_csv",
    "exports:events_csv",
    "exports:events_ics",
    "exports:projects_feed",
    "exports:recaps_feed",
)


def add_rows(count, start, place, topic):
    projects = Project.objects.bulk_create(
        Project(
            title=f"Zählprojekt {i}",
            slug=f"zaehlprojekt-{i}",
            summary="Gezählt.",
            lead_municipality=place,
        )
        for i in range(start, start + count)
    )
    Project.topics.through.objects.bulk_create(
        Project.topics.through(project=project, topic=topic) for project in projects
    )
    Municipality.objects.bulk_create(
        Municipality(name=f"Zählstadt {i}", slug=f"zaehlstadt-{i}", country="DE")
        for i in range(start, start + count)
    )
    Event.objects.bulk_create(
        Event(
            title=f"Zähltreffen {i}",
            slug=f"zaehltreffen-{i}",
            kind=Event.Kind.MEETING,
            city=place,
            starts_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i),
        )
        for i in range(start, start + count)
    )


def queries(client):
    counts = {}
    for name in URLS:
        with CaptureQueriesContext(connection) as context:
            response = client.get(reverse(name))
            body(response)
        assert response.status_code == 200
        counts[name] = len(context.captured_queries)
    return counts


def test_as_many_queries_for_100_rows_as_for_10(db, client):
    place = Municipality.objects.create(name="Zählhausen", slug="zaehlhausen", country="DE")
    topic = Topic.objects.create(slug="zaehlen", name_de="Zählen", name_en="Counting")
    add_rows(10, 0, place, topic)
    queries(client)  # the first reads the site's name once per process (django.contrib.sites)
    with_10 = queries(client)
    add_rows(90, 10, place, topic)
    assert queries(client) == with_10
