"""Following (network_portal/following/): everyone signed in reads their own "Neu für Sie"
and email settings (visitors are sent to sign in) and follows what they may see; a
members-only project is unknown (404) to who may not see it; the unsubscribe link works
without signing in, its token alone decides."""

from django.urls import reverse

from network_portal.following.delivery import unsubscribe_token
from tests.personas import REACH_N, VISITOR
from tests.quality.matrix import Redirect, everyone, page, signed_in

TO_TOPIC = Redirect("topic_detail", slug="persona-waerme")
TO_MEMBERS_ONLY = Redirect("projects:project_detail", slug="persona-vertraulich")


def follow(kind, attribute):
    return lambda world: reverse("following:follow", args=[kind, getattr(world, attribute).slug])


def members_only_follow() -> dict:
    """Who reaches N follows X's members-only project; anyone else signed in gets 404."""
    outcome = signed_in(404)
    for name in REACH_N:
        if name in outcome:
            outcome[name] = TO_MEMBERS_ONLY
    outcome[VISITOR] = 404
    return outcome


ROWS = [
    page("following:feed", get=signed_in(200), post=signed_in(405)),
    page(
        "following:settings",
        get=signed_in(200),
        post=signed_in(Redirect("following:settings")),
        data=lambda world: {"frequency": "weekly", "language": "de"},
    ),
    page(
        "following:follow",
        follow("thema", "topic"),
        get=everyone(405),
        post=signed_in(TO_TOPIC),
        data=lambda world: {"action": "follow"},
        variant="topic",
    ),
    page(
        "following:follow",
        follow("projekt", "members_project"),
        get=everyone(405),
        post=members_only_follow(),
        data=lambda world: {"action": "follow"},
        variant="members-only project",
    ),
    page(
        "following:unsubscribe",
        lambda world: reverse(
            "following:unsubscribe", args=[unsubscribe_token(world.approved_officer_z.user_id)]
        ),
        get=everyone(200),
        post=everyone(200),
    ),
    page(
        "following:unsubscribe",
        lambda world: reverse("following:unsubscribe", args=["verfälscht:abc"]),
        get=everyone(400),
        post=everyone(400),
        variant="tampered token",
    ),
]
