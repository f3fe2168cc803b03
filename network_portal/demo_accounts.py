"""Sign-in accounts for the demo data (DEBUG only): one admin per demo network, with an
authenticator app, and an approved officer for each demo municipality that leads a project.

Lives on the top floor (STYLE §0): it reads the demo fixture's projects to find the
municipalities that lead one. Safe to re-run: accounts, roles and officer links that exist
are kept as they are (a password someone changed stays changed).
"""

import base64
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from members.models import AuditEntry, Membership, Municipality, Network, NetworkRole, Officer
from members.services.audit import audit_record

DEMO_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo.json"
# .example is reserved (RFC 2606): no mail to these addresses ever leaves.
DEMO_DOMAIN = "demo.netzwerkportal.example"
# Known on purpose: the demo runs on a developer's machine only (DEBUG on).
DEMO_PASSWORD = "Demo-Netzwerkportal-2025"  # noqa: S105 - a demo password, DEBUG only
OFFICER_ROLE_TITLE = "Digitalbeauftragte"


class DemoAccountsRefused(Exception):
    """Demo accounts with known passwords are never created with DEBUG off."""


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    role: str  # "admin of MPSC", "officer of Kiel"
    totp_secret: str = ""


def demo_totp_secret(email: str) -> str:
    """A fixed secret per address, so a second run prints the same one."""
    digest = hashlib.sha256(f"netzwerkportal-demo-totp:{email}".encode()).digest()
    return base64.b32encode(digest[:20]).decode()


def _fixture_slugs() -> tuple[list[str], list[str]]:
    """Slugs of the fixture's networks and of the municipalities leading its projects."""
    rows = json.loads(DEMO_FIXTURE.read_text(encoding="utf-8"))
    networks = [row["fields"]["slug"] for row in rows if row["model"] == "members.network"]
    leads = []
    for row in rows:
        if row["model"] == "projects.project":
            lead = row["fields"].get("lead_municipality")
            slug = lead[0] if isinstance(lead, list) else lead
            if slug and slug not in leads:
                leads.append(slug)
    return networks, leads


def _account(email: str):
    user_model = get_user_model()
    user = user_model.objects.filter(email__iexact=email).first()
    if user is None:
        user = user_model(username=email, email=email)
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"primary": True, "verified": True}
    )
    return user


def _authenticator_secret(user, email: str) -> str:
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        return decrypt(existing.data["secret"])
    secret = demo_totp_secret(email)
    TOTP.activate(user, secret)
    return secret


def demo_accounts_ensure() -> list[DemoAccount]:
    """Create what is missing and return every demo account's sign-in details."""
    if not settings.DEBUG:
        raise DemoAccountsRefused("demo accounts are created with DEBUG on only")
    network_slugs, lead_slugs = _fixture_slugs()
    accounts = []
    with transaction.atomic():
        for network in Network.objects.filter(slug__in=network_slugs).order_by("name"):
            email = f"admin.{network.slug}@{DEMO_DOMAIN}"
            user = _account(email)
            role, created = NetworkRole.objects.get_or_create(
                user=user, network=network, role=NetworkRole.Role.ADMIN
            )
            if created:
                audit_record(
                    actor=None,
                    action=AuditEntry.Action.ROLE_GRANTED,
                    target=role,
                    label=f"{network}: {role.get_role_display()}",
                    network=network,
                    after={"user": user.pk, "role": role.role},
                    reason="demo data",
                )
            secret = _authenticator_secret(user, email)
            accounts.append(DemoAccount(email, DEMO_PASSWORD, f"admin of {network}", secret))
        for municipality in Municipality.objects.filter(slug__in=lead_slugs).order_by("name"):
            email = f"officer.{municipality.slug}@{DEMO_DOMAIN}"
            user = _account(email)
            if not Officer.objects.filter(user=user, municipality=municipality).exists():
                officer = Officer.objects.create(
                    user=user,
                    municipality=municipality,
                    role_title=OFFICER_ROLE_TITLE,
                    status=Officer.Status.APPROVED,
                    decided_at=timezone.now(),
                    decision_reason="",
                )
                network_id = (
                    Membership.objects.active()
                    .filter(municipality=municipality)
                    .order_by("network__name")
                    .values_list("network", flat=True)
                    .first()
                )
                audit_record(
                    actor=None,
                    action=AuditEntry.Action.OFFICER_APPROVED,
                    target=officer,
                    label=f"{municipality.name}: {OFFICER_ROLE_TITLE}",
                    network=network_id,
                    after={"status": officer.status},
                    reason="demo data",
                )
            accounts.append(DemoAccount(email, DEMO_PASSWORD, f"officer of {municipality.name}"))
    return accounts
