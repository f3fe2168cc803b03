"""Officer links: a person asks to become their municipality's digital officer; an admin of
a network the municipality belongs to (staff, where it belongs to none) decides."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import Viewer
from core.activity import REQUEST_DECIDED, activity_record
from members.access import viewer_for
from members.models import AuditEntry, Membership, Municipality, Officer
from members.services.audit import PortalError, audit_record


def deciding_networks(municipality: Municipality):
    """Networks whose admins decide on the municipality's officers: those it is an active
    member of. None: only staff decide."""
    return Membership.objects.active().filter(municipality=municipality).values("network")


def can_decide_officers(viewer: Viewer, municipality: Municipality) -> bool:
    if viewer.sees_everything:
        return True
    networks = set(deciding_networks(municipality).values_list("network", flat=True))
    return bool(networks & viewer.admin_of)


def _network_of_decision(viewer: Viewer, municipality, network=None):
    """The network through which `viewer` decides, for the audit log (None: staff): the one
    the decision was made in (the workspace's) when it is one of the deciding networks."""
    networks = deciding_networks(municipality)
    if network is not None and networks.filter(network=network).exists():
        return getattr(network, "pk", network)
    networks = networks.filter(network__in=viewer.admin_of)
    return networks.order_by("network__name").values_list("network", flat=True).first()


def _label(officer: Officer) -> str:
    # An audit label names the municipality and the role, never the person's address.
    return f"{officer.municipality.name}: {officer.role_title}"


def officer_request(*, actor, municipality: Municipality, role_title: str, message: str = ""):
    with transaction.atomic():
        open_links = Officer.objects.select_for_update().filter(
            user=actor, municipality=municipality, status__in=("requested", "approved")
        )
        existing = open_links.first()
        if existing is not None:
            if existing.status == Officer.Status.APPROVED:
                raise PortalError(_("You are already an officer of %(m)s.") % {"m": municipality})
            raise PortalError(
                _("Your request for %(m)s is already waiting for a decision.") % {"m": municipality}
            )
        officer = Officer(
            user=actor, municipality=municipality, role_title=role_title, message=message
        )
        officer.full_clean()
        officer.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.OFFICER_REQUESTED,
            target=officer,
            label=_label(officer),
            after={"status": officer.status},
        )
    return officer


def officer_decide(
    *, actor, officer: Officer, approve: bool, reason: str = "", network=None
) -> Officer:
    """`network`: the network in whose workspace the decision is made (its admins see the
    audit entry); by default the first of the actor's networks the municipality is in."""
    reason = reason.strip()
    if not approve and not reason:
        raise PortalError(_("Say why the request is rejected: the person will read it."))
    with transaction.atomic():
        viewer = viewer_for(actor)  # once: the checks and the audit entry read it
        officer = (
            Officer.objects.select_for_update().select_related("municipality").get(pk=officer.pk)
        )
        if not can_decide_officers(viewer, officer.municipality):
            raise PermissionError
        if officer.status != Officer.Status.REQUESTED:
            raise PortalError(_("This request has already been decided."))
        before = {"status": officer.status}
        officer.status = Officer.Status.APPROVED if approve else Officer.Status.REJECTED
        officer.decided_by = actor
        officer.decided_at = timezone.now()
        officer.decision_reason = reason
        officer.full_clean()
        officer.save()
        audit_record(
            actor=actor,
            action=(
                AuditEntry.Action.OFFICER_APPROVED
                if approve
                else AuditEntry.Action.OFFICER_REJECTED
            ),
            target=officer,
            label=_label(officer),
            network=_network_of_decision(viewer, officer.municipality, network),
            before=before,
            after={"status": officer.status},
            reason=reason,
        )
        activity_record(REQUEST_DECIDED, obj=officer, actor=actor)
    return officer


def officer_end(*, actor, officer: Officer, reason: str = "", network=None) -> Officer:
    """The officer steps down (actor is the officer) or is removed by someone who decides
    on the municipality's officers."""
    with transaction.atomic():
        viewer = viewer_for(actor)  # once: the checks and the audit entry read it
        officer = (
            Officer.objects.select_for_update().select_related("municipality").get(pk=officer.pk)
        )
        stepping_down = officer.user_id == actor.pk
        if not stepping_down and not can_decide_officers(viewer, officer.municipality):
            raise PermissionError
        if officer.status != Officer.Status.APPROVED:
            raise PortalError(_("Only an approved officer can step down or be removed."))
        before = {"status": officer.status}
        officer.status = Officer.Status.STEPPED_DOWN if stepping_down else Officer.Status.REMOVED
        officer.ended_at = timezone.now()
        if not stepping_down:
            officer.decided_by = actor
            officer.decision_reason = reason.strip()
        officer.save()
        audit_record(
            actor=actor,
            action=(
                AuditEntry.Action.OFFICER_STEPPED_DOWN
                if stepping_down
                else AuditEntry.Action.OFFICER_REMOVED
            ),
            target=officer,
            label=_label(officer),
            network=(
                None
                if stepping_down
                else _network_of_decision(viewer, officer.municipality, network)
            ),
            before=before,
            after={"status": officer.status},
            reason=reason.strip(),
        )
    return officer
