"""Matching municipalities to GeoNames places when the demo data loads (issue 12, point 4)."""

from io import StringIO

import pytest
from django.core.management import call_command

from members.geonames_match import municipalities_match_geonames
from members.models import Municipality
from tests.factories.members import MunicipalityFactory

pytestmark = pytest.mark.django_db


def geonames(geonameid, name, country, admin1, population, others=(), at=(50.0, 10.0)):
    return {
        "geonameid": geonameid,
        "name": name,
        "countrycode": country,
        "admin1code": admin1,
        "population": population,
        "latitude": at[0],
        "longitude": at[1],
        "alternatenames": list(others),
    }


PLACES = [
    geonames(1, "Neustadt", "DE", "02", 12_000),  # Bayern
    geonames(2, "Neustadt", "DE", "14", 9_000),  # Sachsen-Anhalt
    geonames(3, "San Diego", "US", "CA", 1_404_452, at=(32.7, -117.2)),
    geonames(4, "San Diego", "US", "TX", 4_368),
    geonames(5, "Prague", "CZ", "52", 1_165_581, others=["Prag", "Praha"]),
    geonames(6, "Kehl", "DE", "01", 39_584, others=["Kiel"]),
    geonames(7, "Kiel", "DE", "10", 252_668, at=(54.3, 10.1)),
    geonames(8, "Kempten (Allgäu)", "DE", "02", 61_399),
]


def municipality(name, country="DE", state="", **fields):
    fields.setdefault("population", None)
    fields.setdefault("slug", f"{name.lower().replace(' ', '-')}-{country}")
    return MunicipalityFactory(
        name=name,
        country=country,
        state=state,
        **fields,
    )


def match(*municipalities):
    report = municipalities_match_geonames(municipalities, places=PLACES)
    for item in municipalities:
        item.refresh_from_db()
    return report


def test_a_unique_name_matches_and_gets_population_and_coordinates():
    kiel = municipality("Kiel")

    report = match(kiel)

    assert [place["geonameid"] for _, place in report.matched] == [7]
    assert (kiel.population, kiel.latitude, kiel.longitude, kiel.geonames_id) == (
        252_668,
        54.3,
        10.1,
        7,
    )


def test_own_names_come_before_other_names_and_other_names_are_found():
    prag = municipality("Prag", country="CZ")
    kiel = municipality("Kiel")  # also another name of Kehl
    kempten = municipality("Kempten")

    match(prag, kiel, kempten)

    assert prag.geonames_id == 5
    assert kiel.geonames_id == 7
    # "Kempten" is "Kempten (Allgäu)"... only when written so; the bare name finds nothing
    # here, and the municipality keeps no population rather than a guess.
    assert kempten.geonames_id is None


def test_the_state_decides_between_places_of_one_name():
    bavarian = municipality("Neustadt", state="Bayern")
    anhalt = municipality("Neustadt", country="DE", state="Sachsen-Anhalt", slug="neustadt-st")

    match(bavarian, anhalt)

    assert (bavarian.geonames_id, bavarian.population) == (1, 12_000)
    assert (anhalt.geonames_id, anhalt.population) == (2, 9_000)


def test_an_ambiguous_name_without_state_is_reported_not_guessed():
    neustadt = municipality("Neustadt")

    report = match(neustadt)

    assert report.matched == []
    [(item, reason)] = report.unmatched
    assert item == neustadt
    assert "nicht eindeutig: 2 Orte" in reason
    assert neustadt.population is None and neustadt.geonames_id is None


def test_a_place_ten_times_larger_than_its_namesakes_is_the_one_meant():
    san_diego = municipality("San Diego", country="US")

    match(san_diego)

    assert (san_diego.geonames_id, san_diego.latitude) == (3, 32.7)


def test_districts_are_not_matched_and_keep_their_stated_population():
    district = municipality("Kiel", kind=Municipality.Kind.DISTRICT, population=190_000)

    report = match(district)

    [(item, reason)] = report.unmatched
    assert "keine Stadt oder Gemeinde" in reason
    assert (district.population, district.latitude, district.geonames_id) == (190_000, None, None)


def test_a_name_not_found_is_reported_and_stated_values_are_kept():
    nowhere = municipality("Nirgendwo")
    kiel = municipality("Kiel", population=250_000, latitude=1.0, longitude=2.0)

    report = match(nowhere, kiel)

    assert report.unmatched[0][1] == "kein Ort dieses Namens in DE"
    # Kiel matched, but what it already stated stays.
    assert (kiel.population, kiel.latitude, kiel.geonames_id) == (250_000, 1.0, 7)


def test_loading_the_demo_data_matches_the_demo_municipalities():
    out = StringIO()

    call_command("load_demo_data", verbosity=1, stdout=out)

    places = {m.slug: m for m in Municipality.objects.all()}
    assert places["bamberg"].population == 70_047
    assert places["prag"].geonames_id == 3067696
    assert round(places["san-diego"].latitude) == 33  # California, not Texas
    assert places["kempten"].population == 61_399
    salzlandkreis = places["salzlandkreis"]
    assert (salzlandkreis.population, salzlandkreis.latitude) == (190_000, None)
    located = [m for m in places.values() if m.latitude is not None]
    assert len(located) == len(places) - 1
    assert "not matched: Salzlandkreis (" in out.getvalue()
