"""EXPLAIN guards (issue 11, point 4): the queries the list, detail and search pages run
never read the project or municipality table from end to end.

A module-scoped fixture seeds 20,000 municipalities and 20,000 projects (with topics,
partners, memberships, events and recaps) in plain SQL and ANALYZEs them, inside a
transaction rolled back when the module ends. Each page is then requested through the test
client; every query it sends that reads either table is captured (so the guard follows the
code, not a copy of its queries) and EXPLAINed; a Seq Scan node on either table fails the
test with the query and its plan — unless a LIMIT above it expects to stop it within a
tenth of the table (a common search word: rows are read until enough match). Queries that
compute a value for core.cached (facet counts, rankings: once per write, not per request)
are left out.
"""

import json
import re
import sys
import uuid
from pathlib import Path
from urllib.parse import urljoin

import pytest
from django.db import connection, models, transaction
from django.test import Client
from django.urls import reverse

from events.models import Event, Recap
from members.models import Membership, Municipality, Network
from network_portal.benchmark import set_triggers
from projects.models import MunicipalityTopic, Project, Topic
from tests.factories.members import OfficerFactory

MUNICIPALITIES = 12_000
PROJECTS = 20_000
EVENTS = 2_000
GUARDED_TABLES = frozenset({Project._meta.db_table, Municipality._meta.db_table})
RARE_WORD = "Quantenpilot"  # in one project of 2,000
# Each project's title carries one of twenty nouns: a search word matches one in twenty.
NOUNS = (
    "(ARRAY['Rufbus','Parkleitsystem','Bürgerservice','Datenmarktplatz','Stadtplan',"
    "'Sensornetz','Ladepark','Wasserzähler','Chatbot','Energiemonitor','Lieferdienst',"
    "'Radweg','Marktplatz','Lernraum','Pflegeassistent','Hochwasserwarner','Baumkataster',"
    "'Beteiligungsportal','Verkehrsrechner','Dorfladen'])"
)
PREFIX = "guard-"

# Each test in a savepoint of the module's seeding transaction.
pytestmark = pytest.mark.django_db


# --- Seeding in SQL -----------------------------------------------------------------------


def literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict | list):
        return "'" + json.dumps(value).replace("'", "''") + "'"
    return "'" + str(value).replace("'", "''") + "'"


def default_sql(field) -> str:
    """A value for a column the seed does not set: what a new row would get."""
    if field.has_default():
        default = field.default
        if callable(default):
            if default is uuid.uuid4:
                return "gen_random_uuid()"
            return literal(default())
        return literal(default)
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return "now()"
    if field.null:
        return "NULL"
    if isinstance(field, models.CharField | models.TextField):
        return "''"
    if isinstance(field, models.BooleanField):
        return "FALSE"
    if isinstance(field, models.IntegerField | models.FloatField | models.DecimalField):
        return "0"
    if isinstance(field, models.DateTimeField):
        return "now()"
    if isinstance(field, models.DateField):
        return "current_date"
    raise ValueError(f"{field} needs a value in the seed")


def insert_rows(cursor, model, count: int, values: dict[str, str], *, joins: str = "") -> None:
    """INSERT `count` rows of `model`, one per g in generate_series(1, count); `values` maps
    field names to SQL expressions of g (and of `joins`), every other column gets its
    default. Built from the model's fields, so a column added later needs no change here."""
    columns, expressions = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key or getattr(field, "generated", False):
            continue
        columns.append(connection.ops.quote_name(field.column))
        expressions.append(values.pop(field.name, None) or default_sql(field))
    assert not values, f"unknown fields {sorted(values)}"
    cursor.execute(
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(expressions)} FROM generate_series(1, {count}) AS g {joins}"
    )


def nth(table: str, alias: str, expression: str) -> str:
    """A join to the row of the seeded `table` numbered `expression` (1-based, wrapping)."""
    return (
        f" JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM {table}"
        f" WHERE slug LIKE '{PREFIX}%') AS {alias}"
        f" ON {alias}.n = 1 + (({expression}) % (SELECT count(*) FROM {table}"
        f" WHERE slug LIKE '{PREFIX}%'))"
    )


def seed(cursor) -> None:
    # The tables' own triggers keep derived columns and tables current row batch by row
    # batch; here they would rework every project after each statement (a minute). They are
    # off while seeding (ALTER TABLE in the module's transaction: the rollback restores
    # them) and the topic profiles the pages read are recounted once at the end.
    set_triggers(cursor, "DISABLE")
    insert_rows(
        cursor,
        Topic,
        15,
        {
            "slug": f"'{PREFIX}topic-' || g",
            "name_de": "'Thema ' || g",
            "name_en": "'Topic ' || g",
        },
    )
    insert_rows(
        cursor,
        Network,
        3,
        {"slug": f"'{PREFIX}network-' || g", "name": "'Netzwerk ' || g"},
    )
    countries = "(ARRAY['DE','DE','DE','DE','AT','CH','FR','NL','PL','IT'])[1 + g % 10]"
    insert_rows(
        cursor,
        Municipality,
        MUNICIPALITIES,
        {
            "slug": f"'{PREFIX}place-' || g",
            "name": "'Ort ' || g",
            "kind": "(ARRAY['city','municipality','district','region'])[1 + g % 4]",
            "country": countries,
            "state": "'Land ' || (g % 16)",
            "population": "500 + (g * 7919) % 900000",
            "settlement_type": "(ARRAY['rural','urban'])[1 + g % 2]",
            "latitude": "47 + (g % 800) / 100.0",
            "longitude": "6 + (g % 900) / 100.0",
        },
    )
    insert_rows(
        cursor,
        Membership,
        MUNICIPALITIES // 5,
        {"municipality": "m.id", "network": "n.id", "status": "'active'"},
        joins=nth(Municipality._meta.db_table, "m", "g * 5")
        + nth(Network._meta.db_table, "n", "g"),
    )
    insert_rows(
        cursor,
        Project,
        PROJECTS,
        {
            "slug": f"'{PREFIX}project-' || g",
            "title": f"{NOUNS}[1 + g % 20] || ' ' || g",
            "summary": (
                "'Die Stadt erprobt einen Dienst ' || g"
                f" || CASE WHEN g % 2000 = 0 THEN ' {RARE_WORD}' ELSE '' END"
            ),
            "lead_municipality": "m.id",
            "stage": "(ARRAY['idea','pilot','permanent','rolled_out'])[1 + g % 4]",
            "visibility": "CASE WHEN g % 10 = 0 THEN 'members' ELSE 'public' END",
            "lessons_visibility": "'public'",
            "is_open_source": "g % 3 = 0",
            "started_on": "date '2015-01-01' + (g % 3650)",
            "created_at": "now() - g * interval '1 hour'",
            "updated_at": "now() - g * interval '1 hour'",
        },
        joins=nth(Municipality._meta.db_table, "m", "g * 7"),
    )
    projects = f"{Project._meta.db_table} WHERE slug LIKE '{PREFIX}%'"
    partners = Project.partner_municipalities.through._meta.db_table
    topics = f"SELECT id FROM {Topic._meta.db_table} WHERE slug LIKE '{PREFIX}%'"
    cursor.execute(
        f"INSERT INTO {Project.topics.through._meta.db_table} (project_id, topic_id)"
        f" SELECT p.id, t.id FROM (SELECT id FROM {projects}) AS p JOIN ({topics}) AS t"
        " ON (p.id + t.id) % 10 = 0"
    )
    cursor.execute(
        f"INSERT INTO {Project.partner_municipalities.through._meta.db_table}"
        " (project_id, municipality_id)"
        f" SELECT p.id, m.id FROM (SELECT id FROM {projects}) AS p"
        f" JOIN {Municipality._meta.db_table} AS m ON m.id = ("
        f"SELECT min(id) FROM {Municipality._meta.db_table}) + (p.id * 13) % {MUNICIPALITIES}"
        " WHERE p.id % 4 = 0"
    )
    insert_rows(
        cursor,
        Event,
        EVENTS,
        {
            "slug": f"'{PREFIX}event-' || g",
            "title": "'Kongress ' || g",
            "kind": "'congress'",
            "network": "n.id",
            "city": "m.id",
            "starts_on": "current_date + (g % 1000) - 700",
            "ends_on": "current_date + (g % 1000) - 699",
        },
        joins=nth(Municipality._meta.db_table, "m", "g * 11")
        + nth(Network._meta.db_table, "n", "g"),
    )
    insert_rows(
        cursor,
        Recap,
        EVENTS // 2,
        {
            "slug": f"'{PREFIX}recap-' || g",
            "title": "'Rückblick ' || g",
            "body": "'Was wir gelernt haben.'",
            "event": "e.id",
            "status": "'published'",
            "published_at": "now() - g * interval '1 day'",
        },
        joins=nth(Event._meta.db_table, "e", "g * 2"),
    )
    cursor.execute(
        f"INSERT INTO {Recap.projects.through._meta.db_table} (recap_id, project_id)"
        f" SELECT r.id, p.id FROM {Recap._meta.db_table} AS r"
        f" JOIN {Project._meta.db_table} AS p ON p.id = ("
        f"SELECT min(id) FROM {Project._meta.db_table}) + (r.id * 17) % {PROJECTS}"
    )
    # What refresh_municipality_topics() (projects/0003) counts, for every place at once.
    cursor.execute(
        f"INSERT INTO {MunicipalityTopic._meta.db_table}"
        " (municipality_id, topic_id, project_count, public_project_count)"
        " SELECT links.municipality_id, tagged.topic_id, count(*),"
        "  count(*) FILTER (WHERE project.visibility = 'public')"
        f" FROM (SELECT id AS project_id, lead_municipality_id AS municipality_id FROM {projects}"
        f"  UNION SELECT project_id, municipality_id FROM {partners}) AS links"
        f" JOIN {Project._meta.db_table} AS project ON project.id = links.project_id"
        f" JOIN {Project.topics.through._meta.db_table} AS tagged"
        "  ON tagged.project_id = project.id"
        " GROUP BY links.municipality_id, tagged.topic_id"
    )
    # Also checks the deferred foreign keys now, once, rather than in every test's teardown.
    set_triggers(cursor, "ENABLE")
    # Every row inserted above waits in the GIN indexes' pending lists (fastupdate), which
    # the planner prices as read in full; in a live database autovacuum merges them into the
    # indexes. VACUUM cannot run in this transaction: the lists are merged here instead.
    cursor.execute(
        "SELECT gin_clean_pending_list(index.indexrelid) FROM pg_index AS index"
        " JOIN pg_class AS relation ON relation.oid = index.indexrelid"
        " JOIN pg_am AS method ON method.oid = relation.relam"
        " WHERE method.amname = 'gin' AND index.indrelid = ANY(%s::regclass[])",
        [sorted(GUARDED_TABLES)],
    )
    # Statistics from every row, not from a random sample: the same plans on every run.
    cursor.execute("SET LOCAL default_statistics_target = 1000")
    for model in (Municipality, Project, Membership, Event, Recap, Topic, Network):
        cursor.execute(f"ANALYZE {model._meta.db_table}")
    for field in (Project.topics, Project.partner_municipalities, Recap.projects):
        cursor.execute(f"ANALYZE {field.through._meta.db_table}")
    cursor.execute(f"ANALYZE {MunicipalityTopic._meta.db_table}")


class Seeded:
    def __init__(self):
        # The largest member place: many projects and partners, peers in its networks.
        member = Membership.objects.filter(municipality__slug__startswith=PREFIX)
        self.member_place = member.order_by("-municipality__population")[0].municipality
        self.topic = Topic.objects.filter(slug__startswith=PREFIX).order_by("pk")[0]
        # A topic that some "Rufbus" project carries (the seed's ids make others miss it).
        self.rufbus_topic = Topic.objects.filter(
            slug__startswith=PREFIX, projects__title__startswith="Rufbus "
        ).order_by("pk")[0]
        self.network = Network.objects.filter(slug__startswith=PREFIX).order_by("pk")[0]
        self.project = (
            Project.objects.filter(slug__startswith=PREFIX, visibility="public")
            .filter(partner_municipalities__isnull=False, recaps__isnull=False)
            .order_by("pk")[0]
        )
        self.event = Event.objects.filter(slug__startswith=PREFIX).order_by("pk")[0]
        self.officer = OfficerFactory(municipality=self.member_place).user


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with connection.cursor() as cursor:
                seed(cursor)
            yield Seeded()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# --- The pages and their queries ----------------------------------------------------------


def pages(seeded: Seeded):
    """(name, url, signed in) of every list, detail and search page the guard covers."""
    topic, project = seeded.topic.slug, seeded.project
    projects = reverse("projects:project_list")
    municipalities = reverse("municipality_list")
    events = reverse("events:event_list")
    return {
        "project list": (projects, False),
        "project list, deep page": (("last page of", projects), False),
        "project list, topic + country": (f"{projects}?topic={topic}&country=DE", False),
        "project list, search word + topic": (
            f"{projects}?q=Rufbus&topic={seeded.rufbus_topic.slug}",
            False,
        ),
        "project list, officer": (projects, True),
        "project detail": (project.get_absolute_url(), False),
        "municipality list": (municipalities, False),
        "municipality list, deep page": (("last page of", municipalities), False),
        "municipality list, topic + country": (
            f"{municipalities}?topic={topic}&country=DE",
            False,
        ),
        "municipality detail": (seeded.member_place.get_absolute_url(), False),
        "peers": (reverse("peers", kwargs={"slug": seeded.member_place.slug}), False),
        "search, common word": (f"{reverse('search')}?q=Stadt", False),
        "event list": (events, False),
        "topic detail": (seeded.topic.get_absolute_url(), False),
        "network detail": (seeded.network.get_absolute_url(), False),
    }


def last_page_link(client, url) -> str:
    """The list's last page, as the page's own pagination links it (whatever the scheme)."""
    html = client.get(url).content.decode()
    navigation = re.search(r'<nav class="pagination".*?</nav>', html, re.S)
    assert navigation, f"{url} shows no pagination: seed more rows"
    links = re.findall(r'href="([^"]+)"', navigation.group(0))
    return urljoin(url, links[-1].replace("&amp;", "&"))


# Nodes that read all their input before giving the first row: a LIMIT above them does
# not stop a scan below them.
BLOCKING = frozenset({"Sort", "Incremental Sort", "Aggregate", "Hash", "Materialize", "SetOp"})
# A scan the planner expects to stop within this share of its cost (a LIMIT over a common
# word: it reads rows until enough match) is bounded work, not a read of the whole table.
BOUNDED_SHARE = 0.1


def seq_scans(plan, share: float = 1.0) -> list[str]:
    """The guarded tables that `plan` reads from end to end: a Seq Scan, unless a LIMIT
    above it (with nothing blocking between) expects to stop it within BOUNDED_SHARE."""
    found = []
    node = plan.get("Node Type")
    table = plan.get("Relation Name")
    if node == "Seq Scan" and table in GUARDED_TABLES and share > BOUNDED_SHARE:
        found.append(table)
    children = plan.get("Plans", [])
    if node in BLOCKING:
        share = 1.0
    elif node == "Limit" and children:
        child = children[0]
        work = child["Total Cost"] - child["Startup Cost"]
        if work > 0:
            share = min(share, (plan["Total Cost"] - child["Startup Cost"]) / work)
    for child in children:
        found += seq_scans(child, share)
    return found


def reads_guarded_table(sql: str) -> bool:
    head = sql.lstrip().upper()
    return head.startswith(("SELECT", "WITH")) and any(
        f'"{table}"' in sql or f" {table} " in sql for table in GUARDED_TABLES
    )


GUARDED_PAGES = [
    "project list",
    "project list, deep page",
    "project list, topic + country",
    "project list, search word + topic",
    "project list, officer",
    "project detail",
    "municipality list",
    "municipality list, deep page",
    "municipality list, topic + country",
    # The peer ranking (municipality detail, peers) is computed for core.cached since
    # 2026-12-02: once per write and group of viewers, left out here like the facet counts.
    "municipality detail",
    "peers",
    "search, common word",
    "event list",
    "topic detail",
    "network detail",
]


def computed_for_the_cache() -> bool:
    """Whether the running query computes a value for core.cached: counts and rankings kept
    per content generation, computed once after a write rather than on every request."""
    frame = sys._getframe(2)
    while frame is not None:
        code = frame.f_code
        if code.co_name == "cached" and code.co_filename.endswith(CACHED_MODULE):
            return True
        frame = frame.f_back
    return False


CACHED_MODULE = str(Path("core") / "cached.py")


@pytest.mark.parametrize("name", GUARDED_PAGES)
def test_no_page_scans_the_project_or_municipality_table(seeded, name):
    url, signed_in = pages(seeded)[name]
    client = Client()
    if signed_in:
        client.force_login(seeded.officer)
    if isinstance(url, tuple):
        url = last_page_link(client, url[1])
    queries = []

    def record(execute, sql, params, many, context):
        queries.append((sql, params, computed_for_the_cache()))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = client.get(url)
    assert response.status_code == 200, url

    scanned, explained = [], 0
    with connection.cursor() as cursor:
        for sql, params, for_the_cache in queries:
            if for_the_cache or not reads_guarded_table(sql):
                continue
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            explained += 1
            if tables := seq_scans(plan[0]["Plan"]):
                shown = cursor.mogrify(sql, params) if params else sql
                scanned.append(f"{sorted(set(tables))} in\n{shown}\n{json.dumps(plan, indent=1)}")
    assert explained, f"{url} read neither table: is the guard looking at the right page?"
    assert not scanned, f"{url}: sequential scan of " + "\n\n".join(scanned)
