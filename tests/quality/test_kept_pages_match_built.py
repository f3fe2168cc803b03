"""Every persona gets from the kept content pages exactly what a page built for them shows
(network_portal.conditional: visitors' pages per address, signed-in people's per group of
rights with their own parts filled in): every content page of the permission matrix, asked
by all eight personas in turn, so that a page kept for one group is there when the next
persona asks. A page that showed one persona what another sees fails here."""

import pytest
from django.core.cache import cache

from network_portal.conditional import CONDITIONAL_PAGES
from tests.performance.test_page_cache import TOKEN
from tests.personas import PERSONAS, log_in
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
