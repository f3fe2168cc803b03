"""The benchmark's data set: real places, reproducible synthetic rows, removable."""

import pytest
from django.core.management import call_command

from events.models import Event, Recap
from members.models import Municipality
from network_portal import benchmark
from projects.models import Project, Topic
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
