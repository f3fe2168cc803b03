"""Who may do what: accounts' profiles, roles in networks, officer links and the audit log
of every change to them. Part of members.models (imported there, so Django registers them)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Municipality, Network, Person


class UserProfileManager(models.Manager):
    def get_by_natural_key(self, username):
        return self.get(user__username=username)


class UserProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    person = models.OneToOneField(
        Person,
        verbose_name=_("contact person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account_profile",
    )

    objects = UserProfileManager()

    class Meta:
        verbose_name = _("user profile")
        verbose_name_plural = _("user profiles")

    def __str__(self):
        return str(self.user)

    def natural_key(self):
        return self.user.natural_key()

    natural_key.dependencies = [settings.AUTH_USER_MODEL.lower()]


class NetworkRoleManager(models.Manager):
    def get_by_natural_key(self, username, network_slug, role):
        return self.get(user__username=username, network__slug=network_slug, role=role)


class NetworkRole(models.Model):
    """What a user may do within one network; a person can hold roles in several."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Network admin")
        ORGANIZER = "organizer", _("Event organizer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="network_roles",
    )
    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    objects = NetworkRoleManager()

    class Meta:
        verbose_name = _("network role")
        verbose_name_plural = _("network roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "network", "role"], name="network_role_unique")
        ]

    def __str__(self):
        return f"{self.user} – {self.network}: {self.get_role_display()}"

    def natural_key(self):
        return (*self.user.natural_key(), *self.network.natural_key(), self.role)

    natural_key.dependencies = [settings.AUTH_USER_MODEL.lower(), "members.network"]


class OfficerQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Officer.Status.APPROVED)

    def pending(self):
        return self.filter(status=Officer.Status.REQUESTED)


class Officer(models.Model):
    """A person's link to a municipality as its digital officer: asked for by the person,
    decided by an admin of a network the municipality belongs to (staff where it belongs
    to none). Only an approved link makes an account a member (core.access)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        STEPPED_DOWN = "stepped_down", _("Stepped down")
        REMOVED = "removed", _("Removed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="officer_links",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="officers",
    )
    role_title = models.CharField(_("role title"), max_length=200)
    message = models.TextField(_("message"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True, max_length=2000)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    objects = OfficerQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        constraints = [
            # One open request or approved link per person and municipality; ended and
            # rejected ones stay as history.
            models.UniqueConstraint(
                fields=["user", "municipality"],
                condition=Q(status__in=["requested", "approved"]),
                name="officer_one_open_link_per_municipality",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="officer_rejection_has_reason",
            ),
        ]
        indexes = [
            # The viewer's approved links, built on every request.
            models.Index(fields=["user", "status"], name="officer_by_user"),
            # Pending requests in an admin's workspace.
            models.Index(fields=["municipality", "status"], name="officer_by_municipality"),
        ]

    def __str__(self):
        return f"{self.user} – {self.municipality} ({self.get_status_display()})"

    @property
    def is_open(self):
        return self.status in (self.Status.REQUESTED, self.Status.APPROVED)


class AuditEntry(models.Model):
    """One change of who may see or do what, written in the transaction of the change.

    Append-only: a database trigger (members/0005) refuses UPDATE and DELETE. People are
    kept as plain ids and a pseudonym, never an email address, so an entry outlives the
    account of whoever it names (data protection: their address is gone with it).
    """

    class Action(models.TextChoices):
        OFFICER_REQUESTED = "officer.requested", _("asked to become an officer")
        OFFICER_APPROVED = "officer.approved", _("approved an officer")
        OFFICER_REJECTED = "officer.rejected", _("rejected an officer request")
        OFFICER_STEPPED_DOWN = "officer.stepped_down", _("stepped down as officer")
        OFFICER_REMOVED = "officer.removed", _("removed an officer")
        MEMBERSHIP_REQUESTED = "membership.requested", _("asked to join a network")
        MEMBERSHIP_APPROVED = "membership.approved", _("approved a membership")
        MEMBERSHIP_REJECTED = "membership.rejected", _("rejected a membership request")
        MEMBERSHIP_CHANGED = "membership.changed", _("changed a membership")
        MEMBERSHIP_LEFT = "membership.left", _("recorded that a member left")
        ROLE_GRANTED = "role.granted", _("granted a role")
        ROLE_REVOKED = "role.revoked", _("revoked a role")
        VISIBILITY_CHANGED = "visibility.changed", _("changed who may see")
        ACCOUNT_DELETED = "account.deleted", _("deleted their account")

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor_id = models.BigIntegerField(_("actor"), null=True, blank=True)
    actor_label = models.CharField(_("actor"), max_length=100)
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)
    # What changed: a model label ("members.officer") and the row's id, with a label that
    # never holds an email address.
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=60)
    object_label = models.CharField(_("object"), max_length=300)
    # The network whose admins see the entry (none: staff only).
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            # A network's log in its admins' workspace, newest first.
            models.Index(fields=["network", "-created_at"], name="audit_by_network"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"
