"""Scale-out (issue 11, point 5): reads from a replica with reads-after-write from the
primary (network_portal/db_router.py), tested against a second real database.

The "replica" is a second PostgreSQL database on the same server, copied from the test
database (CREATE DATABASE … TEMPLATE) and then written to directly, so a row that exists
only there shows which database a read went to. No replication runs between them: that is
exactly a replica lagging behind.
"""

import contextlib
import os
import subprocess

import pytest
from django.db import OperationalError, connections, transaction
from django.http import JsonResponse
from django.test import Client
from django.urls import path, reverse

from network_portal.db_router import REPLICA, SESSION_KEY, replica_scope
from projects.models import Topic

ON_REPLICA = "nur-im-replikat"
ON_PRIMARY = "nur-auf-dem-primaerserver"


def topic_slugs():
    return sorted(Topic.objects.values_list("slug", flat=True))


# --- A test URLconf: views that read, write and read again inside one request ------------


def read_view(request):
    return JsonResponse({"slugs": topic_slugs()})


def write_then_read_view(request):
    before = topic_slugs()
    Topic.objects.create(slug="neu-im-request", name_de="Neu", name_en="New")
    return JsonResponse({"before": before, "after": topic_slugs()})


urlpatterns = [
    path("lesen/", read_view),
    path("schreiben/", write_then_read_view),
]


# --- The second database ----------------------------------------------------------------


@pytest.fixture(scope="module")
def replica_database(django_db_setup, django_db_blocker):
    """A second database with the test database's schema and one topic of its own."""
    with django_db_blocker.unblock():
        primary = connections["default"]
        name = f"{primary.settings_dict['NAME']}_replica"
        copy_schema(primary.settings_dict, name)
        replica_settings = {**primary.settings_dict, "NAME": name}
        with use_replica(replica_settings) as replica:
            with replica.cursor() as cursor:
                cursor.execute("TRUNCATE projects_topic CASCADE")
                cursor.execute(
                    "INSERT INTO projects_topic (slug, name_de, name_en, description_de,"
                    " description_en) VALUES (%s, 'Nur im Replikat', 'Only on the replica',"
                    " '', '')",
                    [ON_REPLICA],
                )
            yield replica
        with primary._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def copy_schema(source: dict, name: str) -> None:
    """Creates database `name` with the schema of `source`: a copy of the whole database
    (CREATE DATABASE … TEMPLATE, fast), or, when another session of this process still uses
    the source (TEMPLATE needs it to itself), its schema through pg_dump and psql."""
    primary = connections["default"]
    connections.close_all()
    with primary._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        try:
            cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source["NAME"]}"')
            return
        except OperationalError:
            cursor.execute(f'CREATE DATABASE "{name}"')
    server = ["-h", source["HOST"] or "localhost", "-p", str(source["PORT"] or 5432)]
    server += ["-U", source["USER"]] if source["USER"] else []
    env = {**os.environ, "PGPASSWORD": source["PASSWORD"] or ""}
    dump = subprocess.run(
        ["pg_dump", "--schema-only", "--no-owner", *server, source["NAME"]],
        env=env,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        ["psql", "-q", "-v", "ON_ERROR_STOP=1", *server, "-d", name],
        input=dump.stdout,
        env=env,
        check=True,
        capture_output=True,
    )


@contextlib.contextmanager
def use_replica(replica_settings):
    """Registers the "replica" alias, as DATABASE_REPLICA_URL does in the settings."""
    connections.settings[REPLICA] = replica_settings
    try:
        yield connections[REPLICA]
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


# The test case's transaction spans both databases; the alias is registered for the module
# before it begins (a test case refuses databases it was not told of).
pytestmark = pytest.mark.django_db(databases=["default", REPLICA])


@pytest.fixture
def primary_topic(replica_database):
    # Outside a request scope every read and write goes to the primary.
    return Topic.objects.create(slug=ON_PRIMARY, name_de="Primär", name_en="Primary")


def test_a_page_reads_its_rows_from_the_replica(primary_topic):
    response = Client().get(reverse("topic_detail", kwargs={"slug": ON_REPLICA}))

    assert response.status_code == 200  # the topic exists only on the replica
    assert "Nur im Replikat" in response.content.decode()
    missing = Client().get(reverse("topic_detail", kwargs={"slug": ON_PRIMARY}))
    assert missing.status_code == 404  # the replica has not "caught up" with this one


@pytest.mark.urls(__name__)
def test_after_a_write_the_same_request_reads_from_the_primary(primary_topic):
    answer = Client().get("/schreiben/").json()

    assert answer["before"] == [ON_REPLICA]
    assert answer["after"] == ["neu-im-request", ON_PRIMARY]


@pytest.mark.urls(__name__)
def test_the_next_requests_of_the_writer_read_from_the_primary_for_a_while(primary_topic, settings):
    writer, other = Client(), Client()
    writer.get("/schreiben/")

    assert writer.get("/lesen/").json()["slugs"] == ["neu-im-request", ON_PRIMARY]
    assert other.get("/lesen/").json()["slugs"] == [ON_REPLICA]  # nobody else is pinned
    session = writer.session
    session[SESSION_KEY] = 0  # REPLICA_PIN_SECONDS later
    session.save()
    assert writer.get("/lesen/").json()["slugs"] == [ON_REPLICA]


@pytest.mark.urls(__name__)
def test_a_form_post_reads_from_the_primary_from_the_start(primary_topic):
    client = Client(enforce_csrf_checks=False)

    assert client.post("/lesen/").json()["slugs"] == [ON_PRIMARY]


def test_reads_outside_a_request_or_inside_a_transaction_go_to_the_primary(primary_topic):
    assert topic_slugs() == [ON_PRIMARY]  # a task or command: no scope
    with replica_scope():
        assert topic_slugs() == [ON_REPLICA]
        with transaction.atomic():
            assert topic_slugs() == [ON_PRIMARY]
        assert topic_slugs() == [ON_REPLICA]


def test_sessions_are_read_from_the_primary_only(primary_topic):
    from django.contrib.sessions.models import Session

    with replica_scope():
        assert Session.objects.db == "default"
        assert Topic.objects.all().db == REPLICA
