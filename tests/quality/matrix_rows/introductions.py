"""Introductions (network_portal/introductions/): everyone signed in may ask (visitors are
sent to sign in; an empty message is a 400 and records nothing); the answer link works
without signing in, its token alone decides (a tampered one is a 400 for everyone)."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from members.models import Person
from network_portal.introductions.models import IntroductionRequest
from network_portal.introductions.services import answer_token
from tests.quality.matrix import everyone, page, signed_in


def _person(world) -> Person:
    person, _ = Person.objects.get_or_create(
        slug="matrix-kim",
        defaults={"name": "Kim Matrix", "email": "kim@matrix.example", "municipality": world.x},
    )
    return person


def _answer_url(world) -> str:
    requester, _ = get_user_model().objects.get_or_create(
        username="matrix-intro", defaults={"email": "matrix-intro@example.org"}
    )
    request, _ = IntroductionRequest.objects.get_or_create(
        requester=requester, person=_person(world), defaults={"message": "Guten Tag " * 3}
    )
    return reverse("introductions:answer", args=[answer_token(request.pk)])


ROWS = [
    page(
        "introductions:ask",
        lambda world: reverse("introductions:ask", args=[_person(world).slug]),
        get=signed_in(200),
        post=signed_in(400),
        data=lambda world: {"message": ""},
    ),
    page(
        "introductions:answer",
        _answer_url,
        get=everyone(200),
        post=everyone(400),  # no decision chosen: the form again, nothing decided
        data=lambda world: {},
    ),
    page(
        "introductions:answer",
        lambda world: reverse("introductions:answer", args=["verfälscht:abc"]),
        get=everyone(400),
        post=everyone(400),
        variant="tampered token",
    ),
]
