"""Visitors' pages kept rendered in the cache (network_portal.conditional, issue 11 point 3):
the next visitor gets the page without it being built, an edit shows at once, nobody signed
in ever gets a visitor's page (nor a visitor a member's), and each visitor's page carries
their own CSRF token."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.accounts import UserFactory
from tests.factories.members import MunicipalityFactory, OfficerFactory, PersonFactory
from tests.factories.projects import AdoptionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_kept")]

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def built(response) -> bool:
    """Whether the view built the page (the test client records the template rendered)."""
    return bool(response.templates)


def test_the_next_visitor_gets_the_page_without_it_being_built(world):
    public, _hidden, _member = world
    url = public.get_absolute_url()
    first = Client().get(url)
    assert built(first)

    with CaptureQueriesContext(connection) as queries:
        second = Client().get(url)

    assert second.status_code == 200
    assert not built(second)
    assert len(queries) == 0
    assert (
        second.content.split(b"csrfmiddlewaretoken")[0]
        == (first.content.split(b"csrfmiddlewaretoken")[0])
    )
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == "text/html; charset=utf-8"
    assert second["Content-Language"] == "de"
    assert second.has_header("Content-Security-Policy")
    assert second["X-Frame-Options"] == "DENY"


def test_an_edit_shows_on_the_cached_pages_at_once(world):
    public, _hidden, _member = world
    url = public.get_absolute_url()
    Client().get(url)
    Client().get("/projekte/")

    public.title = "Rufbus, jetzt überall"
    public.save()

    detail = Client().get(url)
    listed = Client().get("/projekte/")
    assert built(detail) and built(listed)
    assert "Rufbus, jetzt überall" in detail.content.decode()
    assert "Rufbus, jetzt überall" in listed.content.decode()


def test_a_member_never_gets_a_visitors_cached_page_nor_a_visitor_a_members(world):
    _public, hidden, member = world
    visitor_page = Client().get("/projekte/")
    assert hidden.title not in visitor_page.content.decode()

    as_member = member.get("/projekte/")
    assert built(as_member)
    assert hidden.title in as_member.content.decode()

    # The member's page was never stored: the next visitor gets the visitors' page.
    after_member = Client().get("/projekte/")
    assert hidden.title not in after_member.content.decode()
    assert member.get(hidden.get_absolute_url()).status_code == 200
    assert Client().get(hidden.get_absolute_url()).status_code == 404


def test_each_language_and_address_is_kept_apart(world):
    public, _hidden, _member = world
    url = public.get_absolute_url()
    Client().get(url)
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get(url)
    assert built(english)
    assert english["Content-Language"] == "en"
    assert 'lang="en"' in english.content.decode()[:200]
    filtered = Client().get("/projekte/?stage=idea")
    assert built(filtered)


def test_a_cached_page_carries_the_asking_visitors_own_csrf_token(world):
    public, _hidden, _member = world
    url = public.get_absolute_url()
    first = Client(enforce_csrf_checks=True)
    first_page = first.get(url)
    second = Client(enforce_csrf_checks=True)
    second_page = second.get(url)
    assert not built(second_page)

    first_token = TOKEN.search(first_page.content.decode()).group(1)
    second_token = TOKEN.search(second_page.content.decode()).group(1)
    assert first_token != second_token
    assert "\x00" not in second_page.content.decode()
    assert second.cookies["csrftoken"].value
    # The language switch of the cached page works for the visitor who got it.
    switched = second.post(
        "/i18n/setlang/", {"language": "en", "next": url, "csrfmiddlewaretoken": second_token}
    )
    assert switched.status_code == 302
    assert switched.cookies["django_language"].value == "en"


def test_pages_with_a_message_waiting_errors_and_other_pages_are_not_stored(world):
    public, _hidden, _member = world
    bad = Client().get("/projekte/?stage=keine")
    assert bad.status_code == 400
    assert built(Client().get("/projekte/?stage=keine"))
    assert built(Client().get("/kontakt/"))
    assert built(Client().get("/kontakt/"))


def test_nothing_is_stored_when_the_page_cache_is_off(world, settings):
    settings.PAGE_CACHE_SECONDS = 0
    public, _hidden, _member = world
    Client().get(public.get_absolute_url())
    assert built(Client().get(public.get_absolute_url()))


def cards_built(response) -> bool:
    return "includes/_project_card.html" in [t.name for t in response.templates]


def test_a_lists_filters_and_results_are_kept_per_group_of_viewers(world):
    public, hidden, member = world
    first = member.get("/projekte/")
    assert cards_built(first)
    again = member.get("/projekte/")
    assert not cards_built(again)
    assert hidden.title in again.content.decode()
    # Built for each person: the parts around the kept one (their address, their forms).
    assert "Abmelden" in again.content.decode()

    # Nobody of another group gets it: a visitor, an account without rights.
    visitor = Client().get("/projekte/")
    assert cards_built(visitor)
    assert hidden.title not in visitor.content.decode()
    nobody = Client()
    nobody.force_login(OfficerFactory(status="requested").user)
    assert hidden.title not in nobody.get("/projekte/").content.decode()

    # An edit is in the next answer.
    hidden.title = "Interner Rufbus, neu"
    hidden.save()
    edited = member.get("/projekte/")
    assert cards_built(edited)
    assert "Interner Rufbus, neu" in edited.content.decode()


def test_a_signed_in_persons_next_list_request_reads_no_rows(world):
    _public, _hidden, member = world
    member.get("/projekte/")

    with CaptureQueriesContext(connection) as queries:
        again = member.get("/projekte/")

    assert again.status_code == 200
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert "projects_project" not in read  # no rows, counts or facets: only who is asking


@pytest.mark.parametrize("path", ["/projekte/", "/kommunen/", "/veranstaltungen/"])
def test_a_kept_list_answers_with_its_status(world, path):
    _public, _hidden, member = world
    bad = f"{path}?sort=nonsense"
    first = member.get(bad)
    again = member.get(bad)

    assert first.status_code == again.status_code == 400
    assert "wählen Sie eine der angebotenen Sortierungen" in again.content.decode()
    assert member.get(path).status_code == 200


def test_search_results_are_kept_per_group_of_viewers(world):
    public, hidden, member = world
    first = member.get("/suche/?q=Rufbus")
    assert hidden.title in first.content.decode()

    with CaptureQueriesContext(connection) as queries:
        again = member.get("/suche/?q=Rufbus")
    assert hidden.title in again.content.decode()
    assert "projects_project" not in " ".join(q["sql"] for q in queries.captured_queries)
    assert "Abmelden" in again.content.decode()  # the page around it is the member's own

    # A visitor never gets the member's results, nor the member a visitor's.
    visitor = Client().get("/suche/?q=Rufbus").content.decode()
    assert public.title in visitor and hidden.title not in visitor
    assert hidden.title in member.get("/suche/?q=Rufbus").content.decode()

    # An edit is in the next answer.
    hidden.title = "Interner Rufbus, neu"
    hidden.save()
    assert "Interner Rufbus, neu" in member.get("/suche/?q=Rufbus").content.decode()


def test_a_projects_facts_are_kept_per_group_and_carry_the_askers_own_token(world):
    public, _hidden, _member = world
    AdoptionFactory(project=public, municipality=MunicipalityFactory(name="Nachnutzerstadt"))
    # Two officers of the lead: the same group of viewers (the same links and rights).
    first, second = (Client(enforce_csrf_checks=True) for _ in range(2))
    for client in (first, second):
        client.force_login(OfficerFactory(municipality=public.lead_municipality).user)
    url = public.get_absolute_url()
    first.get(url)

    with CaptureQueriesContext(connection) as queries:
        kept = second.get(url)
    page = kept.content.decode()
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert "projects_adoption" not in read and "projects_project_topics" not in read
    assert "Nachnutzerstadt" in page and "Projekt bearbeiten" in page

    # The confirm form in the kept part carries the second officer's own token: it works.
    token = TOKEN.search(page.split('aria-labelledby="adoptions-heading"')[-1]).group(1)
    confirm = second.post(
        reverse(
            "projects:adoption_confirm",
            args=[public.slug, public.adoptions.get().municipality.slug],
        ),
        {"csrfmiddlewaretoken": token},
    )
    assert confirm.status_code == 302
    assert public.adoptions.get().confirmed_at is not None
    # ... which is a write: the next answer shows it.
    assert "Bestätigt von" in first.get(url).content.decode()


def test_a_projects_kept_facts_never_reach_another_group(world):
    public, _hidden, member = world
    AdoptionFactory(project=public, municipality=MunicipalityFactory(name="Nachnutzerstadt"))
    lead_officer = Client()
    lead_officer.force_login(OfficerFactory(municipality=public.lead_municipality).user)
    url = public.get_absolute_url()
    assert "Bestätigen" in lead_officer.get(url).content.decode()

    for other in (member, Client()):
        page = other.get(url).content.decode()
        assert "Nachnutzerstadt" in page
        assert "Projekt bearbeiten" not in page and "Bestätigen" not in page


def test_a_municipalitys_page_below_the_introduction_is_kept_per_group(world):
    public, _hidden, member = world
    place = public.lead_municipality
    PersonFactory(municipality=place, name="Erika Muster")
    url = place.get_absolute_url()
    account = Client()
    account.force_login(UserFactory())
    assert "Vorstellung" in account.get(url).content.decode()  # ask for an introduction

    visitor = Client().get(url).content.decode()
    assert "Erika Muster" in visitor and "Vorstellung" not in visitor

    member.get(url)
    with CaptureQueriesContext(connection) as queries:
        again = member.get(url).content.decode()
    assert "projects_project" not in " ".join(q["sql"] for q in queries.captured_queries)
    assert public.title in again and "Vorstellung" in again
