"""Counts, facets and rankings kept per facts generation (core.cached): an edit of a row's
prose (its description, lessons, summary) rebuilds the pages that show it and leaves them
kept; any other change — a stage, a topic, a title, a new row, a delete — counts anew."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from core import facets
from core.cached import content_generation, facts_generation, only_prose_changed
from members.models import Membership
from projects import similarity
from projects.models import Project
from tests.factories.events import EventFactory, RecapFactory
from tests.factories.members import MembershipFactory, MunicipalityFactory, NetworkFactory
from tests.factories.projects import ProjectFactory, TopicFactory
from tests.projects.test_project_edit import create_url, edit_url, form_data

pytestmark = pytest.mark.django_db

LIST = reverse("projects:project_list")


@pytest.fixture
def counted(monkeypatch):
    """How often the facet counts of a list were computed (not read from the cache)."""
    calls = []
    original = facets.FacetedFilterSet.facet_list

    def facet_list(self):
        calls.append(type(self).__name__)
        return original(self)

    monkeypatch.setattr(facets.FacetedFilterSet, "facet_list", facet_list)
    return calls


def stage_counts(response):
    facet = next(f for f in response.context["facets"] if f.name == "stage")
    return {option.value: option.count for option in facet.options}


@pytest.fixture
def edited(officer_x, persona_world):
    """A project of officer X's municipality made through the form, and a function that
    saves the form again with some values changed (as the edit page sends it)."""
    topic = persona_world.topic
    officer_x.client.post(create_url(persona_world.x), form_data(topics=[topic.pk]))
    project = Project.objects.get(title="Digitaler Zwilling")

    def save(**changes):
        current = Project.objects.get(pk=project.pk)
        response = officer_x.client.post(
            edit_url(current), form_data(current, topics=[topic.pk], **changes)
        )
        assert response.status_code == 302, response.content.decode()[:500]
        return Project.objects.get(pk=project.pk)

    return project, save


def test_a_text_edit_through_the_form_shows_at_once_and_keeps_the_counts(edited, counted, settings):
    project, save = edited
    visitor = Client()
    first = visitor.get(LIST)
    assert stage_counts(first)["pilot"] >= 1
    assert counted == ["ProjectFilter"]
    facts_before, content_before = facts_generation(), content_generation()

    save(summary="Ein Stadtmodell, jetzt mit Lärmkarte.", lessons_worked="Früh anfangen.")

    assert facts_generation() == facts_before
    assert content_generation() > content_before
    again = visitor.get(LIST)
    assert "jetzt mit Lärmkarte" in again.content.decode()  # the page is built anew
    assert counted == ["ProjectFilter"]  # with the kept counts
    assert stage_counts(again) == stage_counts(first)


def test_a_stage_changed_through_the_form_is_counted_at_once(edited, counted):
    project, save = edited
    visitor = Client()
    pilots = stage_counts(visitor.get(LIST))["pilot"]

    save(stage="permanent")

    counts = stage_counts(visitor.get(LIST))
    assert counts.get("pilot", 0) == pilots - 1
    assert counts["permanent"] >= 1
    assert counted == ["ProjectFilter", "ProjectFilter"]


def test_a_topic_changed_through_the_form_is_counted_at_once(edited, officer_x, counted):
    project, _save = edited
    other = TopicFactory(slug="laerm", name_de="Lärm", name_en="Noise")
    visitor = Client()
    assert visitor.get(LIST, {"topic": other.slug}).context["paginator"].count == 0
    before = facts_generation()

    current = Project.objects.get(pk=project.pk)
    officer_x.client.post(edit_url(current), form_data(current, topics=[other.pk]))

    assert facts_generation() > before
    assert visitor.get(LIST, {"topic": other.slug}).context["paginator"].count == 1


def test_a_search_words_counts_are_kept_per_content_generation(edited, counted):
    # With a search word the counts read the texts: a text edit counts anew.
    project, save = edited
    visitor = Client()
    assert visitor.get(LIST, {"q": "Lärmkarte"}).context["paginator"].count == 0

    save(summary="Ein Stadtmodell mit Lärmkarte.")

    assert visitor.get(LIST, {"q": "Lärmkarte"}).context["paginator"].count == 1
    assert counted == ["ProjectFilter", "ProjectFilter"]


def test_similar_projects_are_ranked_anew_after_a_title_edit_only(edited, monkeypatch):
    project, save = edited
    ranked = []
    original = similarity.rank_similar_projects
    monkeypatch.setattr(
        similarity,
        "rank_similar_projects",
        lambda *args, **kwargs: ranked.append(1) or original(*args, **kwargs),
    )
    visitor = Client()
    visitor.get(project.get_absolute_url())
    assert len(ranked) == 1

    save(description="Mit **offenen Daten** und einem Lärmkataster.")
    assert "Lärmkataster" in visitor.get(project.get_absolute_url()).content.decode()
    assert len(ranked) == 1

    save(title="Digitaler Zwilling der Altstadt")
    assert "der Altstadt" in visitor.get(project.get_absolute_url()).content.decode()
    assert len(ranked) == 2


def test_a_new_row_and_a_delete_move_the_facts_generation():
    before = facts_generation()
    project = ProjectFactory()
    assert facts_generation() > before
    before = facts_generation()
    project.delete()
    assert facts_generation() > before


def test_a_history_record_alone_leaves_the_facts_generation():
    project = Project.objects.get(pk=ProjectFactory().pk)
    facts, content = facts_generation(), content_generation()
    project.save()  # nothing changed: only its history record is written
    assert project.history.count() >= 1
    assert facts_generation() == facts
    assert content_generation() > content


# What a save changed (core.cached.only_prose_changed), model by model.


def test_a_row_read_from_the_database_tells_prose_from_facts():
    project = Project.objects.get(pk=ProjectFactory().pk)
    project.summary = "Neu"
    project.lessons_failed = "Zu spät angefangen."
    project.version += 1
    assert only_prose_changed(project)
    project.stage = Project.Stage.PERMANENT
    assert not only_prose_changed(project)
    # Remembered as saved: the next save compares with it.
    assert only_prose_changed(project)


@pytest.mark.parametrize(
    ("factory", "prose", "fact"),
    [
        (EventFactory, ("description", "Neu"), ("starts_on", datetime.date(2031, 5, 4))),
        (RecapFactory, ("body", "Neu"), ("status", "draft")),
        (MunicipalityFactory, ("description", "Neu"), ("population", 123_456)),
        (NetworkFactory, ("website", "https://example.org/neu"), ("name", "Neuer Name")),
        (TopicFactory, ("description_de", "Neu"), ("name_de", "Neuer Name")),
    ],
)
def test_every_content_model_with_prose_tells_them_apart(factory, prose, fact):
    model = factory._meta.model
    row = model.objects.get(pk=factory().pk)
    setattr(row, *prose)
    assert only_prose_changed(row)
    setattr(row, *fact)
    assert not only_prose_changed(row)


def test_a_new_row_is_a_fact_then_tells_its_next_save_apart():
    project = ProjectFactory.build(lead_municipality=MunicipalityFactory())
    before = facts_generation()
    project.save()
    assert facts_generation() > before
    before = facts_generation()
    project.description = "Später ergänzt."
    project.save()  # the same object saved again (a service's second save)
    assert facts_generation() == before


def test_only_the_written_fields_count():
    project = Project.objects.get(pk=ProjectFactory().pk)
    project.summary = "Neu"
    project.stage = Project.Stage.PERMANENT  # changed in memory, not written
    assert only_prose_changed(project, update_fields=["summary"])
    assert not only_prose_changed(project, update_fields=["stage"])


def test_deferred_fields_are_not_written_and_a_field_read_later_is_a_fact():
    pk = ProjectFactory().pk
    partial = Project.objects.only("pk", "summary").get(pk=pk)
    partial.summary = "Neu"
    assert only_prose_changed(partial)
    deferred = Project.objects.defer("stage").get(pk=pk)
    deferred.stage = Project.Stage.PERMANENT  # not read with the row: unknown before
    assert not only_prose_changed(deferred)


def test_a_model_without_prose_counts_every_change_as_a_fact():
    membership = Membership.objects.get(pk=MembershipFactory().pk)
    assert only_prose_changed(membership) is False  # not tracked: read without values
    before = facts_generation()
    membership.status = Membership.Status.LEFT
    membership.save()
    assert facts_generation() > before
