"""Constraints and querysets of the projects models."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models.deletion import ProtectedError
from django.utils import translation

from projects.models import Adoption, Project, Topic, Visibility
from tests.factories.members import MunicipalityFactory
from tests.factories.projects import AdoptionFactory, ProjectFactory, TopicFactory

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


def test_members_only_projects_are_hidden_from_visitors(user):
    public = ProjectFactory()
    members_only = ProjectFactory(visibility=Visibility.MEMBERS)

    assert list(Project.objects.visible_to(AnonymousUser())) == [public]
    assert set(Project.objects.visible_to(user)) == {public, members_only}


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
