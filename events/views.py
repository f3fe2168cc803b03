import datetime

from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from core.facets import PAGE_SIZE, FacetedListView
from core.keyset import (
    ListRequestError,
    Section,
    SectionedOrder,
    SortedListMixin,
    SortKey,
    SortOrder,
)
from events.filters import EventFilter
from events.models import Event, EventQuerySet, Highlight, ProgrammeItem, Recap
from members.models import Person
from members.pictures import Picture
from projects.models import Project


def speakers():
    return Person.objects.select_related("municipality", "organization")


def highlights():
    return Highlight.objects.select_related(
        "person", "person__municipality", "person__organization"
    )


class EventListView(FacetedListView):
    template_name = "events/event_list.html"
    results_template_name = "events/_event_list_results.html"
    context_object_name = "events"
    filterset_class = EventFilter

    def get_base_queryset(self):
        # Drafts only for their editors (core.access): the list and its facet counts.
        return Event.objects.visible_to(self.request.viewer)

    def order(self, queryset):
        return queryset.with_card_data()

    def get_sort_orders(self):
        # Keys as in the indexes of network_portal/migrations/0004_keyset_indexes.py; the
        # "date" order's sections depend on the day (about 5,000 rows sorted per page).
        return (date_order(), LATEST_ORDER, NAME_ORDER)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.sort.value == DATE_ORDER:
            context["event_sections"] = sections_of(context["events"])
        elif context["events"]:
            context["event_sections"] = [(_("Events"), context["events"])]
        return context


DATE_ORDER = "date"
LATEST_ORDER = SortOrder(
    "latest",
    _("Latest first"),
    (
        SortKey(Coalesce(models.F("starts_on"), models.Value(datetime.date.min)), descending=True),
        SortKey("pk", descending=True),
    ),
)
NAME_ORDER = SortOrder("name", _("Name (A–Z)"), (SortKey("title"), SortKey("pk")))


def date_order():
    """The list's sections as an order (EventQuerySet.in_list_order): upcoming events
    soonest first, then past ones latest first, then those whose date is not yet known —
    each section a keyset order of plain columns (core.keyset.SectionedOrder)."""
    today = timezone.localdate()
    over_without_date = EventQuerySet.over_without_date()
    dated = Q(starts_on__isnull=False)
    upcoming = dated & (Q(ends_on__gte=today) | Q(ends_on__isnull=True, starts_on__gte=today))
    past = over_without_date | (
        dated & (Q(ends_on__lt=today) | Q(ends_on__isnull=True, starts_on__lt=today))
    )
    undated = Q(starts_on__isnull=True) & ~over_without_date
    soonest = SortOrder("soonest", "", (SortKey("starts_on"), SortKey("title"), SortKey("pk")))
    latest = SortOrder(
        "latest",
        "",
        (
            SortKey(
                Coalesce(models.F("starts_on"), models.Value(datetime.date.min)), descending=True
            ),
            SortKey("title"),
            SortKey("pk"),
        ),
    )
    return SectionedOrder(
        DATE_ORDER,
        _("Date (upcoming first)"),
        sections=(
            Section(EventQuerySet.UPCOMING, upcoming, soonest),
            Section(EventQuerySet.PAST, past, latest),
            Section(EventQuerySet.UNDATED, undated, NAME_ORDER),
        ),
        attribute="date_section",
    )


def sections_of(events):
    """The page's events grouped into the list's sections, as (heading, events) pairs."""
    headings = {
        EventQuerySet.UPCOMING: _("Upcoming events"),
        EventQuerySet.PAST: _("Past events"),
        EventQuerySet.UNDATED: _("Date not yet known"),
    }
    sections = {}
    for event in events:
        sections.setdefault(event.date_section, []).append(event)
    return [(headings[key], sections[key]) for key in sorted(sections)]


class EventDetailView(DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        # A draft is for its editors; everyone else gets a 404 as if there were none.
        return (
            Event.objects.visible_to(self.request.viewer)
            .with_card_data()
            .select_related("organizer")
        )

    def get_context_data(self, **kwargs):
        event = self.object
        programme = ProgrammeItem.objects.filter(event=event).prefetch_related(
            Prefetch("speakers", queryset=speakers()), "guest_speakers"
        )
        recaps = (
            event.recaps.published()
            .select_related("author_municipality")
            .prefetch_related(Prefetch("highlights", queryset=highlights()))
        )
        return super().get_context_data(
            programme=programme,
            recaps=recaps,
            pictures=Picture.objects.of(event),
            can_edit=self.request.viewer.can_edit_event(event),
            **kwargs,
        )


class RecapListView(SortedListMixin, ListView):
    template_name = "events/recap_list.html"
    context_object_name = "recaps"
    paginate_by = PAGE_SIZE
    # Keys as in the indexes of network_portal/migrations/0004_keyset_indexes.py (published
    # recaps all have a date).
    sort_orders = (
        SortOrder(
            "newest",
            _("Newest first"),
            (SortKey("published_at", descending=True), SortKey("pk", descending=True)),
        ),
        NAME_ORDER,
    )

    def get_queryset(self):
        return Recap.objects.published().with_card_data()

    def get(self, request, *args, **kwargs):
        try:
            self.sort = self.choose_sort()
            self.object_list = self.get_queryset()
            context = self.get_context_data(**self.sort_context())
        except ListRequestError as error:
            self.sort = self.offered_sorts()[0]
            self.object_list = Recap.objects.none()
            self.paginate_by = None
            context = self.get_context_data(
                list_error_list=[(error.label, [error.message])], **self.sort_context()
            )
            return self.render_to_response(context, status=400)
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        # Editors also find their drafts and scheduled recaps here, apart from the list.
        viewer = self.request.viewer
        pending = Recap.objects.none()
        if viewer.organizes_any:
            pending = (
                Recap.objects.visible_to(viewer)
                .exclude(pk__in=Recap.objects.published().values("pk"))
                .select_related("event")
                .order_by("-published_at", "title")
            )
        return super().get_context_data(pending=pending, **kwargs)


class RecapDetailView(DetailView):
    template_name = "events/recap_detail.html"
    context_object_name = "recap"

    def get_queryset(self):
        # Drafts are for their network's organizers and staff; everyone else gets a 404 as
        # if there were none.
        return Recap.objects.visible_to(self.request.viewer).with_card_data()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**recap_context(self.request, self.object), **kwargs)


def recap_context(request, recap, *, preview=False):
    """What the recap page shows; the preview of a draft shows the very same."""
    return {
        "recap": recap,
        "preview": preview,
        "can_edit": request.viewer.can_edit_event(recap.event),
        "highlights": highlights().filter(recap=recap),
        "projects": Project.objects.visible_to(request.viewer)
        .filter(recaps=recap)
        .with_card_data(),
        "topics": recap.topics.all(),
        "municipalities": recap.municipalities.order_by("name"),
        "pictures": Picture.objects.of(recap),
    }


event_list = EventListView.as_view()
event_detail = EventDetailView.as_view()
recap_list = RecapListView.as_view()
recap_detail = RecapDetailView.as_view()
