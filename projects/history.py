"""A project's versions in words: who changed what, when, field by field (old → new).

Reads the django-simple-history records projects.services writes (one per change, topics
and partners included) with a fixed number of queries, however many versions there are."""

from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from members.services.audit import pseudonym
from projects.models import Project
from projects.services import BASELINE, CREATED, EDITABLE_FIELDS, EDITED, M2M_FIELDS, RESTORED

LIMIT = 50  # versions shown on the history page, newest first
LONG_TEXT_WORDS = 30


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Version:
    record: object  # a HistoricalProject
    number: int
    what: str
    changes: list[Change] = field(default_factory=list)
    is_current: bool = False

    @property
    def when(self):
        return self.record.history_date

    @property
    def history_id(self):
        return self.record.history_id


def _field(name):
    return Project._meta.get_field(name)


def _words(name, value) -> str:
    """A field's value as people read it."""
    model_field = _field(name)
    if value in (None, "") or value == []:
        return _("(empty)")
    if isinstance(value, list):
        return ", ".join(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if model_field.get_internal_type() == "DateField":
        return date_format(value, "DATE_FORMAT")
    return Truncator(str(value)).words(LONG_TEXT_WORDS)


def _related(records) -> dict:
    """{history_id: {m2m field name: [sorted names]}} for `records`, three queries for the
    rows and three for the names."""
    ids = [record.pk for record in records]
    rows = {record.pk: {name: [] for name in M2M_FIELDS} for record in records}
    for name, (model, column) in M2M_FIELDS.items():
        m2m_model = getattr(Project.history.model, name).model
        pairs = list(m2m_model.objects.filter(history__in=ids).values_list("history", column))
        related = model.objects.filter(pk__in={pk for _history, pk in pairs})
        names = {obj.pk: str(obj) for obj in related}
        for history_id, pk in pairs:
            rows[history_id][name].append(names.get(pk, _("(deleted)")))
    for values in rows.values():
        for names in values.values():
            names.sort(key=str.casefold)
    return rows


def _changes(old, new, related) -> list[Change]:
    changes = []
    for name in (*EDITABLE_FIELDS, *M2M_FIELDS):
        if name in M2M_FIELDS:
            before, after = related[old.pk][name], related[new.pk][name]
        else:
            before, after = getattr(old, name), getattr(new, name)
        if before != after:
            label = str(_field(name).verbose_name)
            changes.append(
                Change(label[:1].upper() + label[1:], _words(name, before), _words(name, after))
            )
    return changes


def _what(record, by_id, viewer_user_id) -> str:
    if record.history_user_id is None:
        who = _("someone")
    elif record.history_user_id == viewer_user_id:
        who = _("you")
    else:
        who = _("account %(label)s") % {"label": pseudonym(record.history_user_id)}
    reason = record.history_change_reason or EDITED
    if reason == BASELINE:
        return _("State before the history was kept")
    if reason == CREATED:
        return _("Created by %(who)s") % {"who": who}
    if reason.startswith(f"{RESTORED}:"):
        restored = by_id.get(reason.partition(":")[2])
        if restored is not None:
            return _("%(who)s restored the version of %(date)s") % {
                "who": who[:1].upper() + who[1:],
                "date": date_format(restored.history_date, "DATETIME_FORMAT"),
            }
        return _("%(who)s restored an earlier version") % {"who": who[:1].upper() + who[1:]}
    return _("Changed by %(who)s") % {"who": who}


def project_versions(project: Project, *, viewer_user_id=None, limit=LIMIT) -> list[Version]:
    """The project's latest versions, newest first, each with what it changed."""
    records = list(project.history.order_by("-history_date")[: limit + 1])
    if not records:
        return []
    related = _related(records)
    by_id = {str(record.history_id): record for record in records}
    total = project.history.count() if len(records) > limit else len(records)
    versions = []
    for index, record in enumerate(records[:limit]):
        older = records[index + 1] if index + 1 < len(records) else None
        versions.append(
            Version(
                record=record,
                number=total - index,
                what=_what(record, by_id, viewer_user_id),
                changes=_changes(older, record, related) if older is not None else [],
                is_current=index == 0,
            )
        )
    return versions


def changes_since(project: Project, version: int) -> list[Change]:
    """What was saved after the form was loaded at `version`: the conflict's summary."""
    loaded = project.history.filter(version=version).order_by("-history_date").first()
    current = project.history.order_by("-history_date").first()
    if loaded is None or current is None or loaded.pk == current.pk:
        return []
    return _changes(loaded, current, _related([loaded, current]))
