"""The portal's settings with `/hello/` added (network_portal.load_test_urls): what the
load test's gunicorn runs. Everything else, DEBUG and SECRET_KEY included, comes from the
environment as in production (network_portal.settings)."""

from network_portal.settings import *  # noqa: F403 - the production settings, unchanged

ROOT_URLCONF = "network_portal.load_test_urls"
