"""Writes to members' data that take more than saving one form."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.cached import content_changed
from members.importing import PlaceRecord, RejectedRow
from members.models import Municipality

# New places are classified by population along the BBSR's lower size class: below 5,000
# inhabitants a place is a rural municipality (Landgemeinde), from 5,000 a town (Kleinstadt
# and up). The import sets kind and rural/urban only for places it creates; for existing
# ones they are curated (the Salzlandkreis is a rural district of 190,000).
TOWN_FROM_POPULATION = 5_000

# Fields the import keeps up to date on municipalities it matches. It never renames a
# municipality or changes its slug, and a value the source leaves empty is kept.
IMPORTED_FIELDS = ("state", "population", "latitude", "longitude", "official_key", "geonames_id")

BATCH_SIZE = 2_000

# Serialises imports: two at once would both create the same new places.
IMPORT_LOCK_ID = 0x6D756E69  # "muni"


class MunicipalityImportAborted(Exception):
    """Strict mode met a rejected row; the whole source was left unimported."""

    def __init__(self, report: "ImportReport"):
        self.report = report
        super().__init__(
            _("%(count)s row(s) rejected; nothing was imported.") % {"count": len(report.rejected)}
        )


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)


def _fold(text: str) -> str:
    return text.casefold()


def place_slug(name: str) -> str:
    """A slug that reads German place names the German way (Würzburg → wuerzburg)."""
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"),
                            ("Ü", "Ue"), ("ß", "ss")):  # fmt: skip
        name = name.replace(umlaut, spelled)
    return slugify(name)[:150].strip("-")


class _Known:
    """A municipality as the import sees it: in the database already or created by it."""

    __slots__ = ("pk", *IMPORTED_FIELDS, "name", "country", "claimed_by", "changed", "new")

    def __init__(self, pk, name, country, **values):
        self.pk = pk
        self.name = name
        self.country = country
        for name_ in IMPORTED_FIELDS:
            setattr(self, name_, values.get(name_))
        self.claimed_by = None  # the source of the record that matched it
        self.changed = False
        self.new = False

    def compatible_with(self, record: PlaceRecord) -> bool:
        """Whether a municipality of the same name can be the place the record describes."""
        if record.geonames_id and self.geonames_id:
            return record.geonames_id == self.geonames_id
        if record.official_key and self.official_key and record.official_key != self.official_key:
            return False
        return not (record.state and self.state and _fold(record.state) != _fold(self.state))


class _Index:
    def __init__(self):
        self.by_geonames_id: dict[int, _Known] = {}
        self.by_key: dict[tuple[str, str], _Known] = {}
        self.by_name: dict[tuple[str, str], list[_Known]] = {}
        self.slugs: set[str] = set()

    def add(self, known: _Known) -> None:
        self.add_keys(known)
        self.by_name.setdefault((known.country, _fold(known.name)), []).append(known)

    def add_keys(self, known: _Known) -> None:
        if known.geonames_id:
            self.by_geonames_id[known.geonames_id] = known
        if known.official_key:
            self.by_key[(known.country, known.official_key)] = known

    @classmethod
    def from_database(cls) -> "_Index":
        index = cls()
        rows = Municipality.objects.values_list("pk", "name", "country", "slug", *IMPORTED_FIELDS)
        for pk, name, country, slug, *values in rows.iterator(chunk_size=10_000):
            index.slugs.add(slug)
            index.add(_Known(pk, name, country, **dict(zip(IMPORTED_FIELDS, values, strict=True))))
        return index

    def claim(self, known: _Known, record: PlaceRecord) -> None:
        """The record describes `known`: take over its values and index its new keys."""
        known.claimed_by = record.source
        _apply(known, record)
        self.add_keys(known)

    def reserve(self, record: PlaceRecord) -> str:
        """Index a place the import will create; returns its new, unique slug."""
        slug = self.unique_slug(record)
        self.slugs.add(slug)
        known = _Known(
            None, record.name, record.country, **{n: getattr(record, n) for n in IMPORTED_FIELDS}
        )
        known.new = True
        known.claimed_by = record.source
        self.add(known)
        return slug

    def unique_slug(self, record: PlaceRecord) -> str:
        # Names in other scripts (Арачиново) give no slug; "ort" (place) with an ID stands in.
        base = place_slug(record.name) or (
            f"ort-{record.geonames_id}" if record.geonames_id else "ort"
        )
        state = place_slug(record.state) if record.state else ""
        candidates = [base]
        if state:
            candidates += [f"{base}-{state}", f"{base}-{state}-{record.country.lower()}"]
        candidates.append(f"{base}-{record.country.lower()}")
        if record.geonames_id:
            candidates.append(f"{base}-{record.geonames_id}")
        for candidate in candidates:
            if candidate[:200] not in self.slugs:
                return candidate[:200]
        number = 2
        while f"{base}-{number}" in self.slugs:
            number += 1
        return f"{base}-{number}"


def _identity(record: PlaceRecord) -> tuple:
    """What makes two rows of one source the same place."""
    if record.geonames_id:
        return ("geonames", record.geonames_id)
    if record.official_key:
        return ("key", record.country, record.official_key)
    return ("name", record.country, _fold(record.name))


def _match(record: PlaceRecord, index: _Index) -> _Known | RejectedRow | None:
    """The municipality a record describes: by GeoNames ID, official key, then name."""
    if record.geonames_id and record.geonames_id in index.by_geonames_id:
        known = index.by_geonames_id[record.geonames_id]
    elif record.official_key and (record.country, record.official_key) in index.by_key:
        known = index.by_key[(record.country, record.official_key)]
    else:
        candidates = [
            known
            for known in index.by_name.get((record.country, _fold(record.name)), ())
            if known.compatible_with(record)
        ]
        if len(candidates) > 1 and record.state:
            candidates = [c for c in candidates if _fold(c.state or "") == _fold(record.state)]
        if not candidates:
            return None
        if len(candidates) > 1:
            return RejectedRow(
                record.source,
                _(
                    "%(count)s municipalities named %(name)s in %(country)s: give an official "
                    "key or the state to tell them apart"
                )
                % {"count": len(candidates), "name": record.name, "country": record.country},
            )
        known = candidates[0]
    if known.claimed_by is not None:
        return RejectedRow(
            record.source,
            _("describes the same municipality as %(other)s") % {"other": known.claimed_by},
        )
    return known


def _match_alternate_name(record: PlaceRecord, index: _Index) -> _Known | None:
    """An unmatched existing municipality that carries one of the place's other names."""
    found = {
        id(known): known
        for alternate in record.alternate_names
        for known in index.by_name.get((record.country, _fold(alternate)), ())
        if not known.new and known.claimed_by is None and known.compatible_with(record)
    }
    return next(iter(found.values())) if len(found) == 1 else None


def _apply(known: _Known, record: PlaceRecord) -> None:
    for name in IMPORTED_FIELDS:
        value = getattr(record, name)
        if value in (None, ""):
            continue
        current = getattr(known, name)
        if name == "state" and current and _fold(current) == _fold(value):
            continue
        if current != value:
            setattr(known, name, value)
            known.changed = True


def _new_municipality(record: PlaceRecord, slug: str) -> Municipality:
    population = record.population
    town = population is not None and population >= TOWN_FROM_POPULATION
    return Municipality(
        name=record.name,
        slug=slug,
        kind=Municipality.Kind.CITY if town else Municipality.Kind.MUNICIPALITY,
        settlement_type=(
            ""
            if population is None
            else Municipality.SettlementType.URBAN
            if town
            else Municipality.SettlementType.RURAL
        ),
        country=record.country,
        **{name: getattr(record, name) for name in IMPORTED_FIELDS},
    )


def _batches(items: list, size: int | None = None):
    size = size or BATCH_SIZE
    for start in range(0, len(items), size):
        yield items[start : start + size]


def no_progress(iterable: Iterable, *, description: str, total: int | None = None) -> Iterable:
    return iterable


def municipalities_import(
    *,
    rows: Iterable[PlaceRecord | RejectedRow],
    strict: bool = False,
    dry_run: bool = False,
    progress: Callable[..., Iterable] = no_progress,
) -> ImportReport:
    """Create or update municipalities from validated rows, all in one transaction.

    A row matches an existing municipality by GeoNames ID, then by (country, official key),
    then by name and country (case-insensitive; a state or key that differs means another
    place), and for GeoNames places last by one of their other names ("Prag" for Prague).
    Rejected rows are reported and skipped; with `strict` any of them aborts the whole
    import. A database error rolls everything back.
    """
    report = ImportReport()
    rows = list(rows) if not isinstance(rows, list) else rows
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_ID])
        index = _Index.from_database()
        seen: dict[tuple, str] = {}
        unmatched: list[PlaceRecord] = []
        matched: list[_Known] = []
        for row in progress(rows, description=_("Matching"), total=len(rows)):
            if isinstance(row, RejectedRow):
                report.rejected.append(row)
                continue
            identity = _identity(row)
            if identity in seen:
                report.rejected.append(
                    RejectedRow(row.source, _("duplicate of %(other)s") % {"other": seen[identity]})
                )
                continue
            seen[identity] = row.source
            match = _match(row, index)
            if isinstance(match, RejectedRow):
                report.rejected.append(match)
            elif match is None:
                unmatched.append(row)
            else:
                index.claim(match, row)
                matched.append(match)
        created: list[tuple[PlaceRecord, str]] = []
        for row in unmatched:
            match = _match_alternate_name(row, index)
            if match is not None:
                index.claim(match, row)
                matched.append(match)
            else:
                created.append((row, index.reserve(row)))

        if strict and report.rejected:
            raise MunicipalityImportAborted(report)

        batches = list(_batches(created))
        for batch in progress(batches, description=_("Creating"), total=len(batches)):
            Municipality.objects.bulk_create(
                [_new_municipality(record, slug) for record, slug in batch]
            )
        changed = [
            Municipality(pk=known.pk, **{name: getattr(known, name) for name in IMPORTED_FIELDS})
            for known in matched
            if known.changed
        ]
        batches = list(_batches(changed, 500))
        for batch in progress(batches, description=_("Updating"), total=len(batches)):
            Municipality.objects.bulk_update(batch, IMPORTED_FIELDS)
        if created or changed:
            content_changed()  # bulk writes send no signals (core.cached)
        report.created = len(created)
        report.updated = len(changed)
        report.unchanged = len(matched) - len(changed)
        if dry_run:
            transaction.set_rollback(True)
    return report
