"""Event and recap pages, and the home page that shows the latest of everything."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import Recap
from members.models import NetworkRole
from projects.models import Visibility
from tests.factories.accounts import UserFactory
from tests.factories.events import (
    EventFactory,
    HighlightFactory,
    ProgrammeItemFactory,
    RecapFactory,
)
from tests.factories.members import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    NetworkRoleFactory,
    PersonFactory,
    give_two_factor,
)
from tests.factories.projects import ProjectFactory, TopicFactory

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_event_list_shows_upcoming_then_past_then_undated_sections(client, db):
    EventFactory(title="Bald", starts_on=days(5), ends_on=days(5))
    EventFactory(title="Später", starts_on=days(50), ends_on=days(51))
    EventFactory(title="Läuft gerade", starts_on=days(-1), ends_on=days(1))
    EventFactory(title="Letzten Monat", starts_on=days(-30), ends_on=days(-30))
    EventFactory(title="Vor Jahren", starts_on=days(-900), ends_on=None)
    EventFactory(title="Irgendwann", starts_on=None, ends_on=None)
    response = client.get(reverse("events:event_list"), HTTP_ACCEPT_LANGUAGE="en")
    sections = [
        (str(heading), [event.title for event in events])
        for heading, events in response.context["event_sections"]
    ]
    assert sections == [
        ("Upcoming events", ["Läuft gerade", "Bald", "Später"]),
        ("Past events", ["Letzten Monat", "Vor Jahren"]),
        ("Date not yet known", ["Irgendwann"]),
    ]
    html = response.content.decode()
    assert html.index("Upcoming events") < html.index("Past events") < html.index("Irgendwann")


def test_event_list_query_count_is_constant(client, db):
    network = NetworkFactory()
    EventFactory.create_batch(10, network=network)
    queries_for(client, reverse("events:event_list"))  # counts the facets, cached after
    with_10 = queries_for(client, reverse("events:event_list"))
    EventFactory.create_batch(90, network=network)
    queries_for(client, reverse("events:event_list"))  # the new events recount them, once
    # One query per date section the page touches (core.keyset.SectionedOrder, at most
    # three): ten events fill every section of page 1, a hundred fewer of them.
    assert queries_for(client, reverse("events:event_list")) <= with_10


@pytest.fixture
def congress(db):
    kiel = MunicipalityFactory(name="Kiel")
    event = EventFactory(
        title="7. Kongress Modellprojekte Smart Cities",
        series="MPSC-Kongress",
        edition=7,
        theme="Smarte Städte gestalten",
        city=kiel,
        venue="Kieler Schloss",
        starts_on=days(-40),
        ends_on=days(-39),
    )
    speaker = PersonFactory(
        name="Dr. Erika Muster",
        role_title="Chief Digital Officer",
        municipality=kiel,
        email="erika@kiel.example",
        phone="+49 431 4711",
    )
    ProgrammeItemFactory(
        event=event,
        title="Podium Verstetigung",
        starts_at=datetime.time(10, 30),
        speakers=[speaker],
    )
    recap = RecapFactory(
        event=event,
        title="Was wir aus Kiel mitnehmen",
        body="Der Austausch war intensiv.",
        projects=[
            ProjectFactory(title="Öffentliches Projekt"),
            ProjectFactory(title="Internes Projekt", visibility=Visibility.MEMBERS),
        ],
        topics=[TopicFactory(name_de="Verstetigung", name_en="Making it last")],
        municipalities=[kiel, MunicipalityFactory(name="Ulm")],
    )
    HighlightFactory(recap=recap, person=speaker, quote="Verstetigung braucht Personal.")
    RecapFactory(
        event=event, title="Noch ein Entwurf", status=Recap.Status.DRAFT, published_at=None
    )
    return event, recap


def test_event_detail_shows_facts_programme_and_recaps_with_highlights(client, congress):
    event, _recap = congress
    html = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for text in (
        "7. Kongress Modellprojekte Smart Cities",
        "MPSC-Kongress",
        "Smarte Städte gestalten",
        "Kieler Schloss",
        "Podium Verstetigung",
        "10:30",
        "Dr. Erika Muster",
        "Chief Digital Officer",
        "Was wir aus Kiel mitnehmen",
        "<blockquote>",
        "Verstetigung braucht Personal.",
    ):
        assert text in html, text
    assert "Noch ein Entwurf" not in html
    assert "erika@kiel.example" not in html and "4711" not in html


def test_recap_detail_shows_body_highlights_and_links(client, congress):
    _event, recap = congress
    html = client.get(recap.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for text in (
        "Der Austausch war intensiv.",
        "Verstetigung braucht Personal.",
        'Dr. Erika Muster, <span lang="de">Chief Digital Officer</span>',
        "Öffentliches Projekt",
        "Making it last",
        "Ulm",
        "7. Kongress Modellprojekte Smart Cities",
    ):
        assert text in html, text
    assert "Internes Projekt" not in html


def test_draft_recaps_are_visible_to_staff_only(client, congress):
    event, _recap = congress
    draft = event.recaps.get(status=Recap.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert b"Noch ein Entwurf" not in client.get(reverse("events:recap_list")).content
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    # Staff rights need two factors.
    assert client.get(draft.get_absolute_url()).status_code == 404
    give_two_factor(staff)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_draft_recaps_are_visible_to_their_networks_organizers(client, congress):
    event, _recap = congress
    draft = event.recaps.get(status=Recap.Status.DRAFT)
    organizer = NetworkRoleFactory(network=event.network, role=NetworkRole.Role.ORGANIZER)
    elsewhere = NetworkRoleFactory(role=NetworkRole.Role.ORGANIZER)
    client.force_login(elsewhere.user)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(organizer.user)
    assert client.get(draft.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("url_name", ["events:event_detail", "events:recap_detail"])
def test_unknown_slugs_answer_404(client, db, url_name):
    assert client.get(reverse(url_name, kwargs={"slug": "gibt-es-nicht"})).status_code == 404


def test_recap_list_shows_published_recaps_with_constant_queries(client, db):
    RecapFactory.create_batch(10)
    with_10 = queries_for(client, reverse("events:recap_list"))
    RecapFactory.create_batch(90)
    assert queries_for(client, reverse("events:recap_list")) == with_10
    response = client.get(reverse("events:recap_list"), HTTP_ACCEPT_LANGUAGE="en")
    assert b"100 recaps" in response.content


def test_home_shows_latest_projects_upcoming_events_recaps_and_networks(client, db):
    network = NetworkFactory(name="City Possible")
    MembershipFactory.create_batch(2, network=network)
    ProjectFactory(title="Neuestes Projekt")
    ProjectFactory(title="Internes Projekt", visibility=Visibility.MEMBERS)
    EventFactory(title="Kommender Kongress", starts_on=days(3), ends_on=days(3))
    EventFactory(title="Alter Kongress", starts_on=days(-300), ends_on=days(-300))
    RecapFactory(title="Frischer Rückblick")
    RecapFactory(title="Unfertiger Rückblick", status=Recap.Status.DRAFT, published_at=None)
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Neuestes Projekt" in html and "Internes Projekt" not in html
    assert "Kommender Kongress" in html and "Alter Kongress" not in html
    assert "Frischer Rückblick" in html and "Unfertiger Rückblick" not in html
    assert "City Possible" in html and "2 members" in html
    assert 'href="/" aria-current="page"' in html


def test_home_query_count_is_constant(client, db):
    def add(count):
        for _ in range(count):
            ProjectFactory(topics=[TopicFactory()])
            EventFactory(starts_on=days(10), ends_on=days(10))
            RecapFactory()
            MembershipFactory()

    add(10)
    with_10 = queries_for(client, reverse("home"))
    add(90)
    assert queries_for(client, reverse("home")) == with_10
