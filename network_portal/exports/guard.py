"""Abuse and caching for the downloads (issue 13, point 8).

- Anonymous requests are counted per client address in fixed windows (the cache holds the
  counts): over the limit, 429 with Retry-After. The address is the one allauth takes for
  its sign-in limits, so behind a proxy it is the real client's (ALLAUTH_TRUSTED_PROXY_COUNT,
  ALLAUTH_TRUSTED_CLIENT_IP_HEADER), IPv6 cut to its network prefix.
- Feeds and calendars carry an ETag (a hash of the body) and answer 304 when the client has
  it already; Last-Modified is kept where the view set it.
- A feed is the same for everyone who asks (it reads as a visitor): its response is kept
  whole per address, language and content generation (`kept_whole`), so a feed reader's
  poll after nothing changed costs a cache read.
"""

import hashlib
import math
import time
from functools import wraps

from allauth.core.internal.ratelimit import get_ip  # allauth's client address (see above)
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.access import VISITOR
from core.cached import cached
from network_portal.conditional import newest_publication_reached

# Requests per window and client address; downloads by signed-in people are not counted.
DEFAULT_RATE = (60, 60)  # 60 requests a minute


def rate() -> tuple[int, int]:
    return getattr(settings, "EXPORT_RATE_LIMIT", DEFAULT_RATE)


def too_many(request) -> HttpResponse | None:
    """None while the client address is within its limit, else the 429 to send."""
    if request.viewer.is_authenticated:
        return None
    amount, window = rate()
    try:
        address = get_ip(request)
    except PermissionDenied:
        address = "unknown"
    now = time.time()
    start = int(now // window) * window
    key = f"exports:rl:{address}:{start}"
    # add() then incr(): atomic on Redis and the database cache alike.
    cache.add(key, 0, window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, window + 5)
        count = 1
    if count <= amount:
        return None
    retry_after = max(1, math.ceil(start + window - now))
    response = HttpResponse(
        _("Too many downloads from your address. Please try again in %(seconds)s seconds.")
        % {"seconds": retry_after},
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(retry_after)
    return response


def rate_limited(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return too_many(request) or view(request, *args, **kwargs)

    return wrapper


def body_etag(body: bytes) -> str:
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def conditional(view):
    """ETag from the body and 304 when the client's copy is current (If-None-Match, or
    If-Modified-Since against the view's Last-Modified)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or response.streaming:
            return response
        if not response.has_header("ETag"):
            response["ETag"] = body_etag(response.content)
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        patch_vary_headers(response, ("Accept-Language",))
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=last_modified, response=response
        )

    return wrapper


def kept_whole(view):
    """The view's response, built once per address, language and content generation and
    kept (core.cached, read as a visitor: only for views that read as one whoever asks). A
    recap scheduled for later enters at its publication time (newest_publication_reached).
    Its ETag is computed once, with it."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        parts = (
            request.get_full_path(),
            get_language(),
            newest_publication_reached(timezone.now()),
        )
        status, headers, body = cached(
            "kept-whole", VISITOR, parts, lambda: response_parts(view(request, *args, **kwargs))
        )
        response = HttpResponse(body, status=status)
        for name, value in headers:
            response[name] = value
        return response

    return wrapper


def response_parts(response) -> tuple[int, list[tuple[str, str]], bytes]:
    """(status, headers, body) of a built response, with an ETag of its body."""
    if response.status_code == 200 and not response.has_header("ETag"):
        response["ETag"] = body_etag(response.content)
    return response.status_code, list(response.headers.items()), response.content
