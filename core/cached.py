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

Counts, facets and rankings read which rows exist and their links, dates, places, stages and
names, never the long texts. They are kept under a second number, the *facts generation*
(`cached(..., facts=True)`), which a write moves on unless it changed only the model's
`prose_fields` (KnowsWhatChanged): the edit that keeps a project's description or lessons
current rebuilds the pages that show it, not the facet counts of every list (2–4 s each at
1,000,000 projects). A save of a row not read from the database, a delete, a link and a
bulk write move both numbers.
"""

import contextlib
import copy
import hashlib
import time
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "portal:content-generation"
FACTS_GENERATION_KEY = "portal:facts-generation"
# How long an entry lives if no write drops it earlier (it is never read after one).
CACHE_SECONDS = 60 * 60


def _generation(key: str) -> int:
    generation = cache.get(key)
    if generation is None:
        # After a flush start from the clock, so that no old entry's number comes back.
        cache.add(key, time.time_ns() // 1000, None)
        generation = cache.get(key, 0)
    return generation


def content_generation() -> int:
    return _generation(GENERATION_KEY)


def facts_generation() -> int:
    return _generation(FACTS_GENERATION_KEY)


CHANGED_AT_KEY = "portal:content-changed-at"


def _move_on(facts: bool) -> None:
    for key in (GENERATION_KEY, FACTS_GENERATION_KEY) if facts else (GENERATION_KEY,):
        with contextlib.suppress(ValueError):  # flushed: the next read starts a new number
            cache.incr(key)
    cache.set(CHANGED_AT_KEY, time.time(), None)


def content_changed_at() -> float:
    """When the content last changed (a Unix time): a page's Last-Modified. After a flush,
    now (nothing older may be claimed)."""
    changed_at = cache.get(CHANGED_AT_KEY)
    if changed_at is None:
        cache.add(CHANGED_AT_KEY, time.time(), None)
        changed_at = cache.get(CHANGED_AT_KEY, time.time())
    return changed_at


def content_changed(*, facts: bool = True, **kwargs) -> None:
    """Every cached result is stale (with facts=False: those kept per content generation,
    not the counts and rankings). Moves the generation on now and once more when the
    transaction commits: a request that read the rows before the commit stored its result
    under the in-between number, which nobody reads after the commit."""
    _move_on(facts)
    transaction.on_commit(lambda: _move_on(facts))


def cache_key(name: str, viewer, parts, *, facts: bool = False) -> str:
    """The key of (name, parts) for `viewer`'s group of viewers, this content generation
    (with facts=True: this facts generation)."""
    text = "|".join(str(part) for part in (name, viewer.rows_key, *parts))
    digest = hashlib.sha256(text.encode()).hexdigest()[:32]
    if facts:
        return f"portal:cached:{name}:f{facts_generation()}:{digest}"
    return f"portal:cached:{name}:{content_generation()}:{digest}"


def cached(
    name: str, viewer, parts, compute: Callable, *, timeout: int = CACHE_SECONDS, facts=False
):
    """compute() once per (name, parts, viewer's rows, content generation) — or facts
    generation with facts=True, for a result that reads no model's prose_fields."""
    key = cache_key(name, viewer, parts, facts=facts)
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


_ABSENT = object()


class KnowsWhatChanged:
    """A model mixin: remembers the values a row was read with, so that its save can tell
    whether it changed only the model's `prose_fields` — the texts (and bookkeeping such as
    `version` and `updated_at`) that no result kept per facts generation reads. A field not
    named there counts as a fact, a new field included."""

    prose_fields: frozenset[str] = frozenset()  # attribute names

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._values_read = {
            name: _snapshot(value) for name, value in zip(field_names, values, strict=True)
        }
        return instance


def _snapshot(value):
    """`value` as it is now: a JSON field's dict or list may be changed in place later."""
    return copy.deepcopy(value) if isinstance(value, dict | list) else value


def only_prose_changed(instance, update_fields=None) -> bool:
    """Whether the save of `instance` just made wrote nothing but its prose_fields: False
    for a row not read from the database (new, or built by hand) and for any other field
    whose value differs from the one read. Then remembers the saved values for its next
    save (a service saving twice in one transaction)."""
    meta = instance._meta
    read = getattr(instance, "_values_read", None)
    if read is None:
        # Now it holds what the row holds: its next save can be told apart.
        instance._values_read = {
            field.attname: _snapshot(value)
            for field in meta.concrete_fields
            if (value := instance.__dict__.get(field.attname, _ABSENT)) is not _ABSENT
        }
        return False
    if update_fields is None:
        written = [field.attname for field in meta.concrete_fields]
    else:
        written = [meta.get_field(name).attname for name in update_fields]
    current = instance.__dict__
    changed = {
        name
        for name in written
        if name in current  # a deferred field that was never read is not written
        and (name not in read or read[name] != current[name])
    }
    for name in changed:
        read[name] = _snapshot(current[name])
    return changed <= getattr(type(instance), "prose_fields", frozenset())
