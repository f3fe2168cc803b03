"""The permission matrix's vocabulary: outcomes, rows and the helpers that build them.

Rows live in tests/quality/test_permission_matrix.py (the members and portal pages) and in
the modules of tests/quality/matrix_rows/ (one per area, each with a ROWS list), which the
matrix collects: add a module there for new pages instead of editing the shared file.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from tests.personas import (
    ADMIN_N,
    OFFICER_X,
    ORGANIZER_N,
    PERSONAS,
    STAFF,
    VISITOR,
    World,
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
