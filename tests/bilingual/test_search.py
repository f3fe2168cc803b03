"""English fields are in the stored search vectors, stemmed with the English configuration
(portal_english: unaccent + English Snowball), German ones with the German configuration."""

import pytest
from django.contrib.postgres.search import SearchQuery
from django.urls import reverse

from core.fulltext import ENGLISH
from events.models import Event, Recap
from members.models import Municipality
from projects.models import Project
from tests.factories.events import EventFactory, RecapFactory
from tests.factories.members import MunicipalityFactory
from tests.factories.projects import ProjectFactory

pytestmark = pytest.mark.django_db


def english(words):
    return SearchQuery(words, config=ENGLISH, search_type="websearch")


def test_english_words_are_found_through_the_english_fields_in_their_inflections():
    project = ProjectFactory(
        title="Ladesäulen im Quartier",
        title_en="Charging points in the neighbourhood",
        summary_en="The city builds data platforms for charging.",
    )
    ProjectFactory(title="Bürgerbeteiligung digital")  # no English text
    found = Project.objects.filter(search_vector=english("charging point"))
    assert list(found) == [project]
    # Stemmed in English: the plural finds the singular and back.
    assert list(Project.objects.filter(search_vector=english("data platform"))) == [project]
    assert list(Project.objects.filter(search_vector=english("neighbourhoods"))) == [project]


def test_english_text_is_stemmed_in_english_and_german_text_in_german():
    project = ProjectFactory(title="Städte teilen Daten", summary_en="Cities are sharing data.")
    vector = Project.objects.values_list("search_vector", flat=True).get(pk=project.pk)
    lexemes = {part.split(":")[0].strip("'") for part in vector.split()}
    assert {"citi", "share"} <= lexemes  # English stems (and the words as written)
    assert {"stadt", "teil"} <= lexemes  # German stems, accents folded


@pytest.mark.parametrize(
    ("make", "model", "fields"),
    [
        (MunicipalityFactory, Municipality, {"name_en": "Munich Harbour", "description_en": ""}),
        (MunicipalityFactory, Municipality, {"description_en": "A harbour town."}),
        (EventFactory, Event, {"title_en": "Harbour congress"}),
        (EventFactory, Event, {"description_en": "Two days at the harbour."}),
        (RecapFactory, Recap, {"title_en": "Back from the harbours"}),
        (RecapFactory, Recap, {"summary_en": "What the harbours taught us."}),
    ],
)
def test_every_english_field_is_searchable(make, model, fields):
    obj = make(**fields)
    assert list(model.objects.filter(search_vector=english("harbour"))) == [obj]


def test_the_search_page_finds_english_words_only_the_english_stemmer_relates(client):
    """ "study" meets "studies" only in English ("studi"); the German stemmer and the words as
    written leave them apart, so this hit comes through the English field and query."""
    project = ProjectFactory(
        title="Machbarkeit von Wärmenetzen", title_en="Feasibility studies for heat networks"
    )
    ProjectFactory(title="Wärmenetze im Bestand")
    response = client.get(reverse("search"), {"q": "feasibility study"})
    assert response.status_code == 200
    found = {
        result.slug
        for group in response.context["groups"]
        if group.kind.key == "projects"
        for result in group.results
    }
    assert found == {project.slug}
