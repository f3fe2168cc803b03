"""Cached facet counts, list counts and similar projects (core.cached): a write shows at
once, and no cache shows a visitor what a member sees."""

import pytest
from django.test import Client
from django.urls import reverse

from core.access import VISITOR
from core.cached import content_generation
from projects.models import Project, Visibility
from projects.similarity import similar_projects
from tests.factories.accounts import UserFactory
from tests.factories.members import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    OfficerFactory,
)
from tests.factories.projects import ProjectFactory, TopicFactory
from tests.factories.viewers import officer_viewer, unlinked_viewer

pytestmark = pytest.mark.django_db

URL = reverse("projects:project_list")


def stage_counts(response):
    facet = next(f for f in response.context["facets"] if f.name == "stage")
    return {option.value: option.count for option in facet.options}


@pytest.fixture
def members_only():
    """A members-only project of a network member, and a signed-in client of another
    member of that network (who may see it)."""
    network = NetworkFactory()
    lead = MunicipalityFactory()
    MembershipFactory(municipality=lead, network=network)
    ProjectFactory(title="Öffentlicher Rufbus", stage=Project.Stage.PILOT)
    hidden = ProjectFactory(
        title="Interner Rufbus",
        lead_municipality=lead,
        stage=Project.Stage.IDEA,
        visibility=Visibility.MEMBERS,
    )
    member = Client()
    member.force_login(OfficerFactory(municipality=colleague(network)).user)
    return hidden, member


def colleague(network):
    municipality = MunicipalityFactory()
    MembershipFactory(municipality=municipality, network=network)
    return municipality


def test_a_member_filling_the_cache_shows_a_visitor_nothing_more(client, members_only):
    hidden, member = members_only

    as_member = member.get(URL)
    as_visitor = client.get(URL)
    again_as_member = member.get(URL)

    assert as_member.context["paginator"].count == 2
    assert stage_counts(as_member) == {"idea": 1, "pilot": 1}
    assert as_visitor.context["paginator"].count == 1
    assert stage_counts(as_visitor) == {"pilot": 1}
    assert hidden.title not in as_visitor.content.decode()
    assert stage_counts(again_as_member) == {"idea": 1, "pilot": 1}


def test_an_edit_shows_in_the_cached_counts_at_once(client, members_only):
    public = Project.objects.get(title="Öffentlicher Rufbus")
    assert stage_counts(client.get(URL)) == {"pilot": 1}

    public.stage = Project.Stage.PERMANENT
    public.save()
    ProjectFactory(title="Neuer Rufbus", stage=Project.Stage.IDEA)
    response = client.get(URL)

    assert stage_counts(response) == {"idea": 1, "permanent": 1}
    assert response.context["paginator"].count == 2


def test_a_topic_link_moves_the_generation_on():
    project = ProjectFactory()
    before = content_generation()

    project.topics.add(TopicFactory())

    assert content_generation() > before


def test_similar_projects_are_cached_per_group_of_viewers_and_never_leak():
    topic = TopicFactory()
    project = ProjectFactory(title="Rufbus", topics=[topic])
    network = NetworkFactory()
    internal = ProjectFactory(
        title="Interner Rufbus", topics=[topic], visibility=Visibility.MEMBERS
    )
    MembershipFactory(municipality=internal.lead_municipality, network=network)
    in_network = officer_viewer(MunicipalityFactory(), network=network)

    assert [p.title for p in similar_projects(project, viewer=in_network)] == ["Interner Rufbus"]
    assert similar_projects(project, viewer=VISITOR) == []
    assert similar_projects(project, viewer=unlinked_viewer(UserFactory())) == []
    cached = similar_projects(project, viewer=in_network)
    assert [(p.title, p.shared_topic_count) for p in cached] == [("Interner Rufbus", 1)]


def test_similar_projects_show_an_edit_at_once():
    topic = TopicFactory()
    project = ProjectFactory(title="Rufbus", topics=[topic])
    other = ProjectFactory(title="Ladepark", topics=[topic])
    assert [p.title for p in similar_projects(project, viewer=VISITOR)] == ["Ladepark"]

    other.visibility = Visibility.MEMBERS
    other.save()

    assert similar_projects(project, viewer=VISITOR) == []


def test_visitors_and_accounts_without_rights_share_a_group():
    assert VISITOR.rows_key == unlinked_viewer(UserFactory()).rows_key == "public"
    officer = officer_viewer(MunicipalityFactory(), network=NetworkFactory())
    assert officer.rows_key != "public"


def test_the_topic_list_counts_what_each_viewer_may_see(client, members_only):
    hidden, member = members_only
    topic = TopicFactory()
    hidden.topics.add(topic)
    Project.objects.get(title="Öffentlicher Rufbus").topics.add(topic)

    def count(response):
        return next(t.project_count for t in response.context["topics"] if t.pk == topic.pk)

    url = reverse("projects:topic_list")
    assert count(member.get(url)) == 2
    assert count(client.get(url)) == 1
    hidden.topics.remove(topic)
    assert count(member.get(url)) == 1
