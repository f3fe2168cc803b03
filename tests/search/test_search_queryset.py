"""Project/Municipality/Event/Recap.objects.search(): matching, ranking and bounds."""

import pytest

from core import fulltext
from core.fulltext import capped_count, clean_query, marked_snippet, with_snippet
from events.models import Event, Recap
from members.models import Municipality
from projects.models import PROJECT_SEARCH, Project
from tests.factories.events import EventFactory, RecapFactory
from tests.factories.members import MunicipalityFactory
from tests.factories.projects import ProjectFactory

pytestmark = pytest.mark.django_db


def titles(queryset):
    return [project.title for project in queryset]


def test_title_ranks_over_summary_over_description():
    ProjectFactory(title="Projekt C", summary="Etwas anderes.", description="Ein Rufbus fährt.")
    ProjectFactory(title="Projekt B", summary="Ein Rufbus fährt.", description="Nichts.")
    ProjectFactory(title="Rufbus am Land", summary="Etwas anderes.", description="Nichts.")
    ProjectFactory(title="Projekt D", summary="Kein Treffer.", description="Keiner.")

    assert titles(Project.objects.search("Rufbus")) == ["Rufbus am Land", "Projekt B", "Projekt C"]


def test_every_result_has_a_rank_and_the_ranks_fall():
    ProjectFactory(title="Rufbus", summary="Rufbus im Rufbusgebiet.")
    ProjectFactory(title="Anderes", summary="Ein Rufbus.")

    ranks = [project.rank for project in Project.objects.search("rufbus")]

    assert len(ranks) == 2
    assert ranks == sorted(ranks, reverse=True)
    assert ranks[0] > ranks[1] > 0


def test_a_typo_finds_the_municipality():
    MunicipalityFactory(name="Bamberg", slug="bamberg")
    MunicipalityFactory(name="Hamburg", slug="hamburg", population=1_800_000)
    MunicipalityFactory(name="Kiel", slug="kiel")

    found = [m.name for m in Municipality.objects.search("Bamburg")]

    assert found[0] == "Bamberg"
    assert "Kiel" not in found


def test_a_typo_in_a_longer_title_is_forgiven():
    ProjectFactory(title="Digitaler Zwilling der Innenstadt")
    ProjectFactory(title="Rufbus")

    assert titles(Project.objects.search("Zwiling")) == ["Digitaler Zwilling der Innenstadt"]


@pytest.mark.parametrize("query", ["Städte", "Stadte", "STÄDTE", "städte", "Staedte"])
def test_umlauts_and_case_do_not_matter(query):
    ProjectFactory(title="Vernetzte Städte", summary="Gemeinsam lernen.")
    ProjectFactory(title="Rufbus", summary="Kein Treffer.")

    if query == "Staedte":
        # "ae" is a spelling, not an accent: only the trigram match may find it.
        assert titles(Project.objects.search(query)) in ([], ["Vernetzte Städte"])
    else:
        assert titles(Project.objects.search(query)) == ["Vernetzte Städte"]


def test_an_accent_in_the_query_finds_text_without_it():
    MunicipalityFactory(name="Munchen Testort", slug="munchen-testort")

    assert [m.name for m in Municipality.objects.search("München")] == ["Munchen Testort"]


@pytest.mark.parametrize("query", ["kiel", "Kiel", "KIEL"])
def test_case_does_not_matter(query):
    MunicipalityFactory(name="Kiel", slug="kiel")

    assert [m.name for m in Municipality.objects.search(query)] == ["Kiel"]


def test_german_words_match_their_inflections():
    ProjectFactory(title="Plattform für Bürgerbeteiligung", summary="Die Bürger beteiligen sich.")

    assert titles(Project.objects.search("Plattformen")) == ["Plattform für Bürgerbeteiligung"]


def test_english_words_are_found_as_written():
    ProjectFactory(title="Open Data Platform", summary="Sharing city data with everyone.")

    assert titles(Project.objects.search("data platform")) == ["Open Data Platform"]
    assert titles(Project.objects.search("sharing")) == ["Open Data Platform"]


def test_the_vector_follows_every_write():
    project = ProjectFactory(title="Rufbus", summary="Ein Angebot.")
    assert titles(Project.objects.search("Laternenparken")) == []

    project.title = "Laternenparken mit Sensoren"
    project.save()

    assert titles(Project.objects.search("Laternenparken")) == ["Laternenparken mit Sensoren"]
    assert titles(Project.objects.search("Rufbus")) == []


def test_queryset_updates_and_bulk_creates_keep_the_vector_current():
    lead = MunicipalityFactory()
    Project.objects.bulk_create(
        [
            Project(
                title="Smarte Laternen", slug="smarte-laternen", summary="-", lead_municipality=lead
            )
        ]
    )
    assert titles(Project.objects.search("Laternen")) == ["Smarte Laternen"]

    Project.objects.filter(slug="smarte-laternen").update(summary="Mit Bewegungsmeldern.")

    assert titles(Project.objects.search("Bewegungsmelder")) == ["Smarte Laternen"]


def test_search_is_chainable_with_filters_before_and_after():
    ProjectFactory(title="Rufbus Nord", stage=Project.Stage.PILOT)
    ProjectFactory(title="Rufbus Süd", stage=Project.Stage.IDEA)

    piloted = Project.objects.filter(stage=Project.Stage.PILOT).search("Rufbus")
    ideas = Project.objects.search("Rufbus").filter(stage=Project.Stage.IDEA)

    assert titles(piloted) == ["Rufbus Nord"]
    assert titles(ideas) == ["Rufbus Süd"]
    assert Project.objects.search("Rufbus").count() == 2


def test_events_and_recaps_are_searchable_and_drafts_stay_out_of_published():
    EventFactory(title="Kongress", theme="Resiliente Städte")
    RecapFactory(
        title="Rückblick",
        body="Über resiliente Städte.",
        status=Recap.Status.DRAFT,
        published_at=None,
    )
    RecapFactory(title="Bericht", body="Resilienz und resiliente Städte.")

    assert [e.title for e in Event.objects.search("resilient")] == ["Kongress"]
    assert [r.title for r in Recap.objects.published().search("resiliente")] == ["Bericht"]
    assert Recap.objects.search("resiliente").count() == 2


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "\x00",
        "\t\n",
        "der die das",
        "&|!",
        '"',
        "(",
        "a:*",
        "\u202e\u200b",
        "😀🏙️",
        "' OR 1=1 --",
        "x" * 5000,
        "Städte " * 1000,
    ],
)
def test_odd_queries_never_raise(query):
    ProjectFactory(title="Vernetzte Städte")

    list(Project.objects.search(query))
    list(Municipality.objects.search(query))
    capped_count(Project.objects.search(query))


def test_an_empty_query_finds_nothing():
    ProjectFactory(title="Irgendwas")

    assert list(Project.objects.search("  ")) == []


def test_the_query_is_cleaned_and_bounded():
    assert clean_query("  Rufbus\x00\t Kiel \ue000 ") == "Rufbus Kiel"
    assert len(clean_query("x" * 5000)) == fulltext.MAX_QUERY_LENGTH


def test_counts_are_capped(monkeypatch):
    monkeypatch.setattr(fulltext, "CANDIDATE_LIMIT", 5)
    for number in range(8):
        ProjectFactory(title=f"Rufbus {number}")

    assert capped_count(Project.objects.search("Rufbus")) == (5, True)
    assert Project.objects.search("Rufbus").count() <= 5 + 1 + fulltext.TITLE_CANDIDATE_LIMIT


def test_counts_below_the_cap_are_exact(monkeypatch):
    monkeypatch.setattr(fulltext, "CANDIDATE_LIMIT", 5)
    for number in range(3):
        ProjectFactory(title=f"Rufbus {number}")

    assert capped_count(Project.objects.search("Rufbus")) == (3, False)


def test_snippets_mark_the_words_and_escape_the_text():
    ProjectFactory(
        title="Rufbus",
        summary='Preis 5 < 6 & "gut": der Rufbus fährt \ue000nachts\ue001.',
    )

    project = with_snippet(Project.objects.search("Rufbus"), "Rufbus", PROJECT_SEARCH).get()
    snippet = marked_snippet(project.snippet)

    assert "<mark>Rufbus</mark>" in snippet
    assert "5 &lt; 6 &amp; &quot;gut&quot;" in snippet
    # Sentinels in the stored text are dropped, so they never turn into markup.
    assert snippet.count("<mark>") == snippet.count("</mark>") == 1


def test_a_snippet_never_lets_markup_through():
    snippet = marked_snippet("<script>alert(1)</script> \ue000Kiel\ue001")

    assert snippet == "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Kiel</mark>"
