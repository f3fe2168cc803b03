"""Event and recap pages (events app)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from events.models import Event, ProgrammeSpeaker, Recap
from members.pictures import Picture
from tests.factories.events import (
    EventFactory,
    HighlightFactory,
    ProgrammeItemFactory,
    RecapFactory,
)
from tests.factories.members import MunicipalityFactory, NetworkFactory, PersonFactory
from tests.factories.projects import ProjectFactory, TopicFactory
from tests.pages import MEMBER, ORGANIZER, STAFF, page


def congress_in_kiel():
    """A congress with a programme, speakers and a published recap with highlights."""
    kiel = MunicipalityFactory(name="Kiel", state="Schleswig-Holstein")
    event = EventFactory(
        title="7. Kongress Modellprojekte Smart Cities",
        network=NetworkFactory(name="Modellprojekte Smart Cities", short_name="MPSC"),
        series="MPSC-Kongress",
        edition=7,
        theme="Smarte Städte und Regionen gestalten",
        city=kiel,
        venue="Kieler Schloss",
        starts_on=timezone.localdate() - datetime.timedelta(days=60),
        ends_on=timezone.localdate() - datetime.timedelta(days=59),
    )
    speaker = PersonFactory(role_title="Chief Digital Officer", municipality=kiel)
    ProgrammeItemFactory(
        event=event,
        position=1,
        title="Podium: Verstetigung",
        kind="Podium",
        starts_at=datetime.time(10, 30),
        speakers=[speaker],
    )
    recap = RecapFactory(
        event=event,
        title="Rückblick auf den 7. MPSC-Kongress",
        author_municipality=kiel,
        projects=[ProjectFactory(lead_municipality=kiel)],
        topics=[TopicFactory()],
        municipalities=[kiel],
    )
    HighlightFactory(recap=recap, person=speaker, position=1)
    HighlightFactory(recap=recap, position=2, quote="Verstetigung braucht Personal.")
    return event, recap


@page("events:event_list")
def event_list():
    congress_in_kiel()
    EventFactory(kind=Event.Kind.MEETING)
    EventFactory(kind=Event.Kind.PANEL, starts_on=None, ends_on=None)
    return reverse("events:event_list")


@page("events:event_detail")
def event_detail():
    event, _recap = congress_in_kiel()
    return event.get_absolute_url()


@page("events:recap_list")
def recap_list():
    congress_in_kiel()
    return reverse("events:recap_list")


@page("events:recap_detail")
def recap_detail():
    _event, recap = congress_in_kiel()
    return recap.get_absolute_url()


# Editing (events/views_editing.py): the forms as the organizer (of every sample network)
# and staff; who else gets 403, 404 or a sign-in is the permission matrix's
# (tests/quality/matrix_rows/events_editing.py). The POST-only pages answer 405 to a GET:
# the gates check status and headers as a plain member.
EDITORS = (ORGANIZER, STAFF)


def congress_to_edit():
    """The congress in Kiel with a draft recap that has a quote by a name and a role."""
    event, recap = congress_in_kiel()
    draft = RecapFactory(
        event=event,
        title="Entwurf: Rückblick Tag 2",
        status=Recap.Status.DRAFT,
        published_at=None,
        topics=[TopicFactory()],
        municipalities=[event.city],
    )
    HighlightFactory(
        recap=draft, person=None, speaker_name="Nina Name", speaker_role="CDO", position=1
    )
    return event, recap, draft


@page("events:event_create", personas=EDITORS)
def event_create():
    NetworkFactory(name="Netzwerk Süd", short_name="NS")
    return reverse("events:event_create")


@page("events:event_edit", personas=EDITORS)
def event_edit():
    event, _recap, _draft = congress_to_edit()
    return reverse("events:event_edit", args=[event.slug])


@page("events:programme_item_add", personas=EDITORS)
def programme_item_add():
    event, _recap = congress_in_kiel()
    return reverse("events:programme_item_add", args=[event.slug])


@page("events:programme_item_edit", personas=EDITORS)
def programme_item_edit():
    event, _recap = congress_in_kiel()
    item = event.programme.first()
    ProgrammeSpeaker.objects.create(item=item, name="Hans Gast", role="Bürgermeister")
    return reverse("events:programme_item_edit", args=[event.slug, item.pk])


@page("events:recap_create", personas=EDITORS)
def recap_create():
    event, _recap = congress_in_kiel()
    return reverse("events:recap_create", args=[event.slug])


@page("events:recap_edit", personas=EDITORS)
def recap_edit():
    _event, _recap, draft = congress_to_edit()
    return reverse("events:recap_edit", args=[draft.slug])


@page("events:recap_preview", personas=EDITORS)
def recap_preview():
    _event, _recap, draft = congress_to_edit()
    return reverse("events:recap_preview", args=[draft.slug])


@page("events:highlight_edit", personas=EDITORS)
def highlight_edit():
    _event, _recap, draft = congress_to_edit()
    return reverse("events:highlight_edit", args=[draft.slug, draft.highlights.first().pk])


def _post_only(url_name, build_args):
    def build():
        return reverse(url_name, args=build_args())

    build.__name__ = url_name.replace(":", "_")
    page(url_name, personas=(MEMBER,), html=False)(build)


_post_only("events:event_publish", lambda: [congress_in_kiel()[0].slug])
_post_only(
    "events:programme_item_remove",
    lambda: (lambda event: [event.slug, event.programme.first().pk])(congress_in_kiel()[0]),
)
_post_only("events:event_unpublish", lambda: [congress_in_kiel()[0].slug])
_post_only(
    "events:programme_item_move",
    lambda: (lambda event: [event.slug, event.programme.first().pk])(congress_in_kiel()[0]),
)
_post_only(
    "events:highlight_move",
    lambda: (lambda draft: [draft.slug, draft.highlights.first().pk])(congress_to_edit()[2]),
)
_post_only("events:recap_publish", lambda: [congress_to_edit()[2].slug])
_post_only("events:recap_unpublish", lambda: [congress_in_kiel()[1].slug])
_post_only("events:highlight_add", lambda: [congress_to_edit()[2].slug])
_post_only(
    "events:highlight_remove",
    lambda: (lambda draft: [draft.slug, draft.highlights.first().pk])(congress_to_edit()[2]),
)
_post_only("events:event_picture_add", lambda: [congress_in_kiel()[0].slug])
_post_only("events:recap_picture_add", lambda: [congress_to_edit()[2].slug])


def _picture_of(target):
    return Picture.objects.create(
        target=target, image="pictures/gate.jpg", width=8, height=6, alt_text="Saal"
    )


_post_only(
    "events:event_picture_remove",
    lambda: (lambda event: [event.slug, _picture_of(event).uuid])(congress_in_kiel()[0]),
)
_post_only(
    "events:recap_picture_remove",
    lambda: (lambda recap: [recap.slug, _picture_of(recap).uuid])(congress_in_kiel()[1]),
)
