"""The map journey, in Chromium against a live server: a visitor filters the municipality
list by a topic, opens the map of that list, reaches a point with the Tab key and follows
it to the municipality's page."""

import pytest
from django.urls import reverse

from tests.factories.members import MunicipalityFactory
from tests.factories.projects import ProjectFactory, TopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLACES = {
    # name: (latitude, longitude), from GeoNames
    "Bamberg": (49.89873, 10.90067),
    "Kempten": (47.72674, 10.31389),
    "Kiel": (54.32133, 10.13489),
}


def test_filter_the_list_open_the_map_and_follow_a_point_by_keyboard(open_context):
    mobility = TopicFactory(slug="mobilitaet-karte", name_de="Mobilität", name_en="Mobility")
    for name, (latitude, longitude) in PLACES.items():
        town = MunicipalityFactory(
            name=name, slug=f"{name.lower()}-karte", latitude=latitude, longitude=longitude
        )
        ProjectFactory(lead_municipality=town, topics=[mobility])
    # Not on the topic: filtered out of the list and so off the map.
    MunicipalityFactory(name="Hamburg", slug="hamburg-karte", latitude=53.55, longitude=9.99)

    context, watcher = open_context(language="en")
    page = watcher.watch(context.new_page())
    page.goto(reverse("municipality_list"))
    page.check("input[name=topic][value=mobilitaet-karte]")
    with page.expect_navigation():
        page.click("main form.facet-form button[type=submit]")
    assert "topic=mobilitaet-karte" in page.url

    with page.expect_navigation():
        page.click("text=Show these municipalities on a map")
    assert "/karte/?" in page.url and "topic=mobilitaet-karte" in page.url
    points = page.locator("figure.place-map svg a")
    assert points.count() == 3
    assert "Hamburg" not in page.locator("main").inner_text()

    # From the link before the map, Tab walks through the points in the list's order.
    page.focus("main a[href^='/kommunen/?']")
    names = []
    for _ in range(3):
        page.keyboard.press("Tab")
        names.append(page.evaluate("document.activeElement.getAttribute('aria-label')"))
    assert names == ["Bamberg", "Kempten", "Kiel"]
    # The focused point is visibly marked (focus ring on the circle).
    stroke = page.evaluate(
        "getComputedStyle(document.activeElement.querySelector('circle')).strokeWidth"
    )
    assert stroke == "5px"

    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/kommunen/kiel-karte/")
    assert page.locator("h1").inner_text().startswith("Kiel")

    assert not watcher.failed_resources, watcher.failed_resources
    assert not watcher.console_errors, watcher.console_errors
