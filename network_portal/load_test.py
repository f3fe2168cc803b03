"""The load test's pages, personas and report (issue 11): which URL of the benchmark data
each page type is measured on, who looks at it, and the table the run prints.

The run itself (gunicorn, wrk) is network_portal.load_test_run; the command is
`manage.py load_test`. The data is the search benchmark's (network_portal.benchmark, every
slug starting with `bench-`); the two persona accounts live under LOAD_TEST_DOMAIN.

Lives on the top floor (STYLE §0): it reaches every app's pages.
"""

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.access import VISITOR
from core.facets import PAGE_SIZE
from core.keyset import AFTER_PARAM, PAGE_PARAM, encode_cursor
from events.models import Event, Recap
from events.views import EventListView, RecapListView
from members.models import Membership, Municipality, Network, NetworkRole, Officer
from network_portal import benchmark
from network_portal.municipality_list import MunicipalityListView
from projects.models import Project, Topic, Visibility
from projects.views import ProjectListView

# The default data set at --scale 1 (the figures were measured on it).
DEFAULT_COUNTS = {"municipalities": 20_000, "projects": 100_000, "events": 5_000, "recaps": 5_000}
# The page a "deep page" row asks for (or the list's last page if it has fewer).
DEEP_PAGE = 500
# .invalid is reserved (RFC 2606): no mail to these addresses ever leaves.
LOAD_TEST_DOMAIN = "load-test.invalid"
OFFICER_EMAIL = f"officer@{LOAD_TEST_DOMAIN}"
ADMIN_EMAIL = f"admin@{LOAD_TEST_DOMAIN}"
TRIVIAL = "hello"
# What a browser sends with every request (wrk too, and the query count's test client): a
# response the portal compresses (a kept CSV export) is measured as a browser gets it.
BROWSER_ACCEPT_ENCODING = "gzip, deflate, br, zstd"


@dataclass(frozen=True)
class Page:
    key: str  # what --only takes
    name: str  # the report's first column
    path: str
    persona: str = ""  # "" (a visitor), "officer" or "admin"
    # Asked with the page's own ETag (If-None-Match): what an unchanged page costs (304).
    revalidate: bool = False


@dataclass(frozen=True)
class Personas:
    """The signed-in accounts: an approved officer of the largest place (a member of a
    network, so they see members-only projects) and an admin of a benchmark network with an
    authenticator app (without it the role does not apply)."""

    officer: object  # a User
    admin: object
    municipality: Municipality  # the officer's
    network: Network  # the admin's, where the officer's municipality is an active member


@dataclass
class Result:
    """One page's measurement: wrk's figures and one request through the test client."""

    page: Page
    requests_per_second: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float | None = None
    errors: int = 0  # non-2xx/3xx answers and socket errors (connect, read, write, timeout)
    timeouts: int = 0
    queries: int | None = None
    status: int | None = None  # of the test client's request
    # One request alone through the test client: the first (cold caches) and the second.
    first_ms: float | None = None
    second_ms: float | None = None
    # The trivial view's requests/s measured just before this page (the machine is shared:
    # its load changes during a run, so each page is divided by its own neighbour).
    trivial_rps: float | None = None

    def ratio(self, trivial: "Result | None") -> float | None:
        if self.trivial_rps:
            return self.requests_per_second / self.trivial_rps
        if trivial is None or not trivial.requests_per_second:
            return None
        return self.requests_per_second / trivial.requests_per_second


def scaled_counts(scale: int) -> dict[str, int]:
    return {name: count * scale for name, count in DEFAULT_COUNTS.items()}


def seed_if_missing(
    *, scale: int, seed_value: int, reseed: bool, log: Callable[[str], None]
) -> benchmark.SeedReport | None:
    """Seed the benchmark data at `scale` unless it is there (then None); --reseed writes it
    anew. Data of another scale is kept and measured, with a warning."""
    if reseed:
        benchmark.remove_benchmark_data()
    if benchmark.benchmark_data_exists():
        found = Project.objects.filter(slug__startswith=benchmark.PREFIX).count()
        wanted = scaled_counts(scale)["projects"]
        log(f"Benchmark data found ({found:,} projects); not seeding (--reseed to write it anew).")
        if found != wanted:
            log(f"  Warning: --scale {scale} means {wanted:,} projects; measuring what is there.")
        return None
    counts = scaled_counts(scale)
    return benchmark.seed(
        municipalities=counts["municipalities"],
        projects=counts["projects"],
        events=counts["events"],
        recaps=counts["recaps"],
        seed_value=seed_value,
        log=log,
    )


def _account(email: str):
    user_model = get_user_model()
    user = user_model.objects.filter(email__iexact=email).first()
    if user is None:
        user = user_model(username=email, email=email)
        user.set_unusable_password()  # signed in by session only (force_login)
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"primary": True, "verified": True}
    )
    return user


def personas_ensure() -> Personas:
    """Create the two persona accounts and their rights in the benchmark data, if missing."""
    municipality = benchmark.busiest_bench_municipality()
    network = Network.objects.filter(slug__startswith=benchmark.PREFIX).order_by("pk").first()
    with transaction.atomic():
        Membership.objects.update_or_create(
            municipality=municipality,
            network=network,
            defaults={"status": Membership.Status.ACTIVE},
        )
        officer = _account(OFFICER_EMAIL)
        Officer.objects.update_or_create(
            user=officer,
            municipality=municipality,
            defaults={
                "role_title": "Digitalbeauftragte",
                "status": Officer.Status.APPROVED,
                "decided_at": timezone.now(),
            },
        )
        admin = _account(ADMIN_EMAIL)
        NetworkRole.objects.get_or_create(user=admin, network=network, role=NetworkRole.Role.ADMIN)
        if not Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(admin, generate_totp_secret())
    return Personas(officer=officer, admin=admin, municipality=municipality, network=network)


def deep_page(row_count: int) -> int:
    """DEEP_PAGE, or the last page of a list with fewer pages."""
    return max(1, min(DEEP_PAGE, math.ceil(row_count / PAGE_SIZE)))


def _query(path: str, **params) -> str:
    return f"{path}?{urlencode(params)}"


def deep_path(path: str, view_class, queryset, page: int, order_value: str = "") -> str:
    """The address of page `page` of a list as its "next page" links reach it (core.keyset:
    after the sort keys of the previous page's last row), found once here with an OFFSET."""
    orders = view_class().get_sort_orders()
    order = next((o for o in orders if o.value == order_value), orders[0])
    params = {"sort": order.value} if order_value else {}
    if page <= 1:
        return _query(path, **params) if params else path
    [row] = order.rows(queryset, None, limit=1, offset=(page - 1) * PAGE_SIZE - 1)
    cursor = encode_cursor(row.keyset_values)
    return _query(path, **params, **{AFTER_PARAM: cursor, PAGE_PARAM: page})


def build_pages(personas: Personas) -> list[Page]:
    """Every page type a visitor and a signed-in member reach, on the benchmark data."""
    prefix = benchmark.PREFIX
    topic = Topic.objects.filter(slug__startswith=prefix).order_by("pk").first()
    network = personas.network
    largest = personas.municipality
    project = (
        Project.objects.filter(slug__startswith=prefix, visibility=Visibility.PUBLIC)
        .order_by("pk")
        .first()
    )
    led = Project.objects.filter(lead_municipality=largest).order_by("pk").first()
    event = Event.objects.visible_to(VISITOR).filter(slug__startswith=prefix).order_by("pk").first()
    recap = Recap.objects.published().filter(slug__startswith=prefix).order_by("pk").first()

    projects = reverse("projects:project_list")
    municipalities = reverse("municipality_list")
    events = reverse("events:event_list")
    recaps = reverse("events:recap_list")
    search = reverse("search")
    visible_projects = Project.objects.visible_to(VISITOR)
    visible_events = Event.objects.visible_to(VISITOR)
    project_pages = deep_page(visible_projects.count())
    municipality_pages = deep_page(Municipality.objects.count())
    event_pages = deep_page(visible_events.count())
    recap_pages = deep_page(Recap.objects.published().count())
    facets = {"topic": topic.slug, "country": "DE"}
    return [
        Page(TRIVIAL, "a view returning a fixed response, same middleware", "/hello/"),
        Page("healthz", "/healthz", reverse("healthz")),
        Page("home", "home", reverse("home")),
        Page("search-rare", "search, rare word", _query(search, q=benchmark.RARE_TERM)),
        Page("search-common", "search, common word", _query(search, q=benchmark.COMMON_TERM)),
        Page("projects", "project list, no filter", projects),
        Page(
            "projects-deep",
            f"project list, page {project_pages}",
            deep_path(projects, ProjectListView, visible_projects, project_pages),
        ),
        Page(
            "projects-name-deep",
            f"project list by name, page {project_pages}",
            deep_path(projects, ProjectListView, visible_projects, project_pages, "name"),
        ),
        Page("projects-filtered", "project list, topic + country", _query(projects, **facets)),
        Page(
            "projects-search",
            "project list, search word + topic",
            _query(projects, q=benchmark.COMMON_TERM, topic=topic.slug),
        ),
        Page("projects-member", "project list, no filter (officer)", projects, "officer"),
        Page("municipalities", "municipality list, no filter", municipalities),
        Page(
            "municipalities-deep",
            f"municipality list, page {municipality_pages}",
            deep_path(
                municipalities, MunicipalityListView, Municipality.objects.all(), municipality_pages
            ),
        ),
        Page(
            "municipalities-population",
            "municipality list by population",
            _query(municipalities, sort="population"),
        ),
        Page(
            "municipalities-filtered",
            "municipality list, topic + country",
            _query(municipalities, **facets),
        ),
        Page("events", "event list, no filter", events),
        Page(
            "events-deep",
            f"event list, page {event_pages}",
            deep_path(events, EventListView, visible_events, event_pages),
        ),
        Page(
            "events-filtered",
            "event list, network + country",
            _query(events, network=network.slug, country="DE"),
        ),
        Page("recaps", "recap list", recaps),
        Page(
            "recaps-deep",
            f"recap list, page {recap_pages}",
            deep_path(recaps, RecapListView, Recap.objects.published(), recap_pages),
        ),
        Page("networks", "network list", reverse("members:network_list")),
        Page("topics", "topic list", reverse("projects:topic_list")),
        Page("network", "network detail", reverse("network_detail", args=[network.slug])),
        Page(
            "municipality",
            "municipality detail (largest place)",
            reverse("municipality_detail", args=[largest.slug]),
        ),
        Page("project", "project detail", reverse("projects:project_detail", args=[project.slug])),
        Page(
            "project-304",
            "project detail, revalidated (304)",
            reverse("projects:project_detail", args=[project.slug]),
            revalidate=True,
        ),
        Page("topic", "topic detail", reverse("topic_detail", args=[topic.slug])),
        Page("event", "event detail", reverse("events:event_detail", args=[event.slug])),
        Page("recap", "recap detail", reverse("events:recap_detail", args=[recap.slug])),
        Page("peers", "peers, largest place", reverse("peers", args=[largest.slug])),
        *interface_pages(project, facets),
        # A signed-in member's pages are built for them (their name, rights and buttons):
        # the visitors' page cache never serves them.
        Page(
            "project-member",
            "project detail (officer)",
            reverse("projects:project_detail", args=[project.slug]),
            "officer",
        ),
        Page(
            "municipality-member",
            "own municipality (officer)",
            reverse("municipality_detail", args=[largest.slug]),
            "officer",
        ),
        Page(
            "peers-member",
            "peers of own place (officer)",
            reverse("peers", args=[largest.slug]),
            "officer",
        ),
        Page(
            "search-member",
            "search, common word (officer)",
            _query(search, q=benchmark.COMMON_TERM),
            "officer",
        ),
        Page("my-requests", "my requests (officer)", reverse("members:my_requests"), "officer"),
        Page(
            "project-edit",
            "project edit form (officer)",
            reverse("projects:project_edit", args=[led.slug]),
            "officer",
        ),
        Page("workspace", "workspace (network admin)", reverse("members:workspace"), "admin"),
        Page(
            "workspace-network",
            "workspace of a network (network admin)",
            reverse("members:workspace_network", args=[network.slug]),
            "admin",
        ),
        # The JSON API (network_portal.api); the per-address rate limit is lifted for gunicorn
        # (load_test_run.server_environment).
        Page("api-projects", "API: project list, no filter", reverse("api:project-list")),
        Page(
            "api-project",
            "API: project detail",
            reverse("api:project-detail", args=[project.slug]),
        ),
    ]


def interface_pages(project, facets) -> list[Page]:
    """The downloads and feeds (CSV, Atom, iCalendar) of later issues, those that exist."""
    wanted = [
        ("csv-projects", "CSV: projects, topic + country", "exports:projects_csv", [], facets),
        ("atom-projects", "Atom: new projects", "exports:projects_feed", [], {}),
        ("ics-events", "iCalendar: all events", "exports:events_ics", [], {}),
    ]
    pages = []
    for key, name, url_name, args, params in wanted:
        try:
            path = reverse(url_name, args=args)
        except NoReverseMatch:
            continue
        pages.append(Page(key, name, _query(path, **params) if params else path))
    return pages


INTERFACE_KEYS = ("csv-projects", "atom-projects", "ics-events")
PAGE_KEYS = (
    TRIVIAL, "healthz", "home", "search-rare", "search-common", "projects", "projects-deep",
    "projects-name-deep", "projects-filtered", "projects-search", "projects-member",
    "municipalities", "municipalities-deep", "municipalities-population",
    "municipalities-filtered", "events", "events-deep",
    "events-filtered", "recaps", "recaps-deep", "networks", "topics", "network",
    "municipality", "project", "project-304", "topic", "event", "recap", "peers",
    *INTERFACE_KEYS, "project-member", "municipality-member", "peers-member", "search-member",
    "my-requests",
    "project-edit", "workspace", "workspace-network", "api-projects", "api-project",
)  # fmt: skip


def written_project_pk() -> int:
    """The project --write-every edits: the first benchmark project (not a page's own)."""
    projects = Project.objects.filter(slug__startswith=benchmark.PREFIX).order_by("pk")
    return projects.values_list("pk", flat=True)[0]


def select_pages(pages: list[Page], only) -> list[Page]:
    """The pages whose key is in `only` (all with None), the trivial view always first."""
    if only is None:
        return list(pages)
    return [page for page in pages if page.key == TRIVIAL or page.key in only]


def persona_clients(personas: Personas) -> dict[str, Client]:
    """A test client per persona ("" a visitor), signed in with a session of its own."""
    hosts = [h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "")]
    host = hosts[0] if hosts else "localhost"
    clients = {"": Client(HTTP_HOST=host)}
    for name, user in (("officer", personas.officer), ("admin", personas.admin)):
        client = Client(HTTP_HOST=host)
        client.force_login(user)
        clients[name] = client
    return clients


def session_cookie(client: Client) -> str:
    """The `Cookie` header value that carries `client`'s session ("" for a visitor)."""
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return f"{settings.SESSION_COOKIE_NAME}={cookie.value}" if cookie else ""


def count_queries(client: Client, path: str) -> tuple[int, int, float, float]:
    """(status, queries, first ms, second ms) of two requests, the queries of the second
    (caches filled by the first). Built both times: what a page costs, not the visitors'
    page cache (network_portal.conditional), which the served pages use."""
    with override_settings(PAGE_CACHE_SECONDS=0):
        return _count_queries(client, path)


def _count_queries(client: Client, path: str) -> tuple[int, int, float, float]:
    started = time.perf_counter()
    read_whole(client, path)
    first_ms = (time.perf_counter() - started) * 1000
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = read_whole(client, path)
        second_ms = (time.perf_counter() - started) * 1000
    return response.status_code, len(queries), first_ms, second_ms


def read_whole(client: Client, path: str):
    """The response to `path`, a streamed one read to its end (as wrk reads it: the rows of
    a CSV are read and written while it is sent), asked for as a browser (and wrk) asks."""
    response = client.get(path, secure=True, HTTP_ACCEPT_ENCODING=BROWSER_ACCEPT_ENCODING)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def format_table(results: list[Result]) -> str:
    """The report as a Markdown table (pasteable into an issue)."""
    trivial = next((r for r in results if r.page.key == TRIVIAL), None)
    lines = [
        "| page | req/s | p50 | p95 | p99 | errors | queries | alone: 1st, 2nd | ÷ trivial view |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        ratio = result.ratio(trivial)
        errors = str(result.errors)
        if result.timeouts:
            errors += f" ({result.timeouts} timeouts)"
        status = "" if result.status in (None, 200) else f" [status {result.status}]"
        queries = "–" if result.queries is None else str(result.queries)
        alone = "–"
        if result.first_ms is not None:
            alone = f"{_number(result.first_ms)}, {_number(result.second_ms)} ms"
        p99 = "–" if result.p99_ms is None else f"{_number(result.p99_ms)} ms"
        lines.append(
            f"| {result.page.name}{status} | {_number(result.requests_per_second)}"
            f" | {_number(result.p50_ms)} ms | {_number(result.p95_ms)} ms | {p99} | {errors}"
            f" | {queries} | {alone} | {'–' if ratio is None else f'{ratio:.4f}'} |"
        )
    return "\n".join(lines)
