"""Sort orders and keyset pagination of the portal's lists (issue 11 point 3, issue 12
point 6).

A list page is read by its position in the sort order, never by an OFFSET: the link to the
next page carries the sort keys of the last row shown (`?after=…`), the link to the
previous page those of the first (`?before=…`), and the query asks for the rows after (or
before) them — an index range scan whatever the depth, so page 500 costs what page 1 costs.
A row inserted between two requests neither repeats a row nor hides one.

Every sort order ends with the primary key, so the keys of a row are unique. Keys are
non-null expressions (nullable columns go through Coalesce), each ascending or
descending; the WHERE repeats the first key's bound on its own (`k1 <= v1 AND (k1 < v1 OR
(k1 = v1 AND k2 < v2) …)`) so PostgreSQL uses it as an index condition.

The relevance order (a search word) ranks a bounded set (core.fulltext caps the candidates
at about 1,000 rows), so its pages are numbered with a small OFFSET.

`?page=N` without a cursor still works for the first MAX_OFFSET_PAGE pages (old links,
relevance) and `?page=last` reads the list backwards from its end; with a cursor `page` is
only the number the page shows ("Page 7 of 5,000").

Shared by every list (projects, municipalities, events, recaps): it knows no app.
"""

import base64
import binascii
import datetime
import json
import math
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

SORT_PARAM = "sort"
AFTER_PARAM = "after"
BEFORE_PARAM = "before"
PAGE_PARAM = "page"
LAST_PAGE = "last"
RELEVANCE = "relevance"
# Pages reachable by number without a cursor: OFFSET at most (MAX_OFFSET_PAGE - 1) × size.
MAX_OFFSET_PAGE = 50
# What the pagination and the sort control leave out of the URLs they build.
POSITION_PARAMS = frozenset({AFTER_PARAM, BEFORE_PARAM, PAGE_PARAM})


class ListRequestError(Exception):
    """A sort or page the list cannot give (400, with the message on the page)."""

    def __init__(self, label, message):
        super().__init__(message)
        self.label = label
        self.message = message


@dataclass(frozen=True)
class SortKey:
    expression: object  # a field name or a non-null expression
    descending: bool = False

    def resolved(self):
        return F(self.expression) if isinstance(self.expression, str) else self.expression


@dataclass(frozen=True)
class SortOrder:
    value: str  # in the URL: ?sort=value
    label: object  # lazy text
    keys: tuple[SortKey, ...] = ()  # the last one unique; empty for relevance
    # Annotations some keys name (e.g. a section computed from dates): {alias: expression}.
    annotations: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def is_keyset(self):
        return bool(self.keys)

    def aliases(self):
        return [f"sort_key_{i}" for i in range(len(self.keys))]

    def annotate(self, queryset):
        if self.annotations:
            queryset = queryset.annotate(**self.annotations)
        return queryset.annotate(
            **{alias: key.resolved() for alias, key in zip(self.aliases(), self.keys, strict=True)}
        )

    def ordering(self, *, backwards=False):
        order = []
        for alias, key in zip(self.aliases(), self.keys, strict=True):
            descending = key.descending != backwards
            order.append(F(alias).desc() if descending else F(alias).asc())
        return order

    def rows(self, queryset, values, *, backwards=False, limit, offset=0):
        """Up to `limit` rows after `values` (None: from the start; before them with
        `backwards`), each with `keyset_values` (what its cursor holds)."""
        ordered = self.annotate(queryset)
        if values is not None:
            ordered = ordered.filter(self.beyond(values, backwards=backwards))
        ordered = ordered.order_by(*self.ordering(backwards=backwards))
        rows = list(ordered[offset : offset + limit])
        for row in rows:
            row.keyset_values = [getattr(row, alias) for alias in self.aliases()]
        return rows

    def decode(self, token, queryset):
        return decode_cursor(token, self.annotate(queryset), self)

    def beyond(self, values, *, backwards=False):
        """The Q of the rows after `values` in this order (before them with `backwards`)."""
        aliases = self.aliases()
        first_descending = self.keys[0].descending != backwards
        condition = Q(**{f"{aliases[0]}__{'lte' if first_descending else 'gte'}": values[0]})
        either = Q()
        for i, key in enumerate(self.keys):
            descending = key.descending != backwards
            step = Q(**{f"{aliases[j]}": values[j] for j in range(i)})
            step &= Q(**{f"{aliases[i]}__{'lt' if descending else 'gt'}": values[i]})
            either |= step
        return condition & either


@dataclass(frozen=True)
class Section:
    value: int  # set on each row as `attribute`
    condition: Q
    order: SortOrder


@dataclass(frozen=True)
class SectionedOrder(SortOrder):
    """Sections one after another (e.g. upcoming events soonest first, then past ones latest
    first), each a keyset order of plain columns of its own: a cursor names the section and
    the row's keys in it, and a page reads on into the next section when one runs out. One
    query per section a page touches, each an index range scan (a CASE over every row in
    the ORDER BY and WHERE took seconds)."""

    sections: tuple[Section, ...] = ()
    attribute: str = "section"

    @property
    def is_keyset(self):
        return True

    def rows(self, queryset, values, *, backwards=False, limit, offset=0):
        sections = list(self.sections)
        start = 0
        if values is not None:
            start = [section.value for section in sections].index(values[0])
        walk = range(start, -1, -1) if backwards else range(start, len(sections))
        rows = []
        for i in walk:
            section = sections[i]
            inner = values[1:] if values is not None and i == start else None
            wanted = offset + limit - len(rows)
            found = section.order.rows(
                queryset.filter(section.condition), inner, backwards=backwards, limit=wanted
            )
            for row in found:
                setattr(row, self.attribute, section.value)
                row.keyset_values = [section.value, *row.keyset_values]
            rows += found
            if len(rows) >= offset + limit:
                break
        return rows[offset : offset + limit]

    def decode(self, token, queryset):
        try:
            padded = token + "=" * (-len(token) % 4)
            head = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError, ValueError) as error:
            raise ValueError("not a cursor") from error
        if not isinstance(head, list) or not head:
            raise ValueError("not a cursor")
        section = next((s for s in self.sections if s.value == head[0]), None)
        if section is None:
            raise ValueError("not a section")
        inner = section.order
        rest = decode_cursor(encode_cursor(head[1:]), inner.annotate(queryset), inner)
        return [section.value, *rest]


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def encode_cursor(values) -> str:
    text = json.dumps([_plain(value) for value in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(token: str, queryset, order: SortOrder):
    """The Python values of a cursor, typed by the annotated keys' fields; ValueError when
    it is not one of this order's cursors."""
    try:
        padded = token + "=" * (-len(token) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError, ValueError) as error:
        raise ValueError("not a cursor") from error
    if not isinstance(values, list) or len(values) != len(order.keys):
        raise ValueError("not a cursor of this order")
    annotations = queryset.query.annotations
    typed = []
    for alias, value in zip(order.aliases(), values, strict=True):
        if value is None or isinstance(value, list | dict):
            raise ValueError("not a key value")
        output = annotations[alias].output_field
        try:
            typed.append(output.to_python(value))
        except ValidationError as error:
            raise ValueError("not a key value") from error
    return typed


@dataclass
class ListPaginator:
    count: int
    per_page: int

    @property
    def num_pages(self):
        return max(1, math.ceil(self.count / self.per_page))


@dataclass
class ListPage:
    """What templates/includes/_keyset_pagination.html reads (and the list's rows)."""

    object_list: list
    paginator: ListPaginator
    number: int | None  # None when unknown (a cursor without a page number)
    previous_query: str = ""  # query strings of the links ("" when there is none)
    next_query: str = ""
    first_query: str = ""
    last_query: str = ""

    def has_previous(self):
        return bool(self.previous_query)

    def has_next(self):
        return bool(self.next_query)

    def has_other_pages(self):
        return self.has_previous() or self.has_next()

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


def _page_hint(value, num_pages):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= num_pages else None


def paginate(queryset, order: SortOrder, data, *, per_page: int, count: int) -> ListPage:
    """The page of `queryset` (unordered) in `order` that `data` (request.GET) asks for."""
    paginator = ListPaginator(count=count, per_page=per_page)
    base = data.copy()
    for name in POSITION_PARAMS:
        base.pop(name, None)

    def query(**params):
        built = base.copy()
        for name, value in params.items():
            built[name] = str(value)
        return built.urlencode()

    after, before = data.get(AFTER_PARAM), data.get(BEFORE_PARAM)
    page_value = data.get(PAGE_PARAM)
    if after and before:
        raise ListRequestError(_("Page"), _("Ask for the rows after or before a row, not both."))
    if not order.is_keyset or not (after or before):
        if page_value in (None, "", "1"):
            number = 1
        elif page_value == LAST_PAGE:
            number = paginator.num_pages
        else:
            number = _page_hint(page_value, paginator.num_pages)
            if number is None:  # as Django's paginator answers a page that does not exist
                raise Http404(_("There is no such page in this list."))
        if order.is_keyset and number == paginator.num_pages and number > MAX_OFFSET_PAGE:
            before = LAST_PAGE  # read backwards from the end
        elif number > MAX_OFFSET_PAGE and order.is_keyset:
            raise ListRequestError(
                _("Page"), _("Use the page links to go this deep into the list.")
            )
        else:
            return _offset_page(queryset, order, paginator, number, per_page, query)

    number = _page_hint(page_value, paginator.num_pages)
    backwards = bool(before)
    token = before or after
    values = None
    if token != LAST_PAGE:
        try:
            values = order.decode(token, queryset)
        except ValueError as error:
            raise ListRequestError(_("Page"), _("This page link is not valid.")) from error
    elif not backwards:
        raise ListRequestError(_("Page"), _("This page link is not valid."))
    size = per_page
    if token == LAST_PAGE:  # the rows after the last full page, as page numbers count
        size = paginator.count - (paginator.num_pages - 1) * per_page or per_page
    rows = order.rows(queryset, values, backwards=backwards, limit=size + 1)
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    if token == LAST_PAGE:
        number = paginator.num_pages
    has_previous = more if backwards else True
    has_next = True if backwards else more
    return _page(rows, order, paginator, number, has_previous, has_next, query)


def _offset_page(queryset, order, paginator, number, per_page, query):
    start = (number - 1) * per_page
    if order.is_keyset:
        rows = order.rows(queryset, None, limit=per_page + 1, offset=start)
    else:
        rows = list(queryset[start : start + per_page + 1])
    more = len(rows) > per_page
    rows = rows[:per_page]
    if not order.is_keyset:
        page = ListPage(rows, paginator, number)
        if number > 1:
            page.previous_query = query(page=number - 1)
            page.first_query = query()
        if more:
            page.next_query = query(page=number + 1)
            page.last_query = query(page=paginator.num_pages)
        return page
    return _page(rows, order, paginator, number, number > 1, more, query)


def _page(rows, order, paginator, number, has_previous, has_next, query):
    page = ListPage(rows, paginator, number)
    if not rows:
        return page

    def cursor(row):
        return encode_cursor(row.keyset_values)

    if has_previous:
        params = {BEFORE_PARAM: cursor(rows[0])}
        if number and number > 1:
            params[PAGE_PARAM] = number - 1
        page.previous_query = query(**params)
        page.first_query = query()
    if has_next:
        params = {AFTER_PARAM: cursor(rows[-1])}
        if number:
            params[PAGE_PARAM] = number + 1
        page.next_query = query(**params)
        page.last_query = query(**{PAGE_PARAM: LAST_PAGE})
    return page


def sort_options(orders, current: SortOrder):
    """(value, label, selected) of each order, for the sort control."""
    return [(order.value, order.label, order is current) for order in orders]


RELEVANCE_ORDER = SortOrder(RELEVANCE, _("Relevance"))


class SortedListMixin:
    """A ListView whose rows come in one of `sort_orders` (the first is the default; with a
    search word relevance comes first and is the default), paged by keyset (paginate())."""

    sort_orders: tuple[SortOrder, ...] = ()
    sort = None  # the chosen SortOrder

    def searching(self) -> bool:
        return False

    def get_sort_orders(self):
        """The list's orders; a list whose keys depend on the day builds them here."""
        return self.sort_orders

    def offered_sorts(self):
        # Built once per request: the chosen order is one of these very objects.
        if "_offered_sorts" not in self.__dict__:
            orders = tuple(self.get_sort_orders())
            self._offered_sorts = (RELEVANCE_ORDER, *orders) if self.searching() else orders
        return self._offered_sorts

    def choose_sort(self):
        value = self.request.GET.get(SORT_PARAM, "")
        offered = self.offered_sorts()
        # Relevance without a search word (the word was just removed): the default order.
        if value in ("", RELEVANCE) and not self.searching() or value == "":
            return offered[0]
        for order in offered:
            if order.value == value:
                return order
        raise ListRequestError(_("Sort order"), _("Choose one of the sort orders offered."))

    def count_rows(self, queryset) -> int:
        return queryset.order_by().count()

    def paginate_queryset(self, queryset, page_size):
        page = paginate(
            queryset,
            self.sort,
            self.request.GET,
            per_page=page_size,
            count=self.count_rows(queryset),
        )
        return page.paginator, page, page.object_list, page.has_other_pages()

    def sort_context(self):
        kept = [
            (name, value)
            for name, values in self.request.GET.lists()
            if name not in POSITION_PARAMS and name != SORT_PARAM
            for value in values
        ]
        offered = self.offered_sorts()
        return {
            "sort_options": sort_options(offered, self.sort),
            # In the filter form, so that applying filters keeps a chosen order.
            "sort_value": "" if self.sort is offered[0] else self.sort.value,
            "sort_kept_params": kept,
        }
