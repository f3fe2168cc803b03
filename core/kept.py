"""Parts of a page that are the same for everyone who sees the same rows, kept rendered.

A list's filter form and results, a search's results, a project's facts: the rows behind
them come through `visible_to(viewer)`, so two people whose viewers have the same
`rows_key` (core.access) see the same part. It is rendered once per group of viewers,
address, language and content generation — the key the portal's middleware puts on the
request as `request.content_cache_key` (network_portal.conditional: a visitor's page key,
with the viewers' group in place of "public") — and kept for PAGE_CACHE_SECONDS. Every
write moves the content generation on, so an edit shows in the next answer.

The rest of the page (the person's name, their follow buttons, their messages) is built for
each request. A CSRF token inside a kept part is stored as a mark and the asking person's
own token put in when it is served.
"""

import re
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.utils.safestring import SafeString, mark_safe

CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_MARK = "\x00csrf-token\x00"


def kept_part_key(request, name: str) -> str | None:
    """The cache key of the part `name` of this request's page; None when parts are not
    kept (PAGE_CACHE_SECONDS is 0, or no middleware set the request's key)."""
    key = getattr(request, "content_cache_key", None)
    if not (key and settings.PAGE_CACHE_SECONDS):
        return None
    viewer = getattr(request, "viewer", None)
    if viewer is not None and viewer.is_authenticated:
        # Accounts without rights see a visitor's rows, but links for the signed-in (ask
        # for an introduction) are theirs.
        key = f"{key}:signed-in"
    if viewer is not None and viewer.is_staff and viewer.officer_of:
        # Staff share one group of rows, but their own municipalities' buttons are theirs.
        key = f"{key}:officer-of:{','.join(str(pk) for pk in sorted(viewer.officer_of))}"
    return f"kept-part:{name}:{key}"


def kept_part(request, name: str, build: Callable[[], tuple[str, int]]) -> tuple[SafeString, int]:
    """(html, status) of the part `name`: build() renders it and says the page's status
    (a list with invalid filters answers 400 with its messages in the part) when it is not
    kept yet."""
    key = kept_part_key(request, name)
    stored = cache.get(key) if key else None
    if stored is None:
        html, status = build()
        stored = (CSRF_VALUE.sub(rf"\g<1>{CSRF_MARK}\g<2>", str(html)), status)
        if key:
            cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
    html, status = stored
    if CSRF_MARK in html:
        html = html.replace(CSRF_MARK, get_token(request))
    return mark_safe(html), status  # noqa: S308 - rendered by our own templates
