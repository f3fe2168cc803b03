"""Links to the downloads and feeds of a page (`{% interface_links "projects" %}` in the
page, `{% feed_head "projects" %}` in the head's feeds block). The list pages' CSV links carry
the page's query string (its filters), so the file holds what the page shows."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from core.keyset import POSITION_PARAMS
from network_portal.exports.ical import subscription_path

register = template.Library()

CSV = "text/csv"
ICS = "text/calendar"
ATOM = "application/atom+xml"

LIST_CSV = {
    "projects": "exports:projects_csv",
    "municipalities": "exports:municipalities_csv",
    "events": "exports:events_csv",
    "recaps": "exports:recaps_csv",
    "networks": "exports:networks_csv",
    "topics": "exports:topics_csv",
}


def filters_of(request):
    """The page's query string (filters, sort) without the position in the list."""
    query = request.GET.copy()
    for name in (*POSITION_PARAMS, "sep"):
        query.pop(name, None)
    return query


def csv_links(request, kind):
    query = filters_of(request)
    path = reverse(LIST_CSV[kind])
    plain = f"{path}?{query.urlencode()}" if query else path
    query["sep"] = "semicolon"
    return [
        (_("Download as CSV"), plain, CSV),
        (
            _("Download as CSV for German spreadsheet programs (separated by semicolons)"),
            f"{path}?{query.urlencode()}",
            CSV,
        ),
    ]


def feeds_of(kind, obj):
    """(title, path) of the Atom feeds a page offers."""
    if kind == "projects":
        return [(_("New projects (Atom feed)"), reverse("exports:projects_feed"))]
    if kind == "recaps":
        return [(_("Recaps (Atom feed)"), reverse("exports:recaps_feed"))]
    name = {
        "topic": "topic_projects_feed",
        "network": "network_projects_feed",
        "municipality": "municipality_projects_feed",
    }.get(kind)
    if name:
        title = _("New projects of %(name)s (Atom feed)") % {"name": obj}
        return [(title, reverse(f"exports:{name}", kwargs={"slug": obj.slug}))]
    return []


def calendars_of(request, kind, obj):
    if kind == "events":
        path = subscription_path(filters_of(request))
        if path is None:  # invalid filters: the page says so, there is nothing to subscribe
            return []
        return [(_("Subscribe to these events in your calendar (iCalendar)"), path, ICS)]
    if kind in ("network", "topic"):
        path = reverse(f"exports:{kind}_ics", kwargs={"slug": obj.slug})
        return [(_("Subscribe to its events in your calendar (iCalendar)"), path, ICS)]
    if kind == "event" and obj.starts_on and obj.status == "published":
        path = reverse("exports:event_ics", kwargs={"slug": obj.slug})
        return [(_("Add to your calendar (iCalendar file)"), path, ICS)]
    return []


@register.inclusion_tag("exports/_interface_links.html", takes_context=True)
def interface_links(context, kind, obj=None):
    request = context["request"]
    links = []
    if kind in LIST_CSV:
        links += csv_links(request, kind)
    links += calendars_of(request, kind, obj)
    links += [(title, path, ATOM) for title, path in feeds_of(kind, obj)]
    return {"links": links}


@register.inclusion_tag("exports/_feed_head.html")
def feed_head(kind, obj=None):
    return {"feeds": feeds_of(kind, obj)}
