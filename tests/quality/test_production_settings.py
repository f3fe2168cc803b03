"""Production settings: `check --deploy` clean, secure cookies, HSTS of a year or more.

Each check runs in a fresh process with the environment production sets, because the
settings module reads the environment once, at import."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def production_env():
    env = dict(os.environ)
    for name in list(env):
        if name.startswith(("SESSION_", "CSRF_", "SECURE_", "ALLOWED_HOSTS", "DJANGO_ALLOW_")):
            del env[name]
    env.update(
        DEBUG="False",
        SECRET_KEY=secrets.token_urlsafe(64),
        SITE_URL="https://portal.example.org",
        DJANGO_SETTINGS_MODULE="network_portal.settings",
    )
    return env


def test_check_deploy_passes_with_production_settings(production_env):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_secure_cookies_and_transport(production_env):
    names = [
        "DEBUG",
        "ALLOWED_HOSTS",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SAMESITE",
        "LANGUAGE_COOKIE_SECURE",
        "LANGUAGE_COOKIE_HTTPONLY",
        "LANGUAGE_COOKIE_SAMESITE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_REFERRER_POLICY",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY",
        "SESSION_IDLE_TIMEOUT",
        "SESSION_ABSOLUTE_LIFETIME",
    ]
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])

    assert values["DEBUG"] is False
    assert "portal.example.org" in values["ALLOWED_HOSTS"]
    assert "*" not in values["ALLOWED_HOSTS"]
    for cookie in ("SESSION", "CSRF", "LANGUAGE"):
        assert values[f"{cookie}_COOKIE_SECURE"] is True, cookie
        assert values[f"{cookie}_COOKIE_HTTPONLY"] is True, cookie
        assert values[f"{cookie}_COOKIE_SAMESITE"] in ("Lax", "Strict"), cookie
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    assert 0 < values["SESSION_IDLE_TIMEOUT"] <= 2 * 60 * 60
    assert values["SESSION_IDLE_TIMEOUT"] < values["SESSION_ABSOLUTE_LIFETIME"] <= 24 * 60 * 60


def test_session_cookie_set_at_sign_in_is_secure_httponly_and_samesite(client, user, password):
    response = client.post(
        "/konto/login/", {"login": user.email, "password": password}, secure=True
    )
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] and cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def proxy_settings(env):
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps([getattr(settings, 'ALLAUTH_TRUSTED_PROXY_COUNT', 0), "
        "getattr(settings, 'ALLAUTH_TRUSTED_CLIENT_IP_HEADER', None)]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_a_proxy_forwarded_addresses_are_not_trusted(production_env):
    assert proxy_settings(production_env) == [0, None]


def test_behind_the_proxy_rate_limits_count_the_forwarded_client_address(production_env):
    assert proxy_settings({**production_env, "BEHIND_TLS_PROXY": "True"}) == [1, None]
    two_proxies = {**production_env, "BEHIND_TLS_PROXY": "True", "TRUSTED_PROXY_COUNT": "2"}
    assert proxy_settings(two_proxies) == [2, None]
    header = {**production_env, "BEHIND_TLS_PROXY": "True", "TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"}
    assert proxy_settings(header) == [1, "X-Real-IP"]
