"""The open interfaces (network_portal/exports/): everyone reads them (GET), nobody posts.
What each holds for whom is tested in tests/interfaces/; here, that none needs an account and
none answers a write (one row per kind of view: the others of a kind share its code, and each
row costs 16 requests). A draft event has no calendar file, not even for its editors
(calendars are public and get shared); an unknown calendar code is 404."""

from django.urls import reverse

from events.models import Event
from tests.quality.matrix import everyone, page


def url(name, attribute=None, **kwargs):
    def build(world):
        if attribute:
            kwargs["slug"] = getattr(world, attribute).slug
        return reverse(f"exports:{name}", kwargs=kwargs or None)

    return build


def draft_event_ics(world):
    event = world.event
    draft = Event.objects.create(
        title="Entwurf eines Treffens",
        slug="persona-treffen-entwurf",
        kind=event.kind,
        network=event.network,
        starts_on=event.starts_on,
        status=Event.Status.DRAFT,
    )
    return reverse("exports:event_ics", kwargs={"slug": draft.slug})


ROWS = [
    page("exports:projects_csv", url("projects_csv")),
    page("exports:events_csv", url("events_csv")),
    page("exports:event_ics", url("event_ics", "event")),
    page("exports:event_ics", draft_event_ics, get=everyone(404), variant="draft"),
    page("exports:topic_ics", url("topic_ics", "topic")),
    page("exports:calendar_ics", url("calendar_ics", code="unbekannt"), get=everyone(404)),
    page("exports:projects_feed", url("projects_feed")),
    page("exports:municipality_projects_feed", url("municipality_projects_feed", "x")),
    page("exports:sitemap_section", url("sitemap_section", section="projekte")),
    page("exports:robots_txt", url("robots_txt")),
]
