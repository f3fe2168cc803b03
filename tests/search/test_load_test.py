"""The load test's pages, personas and report on a tiny data set (no gunicorn, no wrk)."""

import subprocess
import time

import pytest

from core.cached import content_generation, facts_generation
from network_portal import benchmark, load_test, load_test_run
from tests.factories.projects import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    settings.ROOT_URLCONF = load_test_run.URLCONF
    benchmark.seed(municipalities=30, projects=120, events=4, recaps=4, log=lambda message: None)
    personas = load_test.personas_ensure()
    return personas, load_test.build_pages(personas)


def test_every_page_answers_every_persona(pages):
    personas, built = pages
    clients = load_test.persona_clients(personas)

    statuses = {
        page.key: load_test.count_queries(clients[page.persona], page.path)[0] for page in built
    }

    assert [page.key for page in built] == list(load_test.PAGE_KEYS)
    assert statuses == dict.fromkeys(load_test.PAGE_KEYS, 200)
    assert load_test.session_cookie(clients["officer"]).startswith("sessionid=")
    assert load_test.session_cookie(clients[""]) == ""


def test_a_streamed_download_is_timed_to_its_end(pages):
    personas, built = pages
    clients = load_test.persona_clients(personas)
    csv_page = next(page for page in built if page.key == "csv-projects")

    status, queries, _first, _second = load_test.count_queries(clients[""], csv_page.path)

    # The file was written to its end, so it was kept: asked again, it is not streamed, nor
    # are its filters read again.
    assert (status, queries) == (200, 0)
    assert not clients[""].get(csv_page.path, secure=True).streaming
    # Asked for as a browser asks: the kept file comes compressed.
    assert load_test.read_whole(clients[""], csv_page.path)["Content-Encoding"] == "gzip"


def test_personas_are_created_once_and_only_keeps_the_trivial_view_first(pages):
    personas, built = pages

    again = load_test.personas_ensure()
    picked = load_test.select_pages(built, ["project", "home"])

    assert (again.officer, again.admin) == (personas.officer, personas.admin)
    assert [page.key for page in picked] == [load_test.TRIVIAL, "home", "project"]


def test_the_report_reads_wrk_and_divides_by_the_trivial_view():
    trivial = load_test.Result(load_test.Page("hello", "trivial", "/hello/"), queries=0)
    page = load_test.Result(load_test.Page("project", "project detail", "/p/"), queries=9)
    load_test_run.parse_wrk(
        "noise\nLOAD_TEST_RESULT 32000 10000000 2200 4100 0 0 0 0 0 5300\n", trivial
    )
    load_test_run.parse_wrk(
        "LOAD_TEST_RESULT 42 10000000 1842000 1894000 0 1 0 2 4 2950000\n", page
    )

    table = load_test.format_table([trivial, page])

    assert (trivial.requests_per_second, trivial.p50_ms, trivial.p95_ms) == (3200, 2.2, 4.1)
    assert (trivial.p99_ms, page.p99_ms) == (5.3, 2950)
    assert (page.errors, page.timeouts) == (7, 4)
    assert (
        "| project detail | 4.20 | 1,842 ms | 1,894 ms | 2,950 ms | 7 (4 timeouts) | 9 | – "
        "| 0.0013 |"
    ) in table


def test_wrk_asks_as_a_browser_does_for_compressed_responses(monkeypatch, tmp_path):
    commands = []

    def run(command, **kwargs):
        commands.append(command)
        return subprocess.CompletedProcess(
            command, 0, stdout="LOAD_TEST_RESULT 10 1000000 1000 2000 0 0 0 0 0 3000\n"
        )

    monkeypatch.setattr(load_test_run.subprocess, "run", run)
    result = load_test.Result(load_test.Page("csv", "CSV", "/export.csv"))
    load_test_run.run_wrk(
        "http://127.0.0.1:1/export.csv",
        result,
        cookie="sessionid=x",
        duration=1,
        threads=1,
        connections=1,
        script=tmp_path / "wrk.lua",
    )

    (command,) = commands
    headers = [command[i + 1] for i, part in enumerate(command) if part == "-H"]
    assert "Accept-Encoding: gzip, deflate, br, zstd" in headers
    assert "Cookie: sessionid=x" in headers
    assert result.requests_per_second == 10


def test_deep_page_is_page_500_or_the_last():
    assert load_test.deep_page(100_000) == 500
    assert load_test.deep_page(4_501) == 226
    assert load_test.deep_page(0) == 1


def test_the_server_runs_production_settings_with_the_per_address_limits_lifted():
    environment = load_test_run.server_environment(
        secret_key="k" * 50, port=8123, redis_url="redis://127.0.0.1:6379/3", page_cache_seconds=0
    )

    assert environment["DEBUG"] == "False"
    assert environment["REDIS_URL"] == "redis://127.0.0.1:6379/3"
    assert environment["PAGE_CACHE_SECONDS"] == "0"
    # wrk asks from one address: the 429s of the limits would be measured instead of pages.
    assert int(environment["EXPORT_RATE_PER_MINUTE"]) >= 10**6
    assert int(environment["API_ANON_RATE"].split("/")[0]) >= 10**6


@pytest.mark.django_db(transaction=True)  # the writer's thread has its own connection
@pytest.mark.parametrize("kind", load_test_run.PeriodicWrites.KINDS)
def test_periodic_writes_move_the_generations_and_put_the_project_back(kind):
    project = ProjectFactory(stage="pilot", description="Wie es war.")
    facts, content = facts_generation(), content_generation()

    with load_test_run.PeriodicWrites(project.pk, kind=kind, every=0.05) as writer:
        deadline = time.monotonic() + 10
        while writer.count < 3 and time.monotonic() < deadline:
            time.sleep(0.02)

    assert writer.count >= 3
    assert writer.failures == 0
    assert content_generation() > content
    assert (facts_generation() > facts) is (kind == "facts")
    project.refresh_from_db()
    assert (project.stage, project.description) == ("pilot", "Wie es war.")
    assert writer.summary().startswith(f"{writer.count} {kind} edits of project {project.pk}")
