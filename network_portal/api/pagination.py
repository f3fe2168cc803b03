"""Cursor pagination of the API's lists by position in the list's order (keyset), the
same order the list's page shows.

The `next` link carries the sort keys of the last item (the `previous` link those of the
first), signed, and the query asks for the items after (or before) them: no OFFSET, so a
deep page costs what the first one costs, and an item added between two requests neither
repeats nor hides one. Every order ends with the primary key, so the keys of an item are
unique. Nullable keys say where their NULLs sort (as PostgreSQL sorts them).
"""

import datetime
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils.translation import gettext as _
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from core.keyset import encode_cursor
from network_portal.api.problems import BadParameter

CURSOR_PARAM = "cursor"
SIZE_PARAM = "page_size"
PAGE_SIZE = 20  # as the pages (core.facets.PAGE_SIZE)
MAX_PAGE_SIZE = 100
SALT = "network_portal.api.cursor"


@dataclass(frozen=True)
class Key:
    """One sort key: a field or annotation, ascending or descending; `nulls` is "first" or
    "last" for a nullable key (None for one that is never NULL)."""

    name: str
    descending: bool = False
    nulls: str | None = None

    def flipped(self) -> "Key":
        nulls = {"first": "last", "last": "first"}.get(self.nulls)
        return Key(self.name, not self.descending, nulls)

    def order(self):
        expression = F(self.name)
        kwargs = {}
        if self.nulls:
            kwargs = {"nulls_first": True} if self.nulls == "first" else {"nulls_last": True}
        return expression.desc(**kwargs) if self.descending else expression.asc(**kwargs)

    def equal(self, value) -> Q:
        return Q(**{f"{self.name}__isnull": True}) if value is None else Q(**{self.name: value})

    def after(self, value) -> Q:
        """The rows strictly after `value` in this key's order."""
        nothing = Q(pk__in=[])
        if value is None:
            # NULLs first: every non-NULL value follows; NULLs last: nothing does.
            return Q(**{f"{self.name}__isnull": False}) if self.nulls == "first" else nothing
        beyond = Q(**{f"{self.name}__{'lt' if self.descending else 'gt'}": value})
        if self.nulls == "last":
            beyond |= Q(**{f"{self.name}__isnull": True})
        return beyond


def after(keys, values) -> Q:
    """(k1 after v1) OR (k1 = v1 AND k2 after v2) OR …"""
    condition = Q(pk__in=[])
    for i, key in enumerate(keys):
        step = key.after(values[i])
        for j in range(i):
            step &= keys[j].equal(values[j])
        condition |= step
    return condition


def plain(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def key_value(item, name):
    value = item
    for part in name.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return getattr(value, "pk", value)


class KeysetCursorPagination(BasePagination):
    """`?cursor=` from the `next` or `previous` link of the answer; `?page_size=` (1–100,
    default 20). A list in one of its page's keyset orders (`view.sort`, core.keyset) reads
    its rows through that order, exactly as the page does; any other list (relevance, or a
    list without a page's orders) by the keys `view.order_keys(queryset)` gives."""

    invalid = _("This is not a cursor of this list.")

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.size = self.page_size(request)
        sort = getattr(view, "sort", None)
        # A cursor belongs to one sort order of the list.
        self.order_name = getattr(sort, "value", "")
        token = request.query_params.get(CURSOR_PARAM)
        backwards, position = False, None
        if token is not None:
            backwards, position = self.decode(token)
        try:
            if sort is not None and sort.is_keyset:
                items = self.rows_in_order(queryset, sort, position, backwards)
            else:
                items = self.rows_by_keys(queryset, view, position, backwards)
        except (ValidationError, ValueError, TypeError, IndexError) as error:
            raise BadParameter(CURSOR_PARAM, str(self.invalid)) from error
        more = len(items) > self.size
        items = items[: self.size]
        self.next = self.previous = None
        if backwards:
            items.reverse()
            if items:
                self.next = self.encode(items[-1], backwards=False)
                self.previous = self.encode(items[0], backwards=True) if more else None
        elif items:
            self.next = self.encode(items[-1], backwards=False) if more else None
            self.previous = self.encode(items[0], backwards=True) if token else None
        return items

    def rows_in_order(self, queryset, sort, position, backwards):
        """Through core.keyset: its rows carry `keyset_values`, its cursors are typed by the
        order's own keys (sections of events included)."""
        values = None if position is None else sort.decode(position, queryset)
        rows = sort.rows(queryset, values, backwards=backwards, limit=self.size + 1)
        for row in rows:
            row.api_position = encode_cursor(row.keyset_values)
        return rows

    def rows_by_keys(self, queryset, view, position, backwards):
        keys = [*view.order_keys(queryset), Key("pk")]
        if position is not None and (not isinstance(position, list) or len(position) != len(keys)):
            raise ValueError("not a position in this order")
        order = [key.flipped() if backwards else key for key in keys]
        queryset = queryset.order_by(*(key.order() for key in order))
        if position is not None:
            queryset = queryset.filter(after(order, position))
        rows = list(queryset[: self.size + 1])
        for row in rows:
            row.api_position = [plain(key_value(row, key.name)) for key in keys]
        return rows

    def page_size(self, request):
        text = request.query_params.get(SIZE_PARAM)
        if text is None:
            return PAGE_SIZE
        # ASCII digits of a sensible length only: int() refuses "²" and 4,301 digits.
        valid = text.isascii() and text.isdigit() and len(text) <= 6
        if not valid or not 1 <= int(text) <= MAX_PAGE_SIZE:
            raise BadParameter(
                SIZE_PARAM,
                _("Give a whole number from 1 to %(maximum)s.") % {"maximum": MAX_PAGE_SIZE},
            )
        return int(text)

    def decode(self, token):
        """(backwards, position) of a cursor this list gave, signed so that nobody forges
        one; the position is checked against the order when the rows are read."""
        try:
            payload = signing.loads(token, salt=SALT)
            backwards, position, order = bool(payload["b"]), payload["p"], payload["o"]
        except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
            raise BadParameter(CURSOR_PARAM, str(self.invalid)) from error
        if order != self.order_name:
            raise BadParameter(CURSOR_PARAM, str(self.invalid))
        return backwards, position

    def encode(self, item, *, backwards):
        payload = {"b": int(backwards), "p": item.api_position, "o": self.order_name}
        token = signing.dumps(payload, salt=SALT, compress=True)
        return replace_query_param(self.request.build_absolute_uri(), CURSOR_PARAM, token)

    def get_paginated_response(self, data):
        return Response({"next": self.next, "previous": self.previous, "results": data})

    def get_paginated_response_schema(self, schema):
        link = {"type": ["string", "null"], "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "description": "The next page, null on the last."},
                "previous": {**link, "description": "The previous page, null on the first."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": CURSOR_PARAM,
                "required": False,
                "in": "query",
                "description": "Position in the list: take it from a `next` or `previous` link.",
                "schema": {"type": "string"},
            },
            {
                "name": SIZE_PARAM,
                "required": False,
                "in": "query",
                "description": f"Items per page (default {PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]
