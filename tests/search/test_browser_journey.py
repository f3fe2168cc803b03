"""A visitor's journey: search from the header, narrow with two facets, open a result,
open that municipality's peers. Selectors use ids, names and addresses, not wording, so
the journey holds in both languages."""

import pytest
from django.urls import reverse

from tests.factories.members import MunicipalityFactory
from tests.factories.projects import ProjectFactory, TopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def journey_data():
    mobility = TopicFactory(slug="mobilitaet", name_de="Mobilität", name_en="Mobility")
    energy = TopicFactory(slug="energie", name_de="Energie", name_en="Energy")
    kiel = MunicipalityFactory(name="Kiel", slug="kiel", population=247_000)
    ulm = MunicipalityFactory(name="Ulm", slug="ulm", population=128_000)
    wanted = ProjectFactory(
        title="Rufbus für mehr Mobilität",
        slug="rufbus-kiel",
        summary="Ein Rufbus verbessert die Mobilität am Stadtrand.",
        lead_municipality=kiel,
        stage="pilot",
        topics=[mobility],
    )
    # Found by the words, then filtered out by one facet each.
    ProjectFactory(
        title="Mobilitätsplattform Ulm",
        summary="Mobilität aus einer Hand.",
        lead_municipality=ulm,
        stage="idea",
        topics=[mobility],
    )
    ProjectFactory(
        title="Mobilität und Energie",
        summary="Strom für die Mobilität.",
        lead_municipality=ulm,
        stage="pilot",
        topics=[energy],
    )
    return wanted, kiel, ulm


def test_search_filter_open_and_find_peers(open_context, journey_data):
    wanted, kiel, ulm = journey_data
    projects = reverse("projects:project_list")
    peers = reverse("peers", kwargs={"slug": kiel.slug})

    context, watcher = open_context()
    page = watcher.watch(context.new_page())
    page.goto("/")
    page.fill("#header-search-q", "Mobilität")
    page.press("#header-search-q", "Enter")
    page.wait_for_url("**/suche/?q=*")
    assert page.locator("#results-projects").is_visible()

    page.click(f'a[href^="{projects}?q="]')
    page.wait_for_url(f"**{projects}?q=*")
    page.check('input[name="topic"][value="mobilitaet"]')
    page.check('input[name="stage"][value="pilot"]')
    page.click('form.facet-form button[type="submit"]')
    page.wait_for_url("**topic=mobilitaet*")
    assert "stage=pilot" in page.url
    main = page.locator("main")
    assert main.locator(f'a[href="{wanted.get_absolute_url()}"]').count() == 1
    assert "Mobilitätsplattform Ulm" not in main.inner_text()
    assert "Mobilität und Energie" not in main.inner_text()

    main.locator(f'a[href="{wanted.get_absolute_url()}"]').first.click()
    page.wait_for_url(f"**{wanted.get_absolute_url()}")
    main.locator(f'a[href="{kiel.get_absolute_url()}"]').first.click()
    page.wait_for_url(f"**{kiel.get_absolute_url()}")

    main.locator(f'a[href="{peers}"]').first.click()
    page.wait_for_url(f"**{peers}")
    assert "Kiel" in page.locator("h1").inner_text()
    assert main.locator(f'a[href="{ulm.get_absolute_url()}"]').count() == 1
    assert "Mobilität" in main.locator("ol.card-list").inner_text()
    assert not watcher.console_errors
