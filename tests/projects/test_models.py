"""Constraints and querysets of the projects models."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models.deletion import ProtectedError
from django.utils import translation

from members.access import viewer_for
from members.models import Membership, Officer
from projects.models import Adoption, Project, Topic, Visibility
from tests.factories.members import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    OfficerFactory,
)
from tests.factories.projects import AdoptionFactory, ProjectFactory, TopicFactory
from tests.factories.viewers import VISITOR, everything_viewer, officer_viewer, unlinked_viewer

pytestmark = pytest.mark.django_db


def violates(constraint_name, make):
    with pytest.raises(IntegrityError, match=constraint_name), transaction.atomic():
        make()
    return True


def test_project_end_not_before_start():
    assert violates(
        "project_end_not_before_start",
        lambda: ProjectFactory(started_on="2024-01-02", ended_on="2024-01-01"),
    )
    assert ProjectFactory(started_on="2024-01-02", ended_on=None).pk


def test_stopped_project_needs_a_reason():
    assert violates(
        "project_stopped_has_reason",
        lambda: ProjectFactory(stage=Project.Stage.STOPPED, stopped_reason=""),
    )
    assert ProjectFactory(stage=Project.Stage.STOPPED, stopped_reason="Keine Förderung").pk


def test_slugs_are_unique():
    ProjectFactory(slug="tiny-rathaus")
    TopicFactory(slug="mobilitaet")

    assert violates(
        "slug",
        lambda: Project.objects.create(
            title="X", slug="tiny-rathaus", summary="-", lead_municipality=MunicipalityFactory()
        ),
    )
    assert violates(
        "slug", lambda: Topic.objects.create(slug="mobilitaet", name_de="M", name_en="M")
    )


def test_one_adoption_per_project_and_municipality():
    adoption = AdoptionFactory()

    assert violates(
        "adoption_unique_per_municipality",
        lambda: AdoptionFactory(project=adoption.project, municipality=adoption.municipality),
    )
    assert Adoption.objects.get_by_natural_key(*adoption.natural_key()) == adoption


def test_lead_municipality_cannot_be_deleted_while_it_leads_a_project():
    project = ProjectFactory()

    with pytest.raises(ProtectedError):
        project.lead_municipality.delete()


def test_members_only_projects_are_for_members_of_a_shared_network(user):
    network = NetworkFactory()
    public = ProjectFactory()
    members_only = ProjectFactory(visibility=Visibility.MEMBERS)
    MembershipFactory(municipality=members_only.lead_municipality, network=network)
    in_network = officer_viewer(MunicipalityFactory(), network=network)
    elsewhere = officer_viewer(MunicipalityFactory(), network=NetworkFactory())

    assert list(Project.objects.visible_to(VISITOR)) == [public]
    assert list(Project.objects.visible_to(unlinked_viewer(user))) == [public]
    assert list(Project.objects.visible_to(elsewhere)) == [public]
    assert set(Project.objects.visible_to(in_network)) == {public, members_only}
    assert set(Project.objects.visible_to(everything_viewer())) == {public, members_only}


def test_a_membership_that_ended_no_longer_shares_members_only_projects():
    network = NetworkFactory()
    members_only = ProjectFactory(visibility=Visibility.MEMBERS)
    MembershipFactory(municipality=members_only.lead_municipality, network=network)
    officer = OfficerFactory()
    membership = MembershipFactory(municipality=officer.municipality, network=network)
    assert members_only in Project.objects.visible_to(viewer_for(officer.user))

    membership.status = Membership.Status.LEFT
    membership.save()
    assert members_only not in Project.objects.visible_to(viewer_for(officer.user))


def test_a_pending_officer_request_is_no_membership():
    network = NetworkFactory()
    members_only = ProjectFactory(visibility=Visibility.MEMBERS)
    MembershipFactory(municipality=members_only.lead_municipality, network=network)
    officer = OfficerFactory(status=Officer.Status.REQUESTED)
    MembershipFactory(municipality=officer.municipality, network=network)

    assert list(Project.objects.visible_to(viewer_for(officer.user))) == []


def test_topic_name_follows_the_language():
    topic = TopicFactory(name_de="Mobilität", name_en="Mobility", description_de="Verkehr")

    with translation.override("de"):
        assert (topic.name, topic.description) == ("Mobilität", "Verkehr")
    with translation.override("en"):
        # No English description yet: the German one stands in.
        assert (topic.name, topic.description) == ("Mobility", "Verkehr")


def test_has_lessons():
    assert not ProjectFactory().has_lessons
    assert ProjectFactory(lessons_failed="Zu spät mit den Schulen gesprochen.").has_lessons
