"""The peers page's form and ranking are kept per group of viewers (core.kept): a member's
ranking never reaches a visitor, a second request builds nothing, an edit shows at once."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Visibility
from tests.factories.members import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    OfficerFactory,
)
from tests.factories.projects import ProjectFactory, TopicFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_kept")]


def town(name, network=None):
    place = MunicipalityFactory(name=name, slug=name.lower())
    if network is not None:
        MembershipFactory(municipality=place, network=network)
    return place


def ranking_queries(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "projects_municipalitytopic" in q["sql"]]


def test_a_members_page_is_kept_for_members_and_never_shown_to_a_visitor(client):
    ai = TopicFactory(slug="ki", name_de="KI", name_en="AI")
    network = NetworkFactory()
    ulm = town("Ulm", network)
    # Ulm's only project is for network members: they rank Ulm's peers by its topic, a
    # visitor sees a place without projects.
    ProjectFactory(lead_municipality=ulm, topics=[ai], visibility=Visibility.MEMBERS)
    ProjectFactory(lead_municipality=town("Kiel", network), topics=[ai])
    member = Client()
    member.force_login(OfficerFactory(municipality=town("Jena", network)).user)
    url = reverse("peers", kwargs={"slug": ulm.slug})
    no_topics = "Ulm hat noch keine Projekte mit Themen"

    as_member = member.get(url)
    as_visitor = client.get(url)
    with CaptureQueriesContext(connection) as again:
        again_as_member = member.get(url)

    assert no_topics not in as_member.content.decode()
    assert no_topics in as_visitor.content.decode()
    assert no_topics not in again_as_member.content.decode()
    assert not ranking_queries(again)  # served from the kept part


def test_an_edit_shows_in_the_next_answer(client):
    ai = TopicFactory(slug="ki", name_de="KI", name_en="AI")
    kiel = town("Kiel")
    ProjectFactory(lead_municipality=kiel, topics=[ai])
    url = reverse("peers", kwargs={"slug": kiel.slug})
    assert "Jena" not in client.get(url).content.decode()

    ProjectFactory(lead_municipality=town("Jena"), topics=[ai])

    assert "Jena" in client.get(url).content.decode()


def test_invalid_choices_answer_400_from_the_kept_part_too(client):
    kiel = town("Kiel")
    url = reverse("peers", kwargs={"slug": kiel.slug}) + "?within=7"
    assert client.get(url).status_code == 400
    assert client.get(url).status_code == 400
