"""The axe-core gate (tests/quality/axe.py; it runs in test_accessibility_part*.py) would
fail on an inaccessible page, and its parts together check every registered page."""

import importlib

import pytest

from tests.pages import samples as registered
from tests.quality.axe import (
    PARTS,
    RUN_AXE,
    UNLABELLED_FIELDS,
    WCAG_TAGS,
    axe_context,
    part_of,
)


def test_the_parts_together_check_every_sample_once():
    every = list(registered(html_only=True))
    parts = [part_of(every, part) for part in range(1, PARTS + 1)]
    assert sorted(map(repr, sum(parts, []))) == sorted(map(repr, every))
    assert all(parts)
    for part in range(1, PARTS + 1):  # each part has its test file
        module = importlib.import_module(f"tests.quality.test_accessibility_part{part}")
        assert part == module.PART
        assert module.test_every_registered_page_passes_axe
    with pytest.raises(ModuleNotFoundError):  # and no file checks a part that is not counted
        importlib.import_module(f"tests.quality.test_accessibility_part{PARTS + 1}")


@pytest.mark.browser
def test_axe_notices_a_violation(open_context, live_server):
    """The gate would fail on an inaccessible page (guards the wiring of axe itself: it
    is there on a page the context navigated to)."""
    context, _watcher = axe_context(open_context)
    page = context.new_page()
    page.goto("/")
    page.evaluate(
        """() => { document.documentElement.removeAttribute("lang");
                   const i = document.createElement("input"); i.type = "text";
                   document.querySelector("main").appendChild(i); }"""
    )
    ids = {v["id"] for v in page.evaluate(RUN_AXE, WCAG_TAGS)}
    assert {"html-has-lang", "label"} <= ids
    assert page.evaluate(UNLABELLED_FIELDS)
