"""Content in two languages (issue 12, point 2): a page shows the reader's language where it
exists, marks the other language with `lang`, and says when a text exists only in German."""

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories.events import EventFactory, RecapFactory
from tests.factories.members import MunicipalityFactory, NetworkFactory
from tests.factories.projects import ProjectFactory, TopicFactory
from tests.search.conftest import load_shipped_glossary

ONLY_GERMAN = "Only available in German."


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One object of each kind with English texts and one without, built once."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            bamberg = MunicipalityFactory(
                name="München-Test",
                slug="muenchen-test",
                name_en="Munich-Test",
                description="Landeshauptstadt mit Datenplattform.",
                description_en="State capital with a data platform.",
            )
            kempten = MunicipalityFactory(
                name="Kempten-Test", slug="kempten-test", description="Stadt im Allgäu."
            )
            topic = TopicFactory(
                slug="datenplattformen-test",
                name_de="Datenplattformen",
                name_en="Data platforms",
                description_de="Plattformen für kommunale Daten.",
            )
            yield {
                "translated": ProjectFactory(
                    title="Ladesäulen für alle",
                    slug="ladesaeulen",
                    title_en="Charging points for everyone",
                    summary="Die Stadt baut Ladesäulen.",
                    summary_en="The city builds charging points.",
                    lead_municipality=bamberg,
                    topics=[topic],
                ),
                "german": ProjectFactory(
                    title="Bürgerbeteiligung digital",
                    slug="buergerbeteiligung",
                    summary="Beteiligung im Netz.",
                    lead_municipality=kempten,
                ),
                "munich": bamberg,
                "kempten": kempten,
                "topic": topic,
                "network": NetworkFactory(
                    name="Netzwerk Smarte Städte",
                    slug="netzwerk-test",
                    name_en="Smart Cities Network",
                    description="Ein Netzwerk.",
                ),
                "event": EventFactory(
                    title="Kongress Test",
                    slug="kongress-test",
                    title_en="Congress Test",
                    description="Zwei Tage Austausch.",
                    description_en="Two days of exchange.",
                    city=kempten,
                ),
                "recap": RecapFactory(
                    title="Rückblick Test",
                    slug="rueckblick-test",
                    body="Was wir gelernt haben.",
                    summary_en="What we learnt.",
                ),
            }
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def page(obj, language="en") -> str:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(obj.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


# The choice itself (core.bilingual), for each reader.


def test_an_english_reader_gets_the_english_text_where_it_exists(world, db):
    translated, german = world["translated"], world["german"]
    with translation.override("en"):
        title = translated.in_reader_language("title")
        assert (title.text, title.lang, title.is_fallback) == (
            "Charging points for everyone",
            "en",
            False,
        )
        fallback = german.in_reader_language("title")
        assert (fallback.text, fallback.lang, fallback.is_fallback) == (
            "Bürgerbeteiligung digital",
            "de",
            True,
        )
        assert german.only_in_german() and not translated.only_in_german()


def test_a_german_reader_gets_the_german_text(world, db):
    with translation.override("de"):
        title = world["translated"].in_reader_language("title")
    assert (title.text, title.lang, title.is_fallback) == ("Ladesäulen für alle", "de", False)


def test_a_german_reader_gets_the_english_text_when_there_is_no_german_one(db):
    municipality = MunicipalityFactory(description="", description_en="A city.")
    with translation.override("de"):
        text = municipality.in_reader_language("description")
    assert (text.text, text.lang, text.is_fallback) == ("A city.", "en", True)


# The pages.


def test_the_project_page_in_english(world, db):
    html = page(world["translated"])
    assert "<h1>Charging points for everyone</h1>" in html
    assert '<p class="lead">The city builds charging points.</p>' in html
    assert "<title>Charging points for everyone" in html
    assert "Ladesäulen für alle" not in html
    # The description exists in German only: marked and said so.
    assert ONLY_GERMAN in html
    assert '<div class="prose" lang="de">' in html


def test_a_german_only_project_in_english_is_marked_and_says_so(world, db):
    html = page(world["german"])
    assert '<h1><span lang="de">Bürgerbeteiligung digital</span></h1>' in html
    assert '<p class="lead"><span lang="de">Beteiligung im Netz.</span></p>' in html
    assert html.count(ONLY_GERMAN) == 2  # under the summary and the description


def test_the_project_page_in_german_needs_no_marks(world, db):
    html = page(world["translated"], "de")
    assert "<h1>Ladesäulen für alle</h1>" in html
    assert "Charging points" not in html
    assert ONLY_GERMAN not in html and "Nur auf Deutsch" not in html


def test_cards_in_a_list_show_the_readers_language(world, db):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("projects:project_list")).content.decode()
    assert ">Charging points for everyone</a></h3>" in html
    assert "<p>The city builds charging points.</p>" in html
    assert '<span lang="de">Bürgerbeteiligung digital</span></a></h3>' in html
    assert '<p lang="de">Beteiligung im Netz.</p>' in html
    assert ">Munich-Test</a>" in html


def test_the_municipality_page(world, db):
    html = page(world["munich"])
    assert "<h1>Munich-Test</h1>" in html
    assert "State capital with a data platform." in html
    assert ONLY_GERMAN not in html
    html = page(world["kempten"])
    assert '<h1><span lang="de">Kempten-Test</span></h1>' in html
    assert '<div class="lead prose" lang="de">' in html
    assert ONLY_GERMAN in html


def test_the_network_page(world, db):
    html = page(world["network"])
    assert "<h1>Smart Cities Network</h1>" in html
    assert '<div class="lead prose" lang="de"><p>Ein Netzwerk.</p>' in html
    assert ONLY_GERMAN in html
    assert "<h1>Netzwerk Smarte Städte</h1>" in page(world["network"], "de")


def test_the_topic_page(world, db):
    html = page(world["topic"])
    assert "<h1>Data platforms</h1>" in html
    assert '<p class="lead" lang="de">Plattformen für kommunale Daten.</p>' in html
    assert ONLY_GERMAN in html


def test_the_event_page(world, db):
    html = page(world["event"])
    assert "<h1>Congress Test</h1>" in html
    assert '<div class="prose"><p>Two days of exchange.</p>' in html
    assert ONLY_GERMAN not in html
    assert ">Kempten-Test</span>" in html  # the city's name, marked as German
    german = page(world["event"], "de")
    assert "<h1>Kongress Test</h1>" in german and "Two days" not in german


def test_the_recap_page_offers_its_english_summary(world, db):
    html = page(world["recap"])
    assert '<h1><span lang="de">Rückblick Test</span></h1>' in html
    assert '<p lang="en">What we learnt.</p>' in html
    assert '<div class="prose" lang="de">' in html
    assert ONLY_GERMAN in html
    german = page(world["recap"], "de")
    assert "What we learnt." not in german


def test_the_demo_stays_german_but_for_the_english_names_its_articles_state():
    """The seed articles name Athens (Athen) and Prague (Prag); no other English text is
    invented for the demo (topics have English names of their own)."""
    import json
    from pathlib import Path

    rows = json.loads((Path(settings.BASE_DIR) / "fixtures" / "demo.json").read_text())
    english = {
        (row["model"], row["fields"].get("slug"), name): value
        for row in rows
        if row["model"] != "projects.topic"
        for name, value in row["fields"].items()
        if name.endswith("_en") and value
    }
    assert english == {
        ("members.municipality", "athen", "name_en"): "Athens",
        ("members.municipality", "prag", "name_en"): "Prague",
    }


def search_page(query, language) -> str:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_search_snippets_come_from_the_readers_language_and_say_which(world):
    load_shipped_glossary()  # gone when a transactional test of this worker flushed it
    english = search_page("Ladesäulen", "en")
    # The English summary, with the matched word (the glossary's "charging point") marked.
    assert '<p lang="en">city builds <mark>charging</mark> <mark>points</mark></p>' in english
    # A project with no English summary: the German one, marked as German.
    assert '<p lang="de"><mark>Beteiligung</mark> im Netz</p>' in search_page("Beteiligung", "en")
    german = search_page("Ladesäulen", "de")
    assert '<p lang="de">Stadt baut <mark>Ladesäulen</mark></p>' in german
    # Events and recaps too.
    assert '<p lang="en">days of <mark>exchange</mark></p>' in search_page("exchange", "en")
    assert '<p lang="en">What we <mark>learnt</mark></p>' in search_page("learnt", "en")
