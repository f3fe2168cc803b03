"""Faceted filters of the project list (see members/filters.py for how facets count)."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from core.facets import (
    CHECKBOXES,
    RADIOS,
    SELECT,
    CountryFilter,
    FacetedFilterSet,
    YearFilter,
    yes_no_choices,
)
from members.filters import PlaceFacetCounts
from members.models import Membership, Municipality, Network
from projects.models import Project, Topic


class ProjectFilter(PlaceFacetCounts, FacetedFilterSet):
    topic = django_filters.ModelMultipleChoiceFilter(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        method="filter_topic",
    )
    network = django_filters.ModelMultipleChoiceFilter(
        label=_("Network"),
        queryset=Network.objects.all(),
        to_field_name="slug",
        method="filter_network",
    )
    country = CountryFilter(label=_("Country"), field_name="lead_municipality__country")
    state = django_filters.CharFilter(
        label=_("State"), field_name="lead_municipality__state", max_length=100
    )
    population_class = django_filters.MultipleChoiceFilter(
        label=_("Population of the lead municipality"),
        choices=Municipality.PopulationClass.choices,
        field_name="lead_municipality__population_class",
        distinct=False,
    )
    settlement_type = django_filters.ChoiceFilter(
        label=_("Rural or urban"),
        choices=Municipality.SettlementType.choices,
        field_name="lead_municipality__settlement_type",
    )
    stage = django_filters.MultipleChoiceFilter(
        label=_("Stage"),
        choices=Project.Stage.choices,
        field_name="stage",
        distinct=False,
    )
    open_source = django_filters.ChoiceFilter(
        label=_("Open source"), choices=yes_no_choices, method="filter_open_source"
    )
    year = YearFilter(label=_("Start year"), field_name="started_on", lookup_expr="year")
    # Not a facet: what a municipality's page links to after its first projects.
    lead = django_filters.ModelChoiceFilter(
        label=_("Lead municipality"),
        queryset=Municipality.objects.only("pk", "slug", "name"),
        to_field_name="slug",
        field_name="lead_municipality",
    )

    facets = (
        ("topic", CHECKBOXES),
        ("network", CHECKBOXES),
        ("stage", CHECKBOXES),
        ("open_source", RADIOS),
        ("year", SELECT),
        ("country", SELECT),
        ("state", SELECT),
        ("population_class", CHECKBOXES),
        ("settlement_type", RADIOS),
    )

    facet_values = {
        "stage": "stage",
        "open_source": "is_open_source",
        "year": ExtractYear("started_on"),
        "country": "lead_municipality__country",
        "state": "lead_municipality__state",
        "population_class": "lead_municipality__population_class",
        "settlement_type": "lead_municipality__settlement_type",
    }

    class Meta:
        model = Project
        fields = []

    def option_label(self, name, value):
        lead = getattr(self.form, "cleaned_data", {}).get("lead")
        if name == "lead" and lead is not None:
            return lead.name
        return super().option_label(name, value)

    def filter_topic(self, queryset, name, value):
        if not value:
            return queryset
        tagged = Project.topics.through.objects.filter(project=OuterRef("pk"), topic__in=value)
        return queryset.filter(Exists(tagged))

    def filter_network(self, queryset, name, value):
        if not value:
            return queryset
        members = Membership.objects.active().filter(
            municipality=OuterRef("lead_municipality"), network__in=value
        )
        return queryset.filter(Exists(members))

    def filter_open_source(self, queryset, name, value):
        return queryset.filter(is_open_source=value == "yes")

    def count_topic(self, rows, selected, limit):
        # A project carries a topic once (the link table's unique pair).
        return self.linked_counts(Topic.objects.all(), "topics", rows, selected, limit)

    def count_network(self, rows, selected, limit):
        # A project counts for the networks its lead is an active member of: one membership
        # at most per municipality and network (a unique constraint).
        active = Q(lead_municipality__memberships__status=Membership.Status.ACTIVE)
        path = "lead_municipality__memberships__network"
        return self.linked_counts(Network.objects.all(), path, rows, selected, limit, links=active)

    def count_stage(self, rows, selected, limit):
        path = self.facet_values["stage"]
        return self.choice_counts(rows, path, Project.Stage.choices, selected)

    def count_open_source(self, rows, selected, limit):
        path = self.facet_values["open_source"]
        counts = {value: n for value, _label, n in self.value_counts(rows, path, [], 2)}
        return [
            (choice, label, counts.get(choice == "yes", 0))
            for choice, label in yes_no_choices()
            if counts.get(choice == "yes") or choice in selected
        ]

    def count_year(self, rows, selected, limit):
        counted = self.value_counts(rows, self.facet_values["year"], selected, limit)
        return sorted(counted, key=lambda row: -row[0])
