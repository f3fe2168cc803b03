"""core.kept: which requests share a kept part of a page."""

from django.test import RequestFactory

from core.access import VISITOR, Viewer
from core.kept import kept_part, kept_part_key


def request_for(viewer, key="etag-of-the-page"):
    request = RequestFactory().get("/")
    request.viewer = viewer
    request.content_cache_key = key
    return request


def test_parts_are_kept_apart_where_the_rights_differ(settings):
    settings.PAGE_CACHE_SECONDS = 600
    staff_a = Viewer(user_id=1, is_staff=True, officer_of=frozenset({1}))
    staff_b = Viewer(user_id=2, is_staff=True, officer_of=frozenset({2}))
    staff_c = Viewer(user_id=3, is_staff=True)
    officer = Viewer(user_id=4, officer_of=frozenset({1}))
    same_officer = Viewer(user_id=5, officer_of=frozenset({1}))

    keys = {name: kept_part_key(request_for(v), "part") for name, v in [
        ("staff_a", staff_a), ("staff_b", staff_b), ("staff_c", staff_c),
        ("officer", officer), ("same_officer", same_officer),
    ]}  # fmt: skip

    assert len({keys["staff_a"], keys["staff_b"], keys["staff_c"]}) == 3
    assert keys["officer"] == keys["same_officer"]
    # An account without rights sees a visitor's rows, but not a visitor's page.
    unlinked = Viewer(user_id=6)
    assert unlinked.rows_key == VISITOR.rows_key
    assert kept_part_key(request_for(unlinked), "part") != kept_part_key(
        request_for(VISITOR), "part"
    )
    # The page key (the middleware's: viewers' group, address, language, generation) leads.
    assert kept_part_key(request_for(officer, "other-page"), "part") != keys["officer"]


def test_nothing_is_kept_without_a_page_key_or_with_the_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 600
    assert kept_part_key(request_for(VISITOR, key=None), "part") is None
    settings.PAGE_CACHE_SECONDS = 0
    assert kept_part_key(request_for(VISITOR), "part") is None
    builds = []

    def build():
        builds.append(1)
        return "<p>built</p>", 200

    assert kept_part(request_for(VISITOR), "part", build) == ("<p>built</p>", 200)
    assert kept_part(request_for(VISITOR), "part", build)[0] == "<p>built</p>"
    assert len(builds) == 2
