"""Network and municipality pages; contact data on no page; pagination bad input."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Membership, Person
from projects.models import Visibility
from tests.factories.events import EventFactory
from tests.factories.members import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    OrganizationFactory,
    PersonFactory,
)
from tests.factories.projects import AdoptionFactory, ProjectFactory
from tests.factories.viewers import colleague_of
from tests.pages import PAGE_TYPES, load_all

MY_PAGES = sorted(
    name
    for name in load_all()
    if name.split(":")[0] in {"members", "projects", "events"} or name == "home"
)
LIST_PAGES = [
    "members:network_list",
    "municipality_list",
    "projects:project_list",
    "projects:topic_list",
    "events:event_list",
    "events:recap_list",
]


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", MY_PAGES)
def test_no_page_shows_a_persons_email_or_phone(db, name, user):
    path = PAGE_TYPES[name].path_for(None)
    # Everyone the page could mention has contact data that must stay hidden.
    PersonFactory(phone="+49 431 901-0", email="kontakt@kiel.example")
    Person.objects.filter(phone="").update(phone="0431 12345")
    people = list(Person.objects.all())
    member = Client()
    member.force_login(user)
    for client in (Client(), member):
        html = client.get(path).content.decode()
        for person in people:
            assert person.email not in html, (name, person.email)
            assert person.phone not in html, (name, person.phone)


@pytest.mark.parametrize("name", LIST_PAGES)
@pytest.mark.parametrize("page", ["abc", "999", "0", "-1", "1.5"])
def test_list_pages_answer_404_to_a_page_number_that_does_not_exist(client, db, name, page):
    PAGE_TYPES[name].path_for(None)
    response = client.get(reverse(name), {"page": page})
    assert response.status_code == 404


def test_network_list_shows_networks_with_active_member_counts(client, db):
    network = NetworkFactory(name="Modellprojekte Smart Cities", founded_year=2019)
    MembershipFactory.create_batch(3, network=network)
    MembershipFactory(network=network, status=Membership.Status.LEFT)
    response = client.get(reverse("members:network_list"), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "Modellprojekte Smart Cities" in html
    assert "3 members" in html
    assert network.get_absolute_url() in html


def test_network_list_query_count_is_constant(client, db):
    def add(count):
        for network in NetworkFactory.create_batch(count, operator=OrganizationFactory()):
            MembershipFactory(network=network)

    add(10)
    with_10 = queries_for(client, reverse("members:network_list"))
    add(90)
    assert queries_for(client, reverse("members:network_list")) == with_10


def test_network_detail_shows_members_projects_and_events(client, db):
    network = NetworkFactory(name="City Possible")
    kiel = MunicipalityFactory(name="Kiel")
    MembershipFactory(
        network=network,
        municipality=kiel,
        tier=Membership.Tier.FOUNDING,
        joined_on=datetime.date(2019, 5, 14),
    )
    former = MunicipalityFactory(name="Ehemalige Stadt")
    MembershipFactory(network=network, municipality=former, status=Membership.Status.LEFT)
    ProjectFactory(lead_municipality=kiel, title="Öffentliches WLAN")
    ProjectFactory(lead_municipality=kiel, title="Geheimes Projekt", visibility=Visibility.MEMBERS)
    ProjectFactory(lead_municipality=former, title="Projekt einer Ehemaligen")
    EventFactory(network=network, title="Unterzeichnung in Kiel")
    response = client.get(network.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kiel" in html and "Ehemalige Stadt" not in html
    assert "14 May 2019" in html or "May 14, 2019" in html
    assert "Founding member" in html
    assert "Öffentliches WLAN" in html
    assert "Geheimes Projekt" not in html
    assert "Projekt einer Ehemaligen" not in html
    assert "Unterzeichnung in Kiel" in html


def test_network_detail_shows_members_only_projects_to_members(signed_in_client, db):
    membership = MembershipFactory()
    ProjectFactory(
        lead_municipality=membership.municipality,
        title="Geheimes Projekt",
        visibility=Visibility.MEMBERS,
    )
    response = signed_in_client.get(membership.network.get_absolute_url())
    assert b"Geheimes Projekt" not in response.content
    signed_in_client.force_login(colleague_of(membership.municipality))
    response = signed_in_client.get(membership.network.get_absolute_url())
    assert b"Geheimes Projekt" in response.content


@pytest.mark.parametrize("url_name", ["network_detail", "municipality_detail"])
def test_unknown_slugs_answer_404(client, db, url_name):
    assert client.get(reverse(url_name, kwargs={"slug": "gibt-es-nicht"})).status_code == 404


def test_municipality_list_query_count_is_constant(client, db):
    network = NetworkFactory()

    def add(count):
        for municipality in MunicipalityFactory.create_batch(count):
            MembershipFactory(municipality=municipality, network=network)

    add(10)
    with_10 = queries_for(client, reverse("municipality_list"))
    add(90)
    assert queries_for(client, reverse("municipality_list")) == with_10


def test_municipality_list_shows_cards_with_networks(client, db):
    membership = MembershipFactory(
        municipality=MunicipalityFactory(name="Bamberg", state="Bayern", population=79_000),
        network=NetworkFactory(short_name="MPSC"),
    )
    html = client.get(reverse("municipality_list")).content.decode()
    assert "Bamberg" in html and "Bayern" in html and "MPSC" in html
    assert membership.municipality.get_absolute_url() in html


def test_municipality_detail_shows_facts_networks_projects_adoptions_and_people(client, db):
    kiel = MunicipalityFactory(
        name="Kiel", state="Schleswig-Holstein", population=246_243, official_key="01002000"
    )
    MembershipFactory(
        municipality=kiel,
        network=NetworkFactory(name="Modellprojekte Smart Cities"),
        tier=Membership.Tier.FOUNDING,
    )
    ProjectFactory(lead_municipality=kiel, title="Digitaler Zwilling")
    ProjectFactory(title="Gemeinsame Datenplattform", partner_municipalities=[kiel])
    ProjectFactory(lead_municipality=kiel, title="Nur für Mitglieder", visibility="members")
    AdoptionFactory(municipality=kiel, project=ProjectFactory(title="Übernommene Parkplatz-App"))
    AdoptionFactory(
        project=ProjectFactory(lead_municipality=kiel, title="Kieler Lösung"),
        municipality=MunicipalityFactory(name="Lübeck"),
    )
    PersonFactory(
        municipality=kiel,
        name="Dr. Erika Muster",
        role_title="Chief Digital Officer",
        email="erika.muster@kiel.example",
        phone="+49 431 901-1234",
    )
    response = client.get(kiel.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "246,243" in html and "Schleswig-Holstein" in html and "01002000" in html
    assert "Modellprojekte Smart Cities" in html and "founding member" in html
    assert "Digitaler Zwilling" in html
    assert "Gemeinsame Datenplattform" in html
    assert "Nur für Mitglieder" not in html
    assert "Übernommene Parkplatz-App" in html
    assert "Kieler Lösung" in html and "Lübeck" in html
    assert "Dr. Erika Muster" in html and "Chief Digital Officer" in html
    assert "introduction" in html
    assert "erika.muster@kiel.example" not in html and "901-1234" not in html
    for section in ("facts-heading", "networks-heading", "led-heading", "people-heading"):
        assert f'aria-labelledby="{section}"' in html


def test_main_navigation_marks_the_active_section(client, db):
    html = client.get(reverse("municipality_list")).content.decode()
    assert 'href="/kommunen/" aria-current="page"' in html
    assert 'href="/netzwerke/" aria-current' not in html
    municipality = MunicipalityFactory()
    html = client.get(municipality.get_absolute_url()).content.decode()
    assert 'href="/kommunen/" aria-current="true"' in html
