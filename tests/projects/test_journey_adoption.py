"""The adoption journey, in Chromium against a live server: an officer of one town records,
from another town's project page, that their town adapted the project; the project's page
and both towns' pages show it; the lead town's officer confirms it."""

import pytest
from django.urls import reverse

from projects.models import Adoption
from tests.factories.accounts import UserFactory
from tests.factories.members import MembershipFactory, MunicipalityFactory, OfficerFactory
from tests.factories.projects import ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page, selector="main form button[type=submit]"):
    with page.expect_navigation():
        page.locator(selector).first.click()


def test_an_officer_records_an_adoption_and_both_towns_show_it(open_context):
    lead = MunicipalityFactory(name="Bamberg", slug="bamberg-reise")
    adopter = MunicipalityFactory(name="Kempten", slug="kempten-reise")
    for town in (lead, adopter):
        MembershipFactory(municipality=town)
    project = ProjectFactory(
        title="Offene Datenplattform", slug="offene-datenplattform-reise", lead_municipality=lead
    )
    officer = UserFactory()
    OfficerFactory(user=officer, municipality=adopter)
    lead_officer = UserFactory()
    OfficerFactory(user=lead_officer, municipality=lead)

    context, watcher = open_context(user=officer)
    page = watcher.watch(context.new_page())
    page.goto(project.get_absolute_url())
    with page.expect_navigation():
        page.click(f"a[href='{reverse('projects:adoption_create', args=[project.slug])}']")
    page.check("input[name=kind][value=adapted]")
    page.fill("#id_adopted_on", "2024-03-01")
    page.fill("#id_notes", "Mit eigenem Datenkatalog übernommen.")
    submit(page)
    assert page.url.endswith(project.get_absolute_url())
    adoptions = page.locator("#adoptions-heading + div table")
    assert "Kempten" in adoptions.inner_text()
    assert Adoption.objects.get(project=project).municipality == adopter

    # Both towns' pages show it, to a visitor too.
    visitor_context, visitor_watcher = open_context()
    visitor = visitor_watcher.watch(visitor_context.new_page())
    visitor.goto(adopter.get_absolute_url())
    assert "Offene Datenplattform" in visitor.locator("main").inner_text()
    visitor.goto(lead.get_absolute_url())
    assert "Kempten" in visitor.locator("main").inner_text()

    # The lead town's officer confirms it.
    lead_context, lead_watcher = open_context(user=lead_officer)
    lead_page = lead_watcher.watch(lead_context.new_page())
    lead_page.goto(project.get_absolute_url())
    confirm = reverse("projects:adoption_confirm", args=[project.slug, adopter.slug])
    submit(lead_page, f"form[action='{confirm}'] button")
    assert Adoption.objects.get(project=project).confirmed_at is not None
    assert lead_page.locator(f"form[action='{confirm}']").count() == 0

    for each in (watcher, visitor_watcher, lead_watcher):
        assert not each.failed_resources, each.failed_resources
        assert not each.console_errors, each.console_errors
