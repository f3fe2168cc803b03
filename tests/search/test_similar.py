"""Similar projects: shared topics and similar titles, visibility, never itself."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Visibility
from projects.similarity import similar_projects
from tests.factories.accounts import UserFactory
from tests.factories.members import MembershipFactory, MunicipalityFactory, NetworkFactory
from tests.factories.projects import ProjectFactory, TopicFactory
from tests.factories.viewers import VISITOR, officer_viewer, unlinked_viewer

pytestmark = pytest.mark.django_db


def titles(projects):
    return [project.title for project in projects]


def test_shared_topics_and_similar_titles_rank_the_projects():
    mobility, ai, energy = TopicFactory(), TopicFactory(), TopicFactory()
    project = ProjectFactory(title="Smarte Parkplätze Bamberg", topics=[mobility, ai])
    ProjectFactory(title="Rufbus", topics=[mobility, ai])
    ProjectFactory(title="Smarte Parkplätze Kiel", topics=[energy])
    ProjectFactory(title="Chatbot", topics=[ai])
    ProjectFactory(title="Solardach", topics=[energy])

    similar = similar_projects(project, viewer=VISITOR)

    assert titles(similar) == ["Rufbus", "Smarte Parkplätze Kiel", "Chatbot"]
    assert [p.shared_topic_count for p in similar] == [2, 0, 1]


def test_members_only_projects_are_similar_for_members_only():
    topic = TopicFactory()
    project = ProjectFactory(title="Rufbus", topics=[topic])
    network = NetworkFactory()
    internal = ProjectFactory(
        title="Interner Rufbus", topics=[topic], visibility=Visibility.MEMBERS
    )
    MembershipFactory(municipality=internal.lead_municipality, network=network)
    elsewhere = officer_viewer(MunicipalityFactory(), network=NetworkFactory())
    in_network = officer_viewer(MunicipalityFactory(), network=network)

    assert titles(similar_projects(project, viewer=VISITOR)) == []
    assert titles(similar_projects(project, viewer=unlinked_viewer(UserFactory()))) == []
    assert titles(similar_projects(project, viewer=elsewhere)) == []
    assert titles(similar_projects(project, viewer=in_network)) == ["Interner Rufbus"]


def test_at_most_five_and_never_itself():
    topic = TopicFactory()
    project = ProjectFactory(title="Rufbus", topics=[topic])
    for number in range(8):
        ProjectFactory(title=f"Anderes {number}", topics=[topic])

    similar = similar_projects(project, viewer=VISITOR)

    assert len(similar) == 5
    assert project not in similar


@pytest.mark.parametrize("overfetch", [1, 4])
def test_hidden_projects_do_not_crowd_out_what_a_visitor_may_see(monkeypatch, overfetch):
    # With OVERFETCH 1 the best three are all hidden: the rest are looked at too.
    monkeypatch.setattr("projects.similarity.CANDIDATES", 3)
    monkeypatch.setattr("projects.similarity.OVERFETCH", overfetch)
    mobility, ai = TopicFactory(), TopicFactory()
    project = ProjectFactory(title="Rufbus", topics=[mobility, ai])
    for number in range(4):  # share both topics: the best candidates, but members only
        ProjectFactory(
            title=f"Intern {number}", topics=[mobility, ai], visibility=Visibility.MEMBERS
        )
    ProjectFactory(title="Öffentlich", topics=[mobility])

    assert titles(similar_projects(project, viewer=VISITOR)) == ["Öffentlich"]


def test_topic_candidates_come_from_the_newest_projects_on_each_topic(monkeypatch):
    monkeypatch.setattr("projects.similarity.RECENT_PER_TOPIC", 2)
    mobility, ai = TopicFactory(), TopicFactory()
    project = ProjectFactory(title="Rufbus", topics=[mobility, ai])
    ProjectFactory(title="Alt, beide Themen", topics=[mobility, ai])
    ProjectFactory(title="Ladesäulen", topics=[mobility])
    ProjectFactory(title="Carsharing", topics=[mobility])
    ProjectFactory(title="Chatbot", topics=[ai])
    ProjectFactory(title="Sprachassistent", topics=[ai])

    # The older project sharing both topics is beyond the newest two on each topic.
    assert titles(similar_projects(project, viewer=VISITOR)) == [
        "Carsharing",
        "Chatbot",
        "Ladesäulen",
        "Sprachassistent",
    ]


def test_a_project_without_topics_finds_similar_titles():
    project = ProjectFactory(title="Digitaler Zwilling Ulm")
    ProjectFactory(title="Digitaler Zwilling Kiel")
    ProjectFactory(title="Rufbus")

    assert titles(similar_projects(project, viewer=VISITOR)) == ["Digitaler Zwilling Kiel"]


def test_the_number_of_queries_does_not_grow_with_the_candidates():
    topic = TopicFactory()
    project = ProjectFactory(title="Rufbus", topics=[topic])
    for number in range(10):
        ProjectFactory(title=f"Rufbus {number}", topics=[topic])
    with CaptureQueriesContext(connection) as with_ten:
        similar_projects(project, viewer=VISITOR)
    for number in range(10, 100):
        ProjectFactory(title=f"Rufbus {number}", topics=[topic])
    with CaptureQueriesContext(connection) as with_hundred:
        similar_projects(project, viewer=VISITOR)

    # The project's topic ids, the title candidates, the topic candidates, the visible ones
    # among them, the ranking, the ranked projects and their topics.
    assert len(with_ten) == len(with_hundred) == 7


def test_the_project_page_shows_similar_projects(english_client):
    topic = TopicFactory()
    project = ProjectFactory(title="Rufbus", topics=[topic])
    ProjectFactory(title="Anderer Rufbus", topics=[topic])

    response = english_client.get(project.get_absolute_url())

    assert response.status_code == 200
    assert titles(response.context["similar_projects"]) == ["Anderer Rufbus"]
    assert '<h2 id="similar-heading">Similar projects</h2>' in response.content.decode()
