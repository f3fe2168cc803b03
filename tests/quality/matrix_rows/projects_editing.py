"""Matrix rows: creating and editing projects, their history and restoring a version
(projects/views_edit.py). Officers of the lead municipality and staff edit a project; an
account that sees it without that right gets 403; one that cannot see it (the members-only
project of X, outside N) 404; a visitor the sign-in page."""

import uuid

from django.urls import reverse

from tests.personas import ADMIN_N, OFFICER_X, OFFICER_Y, ORGANIZER_N, STAFF, VISITOR
from tests.quality.matrix import LOGIN, Redirect, only, page, signed_in, slug_url

EDITING_X = (OFFICER_X, STAFF)
SEEING_X = (ADMIN_N, ORGANIZER_N)  # reach N, see the members-only project, do not edit it


def members_project(outcome) -> dict:
    """X's members-only project: `outcome` for its editors, 403 for those who only see it,
    404 for everyone else who is signed in."""
    answers = only(EDITING_X, outcome, otherwise=404)
    return {**answers, **dict.fromkeys(SEEING_X, 403), VISITOR: LOGIN}


def public_project(outcome) -> dict:
    """Z's public project: only staff of the matrix's personas edit it."""
    return {**only((STAFF,), outcome, otherwise=403), VISITOR: LOGIN}


def _restore_url(attribute):
    def url(world):
        project = getattr(world, attribute)
        record = project.history.order_by("-history_date").first()
        return reverse(
            "projects:project_restore", kwargs={"slug": project.slug, "record": record.history_id}
        )

    return url


def _picture_remove_url(world):
    # No such picture: editors learn so (404), others are refused before it is looked up.
    return reverse(
        "projects:project_picture_remove",
        kwargs={"slug": world.members_project.slug, "picture": uuid.UUID(int=1)},
    )


ROWS = [
    # An upload without a file is shown again with its errors.
    page(
        "projects:project_picture_add",
        slug_url("projects:project_picture_add", "members_project"),
        get=signed_in(405),
        post=members_project(400),
    ),
    page(
        "projects:project_picture_remove",
        _picture_remove_url,
        get=signed_in(405),
        post=members_project(404),
    ),
    # Officers are sent to their municipality's form; anyone else signed in reads a hint.
    page(
        "projects:project_new",
        get={
            **signed_in(200),
            OFFICER_X: Redirect("projects:project_create", slug="persona-x"),
            OFFICER_Y: Redirect("projects:project_create", slug="persona-y"),
        },
        post=signed_in(405),
    ),
    # An empty form is shown again with its errors.
    page(
        "projects:project_create",
        slug_url("projects:project_create", "x"),
        get={**only(EDITING_X, 200, otherwise=403), VISITOR: LOGIN},
        post={**only(EDITING_X, 400, otherwise=403), VISITOR: LOGIN},
    ),
    page(
        "projects:partner_suggestions",
        lambda world: reverse("projects:partner_suggestions") + "?q=Wol",
        get={**only((OFFICER_X, OFFICER_Y, STAFF), 200, otherwise=403), VISITOR: LOGIN},
        post=signed_in(405),
    ),
    page(
        "projects:project_edit",
        slug_url("projects:project_edit", "members_project"),
        get=members_project(200),
        post=members_project(400),
        variant="members-only",
    ),
    page(
        "projects:project_edit",
        slug_url("projects:project_edit", "public_project"),
        get=public_project(200),
        post=public_project(400),
    ),
    page(
        "projects:project_history",
        slug_url("projects:project_history", "members_project"),
        get=members_project(200),
        post=signed_in(405),
        variant="members-only",
    ),
    page(
        "projects:project_history",
        slug_url("projects:project_history", "public_project"),
        get=public_project(200),
        post=signed_in(405),
    ),
    page(
        "projects:project_restore",
        _restore_url("members_project"),
        get=signed_in(405),
        post=members_project(Redirect("projects:project_history", slug="persona-vertraulich")),
        variant="members-only",
    ),
    page(
        "projects:project_restore",
        _restore_url("public_project"),
        get=signed_in(405),
        post=public_project(Redirect("projects:project_history", slug="persona-oeffentlich")),
    ),
]
