"""Introductions instead of published addresses (issue 14 point 5).

A signed-in member asks to be introduced to a contact person (members.Person, whose address
no page shows); the person answers through a signed link in an email. Each request is kept
with its state and times: the history of who asked whom, and how it ended.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX_LENGTH = 1000


class IntroductionRequest(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("waiting for an answer")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="introductions_asked"
    )
    person = models.ForeignKey(
        "members.Person", on_delete=models.CASCADE, related_name="introduction_requests"
    )
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requester", "created_at"], name="intro_requester_time")]
        verbose_name = _("introduction request")
        verbose_name_plural = _("introduction requests")

    def __str__(self):
        return f"{self.requester_id} → {self.person_id} ({self.state})"


class IntroductionOptOut(models.Model):
    """A contact person who wants no more requests (set through the answer link)."""

    person = models.OneToOneField(
        "members.Person", on_delete=models.CASCADE, related_name="introduction_opt_out"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("introduction opt-out")
        verbose_name_plural = _("introduction opt-outs")

    def __str__(self):
        return str(self.person_id)
