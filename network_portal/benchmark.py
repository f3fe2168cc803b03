"""Seed a large, reproducible data set and time search, lists and peers through the stack.

Everything the benchmark writes has a slug starting with `bench-`, so it stays apart from
the demo fixtures and `remove_benchmark_data()` takes it out again. Municipalities are
real places (GeoNames, via members.importing.read_geonames, the largest first); projects,
events and recaps are synthetic, composed from German and English word lists with a seeded
random generator, so two runs with the same arguments write the same rows.
"""

import contextlib
import functools
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.cached import content_changed
from events.models import Event, Recap
from members.importing import PlaceRecord, read_geonames
from members.models import Membership, Municipality, Network
from projects.models import MunicipalityTopic, Project, Topic, Visibility

PREFIX = "bench-"
BATCH = 2_000

# Every project's text contains one of these: the "common term" matches most projects.
COMMON_TERM = "Stadt"
# One project in RARE_EVERY carries the rare word in its description.
RARE_TERM = "Quantenpilot"
RARE_EVERY = 5_000

TOPICS = [
    ("mobilitaet", "Mobilität", "Mobility"),
    ("datenplattformen", "Datenplattformen", "Data platforms"),
    ("ki", "Künstliche Intelligenz", "Artificial intelligence"),
    ("beteiligung", "Bürgerbeteiligung", "Participation"),
    ("verwaltung", "Digitale Verwaltung", "Digital administration"),
    ("energie-klima", "Energie und Klima", "Energy and climate"),
    ("tourismus", "Tourismus", "Tourism"),
    ("gesundheit", "Gesundheit und Pflege", "Health and care"),
    ("bildung", "Bildung", "Education"),
    ("handel", "Innenstadt und Handel", "Retail and city centres"),
    ("wasser", "Wasser und Umwelt", "Water and environment"),
    ("sicherheit", "Sicherheit", "Safety"),
    ("land", "Ländlicher Raum", "Rural areas"),
    ("zwilling", "Digitaler Zwilling", "Digital twin"),
    ("iot", "Sensorik und IoT", "Sensors and IoT"),
]
NETWORKS = [
    ("mpsc", "Modellprojekte Smart Cities (Benchmark)", "MPSC-B"),
    ("iscn", "International Smart Cities Network (Benchmark)", "ISCN-B"),
    ("city-possible", "City Possible (Benchmark)", "CP-B"),
]

GERMAN_ADJECTIVES = [
    "Digitaler", "Smarter", "Vernetzter", "Offener", "Nachhaltiger", "Intelligenter",
    "Gemeinsamer", "Mobiler", "Kommunaler", "Regionaler", "Barrierefreier", "Datenbasierter",
]  # fmt: skip
GERMAN_NOUNS = [
    "Rufbus", "Parkleitsystem", "Bürgerservice", "Datenmarktplatz", "Stadtplan", "Sensornetz",
    "Ladepark", "Wasserzähler", "Chatbot", "Energiemonitor", "Lieferdienst", "Radweg",
    "Marktplatz", "Lernraum", "Pflegeassistent", "Hochwasserwarner", "Baumkataster",
    "Beteiligungsportal", "Verkehrsrechner", "Dorfladen", "Coworking-Raum", "Bürgerkonto",
]  # fmt: skip
GERMAN_SENTENCES = [
    "Die {stadt} erprobt gemeinsam mit Partnern einen {noun} für alle Bürgerinnen und Bürger.",
    "Nach der Pilotphase wird der {noun} in der ganzen Region eingesetzt.",
    "Daten aus dem {noun} fließen in die offene Datenplattform der Kommune.",
    "Die Verwaltung hat Förderung aus dem Programm Modellprojekte Smart Cities erhalten.",
    "Gelernt haben wir vor allem, die Menschen früh zu beteiligen.",
    "Der Quellcode steht unter einer offenen Lizenz anderen Kommunen zur Verfügung.",
    "Sensoren messen Verkehr, Luftqualität und Auslastung in Echtzeit.",
    "Ehrenamtliche helfen älteren Menschen beim Umgang mit der App.",
    "Das Projekt verbindet Stadt und Land durch bessere Mobilität.",
    "Schnittstellen folgen offenen Standards, damit andere Städte sie nachnutzen können.",
]
ENGLISH_ADJECTIVES = [
    "Digital", "Smart", "Connected", "Open", "Sustainable", "Shared", "Inclusive", "Resilient",
]  # fmt: skip
ENGLISH_NOUNS = [
    "mobility hub", "data platform", "parking guidance", "citizen portal", "energy dashboard",
    "flood warning", "tree register", "on-demand shuttle", "digital twin", "air quality network",
]  # fmt: skip
ENGLISH_SENTENCES = [
    "The {stadt} pilots a {noun} together with local partners and residents.",
    "After the pilot, the {noun} was rolled out across the whole region.",
    "Data from the {noun} feeds the city's open data platform.",
    "We learned to involve people early and to publish the source code.",
    "Sensors measure traffic, air quality and occupancy in real time.",
    "Open standards make it easy for other cities to reuse the solution.",
]
STADT_WORDS = {"de": ["Stadt", "Stadtverwaltung", "Stadt"], "en": ["city", "town", "city"]}


@dataclass
class SeedReport:
    municipalities: int = 0
    projects: int = 0
    events: int = 0
    recaps: int = 0
    seconds: float = 0.0


@dataclass
class Timing:
    name: str
    path: str
    durations_ms: list = field(default_factory=list)
    queries: int = 0
    status: int = 0
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.durations_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.durations_ms)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def benchmark_data_exists() -> bool:
    return Project.objects.filter(slug__startswith=PREFIX).exists()


def remove_benchmark_data() -> dict[str, int]:
    """Delete every row the benchmark created (slug prefix `bench-`), in dependency order."""
    removed = {}
    with transaction.atomic():
        for model in (Recap, Event, Project, Membership, Network, Topic, Municipality):
            if model is Membership:
                queryset = Membership.objects.filter(network__slug__startswith=PREFIX)
            else:
                queryset = model.objects.filter(slug__startswith=PREFIX)
            removed[model._meta.verbose_name_plural] = queryset.delete()[1].get(
                model._meta.label, 0
            )
    return removed


def real_places(count: int) -> list[PlaceRecord]:
    """The `count` largest GeoNames places (all countries)."""
    return all_places()[:count]


@functools.cache
def all_places() -> list[PlaceRecord]:
    """Every GeoNames place, read once per process (reading takes seconds; tests seed often)."""
    return [row for row in read_geonames(None) if isinstance(row, PlaceRecord)]


def seed(
    *,
    municipalities: int,
    projects: int,
    events: int,
    recaps: int,
    seed_value: int = 2026,
    log: Callable[[str], None] = print,
) -> SeedReport:
    """Write the benchmark data set in bulk. Call remove_benchmark_data() first to re-seed."""
    started = time.perf_counter()
    rng = random.Random(seed_value)
    report = SeedReport()
    with transaction.atomic():
        topics = Topic.objects.bulk_create(
            [Topic(slug=PREFIX + slug, name_de=de, name_en=en) for slug, de, en in TOPICS]
        )
        networks = Network.objects.bulk_create(
            [
                Network(slug=PREFIX + slug, name=name, short_name=short)
                for slug, name, short in NETWORKS
            ]
        )
        log(f"Reading the {municipalities:,} largest GeoNames places …")
        places = real_places(municipalities)
        towns = seed_municipalities(places)
        report.municipalities = len(towns)
        log(f"{len(towns):,} municipalities; memberships …")
        with derived_rows_written_once(log):
            seed_memberships(rng, towns, networks)
            log(f"{projects:,} projects …")
            report.projects = seed_projects(rng, projects, towns, topics, log)
        log(f"{events:,} events and {recaps:,} recaps …")
        report.events, report.recaps = seed_events(rng, events, recaps, towns, networks)
    content_changed()  # bulk writes send no signals: drop the cached counts (core.cached)
    if not connection.in_atomic_block:  # VACUUM cannot run in a transaction (tests)
        vacuum_benchmark_tables()
    report.seconds = time.perf_counter() - started
    return report


# The tables whose triggers keep derived rows current (projects/migrations/0003 and 0010:
# the municipalities' topic profiles, the projects' related vector).
TRIGGERED_TABLES = (
    "members_membership",
    "projects_project",
    "projects_project_topics",
    "projects_project_partner_municipalities",
)


@contextlib.contextmanager
def derived_rows_written_once(log: Callable[[str], None] = print):
    """Seed without the triggers, then write the derived rows once from the seeded rows.

    Each batch's triggers recount the topic profile of every place the batch touches from
    all of its projects so far: the largest places are recounted once per batch, so seeding
    grows with the square of its size (--scale 10 would take hours). The refresh functions
    the triggers call are run once at the end over every benchmark place and project, which
    gives the same rows (tests/search/test_benchmark.py). ALTER TABLE is transactional
    (and locks the tables until the end): if seeding fails, the rollback turns the
    triggers back on. Must run inside a transaction (seed() opens one)."""
    with connection.cursor() as cursor:
        set_triggers(cursor, "DISABLE")
        project_indexes = drop_secondary_indexes(cursor, Project._meta.db_table)
    yield
    with connection.cursor() as cursor:
        log("  the projects' related vectors …")
        analyze_seeded_tables(cursor)
        refresh_in_chunks(cursor, "refresh_project_related", "projects_project")
        log("  the project table's indexes …")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        with constraints_checked_now(cursor):
            for definition in project_indexes:
                cursor.execute(definition)
        log("  the places' topic profiles …")
        refresh_in_chunks(cursor, "refresh_municipality_topics", "members_municipality")
        set_triggers(cursor, "ENABLE")


def analyze_seeded_tables(cursor) -> None:
    """Give the planner the seeded tables' sizes before the refresh reads them: the refresh
    joins inside one subquery per project, and without statistics (the rows are not even
    committed yet, autovacuum has not seen them) it planned hash joins over the whole
    municipality table in those subqueries — at --scale 10, 60 s per 5,000 projects.
    ANALYZE, unlike VACUUM, runs in the transaction and counts its own rows."""
    for model in (Municipality, Membership, Project):
        cursor.execute(f"ANALYZE {model._meta.db_table}")  # noqa: S608 - a model's table
    for links in ("topics", "partner_municipalities", "partner_organizations"):
        table = getattr(Project, links).through._meta.db_table
        cursor.execute(f"ANALYZE {table}")  # noqa: S608 - a model's table


def drop_secondary_indexes(cursor, table: str) -> list[str]:
    """Drop the indexes of `table` that back no constraint; return the statements that
    build them again. Every inserted and every updated row (the related vector is indexed,
    so no update is HOT) adds an entry to each of the project table's indexes: at
    --scale 10 the refresh spent 15–90 s per chunk on that upkeep, against one build of
    each index at the end. Constraint indexes (primary key, unique slug) stay."""
    cursor.execute(
        """
        SELECT index_class.relname, pg_get_indexdef(index.indexrelid)
        FROM pg_index index JOIN pg_class index_class ON index_class.oid = index.indexrelid
        WHERE index.indrelid = %s::regclass
          AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = index.indexrelid)
        ORDER BY index_class.relname
        """,
        [table],
    )
    indexes = cursor.fetchall()
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in indexes]


# The refresh functions match their rows with `= ANY(ids)`, which PostgreSQL checks element
# by element: one call over every id would grow with the square of the data set.
REFRESH_CHUNK = 5_000


def refresh_in_chunks(cursor, function: str, table: str) -> None:
    """Call the refresh `function` over the benchmark rows of `table`, REFRESH_CHUNK ids
    at a time."""
    cursor.execute(
        f"SELECT id FROM {table} WHERE slug LIKE %s ORDER BY id",  # noqa: S608 - constants
        [PREFIX + "%"],
    )
    ids = [row[0] for row in cursor.fetchall()]
    for start in range(0, len(ids), REFRESH_CHUNK):
        cursor.execute(f"SELECT {function}(%s::bigint[])", [ids[start : start + REFRESH_CHUNK]])


@contextlib.contextmanager
def constraints_checked_now(cursor):
    """ALTER TABLE and CREATE INDEX refuse while foreign-key checks wait for the commit
    (Django defers them): check them now, then defer again."""
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def set_triggers(cursor, action: str) -> None:
    with constraints_checked_now(cursor):
        for table in TRIGGERED_TABLES:
            cursor.execute(f"ALTER TABLE {table} {action} TRIGGER USER")  # noqa: S608 - constants


def vacuum_benchmark_tables():
    """VACUUM moves the GIN indexes' pending lists (fast bulk inserts) into the index
    proper, as autovacuum would soon; ANALYZE gives the planner the new row counts."""
    tables = [model._meta.db_table for model in (Municipality, Project, Event, Recap, Membership)]
    tables += [
        Project.topics.through._meta.db_table,
        Project.partner_municipalities.through._meta.db_table,
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")  # noqa: S608 - a model's table name
        cursor.execute(f"VACUUM ANALYZE {MunicipalityTopic._meta.db_table}")  # noqa: S608


def seed_municipalities(places: list[PlaceRecord]) -> list[Municipality]:
    rows = []
    for place in places:
        urban = place.population is not None and place.population >= 20_000
        rows.append(
            Municipality(
                name=place.name,
                slug=f"{PREFIX}{place.geonames_id}",
                kind=Municipality.Kind.CITY if urban else Municipality.Kind.MUNICIPALITY,
                country=place.country,
                state=place.state[:100],
                population=place.population,
                latitude=place.latitude,
                longitude=place.longitude,
                settlement_type=(
                    Municipality.SettlementType.URBAN
                    if urban
                    else Municipality.SettlementType.RURAL
                ),
            )
        )
    return Municipality.objects.bulk_create(rows, batch_size=BATCH)


def seed_memberships(rng, towns, networks):
    rows = []
    for town in towns:
        for network in networks:
            if rng.random() < 0.04:
                rows.append(Membership(municipality=town, network=network))
    Membership.objects.bulk_create(rows, batch_size=BATCH)


def project_text(rng, number: int, town: Municipality) -> dict:
    english = rng.random() < 0.3
    if english:
        noun = rng.choice(ENGLISH_NOUNS)
        title = f"{rng.choice(ENGLISH_ADJECTIVES)} {noun} {town.name}"
        sentences = ENGLISH_SENTENCES
    else:
        noun = rng.choice(GERMAN_NOUNS)
        title = f"{rng.choice(GERMAN_ADJECTIVES)} {noun} {town.name}"
        sentences = GERMAN_SENTENCES
    words = STADT_WORDS["en" if english else "de"]
    # Most projects name the city (the common term); the rest speak of the region.
    stadt = rng.choice(words) if rng.random() < 0.8 else ("region" if english else "Region")
    summary = " ".join(s.format(stadt=stadt, noun=noun) for s in rng.sample(sentences, 2))
    description = " ".join(s.format(stadt=stadt, noun=noun) for s in rng.sample(sentences, 4))
    if number % RARE_EVERY == 0:
        description += f" Der {RARE_TERM} testet neue Verfahren."
    return {"title": title[:200], "summary": summary, "description": description}


def seed_projects(rng, count, towns, topics, log) -> int:
    # Bigger places run more projects: pick leads from a population-weighted pool.
    weights = [max(1, (town.population or 1) ** 0.5) for town in towns]
    stages = [value for value, _label in Project.Stage.choices if value != "stopped"]
    today = date(2026, 11, 1)
    created = 0
    Topics = Project.topics.through
    Partners = Project.partner_municipalities.through
    for start in range(0, count, BATCH):
        numbers = range(start, min(count, start + BATCH))
        leads = rng.choices(towns, weights=weights, k=len(numbers))
        batch = [
            Project(
                slug=f"{PREFIX}projekt-{number}",
                lead_municipality=lead,
                stage=rng.choice(stages),
                started_on=today - timedelta(days=rng.randrange(0, 8 * 365)),
                is_open_source=rng.random() < 0.35,
                visibility=Visibility.PUBLIC if rng.random() < 0.9 else Visibility.MEMBERS,
                **project_text(rng, number, lead),
            )
            for number, lead in zip(numbers, leads, strict=True)
        ]
        batch = Project.objects.bulk_create(batch)
        Topics.objects.bulk_create(
            [
                Topics(project_id=project.pk, topic_id=topic.pk)
                for project in batch
                for topic in rng.sample(topics, rng.choice((1, 1, 2, 2, 3)))
            ]
        )
        Partners.objects.bulk_create(
            [
                Partners(project_id=project.pk, municipality_id=partner.pk)
                for project in batch
                for partner in {rng.choice(towns) for _ in range(rng.choice((0, 0, 1, 2)))}
                if partner.pk != project.lead_municipality_id
            ]
        )
        created += len(batch)
        if created % 20_000 == 0:
            log(f"  {created:,}")
    return created


def seed_events(rng, event_count, recap_count, towns, networks) -> tuple[int, int]:
    today = date(2026, 11, 1)
    events = Event.objects.bulk_create(
        [
            Event(
                slug=f"{PREFIX}event-{number}",
                title=f"{rng.choice(GERMAN_ADJECTIVES)} Kongress {city.name} {number}",
                kind=Event.Kind.CONGRESS,
                network=rng.choice(networks),
                city=city,
                starts_on=(starts := today + timedelta(days=rng.randrange(-1500, 400))),
                ends_on=starts + timedelta(days=rng.randrange(0, 3)),
                description=" ".join(
                    s.format(stadt="Stadt", noun=rng.choice(GERMAN_NOUNS))
                    for s in rng.sample(GERMAN_SENTENCES, 3)
                ),
            )
            for number, city in enumerate(rng.choices(towns[:5_000], k=event_count))
        ],
        batch_size=BATCH,
    )
    now = timezone.now()
    recaps = Recap.objects.bulk_create(
        [
            Recap(
                slug=f"{PREFIX}recap-{number}",
                event=event,
                title=f"Rückblick: {event.title}",
                body=" ".join(
                    s.format(stadt="Stadt", noun=rng.choice(GERMAN_NOUNS))
                    for s in rng.sample(GERMAN_SENTENCES, 6)
                ),
                status=Recap.Status.PUBLISHED if rng.random() < 0.9 else Recap.Status.DRAFT,
                published_at=now - timedelta(days=rng.randrange(0, 1500)),
            )
            for number, event in enumerate(rng.choices(events, k=recap_count))
        ],
        batch_size=BATCH,
    )
    return len(events), len(recaps)


def busiest_bench_municipality() -> Municipality:
    """The largest benchmark municipality: it leads the most projects (leads are weighted
    by population), so its peers page aggregates the most rows."""
    return (
        Municipality.objects.filter(slug__startswith=PREFIX).order_by("-population", "pk").first()
    )


SCENARIO_KEYS = ("rare", "common", "list", "municipalities", "events", "peers")


def mid_size_bench_municipality() -> Municipality:
    """The benchmark's 1,000th largest municipality (the middle one in a small data set):
    a typical peers page."""
    places = Municipality.objects.filter(slug__startswith=PREFIX).order_by("-population", "pk")
    return places[min(1_000, places.count() // 2)]


def scenarios(only=SCENARIO_KEYS) -> list[tuple[str, str, str]]:
    """(name, path, note) of each measured request whose key is in `only`."""
    topic = Topic.objects.filter(slug__startswith=PREFIX).order_by("pk").first()
    peer = busiest_bench_municipality()
    search = reverse("search")
    try:
        project_list = reverse("projects:project_list")
        list_note = ""
    except NoReverseMatch:
        project_list, list_note = None, "no project list page yet"
    rows = []
    if "rare" in only:
        rows.append(("search, rare term", f"{search}?{urlencode({'q': RARE_TERM})}", ""))
    if "common" in only:
        rows.append(("search, common term", f"{search}?{urlencode({'q': COMMON_TERM})}", ""))
    if "list" in only and project_list:
        query = urlencode({"topic": topic.slug, "country": "DE"})
        rows.append(("project list, 2 facets + counts", f"{project_list}?{query}", list_note))
    if "municipalities" in only:
        query = urlencode({"topic": topic.slug, "country": "DE"})
        path = f"{reverse('municipality_list')}?{query}"
        rows.append(("municipality list, 2 facets+counts", path, ""))
    if "events" in only:
        network = Network.objects.filter(slug__startswith=PREFIX).order_by("pk").first()
        query = urlencode({"network": network.slug, "country": "DE"})
        path = f"{reverse('events:event_list')}?{query}"
        rows.append(("event list, 2 facets + counts", path, ""))
    if "peers" in only:
        rows.append(("peers page, largest place", reverse("peers", kwargs={"slug": peer.slug}), ""))
        mid = mid_size_bench_municipality()
        rows.append(("peers page, mid-size place", reverse("peers", kwargs={"slug": mid.slug}), ""))
    return rows


def benchmark_client() -> Client:
    hosts = [h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "")]
    return Client(HTTP_HOST=hosts[0] if hosts else "localhost")


def measure(*, repeat: int = 30, warmup: int = 3, only=SCENARIO_KEYS) -> list[Timing]:
    client = benchmark_client()
    timings = []
    for name, path, note in scenarios(only):
        timing = Timing(name, path, note=note)
        for _ in range(warmup):
            client.get(path, secure=True)
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path, secure=True)
                timing.durations_ms.append((time.perf_counter() - started) * 1000)
            timing.queries = len(queries)
            timing.status = response.status_code
        timings.append(timing)
    return timings
