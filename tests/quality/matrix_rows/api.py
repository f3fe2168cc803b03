"""The JSON API (network_portal/api): read-only for everyone (POST 405), members-only items
and what hangs on them (an adoption) only for those who reach N (404 for everyone else),
draft recaps for nobody."""

from django.urls import reverse

from tests.quality.matrix import REACHING_N, everyone, only, page


def api(name, *args):
    return lambda world: reverse(f"api:{name}", args=[arg(world) for arg in args])


def slug(attribute):
    return lambda world: getattr(world, attribute).slug


def members_adoption(world):
    return f"{world.members_project.slug}.{world.z.slug}"


READ_ONLY = everyone(405)
ONLY_REACHING_N = only(REACHING_N, 200, otherwise=404)

ROWS = [
    page("api:api-root", api("api-root"), post=READ_ONLY),
    page("api:docs", api("docs"), post=READ_ONLY),
    page("api:schema", api("schema"), post=READ_ONLY),
    page("api:project-list", api("project-list"), post=READ_ONLY),
    page(
        "api:project-detail",
        api("project-detail", slug("public_project")),
        post=READ_ONLY,
        variant="public",
    ),
    page(
        "api:project-detail",
        api("project-detail", slug("members_project")),
        get=ONLY_REACHING_N,
        post=READ_ONLY,
        variant="members-only",
    ),
    page(
        "api:adoption-detail",
        api("adoption-detail", members_adoption),
        get=ONLY_REACHING_N,
        post=READ_ONLY,
        variant="of-members-only",
    ),
    page("api:recap-detail", api("recap-detail", slug("recap")), post=READ_ONLY),
    page(
        "api:recap-detail",
        api("recap-detail", slug("draft_recap")),
        get=everyone(404),
        post=READ_ONLY,
        variant="draft",
    ),
    page("api:event-detail", api("event-detail", slug("event")), post=READ_ONLY),
    page("api:municipality-detail", api("municipality-detail", slug("x")), post=READ_ONLY),
    page("api:network-detail", api("network-detail", slug("n")), post=READ_ONLY),
    page("api:topic-detail", api("topic-detail", slug("topic")), post=READ_ONLY),
]
