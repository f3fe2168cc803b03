"""Event and recap pages (events app)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from events.models import Event
from tests.factories.events import (
    EventFactory,
    HighlightFactory,
    ProgrammeItemFactory,
    RecapFactory,
)
from tests.factories.members import MunicipalityFactory, NetworkFactory, PersonFactory
from tests.factories.projects import ProjectFactory, TopicFactory
from tests.pages import page


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
