"""ETag and Last-Modified on the content pages, so that a page nothing has changed on
answers 304 Not Modified without being built (issue 11 point 3).

A page is the same for every visitor as long as the content generation (core.cached: moved
on by every write to members, projects, events and the portal's own content) stays, in one
language, at one address, in one release of the code. Its ETag is a digest of exactly
those, plus the newest publication time that has been reached (a scheduled recap appears
on every page the moment its time comes, without a write) and the time bucket (pages that
depend on the day — upcoming events — are at most TIME_BUCKET seconds late).

Only visitors get these headers and 304s: a signed-in person's page also shows their own
address, follows and CSRF token, which the generation does not cover (and a signed-in
person sending a visitor's ETag gets the full page: never a visitor's page, never another
member's). A request with a flash message waiting is built too.

A signed-in person's page is kept for everyone with the same rights (Viewer.rights_key:
every right a page may ask about) under a key of its own, with their own parts written as
marks and filled in for each person who is served it (network_portal.personal_parts:
their follows are read from the cache with the page). Rights are read anew on every
request (members.access), so a decision changes the key at once.

For the same reason a visitor's page is also kept rendered in the cache under its ETag
(PAGE_CACHE_SECONDS): the next visitor who asks for it gets it without the page being
built — and since every write moves the generation on, the first request after an edit
builds the page anew. The one part of a visitor's page that is theirs alone, the CSRF
token of the language switch, is cut out when the page is stored and the asking visitor's
own token put in when it is served. A page that set a cookie or wrote the session is not
stored.
"""

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db.models import Max, Min, Q
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.http import http_date, parse_etags
from django.utils.translation import get_language

from core import kept
from core.cached import CHANGED_AT_KEY, GENERATION_KEY, content_changed_at, content_generation
from events.models import Recap
from network_portal import personal_parts

# The pages whose content the generation covers (view names).
CONDITIONAL_PAGES = frozenset(
    {
        "home",
        "search",
        "municipality_list",
        "municipality_detail",
        "network_detail",
        "topic_detail",
        "peers",
        "projects:project_list",
        "projects:project_detail",
        "projects:topic_list",
        "members:network_list",
        "events:event_list",
        "events:event_detail",
        "events:recap_list",
        "events:recap_detail",
    }
)
TIME_BUCKET = 300
# What a release's pages are built from: a new release changes every ETag.
RELEASE_SOURCES = ("core", "members", "projects", "events", "network_portal", "templates", "locale")


def release_time() -> float:
    """The newest change to the code, templates or translations (the same in every worker
    of a release, unlike a process's start)."""
    newest = 0.0
    for name in RELEASE_SOURCES:
        for path in (Path(settings.BASE_DIR) / name).rglob("*"):
            if path.suffix in (".py", ".html", ".mo"):
                newest = max(newest, path.stat().st_mtime)
    return newest


RELEASE_TIME = release_time()
RELEASE = str(RELEASE_TIME)


PUBLICATIONS_KEY = "etag-publications"
# What every content page's key and headers are made of, read from the cache together (and
# by a signed-in person's session with itself: network_portal.sessions).
CONTENT_STATE_KEYS = (GENERATION_KEY, PUBLICATIONS_KEY, CHANGED_AT_KEY)


@dataclass(frozen=True)
class ContentState:
    generation: int  # core.cached
    newest_publication: str  # of a recap, reached by now (ISO time, "" before the first)
    changed_at: float  # when the content last changed: a page's Last-Modified


def content_state(now, found: dict | None = None) -> ContentState:
    """The content generation, the latest publication time of a recap that is not in the
    future and the time of the last change: one round trip to the cache, or none when they
    were read already (`found`: the cache's answer for CONTENT_STATE_KEYS). The publication
    time is read from the database once per content generation and again only when the next
    scheduled recap's time has come (kept with the generation it was read in, so a page
    costs no query for it)."""
    if found is None:
        found = cache.get_many(CONTENT_STATE_KEYS)
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = content_generation()
    changed_at = found.get(CHANGED_AT_KEY)
    if changed_at is None:
        changed_at = content_changed_at()
    known = found.get(PUBLICATIONS_KEY)  # (generation, newest reached, next upcoming)
    if known is None or known[0] != generation or (known[2] is not None and now >= known[2]):
        times = Recap.objects.filter(status=Recap.Status.PUBLISHED).aggregate(
            newest=Max("published_at", filter=Q(published_at__lte=now)),
            upcoming=Min("published_at", filter=Q(published_at__gt=now)),
        )
        newest = times["newest"]
        known = (generation, newest.isoformat() if newest else "", times["upcoming"])
        cache.set(PUBLICATIONS_KEY, known, 3600)
    return ContentState(generation, known[1], changed_at)


def newest_publication_reached(now) -> str:
    return content_state(now).newest_publication


def request_content_state(request, now) -> ContentState:
    """The content state, read once per request for reading (with the session where it has
    one); a request that may write reads it anew each time it asks."""
    if request.method not in ("GET", "HEAD"):
        return content_state(now)
    state = getattr(request, "_content_state", None)
    if state is None:
        session = getattr(request, "session", None)
        state = content_state(now, getattr(session, "content_state_found", None))
        request._content_state = state
    return state


def time_bucket(now) -> int:
    """The number of the TIME_BUCKET-long stretch of time `now` falls in."""
    return int(now.timestamp() // TIME_BUCKET)


def _page_digest(request, viewers: str) -> str:
    now = timezone.now()
    state = request_content_state(request, now)
    parts = (
        RELEASE,
        state.generation,
        viewers,
        get_language(),
        request.get_full_path(),
        state.newest_publication,
        time_bucket(now),
    )
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()


def page_etag(request) -> str:
    return f'W/"{_page_digest(request, request.viewer.rows_key)[:32]}"'


def group_page_key(request) -> str:
    """The key a signed-in person's page is kept under for everyone with the same rights."""
    return f"group-page:{_page_digest(request, 'signed-in:' + request.viewer.rights_key)}"


PAGE_CACHE_MAX_BYTES = 512 * 1024
# core.kept's pattern and mark, on the bytes of a whole response.
CSRF_VALUE = re.compile(kept.CSRF_VALUE.pattern.encode())
CSRF_MARK = kept.CSRF_MARK.encode()
# Headers the outer middleware and this one set again on every response.
NOT_STORED_HEADERS = frozenset(
    {"set-cookie", "vary", "etag", "last-modified", "cache-control", "content-length"}
)


def page_cache_key(etag: str) -> str:
    return f"page:{etag}"


def store_page(request, response, key: str) -> None:
    """Keeps a rendered page under `key` for the next visitor (or the next person of the
    same group), without its CSRF token. A visitor's page that set a cookie or wrote the
    session is not kept; a signed-in person's session is written once a minute (its
    last-seen time), and their own parts are marks (personal_parts), so theirs is."""
    seconds = settings.PAGE_CACHE_SECONDS
    session = getattr(request, "session", None)
    wrote = response.cookies or (session is not None and session.modified)
    if (
        not seconds
        or request.method != "GET"
        or response.streaming
        or (wrote and not personal_parts.marked(request))
        or len(response.content) > PAGE_CACHE_MAX_BYTES
    ):
        return
    headers = [
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in NOT_STORED_HEADERS
    ]
    body = CSRF_VALUE.sub(rb"\1" + CSRF_MARK + rb"\2", response.content)
    cache.set(key, (headers, body), seconds)


def stored_page(request, key: str):
    """The page kept under `key`, with the asking person's own parts (for a visitor their
    CSRF token), or None."""
    if not settings.PAGE_CACHE_SECONDS:
        return None
    marked = personal_parts.marked(request)
    if marked:  # the person's follows in the same round trip as the page
        follows_key = personal_parts.follows_key(request.user.pk)
        found = cache.get_many([key, follows_key])
    else:
        found = {key: cache.get(key)}
    if found.get(key) is None:
        return None
    headers, body = found[key]
    if marked:
        body = personal_parts.personalize(request, body, found.get(follows_key))
    elif CSRF_MARK in body:
        body = body.replace(CSRF_MARK, get_token(request).encode())
    response = HttpResponse(body)
    for name, value in headers:
        response[name] = value
    response._from_page_cache = True
    return response


def _content_page(request) -> bool:
    match = request.resolver_match
    return (
        match is not None
        and request.method in ("GET", "HEAD")
        and match.view_name in CONDITIONAL_PAGES
        and not len(messages.get_messages(request))
    )


class ConditionalPageMiddleware:
    """After ViewerMiddleware and MessageMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The key of what a list keeps for everyone who sees the same rows (its filter form
        # and results, core.facets.FacetedListView): a visitor's page key, with the viewers'
        # group (Viewer.rows_key) in place of "public" for signed-in people. Computed only
        # when a view reads it.
        request.content_cache_key = SimpleLazyObject(lambda: page_etag(request))
        response = self.get_response(request)
        built = not getattr(response, "_from_page_cache", False)
        etag = getattr(request, "_page_etag", None)
        if etag and response.status_code == 200 and not response.has_header("ETag"):
            if built:
                store_page(request, response, page_cache_key(etag))
            response["ETag"] = etag
            changed_at = request_content_state(request, timezone.now()).changed_at
            response["Last-Modified"] = http_date(max(changed_at, RELEASE_TIME))
            # Stored, but asked again every time (the answer is a 304 while unchanged).
            patch_cache_control(response, no_cache=True)
        if personal_parts.marked(request) and built and not response.streaming:
            if response.status_code == 200:
                store_page(request, response, request._group_page_key)
            response.content = personal_parts.personalize(request, response.content)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not _content_page(request):
            return None
        if request.viewer.is_authenticated:
            return self._kept_for_group(request)
        etag = page_etag(request)
        request._page_etag = etag
        asked = request.META.get("HTTP_IF_NONE_MATCH")
        if asked and (asked.strip() == "*" or _weak(etag) in map(_weak, parse_etags(asked))):
            response = HttpResponseNotModified()
            response["ETag"] = etag
            patch_cache_control(response, no_cache=True)
            return response
        return stored_page(request, page_cache_key(etag))

    def _kept_for_group(self, request):
        """A signed-in person's content page: kept for everyone with the same rights, with
        the person's own parts marked (network_portal.personal_parts). No ETag: a 304
        would rest on a key the person's own parts are not in."""
        if not settings.PAGE_CACHE_SECONDS:
            return None
        personal_parts.mark(request)
        request._group_page_key = group_page_key(request)
        return stored_page(request, request._group_page_key)


def _weak(tag: str) -> str:
    return tag.removeprefix("W/")
