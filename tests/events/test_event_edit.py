"""Organizers create and edit their network's events and programmes (issue 10, point 7):
drafts only their editors see, publishing, the city and speaker pickers without JavaScript,
validation, conflicts, and who may do what."""

import pytest
from django.urls import reverse

from events.models import Event, ProgrammeItem
from members.models import AuditEntry
from tests.factories.events import EventFactory, ProgrammeItemFactory, RecapFactory
from tests.factories.members import MunicipalityFactory, PersonFactory

pytestmark = pytest.mark.django_db


def event_data(**overrides):
    data = {
        "title": "Herbsttreffen Nord",
        "kind": Event.Kind.MEETING,
        "series": "Netzwerktreffen",
        "edition": "3",
        "venue": "Rathaus",
        "city": "",
        "starts_on": "2031-10-01",
        "ends_on": "2031-10-02",
        "online_url": "https://meet.example.org/nord",
        "description": "Wir treffen uns **im Herbst**.",
    }
    return {**data, **overrides}


def edit_data(event, **overrides):
    data = event_data(title=event.title, version=str(event.version))
    return {**data, **overrides}


def test_organizer_creates_a_draft_that_only_editors_see(persona_world, organizer_n, officer_x):
    world = persona_world
    response = organizer_n.client.post(
        reverse("events:event_create"),
        event_data(network=str(world.n.pk), city="Xanten"),
    )
    event = Event.objects.get(title="Herbsttreffen Nord")
    assert response.status_code == 302
    assert response["Location"] == reverse("events:event_edit", kwargs={"slug": event.slug})
    assert event.status == Event.Status.DRAFT
    assert event.network == world.n and event.city == world.x
    assert event.online_url == "https://meet.example.org/nord"

    assert organizer_n.client.get(event.get_absolute_url()).status_code == 200
    assert officer_x.client.get(event.get_absolute_url()).status_code == 404
    reads = (
        reverse("events:event_list"),
        reverse("home"),
        world.n.get_absolute_url(),
        world.x.get_absolute_url(),  # the host city
        world.topic.get_absolute_url(),  # N's members work on the topic
    )
    for url in reads:
        assert "Herbsttreffen Nord" not in officer_x.client.get(url).content.decode(), url
        assert "Herbsttreffen Nord" in organizer_n.client.get(url).content.decode(), url
    search = officer_x.client.get(reverse("search") + "?q=Herbsttreffen")
    assert "Herbsttreffen Nord" not in search.content.decode()
    assert (
        "Herbsttreffen Nord"
        in organizer_n.client.get(reverse("events:event_list")).content.decode()
    )


def test_publishing_makes_the_event_public_and_leaves_an_audit_entry(
    persona_world, organizer_n, visitor
):
    event = EventFactory(network=persona_world.n, status=Event.Status.DRAFT, title="Entwurf X")
    assert visitor.client.get(event.get_absolute_url()).status_code == 404
    response = organizer_n.client.post(reverse("events:event_publish", args=[event.slug]))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED and event.published_at
    assert visitor.client.get(event.get_absolute_url()).status_code == 200
    assert "Entwurf X" in visitor.client.get(reverse("events:event_list")).content.decode()
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.VISIBILITY_CHANGED, object_id=str(event.pk)
    ).exists()


def test_facets_leave_drafts_out(persona_world, visitor, admin_m):
    # M has no event but this draft: its network facet shows M only to M's editors.
    EventFactory(network=persona_world.m, status=Event.Status.DRAFT, title="Entwurf M")
    url = reverse("events:event_list")
    facet = 'value="persona-m"'
    assert facet not in visitor.client.get(url).content.decode()
    assert facet in admin_m.client.get(url).content.decode()


def test_edit_form_keeps_what_was_typed_and_shows_errors(persona_world, organizer_n):
    event = persona_world.event
    response = organizer_n.client.post(
        reverse("events:event_edit", args=[event.slug]),
        edit_data(event, title="  ", ends_on="2031-09-01", venue="Neuer Saal"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Neuer Saal" in page
    assert 'href="#id_title"' in page  # the summary links to the field
    event.refresh_from_db()
    assert event.venue != "Neuer Saal"


def test_edit_saves_and_a_stale_version_is_a_conflict(persona_world, organizer_n, admin_n):
    event = persona_world.event
    url = reverse("events:event_edit", args=[event.slug])
    stale = edit_data(event, venue="Saal A")
    response = admin_n.client.post(url, edit_data(event, venue="Saal B"))
    assert response.status_code == 302
    response = organizer_n.client.post(url, stale)
    assert response.status_code == 409
    assert "Saal A" in response.content.decode()  # what was typed is kept
    assert response.context["form"].non_field_errors()  # the conflict, said at the top
    event.refresh_from_db()
    assert event.venue == "Saal B" and event.version == 2


def test_city_picker_offers_the_matches_without_javascript(persona_world, organizer_n):
    event = persona_world.event
    MunicipalityFactory(name="Neustadt an der Aisch", state="Bayern")
    neustadt = MunicipalityFactory(name="Neustadt am Rübenberge", state="Niedersachsen")
    url = reverse("events:event_edit", args=[event.slug])
    response = organizer_n.client.post(url, edit_data(event, city="Neustadt"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Neustadt an der Aisch" in page and 'name="city_pick"' in page
    response = organizer_n.client.post(
        url, edit_data(event, city="Neustadt", city_pick=str(neustadt.pk))
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.city == neustadt


def test_programme_item_with_a_registered_speaker_and_a_guest(persona_world, organizer_n):
    event = persona_world.event
    speaker = PersonFactory(name="Grete Registriert", municipality=persona_world.x)
    response = organizer_n.client.post(
        reverse("events:programme_item_add", args=[event.slug]),
        {
            "title": "Podium Wärme",
            "kind": "Podium",
            "starts_at": "10:30",
            "description": "",
            "speaker_search": "Grete Registriert",
            "guests": "Hans Gast, Bürgermeister von Wolfach\n\n",
        },
    )
    assert response.status_code == 302
    item = ProgrammeItem.objects.get(title="Podium Wärme")
    assert list(item.speakers.all()) == [speaker]
    assert [(g.name, g.role) for g in item.guest_speakers.all()] == [
        ("Hans Gast", "Bürgermeister von Wolfach")
    ]
    page = organizer_n.client.get(event.get_absolute_url()).content.decode()
    assert "Grete Registriert" in page and "Hans Gast" in page

    response = organizer_n.client.post(
        reverse("events:programme_item_edit", args=[event.slug, item.pk]),
        {"title": "Podium Wärme", "speakers": [], "guests": "", "starts_at": "11:00"},
    )
    assert response.status_code == 302
    assert not item.speakers.exists() and not item.guest_speakers.exists()

    response = organizer_n.client.post(
        reverse("events:programme_item_remove", args=[event.slug, item.pk])
    )
    assert response.status_code == 302
    assert not ProgrammeItem.objects.filter(pk=item.pk).exists()


def test_programme_item_errors_keep_input(persona_world, organizer_n):
    response = organizer_n.client.post(
        reverse("events:programme_item_add", args=[persona_world.event.slug]),
        {"title": "", "kind": "Vortrag", "guests": ",ohne Namen"},
    )
    assert response.status_code == 400
    assert "Vortrag" in response.content.decode()
    assert not ProgrammeItem.objects.exists()


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("visitor", 302),
        ("unlinked", 403),
        ("officer_x", 403),
        ("admin_m", 403),
        ("admin_n", 200),
        ("organizer_n", 200),
        ("staff", 200),
    ],
)
def test_who_may_edit_a_public_event_of_n(persona_world, as_persona, name, status):
    client = as_persona(name).client
    response = client.get(reverse("events:event_edit", args=[persona_world.event.slug]))
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("account_login"))


def test_a_draft_of_another_network_is_a_404_and_a_public_one_a_403(persona_world, admin_m):
    draft = EventFactory(network=persona_world.n, status=Event.Status.DRAFT)
    assert admin_m.client.get(reverse("events:event_edit", args=[draft.slug])).status_code == 404
    url = reverse("events:event_edit", args=[persona_world.event.slug])
    assert admin_m.client.get(url).status_code == 403
    assert admin_m.client.post(url, edit_data(persona_world.event)).status_code == 403
    publish = reverse("events:event_publish", args=[draft.slug])
    assert admin_m.client.post(publish).status_code == 404
    draft.refresh_from_db()
    assert draft.status == Event.Status.DRAFT


def test_forged_ids_change_nothing(persona_world, organizer_n):
    world = persona_world
    event_m = EventFactory(network=world.m)
    item_m = ProgrammeItemFactory(event=event_m, title="Punkt in M")
    # Creating an event in M, a network the organizer does not organize.
    response = organizer_n.client.post(
        reverse("events:event_create"), event_data(network=str(world.m.pk), title="Untergeschoben")
    )
    assert response.status_code == 400
    assert not Event.objects.filter(title="Untergeschoben").exists()
    # M's programme item through N's event.
    for name in ("programme_item_edit", "programme_item_remove"):
        url = reverse(f"events:{name}", args=[world.event.slug, item_m.pk])
        assert organizer_n.client.post(url, {"title": "Gekapert"}).status_code == 404
    item_m.refresh_from_db()
    assert item_m.title == "Punkt in M"
    # A made-up choice of city.
    response = organizer_n.client.post(
        reverse("events:event_edit", args=[world.event.slug]),
        edit_data(world.event, city="Xanten", city_pick=str(world.y.pk)),
    )
    assert response.status_code == 400
    world.event.refresh_from_db()
    assert world.event.city == world.x


def test_create_needs_an_organizer_role(persona_world, officer_x, organizer_n):
    assert officer_x.client.get(reverse("events:event_create")).status_code == 403
    page = organizer_n.client.get(reverse("events:event_create")).content.decode()
    assert persona_world.n.name in page and persona_world.m.name not in page


def test_the_preview_button_shows_the_description_and_saves_nothing(persona_world, organizer_n):
    event = persona_world.event
    response = organizer_n.client.post(
        reverse("events:event_edit", args=[event.slug]),
        edit_data(event, description="Mit **Fettdruck**", preview="1"),
    )
    assert response.status_code == 200
    assert "<strong>Fettdruck</strong>" in response.content.decode()
    event.refresh_from_db()
    assert "Fettdruck" not in event.description and event.version == 1


def test_the_event_list_offers_creating_to_organizers_only(persona_world, organizer_n, officer_x):
    create = reverse("events:event_create")
    list_url = reverse("events:event_list")
    assert f'href="{create}"' in organizer_n.client.get(list_url).content.decode()
    assert f'href="{create}"' not in officer_x.client.get(list_url).content.decode()


def test_back_to_draft_hides_the_event_and_its_recaps(persona_world, organizer_n, visitor):
    event = persona_world.event
    recap = RecapFactory(event=event, title="Rückblick öffentlich")
    assert visitor.client.get(recap.get_absolute_url()).status_code == 200
    response = organizer_n.client.post(reverse("events:event_unpublish", args=[event.slug]))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT and event.published_at is None
    assert visitor.client.get(event.get_absolute_url()).status_code == 404
    assert visitor.client.get(recap.get_absolute_url()).status_code == 404
    assert organizer_n.client.get(event.get_absolute_url()).status_code == 200
    entry = AuditEntry.objects.filter(
        action=AuditEntry.Action.VISIBILITY_CHANGED, object_id=str(event.pk)
    ).latest("pk")
    assert entry.after == {"status": Event.Status.DRAFT}
    # Once more: a clear message, nothing changes.
    response = organizer_n.client.post(
        reverse("events:event_unpublish", args=[event.slug]), follow=True
    )
    assert "draft already" in response.content.decode() or "bereits" in response.content.decode()
    assert (
        organizer_n.client.get(reverse("events:event_unpublish", args=[event.slug])).status_code
        == 405
    )


def test_programme_items_move_up_and_down(persona_world, organizer_n):
    event = EventFactory(network=persona_world.n)
    first, second, third = (
        ProgrammeItemFactory(event=event, position=position, title=title)
        for position, title in ((1, "Begrüßung"), (2, "Panel"), (3, "Abschluss"))
    )
    url = reverse("events:programme_item_move", args=[event.slug, third.pk])
    assert organizer_n.client.post(url, {"direction": "up"}).status_code == 302
    order = list(event.programme.order_by("position").values_list("title", flat=True))
    assert order == ["Begrüßung", "Abschluss", "Panel"]
    # At the top already: nothing moves.
    url = reverse("events:programme_item_move", args=[event.slug, first.pk])
    organizer_n.client.post(url, {"direction": "up"})
    assert list(event.programme.order_by("position")) == [first, third, second]
    page = organizer_n.client.get(event.get_absolute_url()).content.decode()
    assert page.index("Abschluss") < page.index("Panel")
    # A bad direction: 400 with a message, the order unchanged.
    response = organizer_n.client.post(url, {"direction": "sideways"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert list(event.programme.order_by("position")) == [first, third, second]
    # Another event's item through this event's URL: 404.
    other = ProgrammeItemFactory(event=EventFactory(network=persona_world.n))
    url = reverse("events:programme_item_move", args=[event.slug, other.pk])
    assert organizer_n.client.post(url, {"direction": "up"}).status_code == 404
