import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from network_portal.env import env_bool, env_int, env_list, env_secret

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env_overrides):
    production_only = {"SECRET_KEY", "DEBUG", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in production_only}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = run_manage("check", DEBUG="False")

    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Configuration error: SECRET_KEY is not set")


def test_starts_without_secret_key_in_debug_mode():
    result = run_manage("check", DEBUG="True")

    assert result.returncode == 0, result.stderr


def test_refuses_a_database_that_is_not_postgresql():
    result = run_manage("check", DEBUG="True", DATABASE_URL="mysql://portal@127.0.0.1/portal")

    assert result.returncode == 1
    assert "DATABASE_URL must point to PostgreSQL" in result.stderr


def test_env_bool_accepts_only_true_and_false(monkeypatch):
    monkeypatch.setenv("FLAG", "True")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "False")
    assert env_bool("FLAG", True) is False
    monkeypatch.setenv("FLAG", "yes please")
    with pytest.raises(ImproperlyConfigured, match="FLAG must be True or False"):
        env_bool("FLAG", False)
    monkeypatch.delenv("FLAG")
    assert env_bool("FLAG", True) is True


def test_env_int_and_list(monkeypatch):
    monkeypatch.setenv("COUNT", "12")
    assert env_int("COUNT", 1) == 12
    monkeypatch.setenv("COUNT", "twelve")
    with pytest.raises(ImproperlyConfigured):
        env_int("COUNT", 1)
    monkeypatch.setenv("HOSTS", "a.example, b.example,,")
    assert env_list("HOSTS") == ["a.example", "b.example"]


def test_env_secret_reads_a_file(monkeypatch, tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text("from-a-file\n")
    monkeypatch.setenv("TOKEN", "from-the-variable")
    monkeypatch.setenv("TOKEN_FILE", str(secret_file))

    assert env_secret("TOKEN") == "from-a-file"


SHOW_BACKENDS = (
    "print(settings.CACHES['default']['BACKEND'], settings.CELERY_TASK_ALWAYS_EAGER, "
    "settings.CELERY_BROKER_URL, settings.SESSION_ENGINE)"
)


def printed_by_settings(code: str, *, without=(), **env_overrides) -> str:
    """What `code` prints in a new process that has loaded the settings (`settings`) from the
    environment, less the variables `without` (the suite's own), plus `env_overrides`."""
    env = {key: value for key, value in os.environ.items() if key not in without}
    env.update(DJANGO_SETTINGS_MODULE="network_portal.settings", **env_overrides)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; {code}",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def run_settings_probe(**env_overrides):
    return printed_by_settings(SHOW_BACKENDS, without=("REDIS_URL",), **env_overrides).split()


def test_without_redis_the_cache_uses_the_database_and_tasks_run_inline():
    backend, eager, broker, sessions = run_settings_probe()

    assert backend == "django.core.cache.backends.db.DatabaseCache"
    assert eager == "True"
    assert broker == "memory://"
    assert sessions == "django.contrib.sessions.backends.db"


def test_with_redis_the_cache_the_sessions_and_the_broker_use_it():
    backend, eager, broker, sessions = run_settings_probe(REDIS_URL="redis://127.0.0.1:6379/3")

    assert backend == "network_portal.redis_cache.RedisCache"
    assert eager == "False"
    assert broker == "redis://127.0.0.1:6379/3"
    assert sessions == "network_portal.sessions"  # cached_db, network_portal/sessions.py


def test_a_socket_folder_in_the_database_url_becomes_the_host():
    printed = printed_by_settings(
        "database = settings.DATABASES['default']; "
        "print(database['HOST'], database['NAME'], sorted(database['OPTIONS']))",
        DATABASE_URL="postgresql://postgres:@/network_portal?host=/srv/portal/pgdata",
    )

    assert printed.split() == ["/srv/portal/pgdata", "network_portal", "['options']"]


def test_server_side_cursors_are_planned_for_every_row(db):
    # QuerySet.iterator() reads to the end (CSV export): a plan for the first 10 % of the
    # rows walked 1,000,000 projects by their newest-first index for a 4,388-row CSV.

    with connection.cursor() as cursor:
        cursor.execute("SHOW cursor_tuple_fraction")
        assert cursor.fetchone() == ("1",)


@pytest.mark.parametrize(
    "weak_key",
    [
        "too-short-but-otherwise-random-Zq8",
        "a" * 60 + "bcd",  # long, but four distinct characters
        "django-insecure-" + "x7Qp2LmN9rT4vW1yZ3bC5dF8gH0jK6sA",
        "change-me-to-a-long-random-string",  # the value in .env.example
        "insecure-development-key-only-used-with-DEBUG",
    ],
)
def test_refuses_a_weak_secret_key_when_debug_is_off(weak_key):
    result = run_manage("check", DEBUG="False", SECRET_KEY=weak_key)

    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Configuration error: SECRET_KEY is too weak")


def test_a_long_random_secret_key_starts_with_debug_off():
    import secrets

    result = run_manage("check", DEBUG="False", SECRET_KEY=secrets.token_urlsafe(50))

    assert result.returncode == 0, result.stderr


def test_a_short_secret_key_is_fine_in_debug_mode():
    result = run_manage("check", DEBUG="True", SECRET_KEY="short")

    assert result.returncode == 0, result.stderr


def test_the_page_cache_is_on_in_production_and_off_while_developing():
    def page_cache_seconds(debug):
        # The suite's own PAGE_CACHE_SECONDS=0 (tests/environment.py) is left out.
        printed = printed_by_settings(
            "print(settings.PAGE_CACHE_SECONDS)", without=("PAGE_CACHE_SECONDS",), DEBUG=debug
        )
        return printed.strip()

    assert page_cache_seconds("False") == "600"
    assert page_cache_seconds("True") == "0"
