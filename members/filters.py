"""Faceted filters (django-filter) and the facet counts they show.

Each facet's options carry the number of results the option would give, counted with
the list's OTHER active filters applied: one aggregate query per facet, whatever the
number of rows. The free-text `q` goes through the model's `.search()`.

The project and event filters build on FacetedFilterSet from here; the municipality
filter's topic facet reaches projects through reverse relations, because members never
imports projects (STYLE §0).
"""

from dataclasses import dataclass

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from members.models import Membership, Municipality, Network

CHECKBOXES = "checkboxes"
RADIOS = "radios"
SELECT = "select"

country_code_validator = RegexValidator(
    r"^[A-Za-z]{2}$", _("Enter a two-letter country code such as DE.")
)


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str  # the query-string parameter
    label: str
    widget: str  # CHECKBOXES, RADIOS or SELECT
    options: list[FacetOption]

    @property
    def input_id(self):
        return f"facet-{self.name}"

    @property
    def has_selection(self):
        return any(option.selected for option in self.options)


@dataclass(frozen=True)
class ActiveFilter:
    label: str  # "Topic: Mobility"
    remove_query: str  # the query string without this value (and without the page)


class CountryField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(max_length=2, validators=[country_code_validator], **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return value.upper() if value else value


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        super().__init__(**kwargs)


class CountryFilter(django_filters.CharFilter):
    field_class = CountryField


class YearFilter(django_filters.Filter):
    field_class = YearField


def yes_no_choices():
    return [("yes", _("Yes")), ("no", _("No"))]


def as_strings(value):
    """A filter's cleaned value as the list of strings the query string carries."""
    if value is None or value == "":
        return []
    items = value if isinstance(value, list | tuple | QuerySet) else [value]
    return [str(getattr(item, "slug", item)) for item in items]


class FacetedFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label=_("Search term"), max_length=200)

    # (filter name, widget) of each facet, in the order the form shows them.
    facets: tuple[tuple[str, str], ...] = ()
    # Most options one facet lists (those picked always stay in the list).
    option_limit = {CHECKBOXES: 30, RADIOS: 30, SELECT: 300}

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_queryset(self, queryset, *, without=None):
        # The search runs last, so its ranking orders rows the facets have already narrowed.
        items = [(n, v) for n, v in self.form.cleaned_data.items() if n != without]
        items.sort(key=lambda item: item[0] == "q")
        for name, value in items:
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def selected(self, name):
        """The valid values picked for `name`, as strings."""
        cleaned = getattr(self.form, "cleaned_data", {})
        return as_strings(cleaned.get(name))

    @property
    def has_active_filters(self):
        return any(self.data.get(name) for name in self.filters)

    def facet_list(self):
        facets = []
        for name, widget in self.facets:
            ids = self.filter_queryset(self.queryset.all(), without=name).order_by().values("pk")
            selected = self.selected(name)
            limit = self.option_limit[widget]
            rows = getattr(self, f"count_{name}")(ids, selected, limit)
            options = [
                FacetOption(str(value), str(label), count, str(value) in selected)
                for value, label, count in rows
            ]
            shown = {option.value for option in options}
            # A picked option without results still shows, so it can be unpicked.
            options += [
                FacetOption(value, self.option_label(name, value), 0, True)
                for value in selected
                if value not in shown
            ]
            facets.append(Facet(name, str(self.filters[name].label), widget, options))
        return facets

    def option_label(self, name, value):
        choices = getattr(self.filters[name], "extra", {}).get("choices")
        if callable(choices):
            choices = choices()
        return str(dict(choices or ()).get(value, value))

    def active_filters(self, facets):
        """Each picked value with the query string that drops it, so people can remove it."""
        active = []
        labels = {
            facet.name: {option.value: option.label for option in facet.options} for facet in facets
        }
        for name in self.filters:
            for value in self.selected(name):
                query = self.data.copy()
                query.setlist(name, [v for v in self.data.getlist(name) if v != value])
                query.pop("page", None)
                label = labels.get(name, {}).get(value, value)
                active.append(
                    ActiveFilter(f"{self.filters[name].label}: {label}", query.urlencode())
                )
        return active

    # Counting helpers; each runs one query.

    def value_counts(self, ids, value_path, selected, limit, *, label_path=None):
        """(value, label, count) per distinct value of `value_path` among `ids`."""
        model = self.queryset.model
        fields = {"facet_value": F(value_path) if isinstance(value_path, str) else value_path}
        if label_path:
            fields["facet_label"] = F(label_path)
        picked_first = Case(When(facet_value__in=selected, then=Value(0)), default=Value(1))
        rows = (
            model.objects.filter(pk__in=ids)
            .annotate(**fields)
            .values(*fields)
            .annotate(n=Count("pk", distinct=True))
            .exclude(facet_value__isnull=True)
            .order_by(picked_first, "-n", "facet_value")[:limit]
        )
        return [
            (row["facet_value"], row.get("facet_label", row["facet_value"]), row["n"])
            for row in rows
            if row["facet_value"] != ""
        ]

    def choice_counts(self, ids, value_path, choices, selected):
        """Counts of a field with fixed choices, in the choices' order."""
        counts = {value: n for value, _label, n in self.value_counts(ids, value_path, [], 100)}
        return [
            (value, label, counts[value])
            for value, label in choices
            if counts.get(value) or value in selected
        ]

    def model_counts(self, queryset, count, selected, limit, *, label=str):
        """(slug, label, count) per row of `queryset` annotated with the `count` expression."""
        picked_first = Case(When(slug__in=selected, then=Value(0)), default=Value(1))
        rows = (
            queryset.annotate(n=count)
            .filter(Q(n__gt=0) | Q(slug__in=selected))
            .order_by(picked_first, "-n", *queryset.query.order_by or queryset.model._meta.ordering)
        )[:limit]
        return [(row.slug, label(row), row.n) for row in rows]


def visible_projects(request):
    """The projects the person may see, reached through the reverse relation (STYLE §0)."""
    project_model = Municipality.led_projects.field.model
    return project_model.objects.visible_to(request.user)


def topics(request):
    topic_model = Municipality.led_projects.field.model.topics.field.related_model
    return topic_model.objects.all()


def municipalities_working_on(projects):
    """Municipalities that lead or partner one of `projects`."""
    return Q(pk__in=projects.values("lead_municipality")) | Q(
        pk__in=projects.values("partner_municipalities")
    )


class MunicipalityFilter(FacetedFilterSet):
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
        label=_("Topic"), queryset=topics, to_field_name="slug", method="filter_topic"
    )

    facets = (
        ("topic", CHECKBOXES),
        ("network", CHECKBOXES),
        ("country", SELECT),
        ("state", SELECT),
        ("population_class", CHECKBOXES),
        ("settlement_type", RADIOS),
    )

    class Meta:
        model = Municipality
        fields = []

    def filter_network(self, queryset, name, value):
        if not value:
            return queryset
        members = Membership.objects.active().filter(network__in=value).values("municipality")
        return queryset.filter(pk__in=members)

    def filter_topic(self, queryset, name, value):
        if not value:
            return queryset
        projects = visible_projects(self.request).filter(topics__in=value)
        return queryset.filter(municipalities_working_on(projects))

    def count_network(self, ids, selected, limit):
        count = Count(
            "memberships",
            filter=Q(
                memberships__status=Membership.Status.ACTIVE, memberships__municipality__in=ids
            ),
            distinct=True,
        )
        return self.model_counts(Network.objects.all(), count, selected, limit)

    def count_country(self, ids, selected, limit):
        return self.value_counts(ids, "country", selected, limit)

    def count_state(self, ids, selected, limit):
        return self.value_counts(ids, "state", selected, limit)

    def count_population_class(self, ids, selected, limit):
        choices = Municipality.PopulationClass.choices
        return self.choice_counts(ids, "population_class", choices, selected)

    def count_settlement_type(self, ids, selected, limit):
        choices = Municipality.SettlementType.choices
        return self.choice_counts(ids, "settlement_type", choices, selected)

    def count_topic(self, ids, selected, limit):
        # Two queries: the topics (a small curated list), then one aggregate with a
        # conditional count per topic, since a municipality reaches a topic two ways.
        all_topics = list(topics(self.request))
        projects = visible_projects(self.request)
        counts = Municipality.objects.filter(pk__in=ids).aggregate(
            **{
                f"topic_{topic.pk}": Count(
                    "pk", filter=municipalities_working_on(projects.filter(topics=topic))
                )
                for topic in all_topics
            }
        )
        rows = [
            (topic.slug, topic.name, counts[f"topic_{topic.pk}"])
            for topic in all_topics
            if counts[f"topic_{topic.pk}"] or topic.slug in selected
        ]
        rows.sort(key=lambda row: (row[0] not in selected, -row[2], row[1]))
        return rows[:limit]
