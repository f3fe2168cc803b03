"""ETag and Last-Modified on the content pages, so that a page nothing has changed on
answers 304 Not Modified without being built (issue 11 point 3).

A page is the same for every visitor as long as the content generation (core.cached: moved
on by every write to members, projects, events and the portal's own content) stays, in one
language, at one address, in one release of the code. Its ETag is a digest of exactly
those, plus the newest publication time that has been reached (a scheduled recap appears
on every page the moment its time comes, without a write) and the time bucket (pages that
depend on the day — upcoming events — are at most TIME_BUCKET seconds late).

Only visitors get these headers and 304s: a signed-in person's page also shows their own
rights, follows and forms, which the generation does not cover, so it is always built
(and a signed-in person sending a visitor's ETag gets the full page: never a visitor's
page, never another member's). A request with a flash message waiting is built too.

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
from core.cached import content_changed_at, content_generation
from events.models import Recap

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


def newest_publication_reached(now) -> str:
    """The latest publication time of a recap that is not in the future. Read from the
    database once per content generation and again only when the next scheduled recap's
    time has come (kept in the cache, so a page costs no query for it)."""
    key = f"etag-publications:{content_generation()}"
    known = cache.get(key)
    if known is None or (known[1] is not None and now >= known[1]):
        times = Recap.objects.filter(status=Recap.Status.PUBLISHED).aggregate(
            newest=Max("published_at", filter=Q(published_at__lte=now)),
            upcoming=Min("published_at", filter=Q(published_at__gt=now)),
        )
        newest = times["newest"]
        known = (newest.isoformat() if newest else "", times["upcoming"])
        cache.set(key, known, 3600)
    return known[0]


def time_bucket(now) -> int:
    """The number of the TIME_BUCKET-long stretch of time `now` falls in."""
    return int(now.timestamp() // TIME_BUCKET)


def page_etag(request) -> str:
    now = timezone.now()
    parts = (
        RELEASE,
        content_generation(),
        request.viewer.rows_key,
        get_language(),
        request.get_full_path(),
        newest_publication_reached(now),
        time_bucket(now),
    )
    digest = hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()
    return f'W/"{digest[:32]}"'


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


def store_page(request, response) -> None:
    """Keeps a visitor's rendered page for the next visitor, without its CSRF token."""
    seconds = settings.PAGE_CACHE_SECONDS
    session = getattr(request, "session", None)
    if (
        not seconds
        or request.method != "GET"
        or response.streaming
        or response.cookies
        or (session is not None and session.modified)
        or len(response.content) > PAGE_CACHE_MAX_BYTES
    ):
        return
    headers = [
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in NOT_STORED_HEADERS
    ]
    body = CSRF_VALUE.sub(rb"\1" + CSRF_MARK + rb"\2", response.content)
    cache.set(page_cache_key(request._page_etag), (headers, body), seconds)


def stored_page(request):
    """The page kept for this ETag, with the asking visitor's own CSRF token, or None."""
    if not settings.PAGE_CACHE_SECONDS:
        return None
    stored = cache.get(page_cache_key(request._page_etag))
    if stored is None:
        return None
    headers, body = stored
    if CSRF_MARK in body:
        body = body.replace(CSRF_MARK, get_token(request).encode())
    response = HttpResponse(body)
    for name, value in headers:
        response[name] = value
    response._from_page_cache = True
    return response


def _conditional(request, view_name: str) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and view_name in CONDITIONAL_PAGES
        and not request.viewer.is_authenticated
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
        etag = getattr(request, "_page_etag", None)
        if etag and response.status_code == 200 and not response.has_header("ETag"):
            if not getattr(response, "_from_page_cache", False):
                store_page(request, response)
            response["ETag"] = etag
            response["Last-Modified"] = http_date(max(content_changed_at(), RELEASE_TIME))
            # Stored, but asked again every time (the answer is a 304 while unchanged).
            patch_cache_control(response, no_cache=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not _conditional(request, match.view_name):
            return None
        etag = page_etag(request)
        request._page_etag = etag
        asked = request.META.get("HTTP_IF_NONE_MATCH")
        if asked and (asked.strip() == "*" or _weak(etag) in map(_weak, parse_etags(asked))):
            response = HttpResponseNotModified()
            response["ETag"] = etag
            patch_cache_control(response, no_cache=True)
            return response
        return stored_page(request)


def _weak(tag: str) -> str:
    return tag.removeprefix("W/")
