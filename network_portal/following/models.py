"""Following (issue 14): what people follow, what happened, who was told and how.

- Follow: a person follows one topic, network, municipality or project.
- Activity: one thing that happened (core.activity), with the ids it concerns (topics,
  networks, municipalities, projects) for matching follows, and people told in person
  (decisions on their requests, adoptions of their municipality's projects).
- Notice: the inbox, one row per person and activity ("Neu für Sie"); unique.
- Delivery: what was emailed, one row per person and activity; unique, so a retried,
  duplicated or concurrent task claims nothing twice and sends nothing twice.
- NotificationSettings: how often a person wants email, in which language, and the digest
  watermark (the end of the window their last digest covered).
"""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import activity as kinds

TARGETS = ("topic", "network", "municipality", "project")


class Follow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    topic = models.ForeignKey("projects.Topic", null=True, blank=True, on_delete=models.CASCADE)
    network = models.ForeignKey("members.Network", null=True, blank=True, on_delete=models.CASCADE)
    municipality = models.ForeignKey(
        "members.Municipality", null=True, blank=True, on_delete=models.CASCADE
    )
    project = models.ForeignKey("projects.Project", null=True, blank=True, on_delete=models.CASCADE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                name="follow_exactly_one_target",
                condition=(
                    Q(topic__isnull=False, network=None, municipality=None, project=None)
                    | Q(topic=None, network__isnull=False, municipality=None, project=None)
                    | Q(topic=None, network=None, municipality__isnull=False, project=None)
                    | Q(topic=None, network=None, municipality=None, project__isnull=False)
                ),
            ),
            *(
                models.UniqueConstraint(
                    fields=["user", target],
                    condition=Q(**{f"{target}__isnull": False}),
                    name=f"follow_unique_{target}",
                )
                for target in TARGETS
            ),
        ]

    def __str__(self):
        return f"{self.user_id} → {self.target}"

    @property
    def target(self):
        return next(getattr(self, name) for name in TARGETS if getattr(self, f"{name}_id"))


class Activity(models.Model):
    class Kind(models.TextChoices):
        PROJECT_CREATED = kinds.PROJECT_CREATED, _("New project")
        PROJECT_CHANGED = kinds.PROJECT_CHANGED, _("Project changed")
        EVENT_PUBLISHED = kinds.EVENT_PUBLISHED, _("New event")
        RECAP_PUBLISHED = kinds.RECAP_PUBLISHED, _("Recap published")
        ADOPTION_RECORDED = kinds.ADOPTION_RECORDED, _("Adoption recorded")
        REQUEST_DECIDED = kinds.REQUEST_DECIDED, _("Decision on your request")

    kind = models.CharField(max_length=32, choices=Kind.choices)
    # When it became visible (a scheduled recap: its publication time).
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Entries written in one transaction (a bulk import, a batch of edits) share a batch and
    # are fanned out together: one message per person.
    batch = models.UUIDField(default=uuid.uuid4, db_index=True)
    # What a reader opens; the feed reads each through its visible_to(viewer) at read time.
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    recap = models.ForeignKey(
        "events.Recap", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # What it concerns, for matching follows (ids at the time it happened).
    topic_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    network_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    municipality_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    project_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    # People told whether or not they follow anything (user ids).
    recipients = ArrayField(models.BigIntegerField(), default=list, blank=True)
    # Names and flags the sentence needs (a decision: approved, which municipality).
    params = models.JSONField(default=dict, blank=True)
    fanned_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            # A recap's followers are told once, however often it is (re)published or the
            # periodic task runs.
            models.UniqueConstraint(
                fields=["recap"],
                condition=Q(kind=kinds.RECAP_PUBLISHED),
                name="activity_recap_announced_once",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.occurred_at:%Y-%m-%d %H:%M})"


class Notice(models.Model):
    """One person's inbox row for one activity (the "Neu für Sie" page)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="notices")
    occurred_at = models.DateTimeField()  # the activity's, kept here for the feed's index
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "activity"], name="notice_once_per_person")
        ]
        indexes = [
            # The feed (newest first) and the digest windows of one person.
            models.Index(fields=["user", "-occurred_at"], name="notice_user_time"),
        ]

    def __str__(self):
        return f"{self.user_id}: {self.activity_id}"


class Delivery(models.Model):
    """An activity emailed to a person (alone or in a digest): at most once, by the unique
    constraint. Claimed before the email goes out; a failed send gives the claim back."""

    class Channel(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediately")
        DIGEST = "digest", _("Digest")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=16, choices=Channel.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "activity"], name="delivery_once_per_person")
        ]

    def __str__(self):
        return f"{self.user_id}: {self.activity_id} ({self.channel})"


class NotificationSettings(models.Model):
    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediately (changes within a few minutes in one email)")
        DAILY = "daily", _("Daily digest")
        WEEKLY = "weekly", _("Weekly digest (Mondays)")
        NONE = "none", _("No email")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    frequency = models.CharField(
        _("email"), max_length=16, choices=Frequency.choices, default=Frequency.DAILY
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # The end of the window the last digest covered: the next covers what happened from here.
    digest_through = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")
        indexes = [
            # send_digests: the people of one frequency whose digest is due.
            models.Index(fields=["frequency", "digest_through"], name="settings_due"),
        ]

    def __str__(self):
        return f"{self.user_id}: {self.frequency}"
