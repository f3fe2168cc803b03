"""Roles within a network (admin, event organizer), granted and revoked by its admins."""

from django.db import transaction
from django.utils.translation import gettext as _

from members.access import viewer_for
from members.models import AuditEntry, Network, NetworkRole
from members.services.audit import PortalError, audit_record


def _label(role: NetworkRole) -> str:
    # Names the network and the role; the person is the audit entry's object id.
    return f"{role.network}: {role.get_role_display()}"


def role_grant(*, actor, network: Network, user, role: str) -> NetworkRole:
    if not viewer_for(actor).can_administer(network):
        raise PermissionError
    if role not in NetworkRole.Role.values:
        raise PortalError(_("There is no such role."))
    with transaction.atomic():
        if NetworkRole.objects.filter(user=user, network=network, role=role).exists():
            raise PortalError(_("This person already holds that role in %(n)s.") % {"n": network})
        granted = NetworkRole.objects.create(
            user=user, network=network, role=role, granted_by=actor
        )
        audit_record(
            actor=actor,
            action=AuditEntry.Action.ROLE_GRANTED,
            target=granted,
            label=_label(granted),
            network=network,
            after={"user": user.pk, "role": role},
        )
    return granted


def role_revoke(*, actor, role: NetworkRole, reason: str = "") -> None:
    with transaction.atomic():
        # Lock the network's admin roles, so two admins revoking each other at once cannot
        # leave the network with none.
        admins = list(
            NetworkRole.objects.select_for_update()
            .filter(network_id=role.network_id, role=NetworkRole.Role.ADMIN)
            .values_list("pk", flat=True)
        )
        role = NetworkRole.objects.select_related("network").get(pk=role.pk)
        if not viewer_for(actor).can_administer(role.network):
            raise PermissionError
        if role.role == NetworkRole.Role.ADMIN and admins == [role.pk]:
            raise PortalError(
                _("%(n)s needs at least one admin: grant the role to someone else first.")
                % {"n": role.network}
            )
        audit_record(
            actor=actor,
            action=AuditEntry.Action.ROLE_REVOKED,
            target=role,
            label=_label(role),
            network=role.network,
            before={"user": role.user_id, "role": role.role},
            reason=reason.strip(),
        )
        role.delete()
