"""The organizer's recap journey, in Chromium against a live server: an organizer of a
network drafts a recap of its congress with a quote by a named participant (no profile)
and a linked project, previews it on the recap page marked as preview, and schedules it
for next week. A visitor finds no trace of it; once the clock in the server reaches its
time, the visitor finds it on the recap list, the home page and its own page.

The clock is moved by patching django.utils.timezone.now: the live server's thread runs in
this process and reads the same attribute (Recap.objects.published())."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Recap
from members.models import NetworkRole
from tests.factories.accounts import UserFactory
from tests.factories.events import EventFactory
from tests.factories.members import MunicipalityFactory, NetworkFactory
from tests.factories.projects import ProjectFactory, TopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Rückblick auf das Herbsttreffen in Kiel"


def submit(page, selector):
    with page.expect_navigation():
        page.locator(selector).first.click()


@pytest.fixture
def congress():
    network = NetworkFactory(name="Modellprojekte Smart Cities", short_name="MPSC")
    kiel = MunicipalityFactory(name="Kiel", state="Schleswig-Holstein")
    event = EventFactory(
        title="Herbsttreffen MPSC",
        network=network,
        city=kiel,
        starts_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    ProjectFactory(title="Kieler Hafenmonitor", lead_municipality=kiel)
    TopicFactory(name_de="Mobilität", name_en="Mobility")
    organizer = UserFactory()
    NetworkRole.objects.create(user=organizer, network=network, role=NetworkRole.Role.ORGANIZER)
    return event, organizer


def test_organizer_drafts_previews_and_schedules_a_recap(open_context, congress, monkeypatch):
    event, organizer = congress
    context, watcher = open_context(user=organizer)
    page = watcher.watch(context.new_page())

    # From the event's page to its editing page, and on to a new recap.
    page.goto(event.get_absolute_url())
    submit(page, f"main a[href='{reverse('events:event_edit', args=[event.slug])}']")
    submit(page, f"main a[href='{reverse('events:recap_create', args=[event.slug])}']")
    page.fill("#id_title", TITLE)
    page.fill("#id_body", "Zwei Tage Austausch über **Mobilität** und Daten.")
    page.fill("#id_project_search", "Hafenmonitor")
    page.get_by_label("Mobilität").check()
    submit(page, "main form button[type=submit]")
    recap = Recap.objects.get(title=TITLE)
    assert urlsplit(page.url).path == reverse("events:recap_edit", args=[recap.slug])
    assert recap.status == Recap.Status.DRAFT
    assert [p.title for p in recap.projects.all()] == ["Kieler Hafenmonitor"]

    # A quote by a participant without a profile.
    page.fill("#id_quote", "Wir übernehmen den Hafenmonitor im Frühjahr.")
    page.fill("#id_speaker_name", "Nina Name")
    page.fill("#id_speaker_role", "Digitallotsin der Stadt Lübeck")
    submit(page, f"form[action='{reverse('events:highlight_add', args=[recap.slug])}'] button")
    assert recap.highlights.get().speaker_name == "Nina Name"

    # The preview: the recap page itself, marked as preview.
    submit(page, f"main a[href='{reverse('events:recap_preview', args=[recap.slug])}']")
    main = page.locator("main").inner_text()
    assert "Vorschau" in main
    assert "Nina Name" in main and "Kieler Hafenmonitor" in main and "Mobilität" in main
    page.go_back()

    # Scheduled for next week.
    at = timezone.localtime() + datetime.timedelta(days=7)
    page.get_by_label("Zu einem festgelegten Zeitpunkt veröffentlichen").check()
    page.fill("#id_publish_at", at.strftime("%Y-%m-%dT%H:%M"))
    submit(page, f"form[action='{reverse('events:recap_publish', args=[recap.slug])}'] button")
    recap.refresh_from_db()
    assert recap.status == Recap.Status.PUBLISHED and recap.is_scheduled
    assert "Geplant für" in page.locator("main").inner_text()

    # A visitor finds no trace of it before its time…
    visitor_context, visitor_watcher = open_context()
    visitor = visitor_watcher.watch(visitor_context.new_page())
    assert visitor.goto(recap.get_absolute_url()).status == 404
    for url in (reverse("events:recap_list"), reverse("home")):
        visitor.goto(url)
        assert TITLE not in visitor.locator("main").inner_text()

    # …and finds it everywhere once the server's clock has reached it.
    later = timezone.now() + datetime.timedelta(days=8)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert visitor.goto(recap.get_absolute_url()).status == 200
    for url in (reverse("events:recap_list"), reverse("home")):
        visitor.goto(url)
        assert TITLE in visitor.locator("main").inner_text()

    for each in (watcher, visitor_watcher):
        assert not each.failed_resources, each.failed_resources
        assert all("404" in error for error in each.console_errors), each.console_errors
