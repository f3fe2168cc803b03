"""Every persona gets from the kept content pages exactly what a page built for them shows
(network_portal.conditional: visitors' pages per address, signed-in people's per group of
rights with their own parts filled in): every content page of the permission matrix, asked
by all eight personas in turn, so that a page kept for one group is there when the next
persona asks. A page that showed one persona what another sees fails here."""

import pytest
from django.core.cache import cache
from django.db.models import CharField, TextField, URLField

from core.cached import facts_generation
from events.models import Event, Recap
from members.models import Municipality, Network
from network_portal.conditional import CONDITIONAL_PAGES
from projects.models import Project, Topic
from tests.performance.test_page_cache import TOKEN
from tests.personas import OFFICER_X, PERSONAS, VISITOR, log_in
from tests.quality.test_permission_matrix import ROWS

pytestmark = pytest.mark.django_db
CONTENT_ROWS = [row for row in ROWS if row.url_name in CONDITIONAL_PAGES]


def seen(response) -> tuple[int, str]:
    return response.status_code, TOKEN.sub("", response.content.decode())


def test_the_matrix_has_a_row_for_every_content_page():
    assert {row.url_name for row in CONTENT_ROWS} == CONDITIONAL_PAGES


@pytest.mark.parametrize("row", [pytest.param(row, id=row.id) for row in CONTENT_ROWS])
def test_every_persona_gets_what_a_page_built_for_them_shows(personas_once, row, settings):
    world, users = personas_once
    url = row.url(world)
    clients = {name: log_in(users[name]) for name in PERSONAS}
    settings.PAGE_CACHE_SECONDS = 0
    built = {name: seen(client.get(url, secure=True)) for name, client in clients.items()}
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    for name in PERSONAS:  # each keeps the page of its group (or finds it kept)
        assert seen(clients[name].get(url, secure=True)) == built[name], name
    for name in reversed(PERSONAS):  # now served what was kept
        assert seen(clients[name].get(url, secure=True)) == built[name], name


PROSE_MODELS = (Project, Event, Recap, Municipality, Network, Topic)


def rewrite_all_prose():
    """Every row's prose_fields (core.cached.KnowsWhatChanged) rewritten and saved one by
    one, as the edit forms save them: words of other rows' titles, so that a count or
    ranking that read them would change."""
    words = " ".join(Project.objects.values_list("title", flat=True)[:5])
    for model in PROSE_MODELS:
        texts = [
            field.attname
            for field in model._meta.concrete_fields
            if field.attname in model.prose_fields
            and isinstance(field, CharField | TextField)  # URLField is a CharField
        ]
        for row in model.objects.all():
            for name in texts:
                field = model._meta.get_field(name)
                value = f"https://example.org/{row.pk}" if isinstance(field, URLField) else words
                setattr(row, name, value[: field.max_length or None])
            row.save()


@pytest.mark.parametrize("row", [pytest.param(row, id=row.id) for row in CONTENT_ROWS])
def test_after_prose_edits_the_kept_counts_give_the_page_a_fresh_build_gives(
    personas_once, row, settings
):
    """Counts and rankings stay kept across prose edits (core.cached, facts generation):
    a page built with them must equal one built with nothing kept."""
    world, users = personas_once
    url = row.url(world)
    settings.PAGE_CACHE_SECONDS = 0
    clients = {name: log_in(users[name]) for name in (VISITOR, OFFICER_X)}
    for client in clients.values():
        client.get(url, secure=True)  # counts and rankings kept
    facts = facts_generation()
    rewrite_all_prose()
    assert facts_generation() == facts
    with_kept = {name: seen(client.get(url, secure=True)) for name, client in clients.items()}
    cache.clear()
    for name, client in clients.items():
        assert seen(client.get(url, secure=True)) == with_kept[name], name
