"""iCalendar (RFC 5545) of events: one file per event, and subscribable calendars of a
network's, a topic's and a filtered list's events.

Calendars are public: they read events as a visitor (core.access.VISITOR) whoever asks, so a
draft never appears and a subscribed copy can be shared. Each entry keeps its UID across
edits (`event-<pk>@<host>`), counts its edits in SEQUENCE (the event's version) and links
back to its page. The portal's events are dated by day, so DTSTART and DTEND are DATE values
(DTEND the day after the last, as RFC 5545 has it): no time zone to get wrong in Outlook or
Google; stamps are in UTC. An event without a date yet is left out (its own file: 404).

A subscribed calendar holds the events nearest today, at most SUBSCRIPTION_MAX_EVENTS: all
coming ones (soonest first) while there are fewer, then the latest past ones. Calendar apps
re-read a subscription whole every few hours, and a file of every event ever grows without
bound (50,000 events: 26 MB); the event list and each event's own file reach the rest. A
cut calendar says so in its description.

A filtered list's calendar lives under a short address (calendar services reject long
ones): /kalender/<code>.ics, the code derived from the normalised filters and stored with
them (models.CalendarQuery).
"""

import datetime
import hashlib
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from core.access import VISITOR
from core.cached import cached
from events.filters import EventFilter
from events.models import Event, Recap
from members.models import Network
from network_portal.conditional import newest_publication_reached
from network_portal.exports.guard import body_etag, conditional, rate_limited
from network_portal.exports.models import CalendarQuery, code_for
from network_portal.topic_page import networks_working_on
from projects.models import Topic

# Calendar apps re-read a subscription about this often (a hint; Google decides itself).
REFRESH = "PT12H"
# Kept calendar entries (calendar_body): read back this many at a time, kept this long.
ENTRIES_PER_READ = 1000
ENTRY_SECONDS = 24 * 60 * 60
# Events in a subscribed calendar (above): about 0.5 MB of iCalendar.
SUBSCRIPTION_MAX_EVENTS = 1000


def host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def public_events():
    return (
        Event.objects.visible_to(VISITOR)
        .filter(starts_on__isnull=False)
        .select_related("city")
        .only(
            "pk",
            "slug",
            "title",
            "starts_on",
            "ends_on",
            "venue",
            "city__name",
            "description",
            "version",
            "published_at",
            "status",
        )
        .order_by("starts_on", "title")
    )


def uid(event) -> str:
    return f"event-{event.pk}@{host()}"


def entry(event, stamp) -> CalendarEvent:
    component = CalendarEvent()
    component.add("uid", uid(event))
    component.add("summary", event.title)
    component.add("dtstart", event.starts_on)
    last_day = event.ends_on or event.starts_on
    component.add("dtend", last_day + datetime.timedelta(days=1))
    component.add("dtstamp", event.published_at or stamp)
    if event.published_at:
        component.add("last-modified", event.published_at)
    component.add("sequence", max(event.version - 1, 0))
    component.add("url", settings.SITE_URL + event.get_absolute_url())
    place = ", ".join(part for part in (event.venue, event.city and event.city.name) if part)
    if place:
        component.add("location", place)
    if event.description:
        component.add("description", event.description)
    component.add("transp", "TRANSPARENT")  # all-day: does not block the day
    return component


def nearest_today(events, today, limit: int) -> tuple[list, bool]:
    """At most `limit` of `events`: the coming ones (not over before `today`) soonest first,
    then the latest past ones; and whether any was left out. The past half is read backwards
    along the dates' index up to the room left; the coming half is filtered on both dates
    (an ongoing event started before today), which PostgreSQL may scan the event table for:
    once per calendar, address, day and content generation (calendar_response keeps it)."""
    coming = events.filter(Q(ends_on__gte=today) | Q(ends_on__isnull=True, starts_on__gte=today))
    coming = list(coming.order_by("starts_on", "title")[: limit + 1])
    if len(coming) > limit:
        return coming[:limit], True
    room = limit - len(coming)
    past = events.filter(Q(ends_on__lt=today) | Q(ends_on__isnull=True, starts_on__lt=today))
    latest_past = list(past.order_by("-starts_on", "-title")[: room + 1])
    return [*reversed(latest_past[:room]), *coming], len(latest_past) > room


def subscription_response(request, name: str, events, filename: str) -> HttpResponse:
    """calendar_response() of the events nearest today (SUBSCRIPTION_MAX_EVENTS)."""

    def chosen(today):
        kept, cut = nearest_today(events, today, SUBSCRIPTION_MAX_EVENTS)
        description = None
        if cut:
            description = _(
                "The %(count)s events nearest to today: all coming ones first, then the "
                "latest past ones. Every event: %(address)s"
            ) % {
                "count": number_format(SUBSCRIPTION_MAX_EVENTS, force_grouping=True),
                "address": settings.SITE_URL + reverse("events:event_list"),
            }
        return kept, description

    return calendar_response(request, name, chosen, filename)


def calendar_response(request, name: str, chosen, filename: str) -> HttpResponse:
    """The calendar of the events `chosen(today)` gives (with the calendar's description or
    None), built once per address, language, day and content generation (every visitor gets
    the same file; 5,000 events take seconds to write)."""
    # A stable stamp for entries that never recorded their publication (loaded from the
    # sources): the start of today, so the file stays the same all day (ETag, 304).
    now = timezone.now()
    stamp = now.replace(hour=0, minute=0, second=0, microsecond=0)
    today = timezone.localdate(now)
    parts = (
        request.get_full_path(),
        get_language(),
        stamp.isoformat(),
        today.isoformat(),  # which events are coming (the local day, not UTC's)
        newest_publication_reached(now),  # a scheduled recap adds its event to a topic's
    )

    def build():
        return calendar_file(name, *chosen(today), stamp)

    body, latest, etag = cached("calendar-file", VISITOR, parts, build, timeout=3600)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag  # guard.conditional would hash the whole file on every request
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    if latest:
        response["Last-Modified"] = http_date(latest)
    return response


def calendar_file(name: str, events, description, stamp) -> tuple[bytes, float | None, str]:
    """calendar_body() and its ETag (guard.conditional's: a hash of the body)."""
    body, latest = calendar_body(name, events, stamp, description)
    return body, latest, body_etag(body)


def calendar_body(name: str, events, stamp, description=None) -> tuple[bytes, float | None]:
    """The iCalendar file and the latest publication time of its entries (a Unix time).

    Each entry is kept by a hash of what it is written from (entry_source), across content
    generations: after a write only new and changed entries are written again. Writing is
    the cost (icalendar folds long lines one character at a time: 21 s for 50,000 events);
    reading them back is one cache round trip per ENTRIES_PER_READ."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{host()}//Netzwerkportal//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    if description:
        calendar.add("x-wr-caldesc", description)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", datetime.timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    # No time zones to add while all entries are dates (add_missing_timezones would add
    # none): the entries are put in as text, inside the calendar's own BEGIN/END.
    head, end = calendar.to_ical().rsplit(b"END:VCALENDAR", 1)
    entries = []
    latest = None
    events = list(events)
    for batch_start in range(0, len(events), ENTRIES_PER_READ):
        batch = events[batch_start : batch_start + ENTRIES_PER_READ]
        keys = [entry_key(event, stamp) for event in batch]
        kept = cache.get_many(keys)
        written = {}
        for event, key in zip(batch, keys, strict=True):
            text = kept.get(key)
            if text is None:
                text = written[key] = entry(event, stamp).to_ical()
            entries.append(text)
            if event.published_at and (latest is None or event.published_at > latest):
                latest = event.published_at
        cache.set_many(written, ENTRY_SECONDS)
    body = b"".join([head, *entries, b"END:VCALENDAR", end])
    return body, latest.timestamp() if latest else None


def entry_source(event, stamp) -> tuple:
    """Everything entry() reads, so that an entry kept under its hash is the same text."""
    return (
        event.pk,
        event.title,
        event.starts_on,
        event.ends_on,
        event.published_at or stamp,
        event.version,
        settings.SITE_URL + event.get_absolute_url(),
        event.venue,
        event.city and event.city.name,
        event.description,
    )


def entry_key(event, stamp) -> str:
    digest = hashlib.sha256(repr(entry_source(event, stamp)).encode()).hexdigest()[:32]
    return f"portal:ical-entry:{digest}"


def calendar_view(view):
    return require_safe(rate_limited(conditional(view)))


@calendar_view
def event_ics(request, slug):
    event = get_object_or_404(public_events(), slug=slug)
    return calendar_response(request, event.title, lambda today: ([event], None), event.slug)


@calendar_view
def network_ics(request, slug):
    network = get_object_or_404(Network, slug=slug)
    events = public_events().filter(network=network)
    return subscription_response(
        request, _("Events of %(name)s") % {"name": network.name}, events, slug
    )


def topic_events(topic):
    """The topic page's rule, for all dates: events that recaps on the topic belong to, or
    of a network whose active members work on the topic (in its public projects)."""
    networks = networks_working_on(topic, VISITOR)
    recaps = Recap.objects.published().filter(topics=topic).values("event")
    return public_events().filter(Q(pk__in=recaps) | Q(network__in=networks))


@calendar_view
def topic_ics(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    return subscription_response(
        request, _("Events on %(name)s") % {"name": topic.name}, topic_events(topic), slug
    )


def normalise(query) -> str | None:
    """The event list's filters in `query` (a QueryDict) as a canonical query string:
    known filters only, values sorted and deduplicated; None when a value is invalid."""
    filterset = EventFilter(query, queryset=public_events(), request=None)
    if not filterset.is_valid():
        return None
    pairs = []
    for name in sorted(filterset.filters):
        values = sorted({value.strip() for value in query.getlist(name) if value.strip()})
        pairs += [(name, value) for value in values]
    return urlencode(pairs)


def filtered_events(query_string: str):
    filterset = EventFilter(QueryDict(query_string), queryset=public_events(), request=None)
    if not filterset.is_valid():
        return None
    return filterset.qs.order_by("starts_on", "title")


def subscription_path(query) -> str | None:
    """The short address of the event list filtered by `query`; None for invalid filters.
    Stores the code on first use (one row per distinct set of filters)."""
    normalised = normalise(query)
    if normalised is None:
        return None
    if not normalised:
        return reverse("exports:events_ics")
    if query.get("q"):
        # Free text would let anyone who reads pages grow the table without bound: a list
        # with a search word gets the long address, stored nowhere.
        return f"{reverse('exports:events_ics')}?{normalised}"
    code = code_for(normalised)
    CalendarQuery.objects.get_or_create(code=code, defaults={"query": normalised})
    return reverse("exports:calendar_ics", kwargs={"code": code})


@calendar_view
def events_ics(request):
    """All public events, or those the list's filters in the query string pick."""
    events = filtered_events(request.GET.urlencode())
    if events is None:
        return HttpResponse(
            _("A filter value is not valid."), status=400, content_type="text/plain"
        )
    return subscription_response(request, _("Events"), events, "veranstaltungen")


@calendar_view
def calendar_ics(request, code):
    stored = CalendarQuery.objects.filter(code=code).first()
    if stored is None:
        raise Http404
    events = filtered_events(stored.query)
    if events is None:  # a filter value that has gone away (a deleted network)
        raise Http404
    return subscription_response(request, _("Events"), events, code)
