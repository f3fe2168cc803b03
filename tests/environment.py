"""Loaded with `-p tests.environment` before pytest-django reads the settings.

The suite runs with DEBUG off, as production does, but speaks plain HTTP to its live
server, so the HTTPS redirect is off; everything else keeps its production value.
"""

import os

os.environ.setdefault("SECRET_KEY", "insecure-key-for-the-test-suite-only")
os.environ.setdefault("DEBUG", "False")
os.environ.setdefault("SECURE_SSL_REDIRECT", "False")
