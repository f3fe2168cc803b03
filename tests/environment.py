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
