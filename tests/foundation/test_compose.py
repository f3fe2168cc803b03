"""docker-compose.yml cannot run here (no Docker engine), so its shape is checked instead."""

from pathlib import Path

import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def load_compose():
    return yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())


def test_every_service_the_settings_need_is_there_with_a_health_check():
    services = load_compose()["services"]

    for name in ("db", "redis", "web", "worker", "beat"):
        assert name in services, name
        assert "healthcheck" in services[name], f"{name} has no health check"
        assert services[name]["restart"] == "unless-stopped"


def test_app_services_get_database_and_redis_urls():
    services = load_compose()["services"]

    for name in ("web", "worker", "beat", "migrate"):
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert "@db:5432/" in environment["DATABASE_URL"]
        assert environment["REDIS_URL"].startswith("redis://redis:6379")


def test_migrations_run_once_before_web_and_workers():
    services = load_compose()["services"]

    assert "migrate" in services["migrate"]["command"][-1]
    for name in ("web", "worker", "beat"):
        condition = services[name]["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully"


def test_web_runs_gunicorn_and_is_checked_through_healthz():
    compose = load_compose()
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text()

    assert "gunicorn" in dockerfile
    assert "/healthz" in " ".join(compose["services"]["web"]["healthcheck"]["test"])
    assert compose["services"]["worker"]["command"][:3] == ["celery", "-A", "network_portal"]
    assert "beat" in compose["services"]["beat"]["command"]


def test_database_lives_in_a_named_volume():
    compose = load_compose()

    assert "postgres-data" in compose["volumes"]
    assert "postgres-data:/var/lib/postgresql/data" in compose["services"]["db"]["volumes"]


def test_redis_evicts_only_cache_entries_never_queued_tasks():
    # The cache (kept pages, counts) and the Celery broker share the server: under memory
    # pressure only keys with an expiry may go, and every cache entry has one.
    command = load_compose()["services"]["redis"]["command"]
    assert command[command.index("--maxmemory-policy") + 1] == "volatile-lru"
    assert "--maxmemory" in command
