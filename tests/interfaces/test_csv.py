"""CSV of the list pages (network_portal/exports/csv_views.py): the list's filters, the
access rule, UTF-8 with BOM, semicolons on request, no formulas, and bounded memory."""

import csv
import gzip
import io
import tracemalloc

import pytest
from django.urls import reverse

from core.access import Visibility
from members.models import Municipality
from network_portal.exports import csv_views
from projects.models import Project
from tests.factories.projects import ProjectFactory
from tests.interfaces.conftest import body


def rows_of(response, delimiter=","):
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff"), "UTF-8 with a byte order mark"
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


def titles(rows):
    return {row[0] for row in rows[1:]}


@pytest.mark.parametrize(
    "name",
    [
        "projects_csv",
        "municipalities_csv",
        "events_csv",
        "recaps_csv",
        "networks_csv",
        "topics_csv",
    ],
)
def test_every_list_exports_a_table_with_the_address_of_each_row(data, visitor_client, name):
    response = visitor_client.get(reverse(f"exports:{name}"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = rows_of(response)
    assert len(rows) > 1
    width = len(rows[0])
    assert all(len(row) == width for row in rows)
    assert all(row[-1].startswith("http") for row in rows[1:])


def test_a_visitor_never_gets_a_members_only_project_and_an_officer_does(
    data, visitor_client, officer_client
):
    url = reverse("exports:projects_csv")
    visitor_titles = titles(rows_of(visitor_client.get(url)))
    officer_titles = titles(rows_of(officer_client.get(url)))
    assert data.world.public_project.title in visitor_titles
    assert data.world.members_project.title not in visitor_titles
    assert data.world.members_project.title in officer_titles


def test_the_export_has_the_list_filters(data, visitor_client):
    world = data.world
    url = reverse("exports:projects_csv")
    rows = rows_of(visitor_client.get(url, {"topic": world.topic.slug, "q": "Wärmespeicher"}))
    assert titles(rows) == {world.public_project.title}
    # The list page links to the export with its own query string.
    page = visitor_client.get(reverse("projects:project_list"), {"topic": world.topic.slug})
    assert f"{url}?topic={world.topic.slug}" in page.content.decode()


def test_the_export_comes_in_the_page_order(data, visitor_client):
    ProjectFactory(title="Zuletzt angelegt", slug="iface-zuletzt", lead_municipality=data.world.z)
    url = reverse("exports:projects_csv")
    by_name = [row[0] for row in rows_of(visitor_client.get(url, {"sort": "name"}))[1:]]
    assert by_name == sorted(by_name)
    newest_first = [row[0] for row in rows_of(visitor_client.get(url))[1:]]
    assert newest_first[0] == "Zuletzt angelegt" != by_name[0]
    assert visitor_client.get(url, {"sort": "zufall"}).status_code == 400
    events = rows_of(visitor_client.get(reverse("exports:events_csv"), {"sort": "name"}))
    assert [row[0] for row in events[1:]] == sorted(row[0] for row in events[1:])


def test_an_invalid_filter_answers_400_with_the_reason(data, visitor_client):
    response = visitor_client.get(reverse("exports:projects_csv"), {"topic": "gibt-es-nicht"})
    assert response.status_code == 400
    assert "gibt-es-nicht" in response.content.decode()
    assert visitor_client.get(reverse("exports:events_csv"), {"sep": "tab"}).status_code == 400


def test_semicolons_for_german_spreadsheets(data, visitor_client):
    response = visitor_client.get(reverse("exports:municipalities_csv"), {"sep": "semicolon"})
    rows = rows_of(response, delimiter=";")
    assert len(rows[0]) > 5
    assert data.world.x.name in titles(rows)


def test_cells_a_spreadsheet_would_read_as_formulas_are_neutralised(data, visitor_client):
    rows = rows_of(visitor_client.get(reverse("exports:projects_csv")))
    row = next(row for row in rows if "HYPERLINK" in row[0])
    assert row[0].startswith("'=")
    assert row[1] == "'\tbeginnt mit einem Tabulator"
    assert not any(cell[:1] in "=+-@\t\r" for row in rows for cell in row if cell)


def make_projects(count, lead):
    Project.objects.bulk_create(
        Project(
            title=f"Massenprojekt {i} mit einem Titel, der etwas länger ist",
            slug=f"massenprojekt-{count}-{i}",
            summary="Eine Zusammenfassung, wie sie ein Projekt hat: zwei Sätze. " * 3,
            lead_municipality=lead,
            visibility=Visibility.PUBLIC,
        )
        for i in range(count)
    )


def peak_while_streaming(client):
    """(peak bytes allocated while the response is consumed, body size in bytes)."""
    response = client.get(reverse("exports:projects_csv"))
    size = 0
    tracemalloc.start()
    try:
        for chunk in response.streaming_content:
            size += len(chunk)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, size


def test_a_large_export_streams_in_bounded_memory(db, visitor_client, monkeypatch):
    # Kept exports are held whole up to KEEP_MAX_CHARS (2 MB): measured without keeping.
    monkeypatch.setattr(csv_views, "KEEP_MAX_CHARS", 0)
    lead = Municipality.objects.create(name="Großstadt", slug="grossstadt", country="DE")
    make_projects(400, lead)
    small_peak, small_size = peak_while_streaming(visitor_client)
    make_projects(2_000, lead)
    large_peak, large_size = peak_while_streaming(visitor_client)
    assert large_size > 5 * small_size * 0.9
    # Six times the rows, the same memory: one chunk of CHUNK_SIZE rows at a time, never
    # the file (held whole, the larger file alone would add its 0.8 MB to the peak).
    # Measured: about 0.5 MB at either size.
    assert large_peak < small_peak * 1.25, (small_peak, large_peak)
    assert large_peak < large_size, (large_peak, large_size)
    assert large_peak - small_peak < (large_size - small_size) / 4
    assert csv_views.CHUNK_SIZE <= 500


def test_an_export_asked_again_is_not_written_again_until_a_write(
    data, visitor_client, django_assert_num_queries
):
    url = reverse("exports:projects_csv") + "?sep=semicolon"
    first = body(visitor_client.get(url))
    with django_assert_num_queries(0):
        again = visitor_client.get(url)
    assert again.content == first
    assert again["Cache-Control"] == "private, no-store"

    project = Project.objects.get(pk=data.world.public_project.pk)
    project.title = "Umbenanntes Projekt"
    project.save()
    assert "Umbenanntes Projekt" in titles(rows_of(visitor_client.get(url), delimiter=";"))


def test_a_kept_filtered_export_is_served_without_reading_its_filters_again(
    data, visitor_client, django_assert_num_queries
):
    # The filters' validation (the topic looked up) was most of a kept file's cost.
    url = reverse("exports:projects_csv") + f"?topic={data.world.topic.slug}&country=DE"
    first = body(visitor_client.get(url))
    assert data.world.public_project.title in titles(rows_of(visitor_client.get(url)))
    with django_assert_num_queries(0):
        again = visitor_client.get(url)
    assert not again.streaming
    assert again.content == first
    assert again["Content-Disposition"] == 'attachment; filename="projekte.csv"'


def test_a_kept_export_is_sent_gzip_compressed_to_a_client_that_accepts_it(
    data, visitor_client, django_assert_num_queries
):
    url = reverse("exports:projects_csv") + f"?topic={data.world.topic.slug}&country=DE"
    browser = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br, zstd"}
    first = visitor_client.get(url, **browser)
    assert first.streaming  # written now: plain, whatever the client takes
    assert not first.has_header("Content-Encoding")
    assert "Accept-Encoding" in first["Vary"]
    plain = body(first)

    with django_assert_num_queries(0):
        again = visitor_client.get(url, **browser)
    assert again["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in again["Vary"]
    assert again["Cache-Control"] == "private, no-store"
    assert again["Content-Disposition"] == 'attachment; filename="projekte.csv"'
    assert gzip.decompress(again.content) == plain
    assert data.world.public_project.title.encode() in plain

    # A client that does not take gzip gets the same file, plain.
    for refusing in ("", "identity", "gzip;q=0, deflate", "gzip;q=0, *", "*;q=0", "br"):
        response = visitor_client.get(url, HTTP_ACCEPT_ENCODING=refusing)
        assert not response.has_header("Content-Encoding"), refusing
        assert response.content == plain, refusing
    for taking in ("GZIP", "*", "br;q=1, gzip;q=0.5", "x-gzip"):
        response = visitor_client.get(url, HTTP_ACCEPT_ENCODING=taking)
        assert response["Content-Encoding"] == "gzip", taking
        assert gzip.decompress(response.content) == plain, taking


def test_the_kept_export_is_much_smaller_compressed(db, visitor_client):
    lead = Municipality.objects.create(name="Großstadt", slug="grossstadt", country="DE")
    make_projects(300, lead)
    url = reverse("exports:projects_csv")
    plain = body(visitor_client.get(url))
    compressed = visitor_client.get(url, HTTP_ACCEPT_ENCODING="gzip").content
    assert gzip.decompress(compressed) == plain
    assert len(compressed) * 4 < len(plain), (len(compressed), len(plain))


def test_an_invalid_filter_is_refused_every_time_never_kept(db, visitor_client):
    url = reverse("exports:projects_csv") + "?topic=gibt-es-nicht"
    assert visitor_client.get(url).status_code == 400
    assert visitor_client.get(url).status_code == 400


def test_a_kept_export_is_kept_for_those_who_see_the_same_rows(
    data, visitor_client, officer_client
):
    url = reverse("exports:projects_csv")
    assert data.world.members_project.title in titles(rows_of(officer_client.get(url)))
    assert data.world.members_project.title not in titles(rows_of(visitor_client.get(url)))
    assert data.world.members_project.title in titles(rows_of(officer_client.get(url)))


def test_an_export_larger_than_the_limit_is_not_kept(data, visitor_client, monkeypatch):
    monkeypatch.setattr(csv_views, "KEEP_MAX_CHARS", 100)
    url = reverse("exports:projects_csv")
    first = body(visitor_client.get(url))
    again = visitor_client.get(url)
    assert again.streaming  # written again
    assert body(again) == first


def test_rows_are_sent_a_chunk_at_a_time_not_one_by_one(db, visitor_client, monkeypatch):
    monkeypatch.setattr(csv_views, "CHUNK_SIZE", 40)
    lead = Municipality.objects.create(name="Großstadt", slug="grossstadt", country="DE")
    make_projects(100, lead)

    pieces = list(visitor_client.get(reverse("exports:projects_csv")).streaming_content)

    # The header, then 40 rows a piece and the rest (a server sends each piece as one
    # write); other tests' data may add a few rows.
    lines = [piece.count(b"\n") for piece in pieces]
    assert lines[:3] == [1, 40, 40]
    assert all(0 < count <= 40 for count in lines[3:])
    assert len(lines) == 1 + -(-sum(lines[1:]) // 40)
    rows = list(csv.reader(io.StringIO(b"".join(pieces).decode("utf-8")[1:])))
    assert titles(rows) >= {
        f"Massenprojekt {i} mit einem Titel, der etwas länger ist" for i in range(100)
    }
