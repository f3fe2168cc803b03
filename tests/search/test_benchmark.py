"""The benchmark's data set: real places, reproducible synthetic rows, removable."""

import contextlib

import pytest
from django.core.management import call_command
from django.db import connection

from events.models import Event, Recap
from members.models import Municipality
from network_portal import benchmark
from projects.models import MunicipalityTopic, Project, Topic
from tests.factories.members import MunicipalityFactory
from tests.factories.projects import ProjectFactory

pytestmark = pytest.mark.django_db


def seed_small():
    return benchmark.seed(
        municipalities=30, projects=120, events=4, recaps=4, log=lambda message: None
    )


def test_seeding_writes_real_places_and_prefixed_rows_only():
    demo = ProjectFactory(title="Demo-Projekt")

    report = seed_small()

    assert (report.municipalities, report.projects, report.events, report.recaps) == (
        30,
        120,
        4,
        4,
    )
    bench = Municipality.objects.filter(slug__startswith="bench-")
    # The largest places of GeoNames, largest first.
    assert bench.order_by("-population").first().population > 10_000_000
    assert not Project.objects.exclude(pk=demo.pk).exclude(slug__startswith="bench-").exists()
    assert Project.objects.filter(slug__startswith="bench-").search(benchmark.COMMON_TERM).exists()
    assert Project.objects.search(benchmark.RARE_TERM).count() == 1  # project 0 of 120


def test_the_same_seed_writes_the_same_rows():
    seed_small()
    first = list(Project.objects.order_by("slug").values_list("slug", "title", "summary"))
    benchmark.remove_benchmark_data()
    seed_small()

    assert list(Project.objects.order_by("slug").values_list("slug", "title", "summary")) == first


def test_remove_deletes_the_benchmark_rows_and_nothing_else():
    demo_town = MunicipalityFactory(name="Bamberg", slug="bamberg")
    demo = ProjectFactory(lead_municipality=demo_town)
    seed_small()

    call_command("benchmark_search", "--remove", verbosity=0)

    assert list(Project.objects.all()) == [demo]
    assert list(Municipality.objects.all()) == [demo_town]
    assert not Topic.objects.filter(slug__startswith="bench-").exists()
    assert not Event.objects.exists() and not Recap.objects.exists()


def test_every_scenario_answers(settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    seed_small()

    timings = benchmark.measure(repeat=1, warmup=0)

    assert [timing.status for timing in timings] == [200] * len(timings)
    assert {timing.name for timing in timings} >= {"search, rare term", "search, common term"}


def derived_rows():
    """The rows the triggers keep: the places' topic profiles and the related vectors."""
    profiles = sorted(
        MunicipalityTopic.objects.filter(municipality__slug__startswith="bench-").values_list(
            "municipality__slug", "topic__slug", "project_count", "public_project_count"
        )
    )
    # Lexemes with their weights: the positions follow the order the refresh happens to
    # aggregate the names in (string_agg without ORDER BY), which no search reads.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT slug, ARRAY(SELECT word.lexeme || ':' || array_to_string(ARRAY("
            "  SELECT DISTINCT weight FROM unnest(word.weights) weight ORDER BY weight), '')"
            "  FROM unnest(related_vector) word ORDER BY word.lexeme)"
            " FROM projects_project WHERE slug LIKE 'bench-%%' ORDER BY slug"
        )
        vectors = cursor.fetchall()
    return profiles, vectors


def test_seeding_writes_the_derived_rows_the_triggers_would(monkeypatch):
    monkeypatch.setattr(benchmark, "REFRESH_CHUNK", 7)  # many chunks, one shorter at the end
    seed_small()
    written_once = derived_rows()
    benchmark.remove_benchmark_data()
    # The same seed with the triggers on for every batch, as any other write runs.
    monkeypatch.setattr(benchmark, "derived_rows_written_once", contextlib.nullcontext)
    seed_small()

    assert derived_rows() == written_once
    assert written_once[0] and all(vector for _slug, vector in written_once[1])


def test_seeding_leaves_the_triggers_on():
    seed_small()

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger "
            "WHERE NOT tgisinternal AND tgenabled <> 'O'"
        )
        assert cursor.fetchall() == []
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal")
        assert cursor.fetchone()[0] > 10


def project_table_indexes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s ORDER BY indexname",
            [Project._meta.db_table],
        )
        return cursor.fetchall()


def test_seeding_builds_the_project_indexes_again_as_they_were():
    before = project_table_indexes()
    dropped = []
    drop = benchmark.drop_secondary_indexes

    def recording_drop(cursor, table):
        definitions = drop(cursor, table)
        dropped.extend(definitions)
        return definitions

    benchmark.drop_secondary_indexes = recording_drop
    try:
        seed_small()
    finally:
        benchmark.drop_secondary_indexes = drop

    assert project_table_indexes() == before
    # The full-text and trigram indexes were among those built once at the end; the primary
    # key and the unique slug stayed.
    assert any("project_related_search" in definition for definition in dropped)
    assert not any("_pkey" in definition or "slug_key" in definition for definition in dropped)
