"""The quality gates use the shared browser fixtures of tests/browser.py."""

from tests.browser import AXE_JS, CHROMIUM, ROOT  # noqa: F401 -- imported by the gates
