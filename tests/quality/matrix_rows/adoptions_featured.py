"""Adoptions (projects/views_adoptions.py) and featured projects (network_portal/featured.py).

Adoptions: officers of a municipality other than the lead record them; the recording side
(and staff) change or remove them, the lead's officers (and staff) confirm them. A
members-only project outside the persona's reach answers 404, a visible one without the
right 403. Featured projects: N's admins and staff, 403 for anyone else signed in.
"""

from django.urls import reverse

from network_portal.models import FeaturedProject
from projects.models import Adoption
from tests.personas import (
    ADMIN_M,
    ADMIN_N,
    OFFICER_X,
    OFFICER_Y,
    STAFF,
    UNLINKED,
    VISITOR,
)
from tests.quality.matrix import LOGIN, Redirect, only, page, signed_in

TO_PUBLIC = Redirect("projects:project_detail", slug="persona-oeffentlich")
TO_MEMBERS_ONLY = Redirect("projects:project_detail", slug="persona-vertraulich")
TO_FEATURED = Redirect("featured_projects", slug="persona-n")
OUTSIDE = {UNLINKED: 404, OFFICER_Y: 404, ADMIN_M: 404, VISITOR: LOGIN}
RECORDED = {"kind": "adapted", "adopted_on": "", "notes": ""}


def answers(allowed: dict, *, otherwise=403, outside=None) -> dict:
    """`allowed` {persona: outcome}, `otherwise` for everyone else signed in, and `outside`
    (those who do not reach N: 404) where the object is members-only."""
    return {**only((), None, otherwise=otherwise), VISITOR: LOGIN, **(outside or {}), **allowed}


def create_url(attribute):
    return lambda world: reverse(
        "projects:adoption_create", kwargs={"slug": getattr(world, attribute).slug}
    )


def world_adoption(name):
    """Z's adoption of X's members-only project (in the world)."""
    return lambda world: reverse(
        f"projects:{name}", args=[world.members_project.slug, world.z.slug]
    )


def public_adoption(name):
    """X's adoption of Z's public project, made for the row."""

    def url(world):
        Adoption.objects.get_or_create(project=world.public_project, municipality=world.x)
        return reverse(f"projects:{name}", args=[world.public_project.slug, world.x.slug])

    return url


def featured(name):
    """Z's public project featured in N, made for the row."""

    def url(world):
        FeaturedProject.objects.get_or_create(network=world.n, project=world.public_project)
        return reverse(name, args=[world.n.slug, world.public_project.slug])

    return url


def in_n(name):
    return lambda world: reverse(name, args=[world.n.slug])


ROWS = [
    page(
        "projects:adoption_create",
        create_url("public_project"),
        get=answers({OFFICER_X: 200, OFFICER_Y: 200}),
        post=answers({OFFICER_X: TO_PUBLIC, OFFICER_Y: TO_PUBLIC}),
        data=lambda world: RECORDED,
    ),
    # X's own project: not for X's officer; unknown to who does not reach N.
    page(
        "projects:adoption_create",
        create_url("members_project"),
        get=answers({}, outside=OUTSIDE),
        post=answers({}, outside=OUTSIDE),
        data=lambda world: RECORDED,
        variant="own members-only project",
    ),
    page(
        "projects:adoption_edit",
        world_adoption("adoption_edit"),
        get=answers({STAFF: 200}, outside=OUTSIDE),
        post=answers({STAFF: TO_MEMBERS_ONLY}, outside=OUTSIDE),
        data=lambda world: {"kind": "as_is"},
        variant="of the members-only project",
    ),
    page(
        "projects:adoption_edit",
        public_adoption("adoption_edit"),
        get=answers({OFFICER_X: 200, STAFF: 200}),
        post=answers({OFFICER_X: TO_PUBLIC, STAFF: TO_PUBLIC}),
        data=lambda world: {"kind": "as_is"},
    ),
    page(
        "projects:adoption_delete",
        world_adoption("adoption_delete"),
        get=signed_in(405),
        post=answers({STAFF: TO_MEMBERS_ONLY}, outside=OUTSIDE),
    ),
    page(
        "projects:adoption_confirm",
        world_adoption("adoption_confirm"),
        get=signed_in(405),
        post=answers({OFFICER_X: TO_MEMBERS_ONLY, STAFF: TO_MEMBERS_ONLY}, outside=OUTSIDE),
    ),
    page(
        "featured_projects",
        in_n("featured_projects"),
        get=answers({ADMIN_N: 200, STAFF: 200}),
        post=signed_in(405),
    ),
    page(
        "featured_project_add",
        in_n("featured_project_add"),
        get=signed_in(405),
        post=answers({ADMIN_N: TO_FEATURED, STAFF: TO_FEATURED}),
        data=lambda world: {"project": world.public_project.slug},
    ),
    page(
        "featured_project_move",
        featured("featured_project_move"),
        get=signed_in(405),
        post=answers({ADMIN_N: TO_FEATURED, STAFF: TO_FEATURED}),
        data=lambda world: {"direction": "up"},
    ),
    page(
        "featured_project_remove",
        featured("featured_project_remove"),
        get=signed_in(405),
        post=answers({ADMIN_N: TO_FEATURED, STAFF: TO_FEATURED}),
    ),
]
