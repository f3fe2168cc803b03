"""What each list's CSV holds: its rows (through the access rule and the list's own filters)
and its columns. Only the exported columns are read, and no person's contact data is among
them (people are not exported at all)."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Case, IntegerField, OuterRef, Value, When
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from events.filters import EventFilter
from events.models import Event, Recap
from events.views import EventListView, RecapListView
from members.models import Membership, Municipality, Network
from network_portal.municipality_list import MunicipalityFilter, MunicipalityListView
from projects.filters import ProjectFilter
from projects.models import Project, Topic, project_counts_by_topic
from projects.views import ProjectListView


def yes_no(value):
    return _("yes") if value else _("no")


def choice_label(choices):
    labels = dict(choices)
    return lambda value: labels.get(value, value or "")


def joined(values):
    return "; ".join(str(value) for value in values or () if value)


def topic_name_field():
    return "name_en" if (get_language() or "de").startswith("en") else "name_de"


@dataclass(frozen=True)
class Column:
    header: object  # a lazy translation
    value: object  # a field path, or the name of an annotation made by the table
    render: Callable | None = None


@dataclass(frozen=True)
class Table:
    name: str  # the file name's stem
    url_name: str  # the detail page of a row, reversed with its slug
    columns: tuple[Column, ...]
    rows: Callable  # (request) -> a queryset, or the list's filter set to validate
    annotations: Callable = field(default=lambda: {})
    # The list page's view: its sort orders (core.keyset) order the file as the page does.
    view: Callable | None = None


def filtered(filterset_class, base):
    def rows(request):
        return filterset_class(request.GET, queryset=base(request.viewer), request=request)

    return rows


def unfiltered(base):
    return lambda request: base(request.viewer)


def project_annotations():
    topics = Topic.objects.filter(projects=OuterRef("pk")).order_by(topic_name_field())
    return {"topic_names": ArraySubquery(topics.values(topic_name_field()))}


def municipality_annotations():
    networks = (
        Membership.objects.active()
        .filter(municipality=OuterRef("pk"))
        .order_by("network__name")
        .values("network__name")
    )
    return {"network_names": ArraySubquery(networks)}


def topic_rows(request):
    # The topic list's counts (the same cached entry), put in as constants: 100 topics.
    counts = project_counts_by_topic(request.viewer)
    project_count = Case(
        *(When(pk=pk, then=Value(count)) for pk, count in counts.items()),
        default=Value(0),
        output_field=IntegerField(),
    )
    return Topic.objects.annotate(project_count=project_count).order_by(topic_name_field())


PROJECTS = Table(
    name="projekte",
    url_name="projects:project_detail",
    rows=filtered(ProjectFilter, lambda viewer: Project.objects.visible_to(viewer)),
    view=ProjectListView,
    annotations=project_annotations,
    columns=(
        Column(_("Title"), "title"),
        Column(_("Summary"), "summary"),
        Column(_("Lead municipality"), "lead_municipality__name"),
        Column(_("Country"), "lead_municipality__country"),
        Column(_("State"), "lead_municipality__state"),
        Column(_("Topics"), "topic_names", joined),
        Column(_("Stage"), "stage", choice_label(Project.Stage.choices)),
        Column(_("Start"), "started_on"),
        Column(_("End"), "ended_on"),
        Column(_("Funding programme"), "funding_programme"),
        Column(_("Open source"), "is_open_source", yes_no),
        Column(_("Repository"), "repository_url"),
        Column(_("Licence"), "licence"),
        Column(_("Open standards used"), "open_standards"),
        Column(_("Visible to"), "visibility", choice_label(Project.visibility.field.choices)),
    ),
)

MUNICIPALITIES = Table(
    name="kommunen",
    url_name="municipality_detail",
    rows=filtered(MunicipalityFilter, lambda viewer: Municipality.objects.all()),
    view=MunicipalityListView,
    annotations=municipality_annotations,
    columns=(
        Column(_("Name"), "name"),
        Column(_("Kind"), "kind", choice_label(Municipality.Kind.choices)),
        Column(_("Country"), "country"),
        Column(_("State"), "state"),
        Column(_("Population"), "population"),
        Column(
            _("Rural or urban"),
            "settlement_type",
            choice_label(Municipality.SettlementType.choices),
        ),
        Column(_("Official key"), "official_key"),
        Column(_("Latitude"), "latitude"),
        Column(_("Longitude"), "longitude"),
        Column(_("Website"), "website"),
        Column(_("Networks"), "network_names", joined),
    ),
)

EVENTS = Table(
    name="veranstaltungen",
    url_name="events:event_detail",
    rows=filtered(EventFilter, lambda viewer: Event.objects.visible_to(viewer)),
    view=EventListView,
    columns=(
        Column(_("Title"), "title"),
        Column(_("Kind"), "kind", choice_label(Event.Kind.choices)),
        Column(_("Network"), "network__name"),
        Column(_("Series"), "series"),
        Column(_("Edition"), "edition"),
        Column(_("Start"), "starts_on"),
        Column(_("End"), "ends_on"),
        Column(_("City"), "city__name"),
        Column(_("Venue"), "venue"),
        Column(_("Website"), "website"),
    ),
)

RECAPS = Table(
    name="rueckblicke",
    url_name="events:recap_detail",
    # Published recaps only, as the list shows them (drafts are their editors' business).
    rows=unfiltered(lambda viewer: Recap.objects.published()),
    view=RecapListView,
    columns=(
        Column(_("Title"), "title"),
        Column(_("Event"), "event__title"),
        Column(_("Published"), "published_at"),
        Column(_("Written by"), "author_municipality__name"),
    ),
)

NETWORKS = Table(
    name="netzwerke",
    url_name="network_detail",
    rows=unfiltered(lambda viewer: Network.objects.with_member_count().order_by("name")),
    columns=(
        Column(_("Name"), "name"),
        Column(_("Short name"), "short_name"),
        Column(_("Operator"), "operator__name"),
        Column(_("Founded"), "founded_year"),
        Column(_("Ended"), "ended_year"),
        Column(_("Website"), "website"),
        Column(_("Members in the portal"), "member_count"),
    ),
)

TOPICS = Table(
    name="themen",
    url_name="topic_detail",
    rows=topic_rows,
    columns=(
        Column(_("Name (German)"), "name_de"),
        Column(_("Name (English)"), "name_en"),
        Column(_("Projects"), "project_count"),
    ),
)

TABLES = {
    table.name: table for table in (PROJECTS, MUNICIPALITIES, EVENTS, RECAPS, NETWORKS, TOPICS)
}
