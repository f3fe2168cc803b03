"""Project and topic pages."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import Recap
from projects.models import Adoption, Project, Visibility
from tests.factories.events import EventFactory, RecapFactory
from tests.factories.members import MembershipFactory, MunicipalityFactory, OrganizationFactory
from tests.factories.projects import AdoptionFactory, ProjectFactory, TopicFactory
from tests.factories.viewers import colleague_of


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def project(db):
    return ProjectFactory(
        title="Rufbus auf Bestellung",
        lead_municipality=MunicipalityFactory(name="Landkreis Beispiel"),
        topics=[TopicFactory(name_de="Mobilität", name_en="Mobility")],
        partner_municipalities=[MunicipalityFactory(name="Nachbargemeinde")],
        partner_organizations=[OrganizationFactory(name="Verkehrsverbund Nord")],
        stage=Project.Stage.STOPPED,
        stopped_reason="Die Förderung lief aus.",
        started_on=datetime.date(2021, 4, 1),
        ended_on=datetime.date(2023, 3, 31),
        funding_programme="Modellprojekte Smart Cities",
        is_open_source=True,
        repository_url="https://gitlab.opencode.de/beispiel/rufbus",
        licence="EUPL-1.2",
        open_standards="GTFS",
        lessons_worked="Früh mit dem Verkehrsunternehmen planen.",
        lessons_failed="Die erste App war zu kompliziert.",
        lessons_differently="Telefonbestellung von Anfang an.",
    )


def test_project_detail_shows_every_part(client, project):
    AdoptionFactory(
        project=project,
        municipality=MunicipalityFactory(name="Uckermark"),
        adopted_on=datetime.date(2024, 1, 15),
        kind=Adoption.Kind.AS_IS,
        notes="Ohne Änderungen übernommen.",
    )
    RecapFactory(title="Rückblick Mobilitätstag", projects=[project])
    RecapFactory(title="Entwurf", projects=[project], status=Recap.Status.DRAFT, published_at=None)
    response = client.get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    for text in (
        "Rufbus auf Bestellung",
        "Landkreis Beispiel",
        "Nachbargemeinde",
        "Verkehrsverbund Nord",
        "Mobility",
        "Stopped",
        "Die Förderung lief aus.",
        "Modellprojekte Smart Cities",
        "https://gitlab.opencode.de/beispiel/rufbus",
        "EUPL-1.2",
        "GTFS",
        "Früh mit dem Verkehrsunternehmen planen.",
        "Die erste App war zu kompliziert.",
        "Telefonbestellung von Anfang an.",
        "Uckermark",
        "Reused as is",
        "Ohne Änderungen übernommen.",
        "Rückblick Mobilitätstag",
    ):
        assert text in html, text
    assert "Entwurf" not in html
    assert html.count("<h1") == 1
    assert 'aria-labelledby="lessons-heading"' in html
    assert 'aria-labelledby="adoptions-heading"' in html


def test_members_only_lessons_are_shown_to_signed_in_members_only(client, project, user):
    project.lessons_visibility = Visibility.MEMBERS
    project.save()
    html = client.get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Die erste App war zu kompliziert." not in html
    assert "shared with network members only" in html
    client.force_login(user)
    assert (
        b"Die erste App war zu kompliziert." not in client.get(project.get_absolute_url()).content
    )
    client.force_login(colleague_of(project.lead_municipality))
    assert b"Die erste App war zu kompliziert." in client.get(project.get_absolute_url()).content


def test_members_only_projects_are_hidden_from_visitors(client, project, user):
    project.visibility = Visibility.MEMBERS
    project.save()
    assert client.get(project.get_absolute_url()).status_code == 404
    assert project.title.encode() not in client.get(reverse("projects:project_list")).content
    client.force_login(user)
    assert client.get(project.get_absolute_url()).status_code == 404
    client.force_login(colleague_of(project.lead_municipality))
    assert client.get(project.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("url_name", ["projects:project_detail", "topic_detail"])
def test_unknown_slugs_answer_404(client, db, url_name):
    assert client.get(reverse(url_name, kwargs={"slug": "gibt-es-nicht"})).status_code == 404


def test_project_list_query_count_is_constant(client, db):
    topics = TopicFactory.create_batch(3)

    def add(count):
        for _ in range(count):
            ProjectFactory(topics=topics, lead_municipality=MunicipalityFactory())

    add(10)
    with_10 = queries_for(client, reverse("projects:project_list"))
    add(90)
    assert queries_for(client, reverse("projects:project_list")) == with_10


def test_topic_list_counts_visible_projects(client, signed_in_client, db):
    mobility = TopicFactory(name_de="Mobilität", name_en="Mobility")
    ProjectFactory.create_batch(2, topics=[mobility])
    hidden = ProjectFactory(topics=[mobility], visibility=Visibility.MEMBERS)
    html = Client().get(reverse("projects:topic_list"), HTTP_ACCEPT_LANGUAGE="en").content
    assert b"Mobility" in html and b"2 projects" in html
    html = signed_in_client.get(reverse("projects:topic_list"), HTTP_ACCEPT_LANGUAGE="en").content
    assert b"2 projects" in html
    client.force_login(colleague_of(hidden.lead_municipality))
    html = client.get(reverse("projects:topic_list"), HTTP_ACCEPT_LANGUAGE="en").content
    assert b"3 projects" in html


def test_topic_names_follow_the_language(client, db):
    TopicFactory(name_de="Bürgerbeteiligung", name_en="Participation")
    assert (
        b"Participation"
        in client.get(reverse("projects:topic_list"), HTTP_ACCEPT_LANGUAGE="en").content
    )
    assert (
        "Bürgerbeteiligung".encode()
        in client.get(reverse("projects:topic_list"), HTTP_ACCEPT_LANGUAGE="de").content
    )


def test_topic_list_query_count_is_constant(client, db):
    def add(count):
        for topic in TopicFactory.create_batch(count):
            ProjectFactory(topics=[topic])

    add(10)
    with_10 = queries_for(client, reverse("projects:topic_list"))
    add(90)
    assert queries_for(client, reverse("projects:topic_list")) == with_10


def test_topic_detail_shows_who_works_on_it_projects_and_events(client, db):
    topic = TopicFactory(name_de="Mobilität", name_en="Mobility")
    lead = MunicipalityFactory(name="Leitstadt")
    partner = MunicipalityFactory(name="Partnerdorf")
    project = ProjectFactory(
        lead_municipality=lead, partner_municipalities=[partner], topics=[topic], title="Rufbus"
    )
    ProjectFactory(
        topics=[topic],
        title="Geheim",
        visibility=Visibility.MEMBERS,
        lead_municipality=MunicipalityFactory(name="Verborgene Stadt"),
    )
    ProjectFactory(title="Anderes Thema", lead_municipality=MunicipalityFactory(name="Fremd"))
    membership = MembershipFactory(municipality=lead)
    soon = timezone.localdate() + datetime.timedelta(days=10)
    EventFactory(network=membership.network, title="Netzwerktreffen", starts_on=soon, ends_on=soon)
    EventFactory(title="Treffen eines anderen Netzwerks", starts_on=soon, ends_on=soon)
    past = EventFactory(
        title="Vergangener Kongress", starts_on=datetime.date(2020, 1, 1), ends_on=None
    )
    RecapFactory(event=past, topics=[topic], title="Rückblick Mobilität")
    recap_event = EventFactory(title="Kongress mit Mobilitäts-Rückblick", starts_on=soon)
    RecapFactory(event=recap_event, topics=[topic])

    html = client.get(topic.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Leitstadt" in html and "Partnerdorf" in html
    assert "Verborgene Stadt" not in html and "Fremd" not in html
    assert project.title in html and "Geheim" not in html and "Anderes Thema" not in html
    assert "Netzwerktreffen" in html
    assert "Kongress mit Mobilitäts-Rückblick" in html
    assert "Treffen eines anderen Netzwerks" not in html
    assert "Rückblick Mobilität" in html
    assert html.count("<h1") == 1


def test_topic_detail_links_to_the_filtered_lists_when_there_are_more(client, db):
    topic = TopicFactory()
    for _ in range(21):
        ProjectFactory(topics=[topic], lead_municipality=MunicipalityFactory())
    html = client.get(topic.get_absolute_url()).content.decode()
    assert f"/projekte/?topic={topic.slug}" in html
    assert f"/kommunen/?topic={topic.slug}" in html


def test_topic_detail_query_count_is_constant(client, db):
    topic = TopicFactory()

    def add(count):
        for _ in range(count):
            ProjectFactory(topics=[topic, TopicFactory()], lead_municipality=MunicipalityFactory())

    add(10)
    with_10 = queries_for(client, topic.get_absolute_url())
    add(90)
    assert queries_for(client, topic.get_absolute_url()) == with_10
