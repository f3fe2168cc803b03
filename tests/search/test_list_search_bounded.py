"""Lists with a search word stay bounded (issue 12, point 7): the match runs once for all
facets, a repeated filter value counts once, and more values than choices answer 400."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Project
from tests.factories.projects import ProjectFactory, TopicFactory

pytestmark = pytest.mark.django_db

PROJECTS = reverse("projects:project_list")


def matches_run(client, params) -> tuple[int, object]:
    """How many statements of the request run the search's candidate match (a UNION of
    the full-text, title and typo-tolerant streams) over the whole table, not among the
    ids matched already (`IN (1, 2, ...)`)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PROJECTS, params)
    among_ids = re.compile(r'"id" IN \(\d')
    unbounded = [q for q in queries if " UNION " in q["sql"] and not among_ids.search(q["sql"])]
    return len(unbounded), response


def test_facet_counts_read_the_matches_once(client):
    mobility = TopicFactory(name_de="Mobilität", name_en="Mobility", slug="mobilitaet")
    for number in range(3):
        ProjectFactory(title=f"Rufbus {number}", topics=[mobility], stage=Project.Stage.PILOT)
    ProjectFactory(title="Rufbus ohne Thema", stage=Project.Stage.IDEA)

    runs, response = matches_run(client, {"q": "Rufbus", "topic": "mobilitaet"})

    assert response.status_code == 200
    # Once, for the ids that the facets, the page's rows and their count read; before,
    # the page, its count and each facet (or group of facets) ran it again: 5 times here.
    assert runs == 1
    facets = {facet.name: facet for facet in response.context["facets"]}
    topic_counts = {option.value: option.count for option in facets["topic"].options}
    stage_counts = {option.value: option.count for option in facets["stage"].options}
    assert topic_counts == {"mobilitaet": 3}
    assert stage_counts == {"pilot": 3}  # among the projects of the picked topic
    assert [p.title for p in response.context["object_list"]] == [
        "Rufbus 0",
        "Rufbus 1",
        "Rufbus 2",
    ]


def test_the_search_word_of_a_list_reads_the_glossary(client, shipped_glossary):
    ProjectFactory(title="Ladesäulen im Quartier", summary="Mehr Ladesäulen.")

    response = client.get(PROJECTS, {"q": "charging point"})

    assert [p.title for p in response.context["object_list"]] == ["Ladesäulen im Quartier"]


def test_a_repeated_value_counts_once(client):
    ProjectFactory(title="Rufbus", stage=Project.Stage.IDEA)
    TopicFactory(slug="mobilitaet")
    TopicFactory(slug="tourismus")

    response = client.get(PROJECTS + "?stage=idea&stage=idea&topic=mobilitaet&topic=mobilitaet")

    assert response.status_code == 200
    labels = [active.label for active in response.context["active_filters"]]
    assert len(labels) == 2, labels


@pytest.mark.parametrize(
    "query",
    [
        "&".join(["stage=idea"] * (len(Project.Stage.choices) + 1)),
        "&".join(["stage=idea"] * 500),  # 4 KB of repeats
    ],
)
def test_more_values_than_choices_answer_400_with_a_message(client, query):
    response = client.get(f"{PROJECTS}?{query}")

    assert response.status_code == 400
    assert "Mehr Werte, als dieser Filter Auswahlmöglichkeiten hat" in response.content.decode()
    assert len(response.content) < 200_000


def test_more_topics_than_there_are_answer_400(client):
    TopicFactory(slug="mobilitaet")
    TopicFactory(slug="tourismus")

    response = client.get(PROJECTS + "?" + "&".join(["topic=mobilitaet"] * 3))

    assert response.status_code == 400
    assert "Mehr Werte, als dieser Filter Auswahlmöglichkeiten hat" in response.content.decode()


def test_a_search_word_that_matches_nothing_shows_an_empty_list(client):
    ProjectFactory(title="Rufbus", stage=Project.Stage.IDEA)

    response = client.get(PROJECTS, {"q": "Quantenpilot"})

    assert response.status_code == 200
    assert list(response.context["object_list"]) == []
