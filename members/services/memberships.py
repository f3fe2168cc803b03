"""Network memberships: an officer asks for their municipality to join a network; the
network's admins decide and keep the dates, tier and leaving on record (never deleted)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.activity import REQUEST_DECIDED, activity_record
from members.access import viewer_for
from members.models import AuditEntry, Membership, Municipality, Network
from members.services.audit import PortalError, audit_record

RECORDED_FIELDS = ("status", "tier", "joined_on", "left_on")


def _state(membership: Membership) -> dict:
    return {name: _plain(getattr(membership, name)) for name in RECORDED_FIELDS}


def _plain(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def _label(membership: Membership) -> str:
    return f"{membership.municipality.name} – {membership.network}"


def _locked(membership: Membership) -> Membership:
    return (
        Membership.objects.select_for_update()
        .select_related("municipality", "network")
        .get(pk=membership.pk)
    )


def _require_admin(actor, network: Network) -> None:
    if not viewer_for(actor).can_administer(network):
        raise PermissionError


def membership_request(
    *, actor, municipality: Municipality, network: Network, message: str = ""
) -> Membership:
    if not viewer_for(actor).is_officer_of(municipality):
        raise PermissionError
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .filter(municipality=municipality, network=network)
            .first()
        )
        if membership is not None and membership.status == Membership.Status.ACTIVE:
            raise PortalError(
                _("%(m)s is already a member of %(n)s.") % {"m": municipality, "n": network}
            )
        if membership is not None and membership.status == Membership.Status.REQUESTED:
            raise PortalError(_("The request to join %(n)s is already waiting.") % {"n": network})
        # A municipality that left or was turned down asks again on its one row per network.
        before = _state(membership) if membership else {}
        membership = membership or Membership(municipality=municipality, network=network)
        membership.status = Membership.Status.REQUESTED
        membership.requested_by = actor
        membership.requested_at = timezone.now()
        membership.request_message = message
        membership.decided_by = None
        membership.decided_at = None
        membership.decision_reason = ""
        membership.full_clean()
        membership.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.MEMBERSHIP_REQUESTED,
            target=membership,
            label=_label(membership),
            network=network,
            before=before,
            after=_state(membership),
        )
    return membership


def membership_decide(
    *,
    actor,
    membership: Membership,
    approve: bool,
    reason: str = "",
    joined_on: datetime.date | None = None,
    tier: str = Membership.Tier.MEMBER,
) -> Membership:
    reason = reason.strip()
    if not approve and not reason:
        raise PortalError(_("Say why the request is rejected: the municipality will read it."))
    with transaction.atomic():
        membership = _locked(membership)
        _require_admin(actor, membership.network)
        if membership.status != Membership.Status.REQUESTED:
            raise PortalError(_("This request has already been decided."))
        before = _state(membership)
        membership.decided_by = actor
        membership.decided_at = timezone.now()
        membership.decision_reason = reason
        if approve:
            membership.status = Membership.Status.ACTIVE
            membership.joined_on = joined_on or timezone.localdate()
            membership.left_on = None
            membership.tier = tier
        else:
            membership.status = Membership.Status.REJECTED
        membership.full_clean()
        membership.save()
        audit_record(
            actor=actor,
            action=(
                AuditEntry.Action.MEMBERSHIP_APPROVED
                if approve
                else AuditEntry.Action.MEMBERSHIP_REJECTED
            ),
            target=membership,
            label=_label(membership),
            network=membership.network,
            before=before,
            after=_state(membership),
            reason=reason,
        )
        activity_record(REQUEST_DECIDED, obj=membership, actor=actor)
    return membership


def membership_update(
    *,
    actor,
    membership: Membership,
    joined_on: datetime.date | None,
    left_on: datetime.date | None,
    tier: str,
    reason: str = "",
) -> Membership:
    """Admins correct dates and tier; a left date records that the member left (the row
    stays, with its history)."""
    with transaction.atomic():
        membership = _locked(membership)
        _require_admin(actor, membership.network)
        if membership.status not in (Membership.Status.ACTIVE, Membership.Status.LEFT):
            raise PortalError(_("Only current or former members have dates and a tier."))
        before = _state(membership)
        membership.joined_on = joined_on
        membership.left_on = left_on
        membership.tier = tier
        membership.status = Membership.Status.LEFT if left_on else Membership.Status.ACTIVE
        membership.full_clean()
        membership.save()
        after = _state(membership)
        if after == before:
            return membership
        left_now = before["status"] != after["status"] and left_on
        audit_record(
            actor=actor,
            action=(
                AuditEntry.Action.MEMBERSHIP_LEFT
                if left_now
                else AuditEntry.Action.MEMBERSHIP_CHANGED
            ),
            target=membership,
            label=_label(membership),
            network=membership.network,
            before=before,
            after=after,
            reason=reason.strip(),
        )
    return membership
