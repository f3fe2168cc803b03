"""The parts of a content page that belong to one signed-in person, written as marks while
the page is kept for a group of people (network_portal.conditional) and filled in for each
person when it is served.

A content page shows a signed-in person what their viewer allows (the group: every right,
core.access.Viewer.rights_key) and three things that are theirs alone: their address in
the footer ("Signed in as …"), whether they follow the page's topic, network, municipality
or project, and their CSRF token. While a request is `marked(…)`, base.html writes the
address as a mark, {% follow_button %} writes both of its forms between marks, and the
CSRF token is cut out as for visitors (core.kept); `personalize` puts in the asking
person's own. Their follows are kept in the cache (read with the page, in the same round
trip) until they follow or stop following something.
"""

import re

from django.core.cache import cache
from django.db import transaction
from django.middleware.csrf import get_token
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.kept import CSRF_MARK
from network_portal.following.models import Follow

MARKED_ATTRIBUTE = "personal_parts_marked"
EMAIL_MARK = "\x00person-email\x00"
FOLLOW_ELSE = "\x00follow-else\x00"
FOLLOW_END = "\x00follow-end\x00"
FOLLOW_KINDS = ("topic", "network", "municipality", "project")
FOLLOW_FIELDS = tuple(f"{kind}_id" for kind in FOLLOW_KINDS)
FOLLOW_BLOCK = re.compile(
    rb"\x00follow:("
    + "|".join(FOLLOW_KINDS).encode()
    + rb"):(\d+)\x00(.*?)"
    + FOLLOW_ELSE.encode()
    + rb"(.*?)"
    + FOLLOW_END.encode(),
    re.DOTALL,
)


def mark(request) -> None:
    """The page of this request will be kept for the person's group: write marks."""
    setattr(request, MARKED_ATTRIBUTE, True)


def marked(request) -> bool:
    return getattr(request, MARKED_ATTRIBUTE, False)


def email_part(request) -> str:
    return EMAIL_MARK if marked(request) else request.user.email


def follow_choice(target, if_following: SafeString, if_not: SafeString) -> SafeString:
    """Both forms of a follow button (rendered by our template); `personalize` keeps the
    one that is true for the asking person."""
    start = f"\x00follow:{target._meta.model_name}:{target.pk}\x00"
    return mark_safe(f"{start}{if_following}{FOLLOW_ELSE}{if_not}{FOLLOW_END}")  # noqa: S308


FOLLOWS_SECONDS = 600


def follows_key(user_id: int) -> str:
    return f"follows:{user_id}"


def follows_of(user_id: int) -> frozenset[tuple[str, int]]:
    """(kind, pk) of everything the person follows; kept in the cache until they follow or
    stop following something (forget_follows)."""
    key = follows_key(user_id)
    found = cache.get(key)
    if found is None:
        rows = Follow.objects.filter(user_id=user_id).values_list(*FOLLOW_FIELDS)
        found = frozenset(
            (kind, pk) for row in rows for kind, pk in zip(FOLLOW_KINDS, row, strict=True) if pk
        )
        cache.set(key, found, FOLLOWS_SECONDS)
    return found


def forget_follows(user_id: int) -> None:
    """Now, and again when the transaction commits: a request that read the follows before
    the commit may have kept them in between."""
    cache.delete(follows_key(user_id))
    transaction.on_commit(lambda: cache.delete(follows_key(user_id)))


def personalize(request, body: bytes, follows: frozenset | None = None) -> bytes:
    """`body` with the asking person's address, follow buttons and CSRF token; `follows`
    (follows_of) when the caller has read them already."""
    if FOLLOW_BLOCK.search(body):
        if follows is None:
            follows = follows_of(request.user.pk)
        body = FOLLOW_BLOCK.sub(
            lambda m: m[3] if (m[1].decode(), int(m[2])) in follows else m[4], body
        )
    if EMAIL_MARK.encode() in body:
        body = body.replace(EMAIL_MARK.encode(), escape(request.user.email).encode())
    if CSRF_MARK.encode() in body:
        body = body.replace(CSRF_MARK.encode(), get_token(request).encode())
    return body
