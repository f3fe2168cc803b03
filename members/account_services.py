"""A person's own account: the data the portal holds about them, and deleting it (GDPR
Art. 15, 17 and 20).

The export walks every model with a foreign key or one-to-one field to the user model, so
a model added later is covered without touching this file. Deletion removes the user (the
database cascades), then sweeps every text column for the person's addresses, so none of
them is left anywhere in the database. Audit entries hold a plain actor id and a pseudonym,
never an address: they outlive the account untouched.
"""

import re

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.db.transaction import atomic
from django.utils import timezone

from members.models import AuditEntry, NetworkRole, Officer
from members.services.audit import audit_record

# Columns never exported, whatever model they sit on: credentials and session keys.
SECRET_FIELD_NAMES = {"password", "session_key", "session_data", "secret", "token", "key"}
# Columns that hold secrets under an ordinary name: the TOTP seed and recovery codes
# (mfa.Authenticator.data) and the session's stored data.
SECRET_FIELDS_BY_MODEL = {"mfa.authenticator": {"data"}, "usersessions.usersession": {"data"}}
# Shown where an address stood in a text that stays (an admin log line, a note).
REMOVED = "[removed]"
# Rows that must not change: audit entries are append-only (a trigger refuses UPDATE) and
# never hold an address.
UNTOUCHABLE_MODELS = {"members.auditentry"}


def _exported_fields(model):
    label = model._meta.label_lower
    hidden = SECRET_FIELD_NAMES | SECRET_FIELDS_BY_MODEL.get(label, set())
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in hidden and not isinstance(field, SearchVectorField)
    ]


def _row(obj, fields) -> dict:
    row = {}
    for field in fields:
        value = getattr(obj, field.attname)
        if isinstance(value, bytes | memoryview):
            continue  # binary columns are not readable data; none holds personal text
        row[field.attname] = value
    return row


def _links_to_user():
    """(model, field) for every foreign key and one-to-one field that points at users,
    including the tables behind many-to-many fields (groups, permissions, follows)."""
    user_model = get_user_model()
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is user_model:
                yield model, field


def account_export(*, user) -> dict:
    """Everything the portal holds about `user`, as JSON-ready data (dates stay objects
    for DjangoJSONEncoder). No password hash, TOTP secret, recovery code or session key."""
    user_model = get_user_model()
    covered = {EmailAddress, UserSession, Authenticator}
    related: dict[str, list[dict]] = {}
    for model, field in _links_to_user():
        if model in covered:
            continue
        fields = _exported_fields(model)
        rows = [
            {"linked_by": field.name, **_row(obj, fields)}
            for obj in model._base_manager.filter(**{field.name: user}).order_by("pk")
        ]
        if rows:
            related.setdefault(model._meta.label_lower, []).extend(rows)

    return {
        "exported_at": timezone.now(),
        "user": _row(user, _exported_fields(user_model)),
        "email_addresses": [
            {"email": a.email, "primary": a.primary, "verified": a.verified}
            for a in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "sessions": [
            {
                "created_at": s.created_at,
                "last_seen_at": s.last_seen_at,
                "ip": s.ip,
                "user_agent": s.user_agent,
            }
            for s in UserSession.objects.filter(user=user).order_by("created_at")
        ],
        "two_factor": [
            {"type": a.type, "created_at": a.created_at, "last_used_at": a.last_used_at}
            for a in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
        "related": related,
    }


def _text_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and not field.primary_key
    ]


def _scrub_addresses(addresses: set[str]) -> int:
    """Remove the addresses from every text column of every table; returns changed rows.

    An email column that holds exactly the address is emptied (Person.email); elsewhere the
    address is replaced inside the text (an admin log line that names the person)."""
    pattern = re.compile("|".join(re.escape(a) for a in addresses), re.IGNORECASE)
    changed = 0
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.label_lower in UNTOUCHABLE_MODELS:
            continue
        fields = _text_fields(model)
        if not fields:
            continue
        matches = Q()
        for field in fields:
            for address in addresses:
                matches |= Q(**{f"{field.name}__icontains": address})
        for obj in model._base_manager.filter(matches):
            updated = []
            for field in fields:
                value = getattr(obj, field.attname)
                if not value or not pattern.search(value):
                    continue
                whole = pattern.fullmatch(value.strip())
                if whole and isinstance(field, models.EmailField) and field.blank:
                    setattr(obj, field.attname, "")
                else:
                    setattr(obj, field.attname, pattern.sub(REMOVED, value))
                updated.append(field.attname)
            if updated:
                obj.save(update_fields=updated)
                changed += 1
    return changed


def account_delete(*, user) -> None:
    """Delete `user`'s account at their own request (the view checked their password).

    The user row goes, and with it everything that cascades: addresses, sessions,
    authenticators, roles, profile. The person's signed-in sessions on other devices end.
    Then no address of theirs is left in any text column: an admin log line naming them, a
    contact entry (Person.email) with their address."""
    addresses = {user.email.strip()} | set(
        EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    )
    addresses = {address for address in addresses if address}
    with atomic():
        for session in UserSession.objects.filter(user=user):
            session.end()
        _audit_rights_ending_with(user)
        user.delete()
        if addresses:
            _scrub_addresses(addresses)


def _audit_rights_ending_with(user) -> None:
    """The roles and officer links that go with the account, in the audit log: each role
    in its network's log, and one entry for the account (under its pseudonym only)."""
    for role in NetworkRole.objects.filter(user=user).select_related("network"):
        audit_record(
            actor=user,
            action=AuditEntry.Action.ROLE_REVOKED,
            target=role,
            label=f"{role.network}: {role.get_role_display()}",
            network=role.network,
            before={"user": user.pk, "role": role.role},
            reason="account deleted",
        )
    links = Officer.objects.filter(user=user, status=Officer.Status.APPROVED)
    audit_record(
        actor=user,
        action=AuditEntry.Action.ACCOUNT_DELETED,
        target=user,
        label=str(AuditEntry.Action.ACCOUNT_DELETED.label),
        before={"officer_of": sorted(links.values_list("municipality_id", flat=True))},
    )
