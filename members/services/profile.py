"""A municipality's public profile, edited by its officers: saved with its contact persons
in one transaction, each save one recorded version (django-simple-history), and earlier
versions restorable."""

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from members.models import Municipality, Person
from members.services.audit import PortalError

# The fields an officer edits, and a restore brings back.
PROFILE_FIELDS = (
    "name_en",
    "description",
    "description_en",
    "website",
    "kind",
    "settlement_type",
    "population",
    "official_key",
    "wikidata_id",
)


class StaleVersion(PortalError):
    """Someone saved the profile after the form was loaded."""


def current_version(municipality: Municipality) -> str:
    record = municipality.history.order_by("-history_date").only("history_id").first()
    return str(record.history_id) if record else ""


def _unique_person_slug(name: str) -> str:
    base = slugify(name)[:180] or "person"
    slug, n = base, 1
    while Person.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def municipality_profile_update(
    *, actor, municipality: Municipality, values: dict, loaded_version: str, people=None
) -> Municipality:
    """Save the profile `values` (and the contact persons' formset `people`), unless the
    profile changed since `loaded_version`. Raises StaleVersion."""
    with transaction.atomic():
        locked = Municipality.objects.select_for_update().get(pk=municipality.pk)
        if current_version(locked) != (loaded_version or ""):
            raise StaleVersion(
                _(
                    "Someone else saved this profile while you were editing it. Your text "
                    "has not been saved: compare it with the current version (open the "
                    "page again in a new tab), then save again."
                )
            )
        for name in PROFILE_FIELDS:
            setattr(municipality, name, values[name])
        municipality.full_clean()
        # The contact persons first: the version recorded by the save below keeps them.
        if people is not None:
            for person in people.save(commit=False):
                person.municipality = municipality
                if not person.slug:
                    person.slug = _unique_person_slug(person.name)
                person.full_clean()
                person.save()
            for person in people.deleted_objects:
                # Unlinked rather than deleted: a person may also belong to an organisation.
                person.municipality = None
                person.save(update_fields=["municipality"])
        municipality._history_user = actor
        municipality.save()
    return municipality


def _restore_contact_persons(municipality: Municipality, kept: list[dict]) -> None:
    """Link the contact persons of an earlier version again, with their name and role then;
    unlink the others. A person deleted since (only the admin deletes) comes back as new."""
    existing = Person.objects.in_bulk([entry["id"] for entry in kept])
    restored = []
    for entry in kept:
        person = existing.get(entry["id"])
        if person is None:
            person = Person(slug=_unique_person_slug(entry["name"]))
        person.name, person.role_title = entry["name"], entry["role"]
        person.municipality = municipality
        person.full_clean()
        person.save()
        restored.append(person.pk)
    municipality.people.exclude(pk__in=restored).update(municipality=None)


def municipality_restore(*, actor, municipality: Municipality, record) -> Municipality:
    """Bring back the profile fields and contact persons of an earlier version: itself a
    recorded change."""
    if record.instance_type is not Municipality or record.id != municipality.pk:
        raise PortalError(_("This version belongs to another municipality."))
    with transaction.atomic():
        municipality = Municipality.objects.select_for_update().get(pk=municipality.pk)
        for name in PROFILE_FIELDS:
            setattr(municipality, name, getattr(record, name))
        municipality.full_clean()
        if record.contact_persons is not None:
            _restore_contact_persons(municipality, record.contact_persons)
        municipality._history_user = actor
        municipality._change_reason = _("restored the version of %(date)s") % {
            "date": record.history_date.strftime("%d.%m.%Y %H:%M")
        }
        municipality.save()
    return municipality
