"""The municipality list: a members page whose topic facet reads the projects' topic
profiles, so it lives on the floor that spans members and projects (STYLE §0)."""

import django_filters
from django.db.models import F, Prefetch, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.facets import CHECKBOXES, RADIOS, SELECT, CountryFilter, FacetedFilterSet, FacetedListView
from core.keyset import SortKey, SortOrder
from members.filters import PlaceFacetCounts
from members.models import Membership, Municipality, Network
from projects.models import MunicipalityTopic, Topic


def visible_profile(request):
    """Topic profile rows counting a project the person may see (core.access)."""
    return MunicipalityTopic.objects.visible_to(request.viewer)


class MunicipalityFilter(PlaceFacetCounts, FacetedFilterSet):
    network = django_filters.ModelMultipleChoiceFilter(
        label=_("Network"),
        queryset=Network.objects.all(),
        to_field_name="slug",
        method="filter_network",
    )
    country = CountryFilter(label=_("Country"), field_name="country")
    state = django_filters.CharFilter(label=_("State"), field_name="state", max_length=100)
    population_class = django_filters.MultipleChoiceFilter(
        label=_("Population"),
        choices=Municipality.PopulationClass.choices,
        field_name="population_class",
        distinct=False,
    )
    settlement_type = django_filters.ChoiceFilter(
        label=_("Rural or urban"),
        choices=Municipality.SettlementType.choices,
        field_name="settlement_type",
    )
    topic = django_filters.ModelMultipleChoiceFilter(
        label=_("Topic"), queryset=Topic.objects.all(), to_field_name="slug", method="filter_topic"
    )

    facets = (
        ("topic", CHECKBOXES),
        ("network", CHECKBOXES),
        ("country", SELECT),
        ("state", SELECT),
        ("population_class", CHECKBOXES),
        ("settlement_type", RADIOS),
    )
    facet_values = {
        "country": "country",
        "state": "state",
        "population_class": "population_class",
        "settlement_type": "settlement_type",
    }

    class Meta:
        model = Municipality
        fields = []

    def filter_network(self, queryset, name, value):
        if not value:
            return queryset
        members = Membership.objects.active().filter(network__in=value).values("municipality")
        return queryset.filter(pk__in=members)

    def filter_topic(self, queryset, name, value):
        # Municipalities leading or partnering a visible project on one of the topics, read
        # from their topic profiles (one index row per municipality and topic) instead of
        # from every project carrying the topic.
        if not value:
            return queryset
        working_on = visible_profile(self.request).filter(topic__in=value)
        return queryset.filter(pk__in=working_on.values("municipality"))

    def count_network(self, rows, selected, limit):
        # One membership at most per municipality and network (a unique constraint).
        active = Q(memberships__status=Membership.Status.ACTIVE)
        networks = Network.objects.all()
        return self.linked_counts(
            networks, "memberships__network", rows, selected, limit, links=active
        )

    def count_topic(self, rows, selected, limit):
        # The topic profiles again: one row per municipality and topic (unique), so the
        # profile rows of `rows` grouped by topic count the municipalities per topic.
        profile = visible_profile(self.request).filter(municipality__in=rows.values("pk"))
        counted = self.linked_counts(Topic.objects.all(), "topic", profile, selected, None)
        # Ties in the language of the page (the curated list is short: all of it is read).
        counted.sort(key=lambda row: (row[0] not in selected, -row[2], row[1]))
        return counted[:limit]


class MunicipalityListView(FacetedListView):
    template_name = "members/municipality_list.html"
    results_template_name = "members/_municipality_list_results.html"
    context_object_name = "municipalities"
    filterset_class = MunicipalityFilter
    # Keys as in the indexes of network_portal/migrations/0004_keyset_indexes.py (a place
    # without a population comes last among the largest-first).
    sort_orders = (
        SortOrder("name", _("Name (A–Z)"), (SortKey("name"), SortKey("pk"))),
        SortOrder(
            "population",
            _("Population (largest first)"),
            (
                SortKey(Coalesce(F("population"), Value(-1)), descending=True),
                SortKey("pk", descending=True),
            ),
        ),
    )

    def get_base_queryset(self):
        return Municipality.objects.with_card_data()

    def order(self, queryset):
        active = Membership.objects.active().select_related("network").order_by("network__name")
        return queryset.prefetch_related(
            Prefetch("memberships", queryset=active, to_attr="active_memberships")
        )


municipality_list = MunicipalityListView.as_view()
