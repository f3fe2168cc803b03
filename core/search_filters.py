"""Lists with a search word stay bounded (issue 12, point 7), for every faceted list
(core.facets.FacetedFilterSet mixes this in).

1. The typo-tolerant match over the whole table runs once per request: the matching ids of
   the search word (the bounded candidate set of core.fulltext, drawn from the rows the
   viewer may see) are computed once, every facet counts its rows among them, and the list
   ranks and counts its rows among them; before, the list, its count and each facet's count
   ran the whole match again (about a second at 100,000 projects).
2. A query is read through the glossary once (core.glossary.prepare_query), as on the one
   search page.
3. A facet that takes several values counts a repeated value once, and more values than
   it has choices answer 400 (FacetedListView shows the message): 4 KB of
   `?stage=idea&stage=idea…` no longer build a "remove this filter" link per repeat.
"""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelMultipleChoiceField, MultipleChoiceField

from core.fulltext import candidate_pks
from core.glossary import prepare_query

TOO_MANY_VALUES = _("More values than this filter has choices: pick each one at most once.")


def distinct_values(values):
    """The values in the order given, each once."""
    return list(dict.fromkeys(values))


class DistinctChoicesField(MultipleChoiceField):
    def clean(self, value):
        if value and len(value) > len(list(self.choices)):
            raise ValidationError(TOO_MANY_VALUES, code="too_many_values")
        return super().clean(distinct_values(value) if value else value)


class DistinctModelChoicesField(ModelMultipleChoiceField):
    def clean(self, value):
        if value and not isinstance(value, str):
            distinct = distinct_values(value)
            # Counting the choices costs a query: only when there are repeats.
            if len(distinct) < len(value) and len(value) > self.queryset.count():
                raise ValidationError(TOO_MANY_VALUES, code="too_many_values")
            value = distinct
        return super().clean(value)


BOUNDED_FIELDS = {
    MultipleChoiceField: DistinctChoicesField,
    ModelMultipleChoiceField: DistinctModelChoicesField,
}


class SearchOnceMixin:
    """Mixed into FacetedFilterSet: its filter_search() calls search_rows(), and its
    rows_without() counts a facet inside counting_facets()."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._prepared = {}
        self._matching_pks = None
        self._counting_facets = False
        # The filters are this instance's own copies (FilterSet deep-copies them).
        for each in self.filters.values():
            bounded = BOUNDED_FIELDS.get(each.field_class)
            if bounded is not None:
                each.field_class = bounded
                # A form field built before (the API schema reads the class's filters) was
                # copied with the filter: build it again from the bounded class.
                each.__dict__.pop("_field", None)

    def prepared_query(self, value):
        if value not in self._prepared:
            self._prepared[value] = prepare_query(value)
        return self._prepared[value]

    @contextmanager
    def counting_facets(self):
        """While a facet's rows are built, the search word reads the ids matched once."""
        self._counting_facets = True
        try:
            yield
        finally:
            self._counting_facets = False

    def search_rows(self, queryset, value):
        """The rows matching the search word among `queryset`: for a facet's count the
        ids matched once; for the list, ranked among those ids (a bounded set, so ranking
        and counting them no longer scan the whole table)."""
        query = self.prepared_query(value)
        pks = self.matching_pks(query)
        # No match: a condition that holds for no row but still compiles to SQL (an empty
        # IN raises EmptyResultSet where a facet wraps the rows' SQL in GROUPING SETS).
        matching = queryset.filter(pk__in=pks) if pks else queryset.filter(pk__isnull=True)
        if self._counting_facets:
            return matching
        return matching.search(query)

    def matching_pks(self, query) -> list:
        """The primary keys of the rows the viewer may see that match `query` (at most the
        candidate set of core.fulltext), in one query for the whole request."""
        if self._matching_pks is None:
            self._matching_pks = candidate_pks(self.queryset.all().search(query))
        return self._matching_pks
