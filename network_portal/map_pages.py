"""Map pages: where the municipalities of the filtered list, of a topic or of a network are
(network_portal/map.py draws them). Each page lists the same places as links below the map
— the accessible alternative — and names those without coordinates as not on the map."""

from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from members.models import Membership, Municipality, Network
from network_portal.map import MAP_LIMIT, place_map
from network_portal.municipality_list import MunicipalityFilter
from projects.models import Topic, municipalities_working_on

PLACE_FIELDS = (
    "name",
    "name_en",
    "slug",
    "kind",
    "country",
    "state",
    "population",
    "latitude",
    "longitude",
)


def bounded_places(queryset: QuerySet) -> tuple[list, int]:
    """The largest MAP_LIMIT places of `queryset` sorted by name, and how many there are
    in all. Two queries at most, however many match."""
    largest = queryset.only(*PLACE_FIELDS).order_by(
        F("population").desc(nulls_last=True), "name", "pk"
    )
    places = list(largest[: MAP_LIMIT + 1])
    total = len(places) if len(places) <= MAP_LIMIT else queryset.order_by().count()
    places = sorted(places[:MAP_LIMIT], key=lambda place: (place.name.casefold(), place.pk))
    return places, total


# Up to 500 points and list items: built here with format_html_join, because the template
# loop with a URL reversal and number formatting per place took most of the page's time
# (about 300 ms of 350 at 500 places on the loaded 2-core machine).


def point_links(drawn) -> str:
    """The map's points: a link per place with its name, a tooltip and a circle."""
    radius = f"{drawn.radius:.4f}"
    return format_html_join(
        "",
        '<a href="{}" aria-label="{}"><title>{}</title><circle cx="{}" cy="{}" r="{}"/></a>',
        (
            (
                point.place.map_url,
                point.place.reader_name.text,
                point.place.reader_name.text,
                point.x,
                point.y,
                radius,
            )
            for point in drawn.points
        ),
    )


def place_items(places) -> str:
    """The list beside the map: a linked name per place, where it is and its size."""
    rows = []
    for place in places:
        where = ", ".join(part for part in (place.state, str(place.country_name)) if part)
        if place.population:
            population = number_format(place.population, force_grouping=True)
            where += " · " + _("%(population)s inhabitants") % {"population": population}
        name = place.reader_name
        lang = format_html(' lang="{}"', name.lang) if name.is_fallback else ""
        rows.append((place.map_url, lang, name.text, where))
    return format_html_join(
        "", '<li><a href="{}"{}>{}</a> <span class="muted">{}</span></li>', rows
    )


def render_map(request, *, heading, intro, back_url, back_label, queryset, status=200, **extra):
    places, total = bounded_places(queryset) if queryset is not None else ([], 0)
    for place in places:
        # Once: the map and the list both link and name it (in the reader's language).
        place.map_url = place.get_absolute_url()
        place.reader_name = place.in_reader_language("name")
    drawn = place_map(places)
    context = {
        "heading": heading,
        "intro": intro,
        "back_url": back_url,
        "back_label": back_label,
        "place_map": drawn,
        "point_links": point_links(drawn),
        "place_items": place_items(point.place for point in drawn.points),
        "unplaced_items": place_items(drawn.unplaced),
        "places": places,
        "total": total,
        "limit": MAP_LIMIT,
        "truncated": total > len(places),
        **extra,
    }
    return render(request, "map/map.html", context, status=status)


def describe_filters(filterset) -> list[str]:
    """ "Topic: Mobilität, KI" for each active filter, in the order of the list's form."""
    described = []
    for name, value in filterset.form.cleaned_data.items():
        if isinstance(value, QuerySet):  # picked topics or networks: one query each
            shown = ", ".join(str(item) for item in value)
        elif isinstance(value, list | tuple):
            shown = ", ".join(filterset.option_label(name, item) for item in value)
        elif value and name == "q":
            shown = f"“{value}”"
        elif value:
            shown = filterset.option_label(name, value)
        else:
            shown = ""
        if shown:
            described.append(f"{filterset.filters[name].label}: {shown}")
    return described


@require_safe
def municipality_map(request):
    """The municipalities the list's filters (same query string) leave, on a map."""
    filterset = MunicipalityFilter(
        request.GET, queryset=Municipality.objects.all(), request=request
    )
    query = request.GET.urlencode()
    common = {
        "heading": _("Map of the municipalities"),
        "intro": _("Where the municipalities of the list are."),
        "back_url": reverse("municipality_list") + (f"?{query}" if query else ""),
        "back_label": _("Back to the list with these filters")
        if query
        else _("Back to the list of municipalities"),
    }
    if not filterset.is_valid():
        errors = [
            (filterset.filters[name].label, messages) for name, messages in filterset.errors.items()
        ]
        return render_map(request, queryset=None, status=400, filter_error_list=errors, **common)
    return render_map(
        request, queryset=filterset.qs, active_filters=describe_filters(filterset), **common
    )


@require_safe
def topic_map(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    return render_map(
        request,
        heading=_("Where municipalities work on %(topic)s") % {"topic": topic.name},
        intro=_("Municipalities that lead or partner a project on this topic."),
        back_url=topic.get_absolute_url(),
        back_label=_("Back to the topic %(topic)s") % {"topic": topic.name},
        queryset=Municipality.objects.filter(
            pk__in=municipalities_working_on(topic, request.viewer)
        ),
    )


@require_safe
def network_map(request, slug):
    network = get_object_or_404(Network, slug=slug)
    members = Membership.objects.active().filter(network=network).values("municipality")
    return render_map(
        request,
        heading=_("Where the members of %(network)s are") % {"network": network},
        intro=_("The municipalities that are active members of this network."),
        back_url=network.get_absolute_url(),
        back_label=_("Back to the network %(network)s") % {"network": network},
        queryset=Municipality.objects.filter(pk__in=members),
    )
