"""Results computed from rows alone (facet counts, similar projects), cached per group of
viewers who see the same rows, and dropped on every write to the portal's content.

Two rules keep a cache from showing anyone what they may not see or what has changed:

- The key holds `Viewer.rows_key` (core.access): everything the `visible_to` querysets
  read. A visitor's key is "public", so visitors share their entries and never read one a
  member filled.
- The key holds the content generation: a number every write to the content tables
  (members, projects, events) moves on — the signal receivers in network_portal.signals,
  and bulk writes call `content_changed()` themselves. A changed row is thus shown at once;
  the old entries are never read again and expire after CACHE_SECONDS.

Cached values hold ids and counts, not rendered pages; callers read the rows themselves
through `visible_to(viewer)` again where they show them.
"""

import contextlib
import hashlib
import time
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "portal:content-generation"
# How long an entry lives if no write drops it earlier (it is never read after one).
CACHE_SECONDS = 60 * 60


def content_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # After a flush start from the clock, so that no old entry's number comes back.
        cache.add(GENERATION_KEY, time.time_ns() // 1000, None)
        generation = cache.get(GENERATION_KEY, 0)
    return generation


CHANGED_AT_KEY = "portal:content-changed-at"


def _move_on() -> None:
    with contextlib.suppress(ValueError):  # flushed: the next read starts a new number
        cache.incr(GENERATION_KEY)
    cache.set(CHANGED_AT_KEY, time.time(), None)


def content_changed_at() -> float:
    """When the content last changed (a Unix time): a page's Last-Modified. After a flush,
    now (nothing older may be claimed)."""
    changed_at = cache.get(CHANGED_AT_KEY)
    if changed_at is None:
        cache.add(CHANGED_AT_KEY, time.time(), None)
        changed_at = cache.get(CHANGED_AT_KEY, time.time())
    return changed_at


def content_changed(**kwargs) -> None:
    """Every cached result is stale. Moves the generation on now and once more when the
    transaction commits: a request that read the rows before the commit stored its result
    under the in-between number, which nobody reads after the commit."""
    _move_on()
    transaction.on_commit(_move_on)


def cache_key(name: str, viewer, parts) -> str:
    """The key of (name, parts) for `viewer`'s group of viewers, this content generation."""
    text = "|".join(str(part) for part in (name, viewer.rows_key, *parts))
    digest = hashlib.sha256(text.encode()).hexdigest()[:32]
    return f"portal:cached:{name}:{content_generation()}:{digest}"


def cached(name: str, viewer, parts, compute: Callable, *, timeout: int = CACHE_SECONDS):
    """compute() once per (name, parts, viewer's rows, content generation)."""
    key = cache_key(name, viewer, parts)
    value = cache.get(key)
    if value is None:
        value = computed_once(key, compute, timeout)
    return value


# After a write, every request for a cold entry would compute it at once (at 1,000,000
# projects: eight requests computing the same 2 s facet counts on two cores). One computes;
# the others wait for its value up to WAIT_SECONDS (within gunicorn's 30 s), then compute
# themselves. The mark expires by itself if its process dies.
COMPUTING_SECONDS = 60
WAIT_SECONDS = 20
POLL_SECONDS = 0.05


def computed_once(key: str, compute: Callable, timeout: int):
    """compute(), stored under `key` — or the value another process is computing for it."""
    mark = f"{key}:computing"
    computing_here = cache.add(mark, 1, COMPUTING_SECONDS)
    if not computing_here:
        value = computed_elsewhere(key, mark)
        if value is not None:
            return value
    try:
        value = compute()
        cache.set(key, value, timeout)
    finally:
        if computing_here:
            cache.delete(mark)
    return value


def computed_elsewhere(key: str, mark: str):
    """The value stored under `key` once the process computing it is done; None when it
    failed (its mark is gone without a value) or WAIT_SECONDS have passed."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        value = cache.get(key)
        if value is not None or cache.get(mark) is None:
            return value
    return None
