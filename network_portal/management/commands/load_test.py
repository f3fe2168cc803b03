import contextlib
import os
import shutil
import urllib.error
import urllib.request

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from network_portal import load_test, load_test_run


class Command(BaseCommand):
    help = (
        "Load test: seed the benchmark data (network_portal.benchmark, slugs 'bench-') at "
        "--scale unless it is there, create two persona accounts (an officer, a network "
        "admin), run collectstatic and gunicorn (production settings plus a trivial /hello/ "
        "view) and drive every page type with wrk, one page after another; print per page "
        "requests/s, p50, p95, errors, queries per request and the ratio to the trivial "
        "view. Run it in a database of its own (DATABASE_URL); wrk must be installed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=1, help="multiply every count of the data by this"
        )
        parser.add_argument("--seed", type=int, default=2026, help="random seed of the data")
        parser.add_argument(
            "--reseed", action="store_true", help="remove the benchmark rows and seed again"
        )
        parser.add_argument(
            "--only", nargs="+", choices=load_test.PAGE_KEYS, help="measure only these pages"
        )
        parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
        parser.add_argument(
            "--trivial-each",
            type=int,
            default=3,
            help="seconds of the trivial view measured again before each page, each page's "
            "ratio divided by it (0: divide every page by the first measurement)",
        )
        parser.add_argument("--connections", type=int, default=8, help="wrk's -c")
        parser.add_argument("--threads", type=int, default=2, help="wrk's -t")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
        parser.add_argument("--port", type=int, default=0, help="gunicorn's (default: free)")
        parser.add_argument(
            "--redis-url",
            default=os.environ.get("REDIS_URL", ""),
            help="gunicorn's REDIS_URL (default: $REDIS_URL; none: the database cache)",
        )
        parser.add_argument(
            "--page-cache-seconds",
            type=int,
            default=600,
            help="gunicorn's PAGE_CACHE_SECONDS (visitors' pages kept rendered; 0: off; the "
            "production default, whatever this process's own settings say)",
        )
        parser.add_argument(
            "--seed-only", action="store_true", help="seed and create the personas, measure nothing"
        )
        parser.add_argument(
            "--write-every",
            type=float,
            default=0,
            help="seconds between two writes to the content while the pages are measured "
            "(0: none); what visitors meet while officers keep their projects current",
        )
        parser.add_argument(
            "--write-kind",
            choices=load_test_run.PeriodicWrites.KINDS,
            default="prose",
            help="prose: a project's description (pages are built anew); facts: its stage "
            "(counts and rankings are computed anew too)",
        )

    def handle(self, *args, scale, seed, reseed, only, duration, connections, threads, workers,
               port, redis_url, seed_only, trivial_each, page_cache_seconds, verbosity,
               write_every, write_kind, **options):  # fmt: skip
        neighbour = trivial_each
        if scale < 1 or duration < 1 or connections < 1 or threads < 1 or workers < 1:
            raise CommandError("--scale, --duration, --connections, --threads and --workers ≥ 1.")
        if trivial_each < 0:
            raise CommandError("--trivial-each ≥ 0.")
        if write_every < 0:
            raise CommandError("--write-every ≥ 0.")
        if write_every and redis_url != os.environ.get("REDIS_URL", ""):
            raise CommandError(
                "--write-every writes from this process: the server must read the same Redis "
                "(--redis-url as $REDIS_URL)."
            )
        if not (os.environ.get("DATABASE_URL") or os.environ.get("DATABASE_URL_FILE")):
            raise CommandError(
                "Set DATABASE_URL to a database of its own (e.g. …/portal_load): the load test "
                "writes 100,000s of rows."
            )
        if not seed_only and not shutil.which("wrk"):
            raise CommandError("wrk is not installed (apt-get install wrk).")
        log = self.stdout.write if verbosity >= 1 else (lambda message: None)

        call_command("migrate", interactive=False, verbosity=0)
        report = load_test.seed_if_missing(scale=scale, seed_value=seed, reseed=reseed, log=log)
        if report:
            log(
                f"Seeded {report.municipalities:,} municipalities, {report.projects:,} projects,"
                f" {report.events:,} events, {report.recaps:,} recaps in {report.seconds:.0f} s."
            )
        personas = load_test.personas_ensure()
        if seed_only:
            return
        pages = load_test.select_pages(load_test.build_pages(personas), only)

        secret_key = load_test_run.new_secret_key()
        port = port or load_test_run.free_port()
        # The persona sessions and the query counts use the server's key and URLs.
        with override_settings(SECRET_KEY=secret_key, ROOT_URLCONF=load_test_run.URLCONF):
            clients = load_test.persona_clients(personas)
            results = []
            log("Counting queries (one request per page through the test client) …")
            for page in pages:
                status, queries, first, second = load_test.count_queries(
                    clients[page.persona], page.path
                )
                results.append(
                    load_test.Result(
                        page, queries=queries, status=status, first_ms=first, second_ms=second
                    )
                )
            cookies = {name: load_test.session_cookie(c) for name, c in clients.items()}

        environment = load_test_run.server_environment(
            secret_key=secret_key,
            port=port,
            redis_url=redis_url,
            page_cache_seconds=page_cache_seconds,
        )
        log("collectstatic …")
        load_test_run.collectstatic(environment)
        log(f"gunicorn ({workers} sync workers) on port {port} …")
        server = load_test_run.start_gunicorn(environment, port=port, workers=workers)
        script = load_test_run.wrk_script_path()
        try:
            memory_before = server.worker_memory_mb()
            writes = contextlib.nullcontext()
            if write_every:
                writes = load_test_run.PeriodicWrites(
                    load_test.written_project_pk(), kind=write_kind, every=write_every
                )
            with load_test_run.MemoryWatch(server) as watch, writes as writer:
                for result in results:
                    url = server.url + result.page.path
                    cookie = cookies[result.page.persona]
                    warm_up(url, cookie)
                    if neighbour and result.page.key != load_test.TRIVIAL:
                        # The trivial view again, just before the page (its own yardstick).
                        trivial = load_test.Result(result.page)
                        load_test_run.run_wrk(
                            server.url + "/hello/",
                            trivial,
                            cookie="",
                            duration=neighbour,
                            threads=threads,
                            connections=connections,
                            script=script,
                        )
                        result.trivial_rps = trivial.requests_per_second
                    log(f"  {result.page.name} …")
                    headers = {}
                    if result.page.revalidate:
                        headers["If-None-Match"] = page_etag(url, cookie)
                    load_test_run.run_wrk(
                        url,
                        result,
                        cookie=cookie,
                        duration=duration,
                        threads=threads,
                        connections=connections,
                        script=script,
                        headers=headers,
                    )
                memory_after = server.worker_memory_mb()
        finally:
            server.stop()

        self.stdout.write("")
        self.stdout.write(
            f"wrk -t{threads} -c{connections} -d{duration}s per page; gunicorn {workers} sync "
            f"workers, DEBUG=False, cache: {'Redis' if redis_url else 'database'}, visitors' "
            f"page cache: {f'{page_cache_seconds} s' if page_cache_seconds else 'off'}; "
            f"{settings.DATABASES['default']['NAME']}"
        )
        self.stdout.write(load_test.format_table(results))
        self.stdout.write(
            "Worker memory (MB): before "
            + ", ".join(f"{mb:.0f}" for mb in memory_before)
            + "; after "
            + ", ".join(f"{mb:.0f}" for mb in memory_after)
        )
        self.stdout.write(f"Worker memory during the run (every 2 s): {watch.summary()}")
        if write_every:
            self.stdout.write(f"Writes during the run: {writer.summary()}")
        if any(result.errors for result in results):
            self.stdout.write(f"Errors: see gunicorn's log {server.error_log}")


def page_etag(url: str, cookie: str) -> str:
    """The ETag the server gives the page now ("" when none)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own server
        return response.headers.get("ETag", "")


def warm_up(url: str, cookie: str) -> None:
    """One request before wrk starts, so that its first seconds are not the cold start."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    with contextlib.suppress(urllib.error.URLError, OSError):  # wrk reports the page's errors
        urllib.request.urlopen(request, timeout=30).close()  # noqa: S310 - our own server
