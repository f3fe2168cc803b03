"""Background tasks (issue 14 points 6 and 7).

- FailedTask: a Celery task that failed for good (after its retries, or at once for an
  error that is not transient); staff see the list in the administration.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FailedTask(models.Model):
    task_id = models.CharField(_("task id"), max_length=64, unique=True)
    task_name = models.CharField(_("task"), max_length=200, db_index=True)
    # What the task was called with, shortened; contact form tasks carry no message text here
    # (see receivers.SECRET_KWARGS).
    arguments = models.TextField(_("arguments"), blank=True)
    exception = models.CharField(_("error"), max_length=200)
    message = models.TextField(_("message"), blank=True)
    traceback = models.TextField(_("traceback"), blank=True)
    retries = models.PositiveSmallIntegerField(_("retries"), default=0)
    failed_at = models.DateTimeField(_("failed at"), default=timezone.now, db_index=True)
    resolved = models.BooleanField(
        _("resolved"), default=False, help_text=_("Set when staff have dealt with it.")
    )

    class Meta:
        ordering = ["-failed_at"]
        verbose_name = _("failed task")
        verbose_name_plural = _("failed tasks")

    def __str__(self):
        return f"{self.task_name} ({self.task_id})"
