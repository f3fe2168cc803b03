"""The import_municipalities command: CSV files and GeoNames places through one path."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from members.importing import GEONAMES_STATES, place_from_row, read_geonames
from members.models import Municipality
from members.services import municipalities_import
from tests.factories.members import MunicipalityFactory

HEADER = "name,country,state,population,latitude,longitude,official_key\n"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def csv_file(tmp_path):
    def write(text, name="places.csv", encoding="utf-8"):
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return str(path)

    return write


def run(*args):
    out = io.StringIO()
    call_command("import_municipalities", *args, stdout=out)
    return out.getvalue()


def test_good_file_creates_municipalities(db, csv_file):
    path = csv_file(
        HEADER
        + "Bamberg,DE,Bayern,70047,49.89873,10.90067,09461000\n"
        + "Alsleben,de,Sachsen-Anhalt,2786,51.70161,11.67835,\n"
    )

    output = run(path)

    assert "Created: 2, updated: 0, unchanged: 0, rejected: 0." in output
    bamberg = Municipality.objects.get(official_key="09461000")
    assert (bamberg.name, bamberg.slug, bamberg.country, bamberg.state) == (
        "Bamberg",
        "bamberg",
        "DE",
        "Bayern",
    )
    assert (bamberg.population, bamberg.latitude, bamberg.longitude) == (
        70047,
        49.89873,
        10.90067,
    )
    assert (bamberg.kind, bamberg.settlement_type) == ("city", "urban")
    alsleben = Municipality.objects.get(slug="alsleben")
    assert (alsleben.country, alsleben.kind, alsleben.settlement_type) == (
        "DE",
        "municipality",
        "rural",
    )


def test_semicolons_german_numbers_and_a_byte_order_mark(db, csv_file):
    path = csv_file(
        "\ufeff"
        + HEADER.replace(",", ";")
        + "Würzburg;DE;Bayern;127.934;49,79391;9,95121;09663000\n"
    )

    run(path)

    wuerzburg = Municipality.objects.get()
    assert (wuerzburg.slug, wuerzburg.population, wuerzburg.latitude) == (
        "wuerzburg",
        127_934,
        49.79391,
    )


def test_bad_rows_are_reported_with_line_numbers_and_skipped(db, csv_file):
    path = csv_file(
        HEADER
        + "Bamberg,DE,Bayern,70047,49.89873,10.90067,\n"  # line 2: good
        + "Irgendwo,DE,,viele,,,\n"  # line 3
        + "Nordpol,DE,,,91,10,\n"  # line 4
        + ",DE,,,,,\n"  # line 5
        + "Atlantis,XX,,,,,\n"  # line 6
        + "Minusdorf,DE,,-5,,,\n"  # line 7
        + "Halbdorf,DE,,,50.1,,\n"  # line 8
        + "Zuviel,DE,,,,,,extra\n"  # line 9
        + "Ohneland,,,,,,\n"  # line 10
        + "\n"
        + "Bamberg,DE,Bayern,70047,,,\n"  # line 12: the same place again
    )

    output = run(path)

    assert "Created: 1, updated: 0, unchanged: 0, rejected: 9." in output
    assert "line 3: population is not a whole number: 'viele'" in output
    assert "line 4: latitude is out of range (-90 to 90)" in output
    assert "line 5: name is missing" in output
    assert "line 6: unknown country code: 'XX'" in output
    assert "line 7: population must not be negative" in output
    assert "line 8: latitude and longitude must be given together" in output
    assert "line 9: expected 7 fields, found 8" in output
    assert "line 10: country is missing" in output
    assert "line 12: duplicate of line 2" in output
    assert list(Municipality.objects.values_list("name", flat=True)) == ["Bamberg"]


def test_reimport_changes_nothing_and_an_update_is_counted(db, csv_file):
    rows = "Bamberg,DE,Bayern,70047,49.89873,10.90067,09461000\nKiel,DE,,246243,,,01002000\n"
    run(csv_file(HEADER + rows))
    before = list(Municipality.objects.order_by("pk").values())

    output = run(csv_file(HEADER + rows))

    assert "Created: 0, updated: 0, unchanged: 2, rejected: 0." in output
    assert list(Municipality.objects.order_by("pk").values()) == before

    output = run(csv_file(HEADER + rows.replace("246243", "252668")))

    assert "Created: 0, updated: 1, unchanged: 1, rejected: 0." in output
    assert Municipality.objects.get(slug="kiel").population == 252_668


def test_rows_match_by_official_key_before_name(db, csv_file):
    keyed = MunicipalityFactory(name="Stadt Bamberg", slug="bamberg", official_key="09461000")

    output = run(csv_file(HEADER + "Bamberg,DE,Bayern,70047,,,09461000\n"))

    assert "updated: 1" in output
    keyed.refresh_from_db()
    # The import never renames: the curated name stays, the numbers are taken over.
    assert (keyed.name, keyed.population) == ("Stadt Bamberg", 70047)
    assert Municipality.objects.count() == 1


def test_same_name_in_another_state_is_another_place(db, csv_file):
    MunicipalityFactory(name="Neustadt", slug="neustadt", country="DE", state="Hessen")

    run(csv_file(HEADER + "Neustadt,DE,Sachsen,,,,\n"))

    assert sorted(Municipality.objects.values_list("slug", "state")) == [
        ("neustadt", "Hessen"),
        ("neustadt-sachsen", "Sachsen"),
    ]


def test_ambiguous_name_is_rejected(db, csv_file):
    MunicipalityFactory(name="Neustadt", slug="neustadt-a", state="", official_key="1")
    MunicipalityFactory(name="Neustadt", slug="neustadt-b", state="", official_key="2")

    output = run(csv_file(HEADER + "Neustadt,DE,,1000,,,\n"))

    assert "line 2: 2 municipalities named Neustadt in DE" in output
    assert not Municipality.objects.filter(population=1000).exists()


def test_strict_mode_imports_nothing_when_a_row_is_rejected(db, csv_file):
    path = csv_file(HEADER + "Bamberg,DE,Bayern,70047,,,\nIrgendwo,DE,,viele,,,\n")

    with pytest.raises(CommandError, match="1 row"):
        run(path, "--strict")

    assert not Municipality.objects.exists()


def test_dry_run_writes_nothing(db, csv_file):
    output = run(csv_file(HEADER + "Bamberg,DE,Bayern,70047,,,\n"), "--dry-run")

    assert "Dry run, nothing written. Created: 1" in output
    assert not Municipality.objects.exists()


@pytest.mark.parametrize(
    ("content", "encoding", "message"),
    [
        ("", "utf-8", "is empty"),
        ("Name;Land\nBamberg;DE\n", "utf-8", "must name the columns"),
        (HEADER + "Bamberg,DE,Bayern,,,,\n", "utf-16", "is not UTF-8"),
        (HEADER + "Würzburg,DE,Bayern,,,,\n", "latin-1", "is not UTF-8"),
    ],
)
def test_unreadable_file_imports_nothing(db, csv_file, content, encoding, message):
    path = csv_file(content, encoding=encoding)

    with pytest.raises(CommandError, match=message):
        run(path)

    assert not Municipality.objects.exists()


def test_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "missing.csv"))


def test_database_error_rolls_back_the_whole_file(db, csv_file, monkeypatch):
    from members.services import imports as services

    monkeypatch.setattr(services, "BATCH_SIZE", 1)
    # The second row's slug is taken between matching and writing, as by a concurrent edit.
    original = services.Municipality.objects.bulk_create

    def bulk_create_with_a_clash(objs, *args, **kwargs):
        if objs[0].name == "Kiel":
            MunicipalityFactory(name="Anderswo", slug="kiel")
        return original(objs, *args, **kwargs)

    monkeypatch.setattr(services.Municipality.objects, "bulk_create", bulk_create_with_a_clash)

    with pytest.raises(CommandError, match="Database error, nothing was imported"):
        run(csv_file(HEADER + "Bamberg,DE,Bayern,,,,\nKiel,DE,,,,,\n"))

    assert not Municipality.objects.exists()


def test_demo_municipalities_are_matched_not_duplicated(db):
    call_command("loaddata", "demo", verbosity=0)
    demo_count = Municipality.objects.count()

    output = run("--geonames", "DE", "--min-population", "60000")

    bamberg = Municipality.objects.get(slug="bamberg")
    assert bamberg.geonames_id == 2952984
    assert (bamberg.population, bamberg.state) == (70047, "Bayern")
    assert bamberg.latitude is not None
    # "Kempten (Allgäu)" and the curated description stay as they were.
    kempten = Municipality.objects.get(slug="kempten")
    assert kempten.geonames_id == 2891621
    assert "KI-Datensammlung" in kempten.description
    for name in ("Bamberg", "Kiel", "Kempten (Allgäu)", "Hamburg", "Mannheim"):
        assert Municipality.objects.filter(name=name, country="DE").count() == 1
    assert "updated: 5" in output
    # The district is no GeoNames place: untouched.
    salzlandkreis = Municipality.objects.get(slug="salzlandkreis")
    assert (salzlandkreis.geonames_id, salzlandkreis.population) == (None, 190_000)
    created = Municipality.objects.count() - demo_count
    assert f"Created: {created}," in output


def test_geonames_other_names_match_german_names(db):
    call_command("loaddata", "demo", verbosity=0)

    run("--geonames", "CZ", "GR", "--min-population", "500000")

    assert Municipality.objects.get(slug="prag").geonames_id == 3067696
    assert Municipality.objects.get(slug="athen").geonames_id == 264371
    assert not Municipality.objects.filter(name__in=["Prague", "Athens"]).exists()


def test_geonames_import_of_a_small_country_and_reimport(db):
    output = run("--geonames", "LI")

    places = Municipality.objects.filter(country="LI")
    assert places.count() > 5
    assert f"Created: {places.count()}, updated: 0" in output
    assert not places.filter(geonames_id__isnull=True).exists()
    assert places.filter(name="Vaduz", kind="city").exists()

    output = run("--geonames", "LI")

    assert f"Created: 0, updated: 0, unchanged: {places.count()}" in output


def test_geonames_min_population_and_state_names(db):
    run("--geonames", "DE", "--min-population", "1000000")

    assert set(Municipality.objects.values_list("name", "state")) == {
        ("Berlin", "Berlin"),
        ("Hamburg", "Hamburg"),
        ("Munich", "Bayern"),
        ("Köln", "Nordrhein-Westfalen"),
    }
    assert Municipality.objects.get(name="Köln").slug == "koeln"


def test_unknown_geonames_country(db):
    with pytest.raises(CommandError, match="Unknown country code"):
        run("--geonames", "XX")


def test_file_and_geonames_together_are_refused(db, csv_file):
    with pytest.raises(CommandError, match="not both"):
        run(csv_file(HEADER), "--geonames", "DE")


def test_geonames_places_go_through_the_same_validation():
    record = read_geonames(["LI"])[0]

    assert record == place_from_row(
        record.source,
        {
            "name": record.name,
            "country": "LI",
            "state": record.state,
            "population": record.population,
            "latitude": record.latitude,
            "longitude": record.longitude,
            "geonames_id": record.geonames_id,
        },
        alternate_names=record.alternate_names,
    )


def test_german_state_codes_match_the_data():
    capitals = {
        "Stuttgart": "Baden-Württemberg",
        "Munich": "Bayern",
        "Bremen": "Bremen",
        "Hamburg": "Hamburg",
        "Wiesbaden": "Hessen",
        "Hannover": "Niedersachsen",
        "Düsseldorf": "Nordrhein-Westfalen",
        "Mainz": "Rheinland-Pfalz",
        "Saarbrücken": "Saarland",
        "Kiel": "Schleswig-Holstein",
        "Potsdam": "Brandenburg",
        "Dresden": "Sachsen",
        "Magdeburg": "Sachsen-Anhalt",
        "Erfurt": "Thüringen",
        "Berlin": "Berlin",
    }
    states = {record.name: record.state for record in read_geonames(["DE"], 80_000)}

    assert {city: states[city] for city in capitals} == capitals
    assert {r.state for r in read_geonames(["DE"], 20_000)} == set(GEONAMES_STATES["DE"].values())


def test_service_counts_rejections_from_the_reader(db):
    rejected = place_from_row("line 9", {"name": "Nirgendwo", "country": "ZZ"})

    report = municipalities_import(rows=[rejected])

    assert [row.source for row in report.rejected] == ["line 9"]
    assert (report.created, report.updated, report.unchanged) == (0, 0, 0)


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal(db, csv_file, capsys):
    path = csv_file(HEADER + "Bamberg,DE,Bayern,70047,,,\n")

    call_command("import_municipalities", path, stdout=io.StringIO())
    assert "Matching" not in capsys.readouterr().err

    call_command("import_municipalities", path, stdout=Terminal())
    assert "Matching" in capsys.readouterr().err
