"""Faceted filters of the event list (see members/filters.py for how facets count)."""

import django_filters
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from core.facets import (
    CHECKBOXES,
    SELECT,
    CountryFilter,
    FacetedFilterSet,
    YearFilter,
)
from events.models import Event
from members.models import Municipality, Network, country_name


class EventFilter(FacetedFilterSet):
    network = django_filters.ModelMultipleChoiceFilter(
        label=_("Network"),
        queryset=Network.objects.all(),
        to_field_name="slug",
        field_name="network__slug",
        distinct=False,
    )
    year = YearFilter(label=_("Year"), field_name="starts_on", lookup_expr="year")
    kind = django_filters.MultipleChoiceFilter(
        label=_("Kind"),
        choices=Event.Kind.choices,
        field_name="kind",
        distinct=False,
    )
    country = CountryFilter(label=_("Country"), field_name="city__country")
    city = django_filters.ModelChoiceFilter(
        label=_("City"),
        queryset=Municipality.objects.all(),
        to_field_name="slug",
        field_name="city",
    )

    facets = (
        ("network", CHECKBOXES),
        ("kind", CHECKBOXES),
        ("year", SELECT),
        ("country", SELECT),
        ("city", SELECT),
    )

    class Meta:
        model = Event
        fields = []

    def count_network(self, rows, selected, limit):
        return self.linked_counts(Network.objects.all(), "network", rows, selected, limit)

    def count_kind(self, rows, selected, limit):
        return self.choice_counts(rows, "kind", Event.Kind.choices, selected)

    def count_year(self, rows, selected, limit):
        counted = self.value_counts(rows, ExtractYear("starts_on"), selected, limit)
        return sorted(counted, key=lambda row: -row[0])

    def count_country(self, rows, selected, limit):
        counted = self.value_counts(rows, "city__country", selected, limit)
        return [(code, country_name(code), count) for code, _code, count in counted]

    def count_city(self, rows, selected, limit):
        counted = self.value_counts(rows, "city__slug", selected, limit, label_path="city__name")
        return sorted(counted, key=lambda row: row[1])
