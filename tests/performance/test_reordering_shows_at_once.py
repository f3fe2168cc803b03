"""Moving a programme item, a recap's quote or a featured project up or down renumbers the
rows in one bulk write, which sends no signals: the services move the content generation on
themselves (core.cached.content_changed), so the visitors' kept pages show the new order in
the next answer, not after PAGE_CACHE_SECONDS."""

import pytest
from django.urls import reverse

from tests.factories.events import HighlightFactory, ProgrammeItemFactory
from tests.factories.projects import ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_kept")]


def in_order(html: str, *texts: str) -> bool:
    positions = [html.index(text) for text in texts]
    return positions == sorted(positions)


def test_a_moved_programme_item_shows_in_the_kept_event_page(persona_world, organizer_n, client):
    event = persona_world.event
    ProgrammeItemFactory(event=event, position=1, title="Begrüßung")
    closing = ProgrammeItemFactory(event=event, position=2, title="Abschluss")
    assert in_order(client.get(event.get_absolute_url()).content.decode(), "Begrüßung", "Abschluss")

    url = reverse("events:programme_item_move", args=[event.slug, closing.pk])
    assert organizer_n.client.post(url, {"direction": "up"}).status_code == 302

    assert in_order(client.get(event.get_absolute_url()).content.decode(), "Abschluss", "Begrüßung")


def test_a_moved_quote_shows_in_the_kept_recap_page(persona_world, organizer_n, client):
    recap = persona_world.recap
    HighlightFactory(recap=recap, position=1, quote="Zuerst gesagt.")
    later = HighlightFactory(recap=recap, position=2, quote="Danach gesagt.")
    html = client.get(recap.get_absolute_url()).content.decode()
    assert in_order(html, "Zuerst gesagt.", "Danach gesagt.")

    url = reverse("events:highlight_move", args=[recap.slug, later.pk])
    assert organizer_n.client.post(url, {"direction": "up"}).status_code == 302

    html = client.get(recap.get_absolute_url()).content.decode()
    assert in_order(html, "Danach gesagt.", "Zuerst gesagt.")


def test_a_moved_featured_project_shows_in_the_kept_network_page(persona_world, admin_n, client):
    network = persona_world.n
    first = persona_world.public_project
    second = ProjectFactory(lead_municipality=persona_world.z, title="Zweites Projekt")
    for project in (first, second):
        add = reverse("featured_project_add", args=[network.slug])
        assert admin_n.client.post(add, {"project": project.slug}).status_code == 302
    assert in_order(
        client.get(network.get_absolute_url()).content.decode(), first.title, second.title
    )

    move = reverse("featured_project_move", args=[network.slug, second.slug])
    assert admin_n.client.post(move, {"direction": "up"}).status_code == 302

    assert in_order(
        client.get(network.get_absolute_url()).content.decode(), second.title, first.title
    )
