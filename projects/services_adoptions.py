"""Adoptions, the transfer graph: an officer records that their municipality took over or
built on another municipality's project; the lead municipality's officers confirm it.

Recording an adoption changes no one's rights, so it leaves no audit entry (STYLE §4);
the adoption itself keeps who recorded and who confirmed it, and when. Each service checks
the rights once more (the views check them first, to answer 403 or 404).
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.activity import ADOPTION_RECORDED, activity_record
from members.access import viewer_for
from members.models import Municipality
from members.services.audit import PortalError
from projects.models import Adoption, Project


def adopting_municipalities(viewer, project: Project):
    """The municipalities for which `viewer` may record an adoption of `project`: those
    they are an officer of, except the lead and those that recorded one already."""
    return (
        Municipality.objects.filter(pk__in=viewer.officer_of)
        .exclude(pk=project.lead_municipality_id)
        .exclude(adoptions__project=project)
        .only("name", "slug")
        .order_by("name")
    )


def adoption_record(
    *,
    actor,
    project: Project,
    municipality: Municipality,
    kind: str,
    adopted_on: datetime.date | None = None,
    notes: str = "",
) -> Adoption:
    viewer = viewer_for(actor)
    if not viewer.is_officer_of(municipality):
        raise PermissionError
    if not Project.objects.visible_to(viewer).filter(pk=project.pk).exists():
        raise PermissionError
    if municipality.pk == project.lead_municipality_id:
        raise PortalError(_("A municipality cannot adopt a project it leads itself."))
    adoption = Adoption(
        project=project,
        municipality=municipality,
        kind=kind,
        adopted_on=adopted_on,
        notes=notes.strip(),
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            if Adoption.objects.filter(project=project, municipality=municipality).exists():
                raise PortalError(_duplicate(project, municipality))
            adoption.full_clean(validate_unique=False)
            adoption.save()
            activity_record(ADOPTION_RECORDED, obj=adoption, actor=actor)
    except IntegrityError:
        # Two requests at once: the unique constraint keeps one.
        raise PortalError(_duplicate(project, municipality)) from None
    return adoption


def _duplicate(project, municipality) -> str:
    return _("An adoption of “%(p)s” by %(m)s is already recorded.") % {
        "p": project.title,
        "m": municipality.name,
    }


def can_change_adoption(viewer, adoption: Adoption) -> bool:
    """The recording (adopting) municipality's officers change or remove it, and staff."""
    return viewer.is_staff or viewer.is_officer_of(adoption.municipality_id)


def can_confirm_adoption(viewer, adoption: Adoption) -> bool:
    """The lead municipality's officers confirm it, and staff."""
    return viewer.can_edit_project(adoption.project)


def adoption_update(
    *,
    actor,
    adoption: Adoption,
    kind: str,
    adopted_on: datetime.date | None = None,
    notes: str = "",
) -> Adoption:
    if not can_change_adoption(viewer_for(actor), adoption):
        raise PermissionError
    with transaction.atomic():
        adoption = Adoption.objects.select_for_update().get(pk=adoption.pk)
        # The lead confirmed what and when; a change of either asks for a new confirmation.
        if (adoption.kind, adoption.adopted_on) != (kind, adopted_on):
            adoption.confirmed_by = None
            adoption.confirmed_at = None
        adoption.kind = kind
        adoption.adopted_on = adopted_on
        adoption.notes = notes.strip()
        adoption.full_clean(validate_unique=False)
        adoption.save()
    return adoption


def adoption_remove(*, actor, adoption: Adoption) -> None:
    if not can_change_adoption(viewer_for(actor), adoption):
        raise PermissionError
    Adoption.objects.filter(pk=adoption.pk).delete()


def adoption_confirm(*, actor, adoption: Adoption) -> Adoption:
    if not can_confirm_adoption(viewer_for(actor), adoption):
        raise PermissionError
    with transaction.atomic():
        adoption = Adoption.objects.select_for_update().get(pk=adoption.pk)
        if adoption.confirmed_at is None:
            adoption.confirmed_by = actor
            adoption.confirmed_at = timezone.now()
            adoption.save(update_fields=["confirmed_by", "confirmed_at"])
    return adoption
