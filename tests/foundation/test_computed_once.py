"""core.cached: a cold entry is computed by one request while the others wait for it."""

import threading
import time

import pytest
from django.core.cache import cache

from core import cached as cached_module
from core.access import VISITOR
from core.cached import cached

LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def shared_cache(settings):
    # One cache for the test's threads (the test database's cache table is not theirs).
    settings.CACHES = LOCAL_CACHE
    cache.clear()
    yield
    cache.clear()


def compute_in_thread(compute):
    """(the thread, what its cached() gave back or raised)."""
    results = []

    def run():
        try:
            results.append(cached("once", VISITOR, (), compute))
        except RuntimeError as error:
            results.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, results


def test_a_value_being_computed_is_waited_for_not_computed_again(shared_cache):
    calls = []
    started = threading.Event()

    def slow():
        calls.append("first")
        started.set()
        time.sleep(0.3)
        return 42

    thread, results = compute_in_thread(slow)
    assert started.wait(5)
    assert cached("once", VISITOR, (), lambda: calls.append("second") or 0) == 42
    thread.join(5)

    assert results == [42]
    assert calls == ["first"]


def test_when_the_computing_request_fails_a_waiting_one_computes(shared_cache):
    started = threading.Event()

    def failing():
        started.set()
        time.sleep(0.2)
        raise RuntimeError("the database went away")

    thread, results = compute_in_thread(failing)
    assert started.wait(5)
    assert cached("once", VISITOR, (), lambda: 7) == 7
    thread.join(5)
    assert isinstance(results[0], RuntimeError)


def test_a_waiting_request_gives_up_after_a_while_and_computes(shared_cache, monkeypatch):
    monkeypatch.setattr(cached_module, "WAIT_SECONDS", 0.2)
    started, release = threading.Event(), threading.Event()

    def stuck():
        started.set()
        release.wait(5)
        return 1

    thread, _results = compute_in_thread(stuck)
    assert started.wait(5)
    began = time.monotonic()
    assert cached("once", VISITOR, (), lambda: 2) == 2
    assert time.monotonic() - began < 2
    release.set()
    thread.join(5)
