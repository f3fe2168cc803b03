"""Pages name countries in the reader's language instead of showing ISO codes."""

import pytest
from django.conf import settings
from django.urls import reverse

from members.models import country_name
from tests.factories.members import MunicipalityFactory
from tests.factories.projects import ProjectFactory

pytestmark = pytest.mark.django_db


def speaking(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.parametrize(("language", "name"), [("de", "Österreich"), ("en", "Austria")])
def test_the_municipality_page_names_the_country(client, language, name):
    graz = MunicipalityFactory(name="Graz", slug="graz", country="AT", state="Steiermark")

    html = speaking(client, language).get(graz.get_absolute_url()).content.decode()

    assert f"<dd>{name}</dd>" in html


@pytest.mark.parametrize(("language", "name"), [("de", "Deutschland"), ("en", "Germany")])
def test_country_facets_are_labelled_with_names(client, language, name):
    ProjectFactory(lead_municipality=MunicipalityFactory(country="DE"))
    MunicipalityFactory(country="DE")

    for url in (reverse("projects:project_list"), reverse("municipality_list")):
        facets = speaking(client, language).get(url).context["facets"]
        country = next(facet for facet in facets if facet.name == "country")
        assert [option.label for option in country.options] == [name]
        assert [option.value for option in country.options] == ["DE"]


def test_a_picked_country_without_results_keeps_its_name(client):
    MunicipalityFactory(country="DE")

    response = speaking(client, "de").get(reverse("municipality_list"), {"country": "FR"})

    country = next(facet for facet in response.context["facets"] if facet.name == "country")
    assert ("FR", "Frankreich", 0, True) in [
        (option.value, option.label, option.count, option.selected) for option in country.options
    ]


def test_a_code_without_a_known_name_stays_a_code():
    assert country_name("ZZ") == "ZZ"
