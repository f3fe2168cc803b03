"""Matrix rows: editing a municipality's public profile, its history and pictures (members),
and the uploaded pictures' files. Officers of X (and staff) edit X; every other account
gets 403 for the known municipality, a visitor the sign-in page."""

import uuid

from django.urls import reverse

from tests.personas import OFFICER_X, STAFF, VISITOR
from tests.quality.matrix import LOGIN, Redirect, everyone, only, page, signed_in, slug_url

EDITING_X = (OFFICER_X, STAFF)


def editors(outcome) -> dict:
    """`outcome` for X's editors, 403 for other accounts, the sign-in page for visitors."""
    return {**only(EDITING_X, outcome, otherwise=403), VISITOR: LOGIN}


def _restore_url(world):
    record = world.x.history.order_by("-history_date").first()
    return reverse(
        "members:municipality_restore", kwargs={"slug": world.x.slug, "record": record.history_id}
    )


def _picture_remove_url(world):
    # No such picture: editors learn so (404), others are refused before it is looked up.
    return reverse(
        "members:municipality_picture_remove",
        kwargs={"slug": world.x.slug, "picture": uuid.UUID(int=1)},
    )


ROWS = [
    # An empty form is shown again with its errors.
    page(
        "members:municipality_edit",
        slug_url("members:municipality_edit", "x"),
        get=editors(200),
        post=editors(400),
    ),
    page(
        "members:municipality_history",
        slug_url("members:municipality_history", "x"),
        get=editors(200),
        post=signed_in(405),
    ),
    page(
        "members:municipality_restore",
        _restore_url,
        get=signed_in(405),
        post=editors(Redirect("members:municipality_history", slug="persona-x")),
    ),
    page(
        "members:municipality_picture_add",
        slug_url("members:municipality_picture_add", "x"),
        get=signed_in(405),
        post=editors(400),
    ),
    page(
        "members:municipality_picture_remove",
        _picture_remove_url,
        get=signed_in(405),
        post=editors(404),
    ),
    # No file of that name: 404 for everyone; the files are read-only.
    page(
        "media",
        lambda world: reverse("media", kwargs={"path": "pictures/00/fehlt.jpg"}),
        get=everyone(404),
    ),
]
