"""The permission matrix's vocabulary: outcomes, rows and the helpers that build them.

Rows live in tests/quality/test_permission_matrix.py (the members and portal pages) and in
the modules of tests/quality/matrix_rows/ (one per area, each with a ROWS list), which the
matrix collects: add a module there for new pages instead of editing the shared file.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from tests.personas import (
    ADMIN_N,
    OFFICER_X,
    ORGANIZER_N,
    PERSONAS,
    STAFF,
    VISITOR,
    World,
    log_in,
)


@dataclass(frozen=True)
class Redirect:
    """A 302 to the page named `to` (with `slug`); `login` also carries where to come back
    to."""

    to: str
    login: bool = False
    slug: str = ""

    @property
    def path(self) -> str:
        return reverse(self.to, kwargs={"slug": self.slug} if self.slug else None)

    def __str__(self):
        return f"302 → {self.path}"


LOGIN = Redirect("account_login", login=True)
HOME = Redirect("home")

# The matrix's personas who reach N (and so see the members-only project led by X).
REACHING_N = (OFFICER_X, ADMIN_N, ORGANIZER_N, STAFF)
# Who edits N's events and recaps (drafts included).
EDITING_N = (ADMIN_N, ORGANIZER_N, STAFF)
SIGNED_IN_OFFICER_X = (OFFICER_X,)


def everyone(outcome) -> dict:
    return dict.fromkeys(PERSONAS, outcome)


def signed_in(outcome, *, visitor=LOGIN) -> dict:
    return {**everyone(outcome), VISITOR: visitor}


def only(personas, outcome, *, otherwise) -> dict:
    return {name: outcome if name in personas else otherwise for name in PERSONAS}


@dataclass(frozen=True)
class Row:
    url_name: str
    url: Callable[[World], str]
    get: dict
    post: dict
    variant: str = ""  # which object of the world, when a pattern has several rows
    data: Callable[[World], dict] = field(default=lambda world: {})

    @property
    def id(self) -> str:
        return f"{self.url_name}[{self.variant}]" if self.variant else self.url_name


def page(url_name, url=None, *, get=None, post=None, **kwargs) -> Row:
    """A page anyone may read and nobody posts to (the usual case)."""
    return Row(
        url_name,
        url or (lambda world: reverse(url_name)),
        get if get is not None else everyone(200),
        post if post is not None else everyone(405),
        **kwargs,
    )


def slug_url(url_name, attribute):
    return lambda world: reverse(url_name, kwargs={"slug": getattr(world, attribute).slug})


def collected_rows() -> list[Row]:
    """The rows of every module in tests/quality/matrix_rows/ (one per area)."""
    import importlib
    import pkgutil

    from tests.quality import matrix_rows

    rows = []
    for module in pkgutil.iter_modules(matrix_rows.__path__):
        rows += importlib.import_module(f"{matrix_rows.__name__}.{module.name}").ROWS
    return rows


def cells(rows):
    return [
        pytest.param(row, method, name, expected[name], id=f"{row.id}-{method}-{name}")
        for row in rows
        for method, expected in (("GET", row.get), ("POST", row.post))
        for name in PERSONAS
    ]


def describe(response) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        return f"{response.status_code} → {response['Location']}"
    return str(response.status_code)


def matches(response, expected) -> bool:
    if not isinstance(expected, Redirect):
        return response.status_code == expected
    if response.status_code != 302:
        return False
    location = urlsplit(response["Location"])
    if location.path != expected.path:
        return False
    return not expected.login or "next" in parse_qs(location.query)


def check_cell(personas_once, row, method, name, expected) -> None:
    """One cell: `name` sends `method` to the row's URL and must get `expected`."""
    world, users = personas_once
    client = log_in(users[name])
    url = row.url(world)
    if method == "GET":
        response = client.get(url, secure=True)
    else:
        response = client.post(url, row.data(world), secure=True)
    assert matches(response, expected), (
        f"{method} {url} as {name}: expected {expected}, got {describe(response)}"
    )
