"""Scale-out (issue 11, point 5): Celery queues per kind of work, and where the web
processes keep their state. The replica router: test_db_router.py."""

from importlib import import_module
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.db import connections

from network_portal.celery import app as celery_app
from network_portal.db_router import REPLICA, replica_scope
from projects.models import Topic

PROJECT_ROOT = Path(__file__).resolve().parents[2]


# --- Celery: one queue per kind of work ---------------------------------------------------


def queue_of(task_name):
    return celery_app.amqp.router.route({}, task_name)["queue"].name


@pytest.mark.parametrize(
    ("task_name", "queue"),
    [
        ("network_portal.tasks.send_contact_message", "mail"),
        ("network_portal.tasks.clear_expired_sessions", "default"),
        # The naming conventions that route the tasks still to come:
        ("network_portal.following.tasks.send_weekly_digest", "digests"),
        ("members.tasks.import_municipalities", "imports_exports"),
        ("network_portal.exports.tasks.build_export", "imports_exports"),
        ("projects.tasks.send_adoption_notification", "mail"),
        ("following.announce_recaps", "digests"),
        ("projects.tasks.recount_topics", "default"),
    ],
)
def test_each_task_goes_to_the_queue_of_its_kind(task_name, queue):
    assert queue_of(task_name) == queue


def test_every_registered_task_has_a_queue_that_a_worker_consumes():
    celery_app.loader.import_default_modules()
    tasks = [name for name in celery_app.tasks if not name.startswith("celery.")]
    services = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())["services"]
    consumed = set()
    for service in services.values():
        command = service.get("command") or []
        if command[:4] == ["celery", "-A", "network_portal", "worker"]:
            (queues,) = [arg.split("=", 1)[1] for arg in command if arg.startswith("--queues=")]
            consumed |= set(queues.split(","))

    assert "network_portal.tasks.send_contact_message" in tasks
    assert consumed == set(settings.TASK_QUEUES)
    for name in tasks:
        assert queue_of(name) in consumed, name


# --- Stateless web processes ----------------------------------------------------------------


def test_web_processes_keep_no_state_of_their_own():
    # Sessions in the database (read through Redis where there is one), the cache and the
    # broker in Redis (shared by every web process and host); pictures in a shared volume
    # or a bucket.
    if settings.REDIS_URL:
        sessions = import_module(settings.SESSION_ENGINE).SessionStore
        assert issubclass(sessions, cached_db.SessionStore)  # network_portal/sessions.py
        assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
        assert settings.CELERY_BROKER_URL == settings.REDIS_URL
    else:
        assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
        assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
    assert "locmem" not in str(settings.CACHES).lower()


def test_without_a_replica_everything_uses_the_one_database(db):
    assert REPLICA not in connections.settings
    with replica_scope():
        assert Topic.objects.all().db == "default"
    assert "network_portal.db_router.PrimaryReplicaRouter" in settings.DATABASE_ROUTERS
