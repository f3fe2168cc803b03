"""The query set (tests/search/queries.py) on the demo data: every expected result is among
the top three of its kind on the one search page."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from core.access import VISITOR
from core.glossary import prepare_query
from network_portal.search import KINDS_BY_KEY, search_group
from tests.search.conftest import load_shipped_glossary
from tests.search.queries import QUERIES

SEARCH = reverse("search")


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """The demo data and the glossary, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("loaddata", "demo", verbosity=0)
            load_shipped_glossary()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def top_three(query: str, kind: str) -> list[str]:
    """The first three results of `kind` as the search page ranks them for a visitor: the
    query read through the glossary, then that kind's ranked group (without the page's
    rendering, to keep 87 searches quick; test_search_page covers the page)."""
    group = search_group(KINDS_BY_KEY[kind], prepare_query(query), VISITOR, offset=0, limit=3)
    return [result.slug for result in group.results]


def test_the_page_shows_what_the_query_set_checks(demo_once, db, client):
    response = client.get(SEARCH, {"q": "Mastercard"})
    groups = {group.kind.key: group for group in response.context["groups"]}
    for kind in ("networks", "organizations", "projects"):
        assert [r.slug for r in groups[kind].results][:3] == top_three("Mastercard", kind)


def test_the_query_set_is_realistic_in_size():
    assert len(QUERIES) >= 60
    assert len({(query, kind, slug) for query, kind, slug, _ in QUERIES}) == len(QUERIES)


@pytest.mark.parametrize(
    ("query", "kind", "slug"),
    [(query, kind, slug) for query, kind, slug, _ in QUERIES],
    ids=[f"{query}->{kind}:{slug}" for query, kind, slug, _ in QUERIES],
)
def test_expected_result_is_in_the_top_three(demo_once, db, query, kind, slug):
    assert slug in top_three(query, kind)
