"""Audit entries: who changed who may see or do what (members.models.AuditEntry)."""

import hashlib

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from members.models import AuditEntry


class PortalError(Exception):
    """A write the rules do not allow, with a message for the person who tried it."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def pseudonym(user_id: int | None) -> str:
    """A stable label for an account that names no one ("Konto 3f9a1c"): derived from the
    id with the secret key, so it cannot be traced back to an address."""
    if user_id is None:
        return _("system")
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:audit:{user_id}".encode()).hexdigest()
    return f"#{digest[:8]}"


def audit_record(
    *,
    actor,
    action: str,
    target,
    label: str,
    network=None,  # a Network or its id: whose admins see the entry
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
) -> AuditEntry:
    """Writes one entry; call it inside the transaction of the change it records."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record() belongs in the transaction of the change")
    actor_id = getattr(actor, "pk", None)
    return AuditEntry.objects.create(
        actor_id=actor_id,
        actor_label=pseudonym(actor_id),
        action=action,
        object_type=target._meta.label_lower,
        object_id=str(target.pk),
        object_label=label[:300],
        network_id=getattr(network, "pk", network),
        before=before or {},
        after=after or {},
        reason=reason,
    )
