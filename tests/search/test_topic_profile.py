"""The topic profiles peers rank from follow every write, through database triggers."""

import pytest

from projects.models import MunicipalityTopic, Project, Visibility
from tests.factories.members import MembershipFactory, MunicipalityFactory, NetworkFactory
from tests.factories.projects import ProjectFactory, TopicFactory
from tests.factories.viewers import VISITOR, everything_viewer, officer_viewer

pytestmark = pytest.mark.django_db


def profile(municipality):
    """{topic slug: (projects, public projects)} of `municipality`."""
    rows = MunicipalityTopic.objects.filter(municipality=municipality).select_related("topic")
    return {row.topic.slug: (row.project_count, row.public_project_count) for row in rows}


@pytest.fixture
def ai():
    return TopicFactory(slug="ki")


@pytest.fixture
def mobility():
    return TopicFactory(slug="mobilitaet")


def test_tagging_and_untagging_a_project(ai, mobility):
    kiel = MunicipalityFactory()
    project = ProjectFactory(lead_municipality=kiel)
    assert profile(kiel) == {}

    project.topics.add(ai, mobility)
    assert profile(kiel) == {"ki": (1, 1), "mobilitaet": (1, 1)}

    ProjectFactory(lead_municipality=kiel, topics=[ai])
    project.topics.remove(mobility)
    assert profile(kiel) == {"ki": (2, 2)}


def test_partners_get_the_topics_and_lose_them_again(ai):
    lead, partner = MunicipalityFactory(), MunicipalityFactory()
    project = ProjectFactory(lead_municipality=lead, topics=[ai], partner_municipalities=[partner])
    assert profile(partner) == {"ki": (1, 1)}

    project.partner_municipalities.remove(partner)
    assert profile(partner) == {}
    assert profile(lead) == {"ki": (1, 1)}


def test_a_lead_and_partner_at_once_counts_the_project_once(ai):
    kiel = MunicipalityFactory()
    ProjectFactory(lead_municipality=kiel, topics=[ai], partner_municipalities=[kiel])

    assert profile(kiel) == {"ki": (1, 1)}


def test_visibility_and_lead_changes_move_the_counts(ai):
    old_lead, new_lead = MunicipalityFactory(), MunicipalityFactory()
    project = ProjectFactory(lead_municipality=old_lead, topics=[ai])

    project.visibility = Visibility.MEMBERS
    project.save()
    assert profile(old_lead) == {"ki": (1, 0)}

    Project.objects.filter(pk=project.pk).update(lead_municipality=new_lead)
    assert profile(old_lead) == {}
    assert profile(new_lead) == {"ki": (1, 0)}


def test_deleting_a_project_or_a_topic_clears_the_profile(ai, mobility):
    kiel = MunicipalityFactory()
    project = ProjectFactory(lead_municipality=kiel, topics=[ai, mobility])

    mobility.delete()
    assert profile(kiel) == {"ki": (1, 1)}
    project.delete()
    assert profile(kiel) == {}


def test_bulk_writes_keep_the_profiles_current(ai):
    towns = MunicipalityFactory.create_batch(3)
    projects = Project.objects.bulk_create(
        [
            Project(title=f"P{n}", slug=f"p{n}", summary="-", lead_municipality=town)
            for n, town in enumerate(towns)
        ]
    )
    Project.topics.through.objects.bulk_create(
        [Project.topics.through(project_id=project.pk, topic_id=ai.pk) for project in projects]
    )
    assert [profile(town) for town in towns] == [{"ki": (1, 1)}] * 3

    Project.objects.filter(pk__in=[p.pk for p in projects]).delete()
    assert MunicipalityTopic.objects.count() == 0


def visible_profile(municipality, viewer):
    rows = MunicipalityTopic.objects.visible_to(viewer).filter(municipality=municipality)
    return sorted(rows.values_list("topic__slug", flat=True))


def test_each_viewer_reads_the_profile_rows_of_projects_they_may_see(ai, mobility):
    """Kiel (in network N) leads a public mobility project and a members-only AI project
    with Dorf (in no network) as partner."""
    network = NetworkFactory()
    kiel, dorf = MunicipalityFactory(), MunicipalityFactory()
    MembershipFactory(municipality=kiel, network=network)
    ProjectFactory(lead_municipality=kiel, topics=[mobility])
    ProjectFactory(
        lead_municipality=kiel,
        topics=[ai],
        partner_municipalities=[dorf],
        visibility=Visibility.MEMBERS,
    )
    member_of_n = officer_viewer(MunicipalityFactory(), network=network)
    member_elsewhere = officer_viewer(MunicipalityFactory(), network=NetworkFactory())

    for viewer in (VISITOR, member_elsewhere):
        assert visible_profile(kiel, viewer) == ["mobilitaet"]
        assert visible_profile(dorf, viewer) == []
    for viewer in (member_of_n, everything_viewer()):
        assert visible_profile(kiel, viewer) == ["ki", "mobilitaet"]
        # The partner counts the project too: it is led by a member of N.
        assert visible_profile(dorf, viewer) == ["ki"]
