"""Map pages: where the municipalities of the filtered list, of a topic or of a network are
(network_portal/map.py draws them). Each page lists the same places as links below the map
— the accessible alternative — and names those without coordinates as not on the map."""

from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from members.models import Membership, Municipality, Network
from network_portal.map import MAP_LIMIT, place_map
from network_portal.municipality_list import MunicipalityFilter
from network_portal.topic_page import municipalities_working_on
from projects.models import Project, Topic

PLACE_FIELDS = ("name", "slug", "kind", "country", "state", "population", "latitude", "longitude")


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


def render_map(request, *, heading, intro, back_url, back_label, queryset, status=200, **extra):
    places, total = bounded_places(queryset) if queryset is not None else ([], 0)
    context = {
        "heading": heading,
        "intro": intro,
        "back_url": back_url,
        "back_label": back_label,
        "place_map": place_map(places),
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
    projects = Project.objects.visible_to(request.viewer).filter(topics=topic)
    return render_map(
        request,
        heading=_("Where municipalities work on %(topic)s") % {"topic": topic.name},
        intro=_("Municipalities that lead or partner a project on this topic."),
        back_url=topic.get_absolute_url(),
        back_label=_("Back to the topic %(topic)s") % {"topic": topic.name},
        queryset=Municipality.objects.filter(municipalities_working_on(projects)),
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
