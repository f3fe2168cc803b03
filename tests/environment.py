"""Loaded with `-p tests.environment` before pytest-django reads the settings.

The suite runs with DEBUG off, as production does, but speaks plain HTTP to its live
server, so the HTTPS redirect is off; everything else keeps its production value.
"""

import os

# Long and random-looking: with DEBUG off the settings refuse a short or example key.
os.environ.setdefault(
    "SECRET_KEY", "test-suite-only-7vHzqRkgMOcxylyVt438oiL_cl35055mHQ4srJ8L0hniMjuR2VJoWSuhnX_z"
)
os.environ.setdefault("DEBUG", "False")
os.environ.setdefault("SECURE_SSL_REDIRECT", "False")
# Query counts and EXPLAIN guards measure what a page costs to build, not a cached copy;
# tests/performance/test_page_cache.py turns the visitors' page cache on.
os.environ.setdefault("PAGE_CACHE_SECONDS", "0")

# Parallel workers (pytest-xdist) each get a Redis database of their own: tests empty the
# cache (rate limits live there), which must not wipe another worker's counters mid-test.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw") and os.environ.get("REDIS_URL"):
    from urllib.parse import urlsplit, urlunsplit

    _url = urlsplit(os.environ["REDIS_URL"])
    _base = int(_url.path.strip("/") or 0)
    _database = (_base - int(_worker[2:])) % 16
    os.environ["REDIS_URL"] = urlunsplit(_url._replace(path=f"/{_database}"))
