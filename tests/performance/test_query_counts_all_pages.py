"""No page reads more queries for 100 related rows than for 10 (issue 11, point 4; DESIGN's
quality bar), beyond the lists that their own tests cover: the detail pages of a project,
municipality, network, topic, event and recap, peers, home, search and the workspace.

A module-scoped fixture builds each page's subject twice, once with 10 and once with 100
of every kind of row the page shows (in bulk: factories' build_batch + bulk_create), in a
transaction rolled back when the module ends. Each page is requested for both subjects
with a cold cache, by a visitor and where it matters by a member who sees more.
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.access import Visibility
from events.models import Highlight, ProgrammeItem, Recap
from members.models import Membership, NetworkRole, Officer
from projects.models import Adoption, Project
from tests.factories.events import (
    EventFactory,
    HighlightFactory,
    ProgrammeItemFactory,
    RecapFactory,
)
from tests.factories.members import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    OfficerFactory,
    OrganizationFactory,
    PersonFactory,
    give_two_factor,
)
from tests.factories.projects import AdoptionFactory, ProjectFactory, TopicFactory

pytestmark = pytest.mark.django_db
SIZES = (10, 100)


def bulk(factory, count, **fields):
    """`count` rows of `factory` in one INSERT (no signals: the tests clear the cache)."""
    return factory._meta.model.objects.bulk_create(factory.build_batch(count, **fields))


def link(manager_field, pairs):
    """Adds the (owner, target) `pairs` to the many-to-many `manager_field` in one INSERT:
    the link tables' triggers then recount once, not once per row."""
    through, relation = manager_field.through, manager_field.field
    source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
    through.objects.bulk_create(
        [through(**{f"{source}_id": owner.pk, f"{target}_id": row.pk}) for owner, row in pairs]
    )


def each(owners, targets):
    return [(owner, target) for owner in owners for target in targets]


@dataclass
class World:
    """Per size: the subjects of the pages, and the people who look at them."""

    n: int
    network: object = None
    place: object = None
    project: object = None
    topic: object = None
    event: object = None
    recap: object = None
    admin: object = None
    officer: object = None
    search_word: str = ""
    extra: dict = field(default_factory=dict)


def build(n: int) -> World:
    world = World(n=n)
    tag = f"n{n}"
    network = world.network = NetworkFactory(slug=f"netz-{tag}")
    place = world.place = MunicipalityFactory(slug=f"ort-{tag}", population=40_000 + n)
    topic = world.topic = TopicFactory(slug=f"thema-{tag}")
    MembershipFactory(municipality=place, network=network)
    places = bulk(MunicipalityFactory, n, population=30_000)
    Membership.objects.bulk_create(
        [Membership(municipality=other, network=network) for other in places]
    )
    organizations = bulk(OrganizationFactory, n)
    # The project: n partners (places and organizations), adoptions, recaps, similar ones.
    word = world.search_word = f"Suchwort{tag}"
    project = world.project = ProjectFactory(
        slug=f"projekt-{tag}", lead_municipality=place, topics=[topic], summary=word
    )
    link(Project.partner_municipalities, each([project], places))
    link(Project.partner_organizations, each([project], organizations))
    Adoption.objects.bulk_create(
        [AdoptionFactory.build(project=project, municipality=other) for other in places]
    )
    # The place leads n more projects (half members-only) and partners n: on its page, the
    # network's, the topic's, and in search.
    led = bulk(
        ProjectFactory,
        n,
        lead_municipality=place,
        summary=word,
        visibility=Visibility.PUBLIC,
    )
    hidden = bulk(ProjectFactory, n, lead_municipality=place, visibility=Visibility.MEMBERS)
    partnered = bulk(ProjectFactory, n, lead_municipality=places[0], summary=word)
    link(Project.partner_municipalities, each(partnered, [place]))
    link(Project.topics, each(led + hidden + partnered, [topic]))
    # Events in the place and of the network: n upcoming, n past; the event has n programme
    # items with speakers, and n recaps; the recap has n highlights, projects, places.
    soon = timezone.localdate() + datetime.timedelta(days=20)
    event = world.event = EventFactory(slug=f"kongress-{tag}", network=network, city=place)
    bulk(EventFactory, n, network=network, city=place, starts_on=soon, ends_on=soon)
    bulk(
        EventFactory,
        n,
        network=network,
        city=place,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2020, 1, 1),
    )
    people = bulk(PersonFactory, n, municipality=place)
    items = bulk(ProgrammeItemFactory, n, event=event)
    link(ProgrammeItem.speakers, each(items, people[:3]))
    recaps = bulk(RecapFactory, n, event=event, published_at=timezone.now())
    link(Recap.projects, each(recaps, [project]))
    link(Recap.topics, each(recaps, [topic]))
    recap = world.recap = RecapFactory(slug=f"rueckblick-{tag}", event=event)
    link(Recap.projects, each([recap], led))
    link(Recap.municipalities, each([recap], places))
    link(Recap.topics, each([recap], [topic]))
    Highlight.objects.bulk_create(
        [HighlightFactory.build(recap=recap, person=person) for person in people]
    )
    # The workspace: n officer requests and n membership requests to decide, n roles.
    world.admin = get_user_model().objects.create(username=f"{tag}-admin", password="!")
    NetworkRole.objects.create(user=world.admin, network=network, role=NetworkRole.Role.ADMIN)
    give_two_factor(world.admin)
    # Accounts without a usable password: hashing one costs a second each.
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"{tag}-{i}", email=f"{tag}-{i}@example.org", password="!")
        for i in range(n)
    )
    Officer.objects.bulk_create(
        [
            OfficerFactory.build(user=user, municipality=other, status=Officer.Status.REQUESTED)
            for user, other in zip(users, places, strict=True)
        ]
    )
    outsiders = bulk(MunicipalityFactory, n)
    Membership.objects.bulk_create(
        [
            Membership(municipality=other, network=network, status=Membership.Status.REQUESTED)
            for other in outsiders
        ]
    )
    NetworkRole.objects.bulk_create(
        [NetworkRole(user=user, network=network, role=NetworkRole.Role.ORGANIZER) for user in users]
    )
    world.officer = get_user_model().objects.create(username=f"{tag}-officer", password="!")
    OfficerFactory(user=world.officer, municipality=places[1])
    return world


@pytest.fixture(scope="module")
def worlds(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = {size: build(size) for size in SIZES}
            # The process keeps content types once read (pictures ask for them): read them
            # all now, so that the first page measured does not count one query more.
            ContentType.objects.get_for_models(*apps.get_models())
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


PAGES = {
    "project detail": lambda w: w.project.get_absolute_url(),
    "municipality detail": lambda w: w.place.get_absolute_url(),
    "network detail": lambda w: w.network.get_absolute_url(),
    "topic detail": lambda w: w.topic.get_absolute_url(),
    "event detail": lambda w: w.event.get_absolute_url(),
    "recap detail": lambda w: w.recap.get_absolute_url(),
    "peers": lambda w: reverse("peers", kwargs={"slug": w.place.slug}),
    "home": lambda w: reverse("home"),
    "search": lambda w: f"{reverse('search')}?q={w.search_word}",
    "workspace": lambda w: reverse("members:workspace"),
    "workspace of a network": lambda w: reverse(
        "members:workspace_network", kwargs={"slug": w.network.slug}
    ),
    "audit log of a network": lambda w: reverse(
        "members:audit_log", kwargs={"slug": w.network.slug}
    ),
    "featured projects": lambda w: reverse("featured_projects", kwargs={"slug": w.network.slug}),
}
# Who looks: visitors see the public pages, the network's admin the workspace; a member
# (officer) sees members-only rows on the public pages too.
VIEWERS = {
    "workspace": ("admin",),
    "workspace of a network": ("admin",),
    "audit log of a network": ("admin",),
    "featured projects": ("admin",),
    "event detail": ("visitor",),
    "recap detail": ("visitor",),
    "peers": ("visitor",),
    "search": ("visitor",),
}


CASES = [
    pytest.param(page, viewer, id=f"{page}, {viewer}")
    for page in PAGES
    for viewer in VIEWERS.get(page, ("visitor", "officer"))
]


def queries_for(world, page, viewer):
    client = Client()
    if viewer != "visitor":
        client.force_login(getattr(world, viewer))
    url = PAGES[page](world)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize(("page", "viewer"), CASES)
def test_queries_do_not_grow_with_the_rows(worlds, page, viewer):
    with_10 = queries_for(worlds[10], page, viewer)
    with_100 = queries_for(worlds[100], page, viewer)

    assert len(with_100) == len(with_10), grown(with_10, with_100)


def grown(few, many):
    """The queries (numbers left out) that ran more often with 100 rows than with 10."""

    def shapes(queries):
        return Counter(re.sub(r"\d+", "N", sql) for sql in queries)

    more = shapes(many) - shapes(few)
    return "\n\n".join(f"{count} more times: {sql}" for sql, count in more.items())
