"""The query set (tests/search/queries.py) on the demo data: every expected result is among
the top three of its kind on the one search page."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from tests.search.queries import QUERIES

SEARCH = reverse("search")


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """The demo data, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("loaddata", "demo", verbosity=0)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def top_three(client, query: str, kind: str) -> list[str]:
    """The first three results of `kind` on the search page (the page of that kind: it
    ranks as the overview does, and searches one kind instead of seven)."""
    response = client.get(SEARCH, {"q": query, "kind": kind})
    assert response.status_code == 200
    for group in response.context.get("groups") or []:
        if group.kind.key == kind:
            return [result.slug for result in group.results[:3]]
    return []


def test_the_query_set_is_realistic_in_size():
    assert len(QUERIES) >= 60
    assert len({(query, kind, slug) for query, kind, slug, _ in QUERIES}) == len(QUERIES)


@pytest.mark.parametrize(
    ("query", "kind", "slug"),
    [(query, kind, slug) for query, kind, slug, _ in QUERIES],
    ids=[f"{query}->{kind}:{slug}" for query, kind, slug, _ in QUERIES],
)
def test_expected_result_is_in_the_top_three(demo_once, db, client, query, kind, slug):
    assert slug in top_three(client, query, kind)
