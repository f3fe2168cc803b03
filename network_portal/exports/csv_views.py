"""CSV of every list page with its filters, streamed (a 100,000-row export never sits in
memory): rows are read with a server-side cursor in chunks of CHUNK_SIZE, only the exported
columns, and written out one by one. UTF-8 with a byte order mark (spreadsheet programs
then read the umlauts right); `?sep=semicolon` for German spreadsheet programs, which split
on semicolons; cells that a spreadsheet would read as a formula are neutralised (defusedcsv,
and a leading tab or carriage return as well).

An export of at most KEEP_MAX_CHARS is kept whole once written, per address, language and
group of viewers who see the same rows, until the next write (core.cached.cache_key): the
same file asked again is not read and written again, nor are its filters (its bytes are
answered before anything else). It is kept gzip-compressed and sent so to every client that
accepts gzip (browsers, most HTTP libraries; Content-Encoding: gzip, the file saved is the
plain CSV): a sixth to a tenth of the bytes to read from the cache and send. A client that
does not accept it gets the plain file. A larger one is written on each request, in bounded
memory, uncompressed.

Compression and BREACH: the file reflects no text of the request and holds no secret of the
session (no token); and it is sent only with Cache-Control: private, no-store."""

import gzip

from defusedcsv import csv
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.cached import CACHE_SECONDS, cache_key
from core.keyset import ListRequestError
from network_portal.exports.guard import rate_limited
from network_portal.exports.tables import TABLES

# Rows per round trip to the database. A chunk costs about 2.5 KB of Python objects a row while
# it is written out (0.5 MB at 200, whatever the number of rows: tests/interfaces/test_csv.py).
CHUNK_SIZE = 200
BOM = "\ufeff"
SEPARATORS = {"comma": ",", "semicolon": ";"}
# About 2 MB of UTF-8: a filtered list's export (4,400 rows of 1,000,000 projects: 1.5 MB).
KEEP_MAX_CHARS = 2_000_000
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


class Echo:
    """A file that hands back what is written to it, so csv.writer yields line by line."""

    def write(self, value):
        return value


def neutral(value):
    """Leading tab and carriage return too: some spreadsheet programs strip them and then
    read a formula (defusedcsv covers = + - @ | %)."""
    if isinstance(value, str) and value[:1] in ("\t", "\r"):
        return "'" + value
    return value


def text(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def stream(table, queryset, separator):
    columns = table.columns
    renders = [column.render for column in columns]
    fields = [column.value for column in columns]
    writer = csv.writer(Echo(), delimiter=separator)
    # The detail page's address, reversed once: the slug is put in per row.
    marker = "SLUG-PLACEHOLDER"
    address = settings.SITE_URL + reverse(table.url_name, kwargs={"slug": marker})
    before, after = address.split(marker)
    yield BOM + writer.writerow([*(str(column.header) for column in columns), _("Address")])
    rows = queryset.values_list(*fields, "slug").iterator(chunk_size=CHUNK_SIZE)
    # One piece of the response per chunk of rows, not per row: the server sends each
    # piece by itself (gunicorn: one write and one HTTP chunk each).
    lines = []
    for *values, slug in rows:
        cells = [
            neutral(text(render(value) if render else value))
            for render, value in zip(renders, values, strict=True)
        ]
        lines.append(writer.writerow([*cells, f"{before}{slug}{after}"]))
        if len(lines) == CHUNK_SIZE:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)


def keeping(pieces, key):
    """`pieces`, passed on as they come; kept whole under `key` at the end unless they
    exceed KEEP_MAX_CHARS (then nothing more is held)."""
    held, size = [], 0
    for piece in pieces:
        if held is not None:
            size += len(piece)
            if size <= KEEP_MAX_CHARS:
                held.append(piece)
            else:
                held = None
        yield piece
    if held is not None:
        # Once per kept file (gzip level 6: 1.5 MB in about 20 ms, to a seventh of its size).
        cache.set(key, compress_string("".join(held).encode()), CACHE_SECONDS)


def accepts_gzip(request) -> bool:
    """Whether the request's Accept-Encoding takes gzip (RFC 9110 12.5.3: named, or `*`,
    with a weight above 0; a named coding's weight wins over `*`)."""
    weights = {}
    for part in request.headers.get("Accept-Encoding", "").split(","):
        coding, *parameters = (piece.strip() for piece in part.split(";"))
        weight = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weights[coding.lower()] = weight
    for coding in ("gzip", "x-gzip", "*"):
        if coding in weights:
            return weights[coding] > 0
    return False


def kept_response(request, compressed):
    if not accepts_gzip(request):
        return HttpResponse(gzip.decompress(compressed), content_type=CSV_CONTENT_TYPE)
    response = HttpResponse(compressed, content_type=CSV_CONTENT_TYPE)
    response["Content-Encoding"] = "gzip"
    return response


def in_page_order(table, request, filterset, rows):
    """`rows` in the order the list page shows them (its ?sort=, core.keyset); relevance
    (with a search word) is the order the search gave them."""
    if table.view is None:
        return rows
    view = table.view()
    view.setup(request)
    view.filterset = filterset
    order = view.choose_sort()
    if not order.is_keyset:
        return rows
    return order.annotate(rows).order_by(*order.ordering())


@require_safe
@rate_limited
def export_csv(request, table):
    table = TABLES.get(table)
    if table is None:
        raise Http404
    separator = SEPARATORS.get(request.GET.get("sep", "comma"))
    if separator is None:
        return HttpResponse(
            _("The separator must be “comma” or “semicolon”."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    # A kept export is only ever one that was valid and written to its end: it is looked for
    # before the filters are read again (their validation was most of a kept file's cost).
    key = cache_key("csv.gz", request.viewer, (request.get_full_path(), get_language()))
    kept = cache.get(key)
    if kept is not None:
        return csv_response(kept_response(request, kept), table)
    rows = table.rows(request)
    if hasattr(rows, "is_valid"):  # a list with filters: the same as its page
        if not rows.is_valid():
            lines = [
                f"{rows.filters[name].label}: {' '.join(messages)}"
                for name, messages in rows.errors.items()
            ]
            return HttpResponse(
                "\n".join(lines), status=400, content_type="text/plain; charset=utf-8"
            )
        filterset, rows = rows, rows.qs
    else:
        filterset = None
    try:
        rows = in_page_order(table, request, filterset, rows)
    except ListRequestError as error:
        return HttpResponse(
            f"{error.label}: {error.message}", status=400, content_type="text/plain; charset=utf-8"
        )
    queryset = rows.annotate(**table.annotations())
    return csv_response(
        StreamingHttpResponse(
            keeping(stream(table, queryset, separator), key),
            content_type=CSV_CONTENT_TYPE,
        ),
        table,
    )


def csv_response(response, table):
    response["Content-Disposition"] = f'attachment; filename="{table.name}.csv"'
    # What a member may see must not land in a shared cache.
    response["Cache-Control"] = "private, no-store"
    # The same address answers compressed once the file is kept.
    patch_vary_headers(response, ("Accept-Encoding",))
    return response
