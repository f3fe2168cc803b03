"""Writes to projects (STYLE §4): an officer of the lead municipality (or staff) creates,
edits and restores a project. Each change is one version in the project's history
(django-simple-history, one record per change with its topics and partners), and a change
of who may see the project or its lessons learned leaves an audit entry."""

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.activity import PROJECT_CHANGED, PROJECT_CREATED, activity_record
from members.access import viewer_for
from members.models import AuditEntry, Membership, Municipality, Organization
from members.services.audit import PortalError, audit_record
from projects.models import Project, Topic

# What the edit form writes, besides the many-to-many fields below.
EDITABLE_FIELDS = (
    "title",
    "title_en",
    "summary",
    "summary_en",
    "description",
    "stage",
    "stopped_reason",
    "started_on",
    "ended_on",
    "funding_programme",
    "is_open_source",
    "repository_url",
    "licence",
    "open_standards",
    "lessons_worked",
    "lessons_failed",
    "lessons_differently",
    "lessons_visibility",
    "visibility",
    "source_url",
)
# Many-to-many field -> (related model, the column the history's rows keep its id in).
M2M_FIELDS = {
    "topics": (Topic, "topic_id"),
    "partner_municipalities": (Municipality, "municipality_id"),
    "partner_organizations": (Organization, "organization_id"),
}
VISIBILITY_FIELDS = ("visibility", "lessons_visibility")

# Change reasons stored with each history record; the history page puts them in words.
CREATED, EDITED, RESTORED, BASELINE = "created", "edited", "restored", "baseline"


class ProjectConflict(PortalError):
    """The project was saved by someone else since the form was loaded."""

    def __init__(self, current: Project, loaded_version: int):
        self.current = current
        self.loaded_version = loaded_version
        super().__init__(
            _(
                "Someone else saved this project while you were editing it. Nothing of "
                "yours has been saved yet: compare the changes below with your entries."
            )
        )


# Slugs the project URLs use for pages of their own (projects/urls.py).
RESERVED_SLUGS = frozenset({"neu", "partner-vorschlaege"})


def unique_slug(model, text: str, *, max_length: int = 200) -> str:
    """A slug from `text` that no row of `model` has yet ("rufbus", "rufbus-2", …)."""
    base = slugify(text)[: max_length - 6].strip("-") or "projekt"
    if base in RESERVED_SLUGS:
        base = f"{base}-projekt"
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def organization_add(*, name: str, kind: str) -> Organization:
    """The organisation of that name (any case), or a new one: partners typed in the
    project form when they are missing from the list."""
    name = " ".join(name.split())
    existing = Organization.objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    organization = Organization(name=name, kind=kind, slug=unique_slug(Organization, name))
    organization.full_clean()
    organization.save()
    return organization


def _audit_network(project: Project):
    """A network of the lead municipality, whose admins see the entry (None: staff only)."""
    return (
        Membership.objects.active()
        .filter(municipality_id=project.lead_municipality_id)
        .order_by("network__name")
        .values_list("network", flat=True)
        .first()
    )


def _audit_visibility(actor, project: Project, before: dict) -> None:
    after = {name: getattr(project, name) for name in VISIBILITY_FIELDS}
    changed = {name for name in VISIBILITY_FIELDS if before.get(name) != after[name]}
    if not changed:
        return
    audit_record(
        actor=actor,
        action=AuditEntry.Action.VISIBILITY_CHANGED,
        target=project,
        label=project.title,
        network=_audit_network(project),
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
    )


def _record(project: Project, *, actor, reason: str) -> None:
    """Saves `project` once more as one version in its history, topics and partners
    included (the writes before it skipped the history, so a change is one record)."""
    del project.skip_history_when_saving
    project._history_user = actor
    project._change_reason = reason
    project.save()


def _write(project: Project, *, actor, data: dict, reason: str) -> None:
    """Applies `data` (the form's cleaned data) and saves: fields, topics, partners and an
    organisation typed in as `new_organization` ({"name", "kind"})."""
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(project, name, data[name])
    if project.stage != Project.Stage.STOPPED:
        project.stopped_reason = ""
    project.full_clean()
    project.skip_history_when_saving = True
    project.save()
    for name in M2M_FIELDS:
        if name in data:
            getattr(project, name).set(data[name])
    if data.get("new_organization"):
        project.partner_organizations.add(organization_add(**data["new_organization"]))
    _record(project, actor=actor, reason=reason)


def project_create(*, actor, lead_municipality: Municipality, data: dict) -> Project:
    if not viewer_for(actor).can_edit_municipality(lead_municipality):
        raise PermissionError
    with transaction.atomic():
        project = Project(lead_municipality=lead_municipality, version=1)
        project.slug = unique_slug(Project, data["title"])
        _write(project, actor=actor, data=data, reason=CREATED)
        activity_record(PROJECT_CREATED, obj=project, actor=actor)
    return project


def _ensure_baseline(project: Project) -> None:
    """Projects made before their history was kept (fixtures, imports) get their state
    recorded once, by no one, so the first edit shows what it changed."""
    if not project.history.exists():
        project._history_user = None
        project._change_reason = BASELINE
        project.save()


def project_update(*, actor, project: Project, data: dict, version: int) -> Project:
    """Saves `data` over the project as loaded at `version`; raises ProjectConflict when it
    has been saved since (the caller shows what changed and keeps what was typed)."""
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if not viewer_for(actor).can_edit_project(project):
            raise PermissionError
        if project.version != version:
            raise ProjectConflict(project, version)
        _ensure_baseline(project)
        before = {name: getattr(project, name) for name in VISIBILITY_FIELDS}
        project.version += 1
        _write(project, actor=actor, data=data, reason=EDITED)
        _audit_visibility(actor, project, before)
        activity_record(PROJECT_CHANGED, obj=project, actor=actor)
    return project


def project_restore(*, actor, project: Project, record) -> Project:
    """Brings back the fields, topics and partners of `record` (one of the project's
    history records) as a new version: the restore is itself a recorded change."""
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if not viewer_for(actor).can_edit_project(project):
            raise PermissionError
        if record.id != project.pk:
            raise PortalError(_("This version belongs to another project."))
        _ensure_baseline(project)
        before = {name: getattr(project, name) for name in VISIBILITY_FIELDS}
        data = {name: getattr(record, name) for name in EDITABLE_FIELDS}
        for name, (model, column) in M2M_FIELDS.items():
            ids = [getattr(row, column) for row in getattr(record, name).all()]
            data[name] = list(model.objects.filter(pk__in=ids))
        project.version += 1
        _write(project, actor=actor, data=data, reason=f"{RESTORED}:{record.history_id}")
        _audit_visibility(actor, project, before)
        activity_record(PROJECT_CHANGED, obj=project, actor=actor)
    return project
