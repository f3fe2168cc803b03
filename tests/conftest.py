import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from network_portal import conditional
from network_portal.celery import app as celery_app
from tests.browser import browser, live_server, open_context, plain_http  # noqa: F401
from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory
from tests.personas import (  # noqa: F401 -- the shared personas, for every test
    admin_m,
    admin_n,
    as_persona,
    officer_x,
    officer_y,
    organizer_n,
    persona_world,
    personas_once,
    staff,
    unlinked,
    visitor,
)


@pytest.fixture(autouse=True, scope="session")
def _celery_runs_tasks_inline():
    """Tests run tasks inline even when REDIS_URL points Celery at a broker."""
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the portal's default language: a request in English leaves its
    language active in the thread, which would turn the next test's messages English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_setup"}


@pytest.fixture(autouse=True)
def _empty_cache(request):
    """Rate limits live in the cache (Redis, or a database table that test transactions and
    flushes do not always reset): start every test that can reach it without them."""
    uses_database = request.node.get_closest_marker("django_db") or DATABASE_FIXTURES & set(
        request.fixturenames
    )
    if not uses_database:
        yield
        return
    transactional = {"transactional_db", "live_server"} & set(request.fixturenames)
    request.getfixturevalue("transactional_db" if transactional else "db")
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _one_time_bucket(monkeypatch):
    """A page's ETag and the keys of its kept parts hold the TIME_BUCKET it is asked in
    (network_portal.conditional). A test asking twice across the end of a bucket would see
    the page built anew: within one test, time stays in one bucket.
    tests/performance/test_conditional_pages.py moves it on by hand."""
    bucket = conditional.time_bucket(timezone.now())
    monkeypatch.setattr(conditional, "time_bucket", lambda now: bucket)


@pytest.fixture
def pages_kept(settings):
    """Visitors' pages and the parts of pages kept as in production (network_portal.
    conditional, core.kept); the suite otherwise builds every page (tests/environment.py)."""
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def password():
    return DEFAULT_PASSWORD


@pytest.fixture
def signed_in_client(client, user):
    client.force_login(user)
    return client
