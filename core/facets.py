"""Faceted filters (django-filter) and the facet counts they show.

Each facet's options carry the number of results the option would give, counted with
the list's OTHER active filters applied: one aggregate query per facet, whatever the
number of rows. The free-text `q` goes through the model's `.search()`.

How the counts stay fast on 100,000 rows: every filter is a semi-join (EXISTS or IN) on the
list's own table, so a row never appears twice and a facet aggregates the filtered rows
directly (no `pk IN (filtered ids)` round trip through the table). A facet over a related
table (networks, topics) starts from the links of the filtered rows and groups them, never
from all links of every network or topic.

Shared by every faceted list (municipalities, projects, events): it knows no app.
"""

from dataclasses import dataclass

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db import connections
from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from core.cached import cached
from core.kept import kept_part
from core.keyset import POSITION_PARAMS, SORT_PARAM, ListRequestError, SortedListMixin
from core.search_filters import SearchOnceMixin

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
class CountedValues:
    """One facet's counts, already taken by FacetedFilterSet.grouped_counts(): what
    value_counts() accepts in place of the rows to count."""

    counts: list[tuple]  # (value, count), by count descending, then value; no None value

    def top(self, selected, limit):
        # sorted() is stable: the picked values come first, each part keeps the database's
        # order (count descending, then value), as value_counts' ORDER BY does.
        ordered = sorted(self.counts, key=lambda row: str(row[0]) not in selected)
        return ordered[:limit]


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


class FacetedFilterSet(SearchOnceMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label=_("Search term"), max_length=200)

    # (filter name, widget) of each facet, in the order the form shows them.
    facets: tuple[tuple[str, str], ...] = ()
    # Most options one facet lists (those picked always stay in the list).
    option_limit = {CHECKBOXES: 30, RADIOS: 30, SELECT: 300}
    # The value (field path or expression) of each facet that counts one value per row
    # through value_counts(). Those whose other active filters are the same are counted
    # together in one query (grouped_counts); the count_<name> methods read them from here.
    facet_values: dict = {}

    def filter_search(self, queryset, name, value):
        return self.search_rows(queryset, value)  # core.search_filters: matched once

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

    def rows_without(self, name):
        """The rows the active filters other than `name` leave, unordered, to aggregate."""
        with self.counting_facets():
            return self.filter_queryset(self.queryset.all(), without=name).order_by()

    def facet_list(self):
        facets = []
        counted = self.grouped_counts()
        for name, widget in self.facets:
            selected = self.selected(name)
            limit = self.option_limit[widget]
            rows = counted[name] if name in counted else self.rows_without(name)
            rows = getattr(self, f"count_{name}")(rows, selected, limit)
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

    def grouped_counts(self):
        """{facet name: CountedValues} of the facets in `facet_values` that share their
        other active filters with another such facet, each group counted in one query.

        A facet's counts leave its own filter out, so facets share their rows only while
        none of them is picked: all unpicked facets count the fully filtered rows. One
        `GROUP BY GROUPING SETS ((value 1), (value 2), ...)` over those rows counts each
        facet's values as its own aggregate query would; a facet counted alone (a picked
        one) keeps its own query.
        """
        active = {name for name in getattr(self.form, "cleaned_data", {}) if self.selected(name)}
        groups = {}
        for name, _widget in self.facets:
            if name in self.facet_values:
                groups.setdefault(frozenset(active - {name}), []).append(name)
        counted = {}
        for names in groups.values():
            if len(names) > 1:
                counted.update(self.count_grouping_sets(self.rows_without(names[0]), names))
        return counted

    def count_grouping_sets(self, rows, names):
        """{name: CountedValues} of the facets `names` among `rows`, in one query."""
        fields = {}
        for i, name in enumerate(names):
            path = self.facet_values[name]
            fields[f"facet_{i}"] = F(path) if isinstance(path, str) else path
        inner = rows.annotate(**fields).values(*fields)
        # The ORM has no GROUPING SETS: wrap the filtered rows' own SQL (PostgreSQL plans
        # the subquery in FROM as if it were written inline).
        sql, params = inner.query.sql_with_params()
        connection = connections[rows.db]
        columns = ", ".join(connection.ops.quote_name(alias) for alias in fields)
        sets = ", ".join(f"({connection.ops.quote_name(alias)})" for alias in fields)
        # GROUPING(columns) is a bit mask, first column highest: 0 for the grouped one.
        # Only the column aliases made here go into the text; the values are parameters.
        query = (
            f"SELECT GROUPING({columns}), {columns}, COUNT(*) AS n"  # noqa: S608
            f" FROM ({sql}) AS facet_rows GROUP BY GROUPING SETS ({sets})"
            f" ORDER BY 1, n DESC, {columns}"
        )
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            result = cursor.fetchall()
        # The Python values the ORM would give (e.g. an int for EXTRACT's numeric).
        expressions = [inner.query.annotations[alias] for alias in fields]
        converters = [
            connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
            for expression in expressions
        ]
        everything = (1 << len(names)) - 1
        counts = {name: [] for name in names}
        for grouping, *values, n in result:
            i = len(names) - (everything ^ grouping).bit_length()
            value = values[i]
            if value is None:  # rows without a value, as value_counts() leaves them out
                continue
            for convert in converters[i]:
                value = convert(value, expressions[i], connection)
            counts[names[i]].append((value, n))
        return {name: CountedValues(rows) for name, rows in counts.items()}

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
                for position in POSITION_PARAMS:  # back to the first page, same order
                    query.pop(position, None)
                label = labels.get(name, {}).get(value) or self.option_label(name, value)
                active.append(
                    ActiveFilter(f"{self.filters[name].label}: {label}", query.urlencode())
                )
        return active

    # Counting helpers; each runs one query. `rows` is what rows_without() returns.

    def value_counts(self, rows, value_path, selected, limit, *, label_path=None):
        """(value, label, count) per distinct value of `value_path` among `rows`.
        `value_path` is single-valued (a field, or one across foreign keys), so each row
        counts once without COUNT(DISTINCT). `rows` may be the facet's CountedValues
        instead, counted together with other facets by grouped_counts()."""
        if isinstance(rows, CountedValues):
            assert label_path is None, "grouped facets show their values as labels"
            return [(value, value, n) for value, n in rows.top(selected, limit) if value != ""]
        fields = {"facet_value": F(value_path) if isinstance(value_path, str) else value_path}
        if label_path:
            fields["facet_label"] = F(label_path)
        order = ["-n", "facet_value"]
        if selected:
            # Only with a pick: without one the CASE has no WHEN, and Django writes its bare
            # default as `ORDER BY 1`, which PostgreSQL reads as "by the first column" (the
            # value), so the options came out by value, not by count.
            order.insert(0, Case(When(facet_value__in=selected, then=Value(0)), default=Value(1)))
        rows = (
            rows.annotate(**fields)
            .values(*fields)
            .annotate(n=Count("pk"))
            .exclude(facet_value__isnull=True)
            .order_by(*order)[:limit]
        )
        return [
            (row["facet_value"], row.get("facet_label", row["facet_value"]), row["n"])
            for row in rows
            if row["facet_value"] != ""
        ]

    def choice_counts(self, rows, value_path, choices, selected):
        """Counts of a field with fixed choices, in the choices' order."""
        counts = {value: n for value, _label, n in self.value_counts(rows, value_path, [], 100)}
        return [
            (value, label, counts.get(value, 0))  # a picked choice may have no results
            for value, label in choices
            if counts.get(value) or value in selected
        ]

    def linked_counts(self, queryset, path, rows, selected, limit, *, links=None, label=str):
        """(slug, label, count) per row of `queryset` (networks, topics) that `rows` reach
        through `path`, picked rows first, then by count, then in `queryset`'s order.

        Two queries: the links of `rows` grouped by the linked row, then the linked and the
        picked rows themselves. Grouping the filtered rows' links lets PostgreSQL start from
        those rows and follow their links by index; counting from the networks' side with
        the rows as a filter made it join all memberships to all projects. `path` reaches
        a linked row at most once per row (a unique link), so COUNT needs no DISTINCT;
        `links` narrows the links (e.g. active memberships only).
        """
        linked = rows.filter(links) if links else rows
        counts = dict(linked.values_list(path).annotate(n=Count("pk")).order_by())
        counts.pop(None, None)  # rows without a link
        shown = queryset.filter(Q(pk__in=list(counts)) | Q(slug__in=selected))
        # sorted() is stable: within equal counts the rows keep `queryset`'s order.
        shown = sorted(shown, key=lambda row: (row.slug not in selected, -counts.get(row.pk, 0)))
        return [(row.slug, label(row), counts.get(row.pk, 0)) for row in shown[:limit]]


PAGE_SIZE = 20
# Rows a detail page's section lists before it links to the filtered list with all of them.
SECTION_SIZE = 20


class FacetedListView(SortedListMixin, ListView):
    """A list people narrow with facets and sort (core.keyset: `sort_orders`, paged by
    keyset). The URL holds the state; invalid filter values, sort orders and page links
    answer 400 with the message on the page (never silently ignored)."""

    paginate_by = PAGE_SIZE
    filterset_class = None
    # The part of the page that is the same for everyone who sees the same rows: the filter
    # form and the results. Rendered from this template, kept (PAGE_CACHE_SECONDS) under
    # `request.content_cache_key` (set by the portal's middleware: the viewers' group, the
    # address, the language and the content generation) and given to the page as
    # `results_html`, so a signed-in person's next request skips the filters, counts and
    # rows; the page around it (their name, their buttons) is built for each person.
    results_template_name = None

    def get_base_queryset(self):
        """Everything the filter's model holds; lists with hidden rows narrow it."""
        return self.filterset_class._meta.model._default_manager.all()

    def order(self, queryset):
        """What the page's rows need besides the filters (card data); the sort order
        (core.keyset) orders them."""
        return queryset

    def searching(self):
        cleaned = getattr(self.filterset.form, "cleaned_data", None)
        if cleaned is None:
            return bool(self.request.GET.get("q"))
        return bool(cleaned.get("q"))

    def get(self, request, *args, **kwargs):
        if not self.results_template_name:
            return self.build_response()
        html, status = kept_part(request, "list-results", self.build_results)
        if not hasattr(self, "object_list"):  # kept: the page around it needs no rows
            self.object_list = None
        return self.render_to_response({"results_html": html}, status=status)

    def build_results(self) -> tuple[str, int]:
        response = self.build_response()
        return response.rendered_content, response.status_code

    def build_response(self):
        """The page (or, with results_template_name, its kept part) built from the rows."""
        template_names = [self.results_template_name] if self.results_template_name else None
        self.filterset = self.filterset_class(
            self.request.GET, queryset=self.get_base_queryset(), request=self.request
        )
        errors = []
        if not self.filterset.is_valid():
            errors = [
                (self.filterset.filters[name].label, messages)
                for name, messages in self.filterset.errors.items()
            ]
        try:
            self.sort = self.choose_sort()
        except ListRequestError as error:
            self.sort = self.offered_sorts()[0]
            errors.append((error.label, [error.message]))
        if not errors:
            self.object_list = self.order(self.filterset.qs)
            try:
                context = self.get_context_data(**self.filter_context(), **self.sort_context())
            except ListRequestError as error:
                errors.append((error.label, [error.message]))
            else:
                return self.response_class(
                    self.request, template_names or self.get_template_names(), context
                )
        # No results and no pagination until the values are corrected.
        self.object_list = self.filterset.queryset.none()
        self.paginate_by = None
        context = self.get_context_data(
            filter_error_list=errors, **self.filter_context(), **self.sort_context()
        )
        return self.response_class(
            self.request, template_names or self.get_template_names(), context, status=400
        )

    def list_key(self):
        """What names this list and its state in core.cached: the filter set and the query
        string without the page, in the language the labels are in."""
        ignored = POSITION_PARAMS | {SORT_PARAM}  # the same counts in every order, on every page
        state = sorted((k, v) for k, v in self.request.GET.lists() if k not in ignored)
        label = f"{self.filterset_class.__module__}.{self.filterset_class.__qualname__}"
        return label, (get_language(), state)

    def reads_prose(self) -> bool:
        """Whether the counts read the rows' texts: with a search word they do (they are then
        kept per content generation, else per facts generation: core.cached)."""
        return any(value.strip() for value in self.request.GET.getlist("q"))

    def count_rows(self, queryset):
        """The number of rows is counted once per viewers' group and generation
        (core.cached): the same for every page and order of the list."""
        label, parts = self.list_key()
        return cached(
            f"count:{label}",
            self.request.viewer,
            parts,
            queryset.order_by().count,
            facts=not self.reads_prose(),
        )

    def filter_context(self):
        # Counted once per viewers' group, filters and generation (core.cached).
        label, parts = self.list_key()
        facets = cached(
            f"facets:{label}",
            self.request.viewer,
            parts,
            self.filterset.facet_list,
            facts=not self.reads_prose(),
        )
        return {
            "filterset": self.filterset,
            "facets": facets,
            "search_term": self.filterset.data.get("q", ""),
            "active_filters": self.filterset.active_filters(facets),
            "filtered": self.filterset.has_active_filters,
            # Filters that are no facet (e.g. a municipality's projects), kept by the form.
            "hidden_filters": [
                (name, value)
                for name in self.filterset.filters
                if name != "q" and name not in dict(self.filterset.facets)
                for value in self.request.GET.getlist(name)
            ],
        }
