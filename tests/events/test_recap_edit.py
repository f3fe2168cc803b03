"""Organizers write recaps (issue 10, point 8): quotes by a registered person or by a name
and a role, links to projects they may see, topics and attending municipalities, the
preview on the real recap template, publishing now or at a set time, conflicts, and who
may do what."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.access import Visibility
from events.models import Highlight, Recap
from members.models import AuditEntry
from tests.factories.events import EventFactory, HighlightFactory, RecapFactory
from tests.factories.members import PersonFactory
from tests.factories.projects import ProjectFactory

pytestmark = pytest.mark.django_db


def recap_data(recap=None, **overrides):
    data = {
        "title": recap.title if recap else "Rückblick Herbst Nord",
        "body": "Es war **gut**.",
        "version": str(recap.version) if recap else "",
    }
    return {**data, **overrides}


def test_organizer_drafts_a_recap_with_links(persona_world, organizer_n, visitor):
    world = persona_world
    response = organizer_n.client.post(
        reverse("events:recap_create", args=[world.event.slug]),
        recap_data(
            project_search="Öffentlicher Wärmespeicher",
            topics=[str(world.topic.pk)],
            municipalities=[str(world.x.pk), str(world.z.pk)],
        ),
    )
    recap = Recap.objects.get(title="Rückblick Herbst Nord")
    assert response.status_code == 302
    assert response["Location"] == reverse("events:recap_edit", args=[recap.slug])
    assert recap.status == Recap.Status.DRAFT and recap.author == organizer_n.user
    assert list(recap.projects.all()) == [world.public_project]
    assert list(recap.topics.all()) == [world.topic]
    assert set(recap.municipalities.all()) == {world.x, world.z}
    assert visitor.client.get(recap.get_absolute_url()).status_code == 404
    assert (
        "Rückblick Herbst Nord"
        not in visitor.client.get(reverse("events:recap_list")).content.decode()
    )


def test_quotes_by_a_person_or_by_a_name_and_role(persona_world, organizer_n):
    recap = persona_world.draft_recap
    speaker = PersonFactory(name="Paula Profil")
    url = reverse("events:highlight_add", args=[recap.slug])
    response = organizer_n.client.post(url, {"quote": "Großartig.", "person_search": "Paula"})
    assert response.status_code == 302
    response = organizer_n.client.post(
        url, {"quote": "Sehr hilfreich.", "speaker_name": "Nina Name", "speaker_role": "CDO"}
    )
    assert response.status_code == 302
    quotes = list(recap.highlights.order_by("position"))
    assert quotes[0].person == speaker and quotes[1].speaker_name == "Nina Name"
    preview = organizer_n.client.get(reverse("events:recap_preview", args=[recap.slug]))
    assert "Nina Name" in preview.content.decode() and "Paula Profil" in preview.content.decode()

    # No one named: an error at the field, what was typed kept.
    response = organizer_n.client.post(url, {"quote": "Anonym gesagt."})
    assert response.status_code == 400
    assert "Anonym gesagt." in response.content.decode()
    assert recap.highlights.count() == 2

    response = organizer_n.client.post(
        reverse("events:highlight_remove", args=[recap.slug, quotes[1].pk])
    )
    assert response.status_code == 302
    assert recap.highlights.count() == 1


def test_the_database_refuses_a_quote_by_no_one(persona_world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Highlight.objects.create(recap=persona_world.recap, quote="Wer?", person=None)


def test_preview_is_the_recap_page_marked_as_preview(persona_world, organizer_n, officer_x):
    recap = persona_world.draft_recap
    url = reverse("events:recap_preview", args=[recap.slug])
    response = organizer_n.client.get(url)
    assert response.status_code == 200
    assert "events/recap_detail.html" in [t.name for t in response.templates]
    assert response.context["preview"] is True
    assert officer_x.client.get(url).status_code == 404


def test_publish_now_and_schedule(persona_world, organizer_n, visitor):
    recap = persona_world.draft_recap
    url = reverse("events:recap_publish", args=[recap.slug])
    at = timezone.localtime() + datetime.timedelta(days=30)
    response = organizer_n.client.post(
        url, {"when": "later", "publish_at": at.strftime("%Y-%m-%dT%H:%M")}
    )
    assert response.status_code == 302
    recap.refresh_from_db()
    assert recap.status == Recap.Status.PUBLISHED and recap.is_scheduled
    assert visitor.client.get(recap.get_absolute_url()).status_code == 404
    page = organizer_n.client.get(recap.get_absolute_url()).content.decode()
    assert "Geplant für" in page or "Scheduled for" in page

    response = organizer_n.client.post(url, {"when": "now"})
    assert response.status_code == 302
    recap.refresh_from_db()
    assert not recap.is_scheduled
    assert visitor.client.get(recap.get_absolute_url()).status_code == 200
    assert (
        AuditEntry.objects.filter(
            action=AuditEntry.Action.VISIBILITY_CHANGED, object_id=str(recap.pk)
        ).count()
        == 2
    )


def test_a_time_in_the_past_or_none_is_an_error(persona_world, organizer_n):
    recap = persona_world.draft_recap
    url = reverse("events:recap_publish", args=[recap.slug])
    for at in ("", "2001-01-01T10:00"):
        response = organizer_n.client.post(url, {"when": "later", "publish_at": at})
        assert response.status_code == 400
    recap.refresh_from_db()
    assert recap.status == Recap.Status.DRAFT


def test_edit_saves_and_a_stale_version_is_a_conflict(persona_world, organizer_n, admin_n):
    recap = persona_world.recap
    url = reverse("events:recap_edit", args=[recap.slug])
    stale = recap_data(recap, body="Meine Fassung")
    assert admin_n.client.post(url, recap_data(recap, body="Ihre Fassung")).status_code == 302
    response = organizer_n.client.post(url, stale)
    assert response.status_code == 409
    assert "Meine Fassung" in response.content.decode()
    recap.refresh_from_db()
    assert recap.body == "Ihre Fassung"


def test_form_errors_keep_input(persona_world, organizer_n):
    recap = persona_world.recap
    response = organizer_n.client.post(
        reverse("events:recap_edit", args=[recap.slug]),
        recap_data(recap, title="", body="Neuer Text bleibt"),
    )
    assert response.status_code == 400
    assert "Neuer Text bleibt" in response.content.decode()


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
def test_who_may_edit_a_published_recap(persona_world, as_persona, name, status):
    response = as_persona(name).client.get(
        reverse("events:recap_edit", args=[persona_world.recap.slug])
    )
    assert response.status_code == status


def test_forged_ids_change_nothing(persona_world, organizer_n, admin_m):
    world = persona_world
    hidden = ProjectFactory(
        title="Geheimprojekt Mitte", lead_municipality=world.y, visibility=Visibility.MEMBERS
    )
    recap = world.recap
    url = reverse("events:recap_edit", args=[recap.slug])
    before = set(recap.projects.values_list("pk", flat=True))
    # A project the organizer may not see, as a ticked link or as a pick.
    forgeries = (
        {"projects": [str(hidden.pk)]},
        {"project_search": "Wärmespeicher", "project_pick": str(hidden.pk)},
        {"municipalities": [str(world.y.pk)]},  # in M only: not among those attending N's
    )
    for forged in forgeries:
        response = organizer_n.client.post(url, recap_data(recap, **forged))
        assert response.status_code == 400
    response = organizer_n.client.post(url, recap_data(recap, project_search="Geheimprojekt"))
    assert response.status_code == 400
    assert set(recap.projects.values_list("pk", flat=True)) == before
    assert not recap.municipalities.filter(pk=world.y.pk).exists()
    # Another network's recap and a quote of another recap.
    recap_m = RecapFactory(event=EventFactory(network=world.m))
    quote_m = HighlightFactory(recap=recap_m)
    assert (
        organizer_n.client.post(
            reverse("events:recap_edit", args=[recap_m.slug]), recap_data(recap_m)
        ).status_code
        == 403
    )
    response = organizer_n.client.post(
        reverse("events:highlight_remove", args=[recap.slug, quote_m.pk])
    )
    assert response.status_code == 404
    assert Highlight.objects.filter(pk=quote_m.pk).exists()
    # A draft of N is no trace for M's admin.
    draft = world.draft_recap
    for name in ("recap_edit", "recap_publish", "recap_preview"):
        method = admin_m.client.get if name == "recap_preview" else admin_m.client.post
        assert method(reverse(f"events:{name}", args=[draft.slug])).status_code == 404
    draft.refresh_from_db()
    assert draft.status == Recap.Status.DRAFT


def test_links_the_editor_cannot_see_are_kept(persona_world, organizer_n):
    world = persona_world
    hidden = ProjectFactory(lead_municipality=world.y, visibility=Visibility.MEMBERS)
    world.recap.projects.add(hidden)
    url = reverse("events:recap_edit", args=[world.recap.slug])
    form_page = organizer_n.client.get(url).content.decode()
    assert hidden.title not in form_page
    response = organizer_n.client.post(url, recap_data(world.recap, projects=[]))
    assert response.status_code == 302
    assert list(world.recap.projects.all()) == [hidden]


def test_a_quote_is_edited_and_keeps_its_place(persona_world, organizer_n, officer_x):
    recap = persona_world.draft_recap
    speaker = PersonFactory(name="Paula Profil")
    quote = HighlightFactory(recap=recap, position=1, quote="Erster Satz.", person=speaker)
    url = reverse("events:highlight_edit", args=[recap.slug, quote.pk])
    form = organizer_n.client.get(url)
    assert form.status_code == 200
    assert "Erster Satz." in form.content.decode() and "Paula Profil" in form.content.decode()

    # From a registered person to a name and role.
    data = {"quote": "Geänderter Satz.", "speaker_name": "Nina Name", "speaker_role": "CDO"}
    assert organizer_n.client.post(url, data).status_code == 302
    quote.refresh_from_db()
    assert (quote.quote, quote.person, quote.speaker_name, quote.speaker_role) == (
        "Geänderter Satz.",
        None,
        "Nina Name",
        "CDO",
    )
    assert quote.position == 1
    # Both given: a 400 that keeps what was typed, nothing saved.
    data = {"quote": "Zweifach.", "person_search": "Paula", "speaker_name": "Nina Name"}
    response = organizer_n.client.post(url, data)
    assert response.status_code == 400 and "Zweifach." in response.content.decode()
    quote.refresh_from_db()
    assert quote.quote == "Geänderter Satz."
    # Not an editor of this draft: 404; another recap's quote through this URL: 404.
    assert officer_x.client.get(url).status_code == 404
    other = HighlightFactory(recap=persona_world.recap)
    url = reverse("events:highlight_edit", args=[recap.slug, other.pk])
    assert organizer_n.client.get(url).status_code == 404


def test_quotes_move_up_and_down(persona_world, organizer_n):
    recap = persona_world.draft_recap
    first, second = (
        HighlightFactory(recap=recap, position=position, quote=text)
        for position, text in ((1, "Zuerst."), (2, "Danach."))
    )
    url = reverse("events:highlight_move", args=[recap.slug, second.pk])
    assert organizer_n.client.post(url, {"direction": "up"}).status_code == 302
    assert list(recap.highlights.order_by("position")) == [second, first]
    preview = organizer_n.client.get(reverse("events:recap_preview", args=[recap.slug]))
    html = preview.content.decode()
    assert html.index("Danach.") < html.index("Zuerst.")
    response = organizer_n.client.post(url, {})
    assert response.status_code == 400
    assert list(recap.highlights.order_by("position")) == [second, first]
